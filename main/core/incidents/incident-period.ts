import type { Incident } from '../../../shared/contract/incidents.js';
import { durationMs, type IncidentsDefinition } from '../../../shared/fleet-definition/incidents.js';

const HOUR_MS = 3_600_000;

/** The fleet file's lookback and link window, in milliseconds. */
export function incidentWindows(incidents: IncidentsDefinition): { lookbackMs: number; linkWindowMs: number } {
  // The schema admits only fixed durations, so the fallbacks (the defaults) are never reached in practice.
  return { lookbackMs: durationMs(incidents.correlationLookback) ?? 6 * HOUR_MS, linkWindowMs: durationMs(incidents.linkWindow) ?? 2 * HOUR_MS };
}

/** When the incident began to show: its earliest linked alert that is known, or its declaration if that came first. */
export function firstSignalAt(incident: Pick<Incident, 'declaredAt' | 'alertIds'>, alerts: ReadonlyArray<{ key: string; startsAt: number }>): number {
  const linked = new Set(incident.alertIds);
  let first = incident.declaredAt;
  for (const alert of alerts) if (linked.has(alert.key) && alert.startsAt < first) first = alert.startsAt;
  return first;
}

/** When it was closed or cancelled; null while it is not. */
export function endedAt(incident: Pick<Incident, 'history'>): number | null {
  const last = incident.history[incident.history.length - 1];
  return last && (last.status === 'closed' || last.status === 'cancelled') ? last.at : null;
}

/** What the incident's timeline covers: from the lookback before its first signal to its close (or now, while it is not closed). */
export function relevantPeriod(incident: Pick<Incident, 'history'>, firstSignal: number, lookbackMs: number, now: number): { from: number; to: number } {
  return { from: firstSignal - lookbackMs, to: endedAt(incident) ?? now };
}
