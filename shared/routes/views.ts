/** The console's views, in navigation order; the desktop menu's shortcuts follow this order (Ctrl/Cmd+1…). */
export const VIEWS = ['fleet', 'alerts', 'incidents', 'calendar', 'deploys', 'settings', 'audit'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_TITLES: Readonly<Record<ViewId, string>> = {
  fleet: 'Fleet',
  alerts: 'Alerts',
  incidents: 'Incidents',
  calendar: 'Calendar',
  deploys: 'Deploys',
  settings: 'Settings',
  audit: 'Audit',
};

/** The key that opens a view: its position in the navigation, 1 to 9. */
export function viewShortcutKey(view: ViewId): string {
  return String(VIEWS.indexOf(view) + 1);
}
