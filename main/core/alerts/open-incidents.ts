import type { AlertView } from '../../../shared/contract/alerts.js';

/** An open severity-one incident on an environment. */
export interface OpenIncident {
  environmentId: string;
  startsAt: number;
  summary: string;
  /** The alert that stands for it. */
  alertKey: string;
}

/**
 * Open incidents from the alert feed: a critical alert firing on an environment and not
 * silenced. There is no incident model yet, so this is what "an open severity-one incident"
 * means to the calendar's conflicts and the deploy guards alike.
 */
export function openIncidents(alerts: readonly AlertView[]): OpenIncident[] {
  const incidents: OpenIncident[] = [];
  for (const alert of alerts) {
    if (alert.severity !== 'critical' || alert.state !== 'active' || alert.environmentId === null) continue;
    incidents.push({ environmentId: alert.environmentId, startsAt: alert.startsAt, summary: alert.summary, alertKey: alert.key });
  }
  return incidents;
}
