import type { CommsDutyView, IncidentSummary } from '../../../shared/contract/incidents.js';
import { passedLevel } from '../views/incidents/incident-format.js';
import { SEVERITY_NAMES } from '../views/incidents/incident-labels.js';

export interface IncidentNotice {
  incidentId: string;
  title: string;
  body: string;
  /** One notification per incident, clock and level (or duty and due time): a repeat replaces it. */
  tag: string;
}

const KIND_NAMES = { response: 'Response', resolution: 'Resolution' } as const;

/** Each clock's level by `incident:kind`: the highest warning it has passed, 100 once breached. */
export type ClockLevels = Map<string, number>;

/**
 * What to notify when the list comes: a clock that passed a warning (50 %, 75 %…) or breached since the
 * last list. The first list only primes: what was passed before the console opened is not news. A
 * stopped clock (response met, incident resolved) is not news either.
 */
export function slaNotices(earlier: ClockLevels | null, items: readonly IncidentSummary[]): { notices: IncidentNotice[]; levels: ClockLevels } {
  const levels: ClockLevels = new Map();
  const notices: IncidentNotice[] = [];
  for (const incident of items) {
    for (const clock of incident.sla) {
      const key = `${incident.id}:${clock.kind}`;
      const level = passedLevel(clock);
      if (level === null) continue;
      levels.set(key, level);
      if (earlier === null || clock.state === 'stopped' || level <= (earlier.get(key) ?? 0)) continue;
      const what = level >= 100 ? 'breached' : `${level} % used`;
      notices.push({
        incidentId: incident.id,
        title: `${incident.id} ${KIND_NAMES[clock.kind]} SLA ${what}`,
        body: `${SEVERITY_NAMES[incident.severity]} ${incident.title} (target ${clock.target})`,
        tag: `incident-sla:${key}:${level}`,
      });
    }
  }
  return { notices, levels };
}

/** Duties seen due, by `incident:duty:dueAt`. */
export type DueDuties = Set<string>;

/**
 * A communications duty that has fallen due since the incident was last seen: due at or before `now`,
 * or said overdue by the core. The first sight of an incident primes, like the list.
 */
export function commsNotices(
  earlier: DueDuties | null,
  incident: { id: string; title: string },
  comms: readonly CommsDutyView[],
  now: number,
): { notices: IncidentNotice[]; due: DueDuties } {
  const due: DueDuties = new Set();
  const notices: IncidentNotice[] = [];
  for (const duty of comms) {
    if (!duty.overdue && (duty.dueAt === null || duty.dueAt > now)) continue;
    const key = `${incident.id}:${duty.id}:${duty.dueAt ?? 'overdue'}`;
    due.add(key);
    if (earlier === null || earlier.has(key)) continue;
    notices.push({ incidentId: incident.id, title: `${incident.id}: ${duty.action} is due`, body: incident.title, tag: `incident-comms:${key}` });
  }
  return { notices, due };
}
