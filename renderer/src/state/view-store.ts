import { create } from 'zustand';

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

export function isViewId(value: string): value is ViewId {
  return (VIEWS as readonly string[]).includes(value);
}

interface ViewState {
  view: ViewId;
  setView: (view: ViewId) => void;
}

export const useViewStore = create<ViewState>()((set) => ({
  view: 'fleet',
  setView: (view) => set({ view }),
}));
