import type { MenuItemConstructorOptions } from 'electron';
import type { HealthStatus } from '../../shared/contract/health.js';
import { isPaused, type NotificationPause } from '../../shared/contract/notifications.js';

export interface TrayFacts {
  worst: HealthStatus;
  criticalEnvironments: number;
  /** Null until the incident list has been read once. */
  openIncidents: number | null;
  pause: NotificationPause;
}

export interface TrayActions {
  openConsole(): void;
  pauseFor(minutes: number): void;
  pauseUntilResumed(): void;
  resume(): void;
  quit(): void;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function time(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** What the tray says in words (tooltip and first menu line): the icon's shape and colour are never the only signal. */
export function traySummary(facts: TrayFacts): string {
  const incidents = facts.openIncidents === null ? 'incidents not read yet' : plural(facts.openIncidents, 'open incident', 'open incidents');
  return `Watchfloor: fleet ${facts.worst}; ${plural(facts.criticalEnvironments, 'critical environment', 'critical environments')}; ${incidents}`;
}

export function trayMenu(facts: TrayFacts, actions: TrayActions, now: number): MenuItemConstructorOptions[] {
  const paused = isPaused(facts.pause, now);
  const pauseLine =
    facts.pause.kind === 'indefinite' ? 'Notifications paused until resumed' : paused && facts.pause.kind === 'until' ? `Notifications paused until ${time(facts.pause.at)}` : null;
  return [
    { label: traySummary(facts), enabled: false },
    { type: 'separator' },
    { label: 'Open console', click: () => actions.openConsole() },
    { type: 'separator' },
    ...(pauseLine === null ? [] : [{ label: pauseLine, enabled: false }, { label: 'Resume notifications', click: () => actions.resume() }]),
    { label: 'Pause notifications for 30 minutes', click: () => actions.pauseFor(30) },
    { label: 'Pause notifications for 1 hour', click: () => actions.pauseFor(60) },
    { label: 'Pause notifications until resumed', enabled: facts.pause.kind !== 'indefinite', click: () => actions.pauseUntilResumed() },
    { type: 'separator' },
    { label: 'Quit Watchfloor', click: () => actions.quit() },
  ];
}
