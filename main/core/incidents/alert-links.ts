import type { AlertView } from '../../../shared/contract/alerts.js';
import type { AlertLinkOffer, Incident } from '../../../shared/contract/incidents.js';
import { isOpen } from '../../../shared/contract/incidents.js';

/** What linking needs to know of an incident. */
export type LinkedIncident = Pick<Incident, 'id' | 'status' | 'declaredAt' | 'alertIds'>;

/**
 * An alert's group: the backend's fingerprint, its key without the connection prefix. Alertmanager
 * fingerprints an alert by its label set, and the Prometheus behind it reports the same alert under
 * the same fingerprint, so the one alert seen through two sources is one group. The AlertView
 * carries no Alertmanager group labels, so groups go no wider than that.
 */
export function alertGroupOf(alertKey: string): string {
  return alertKey.slice(alertKey.indexOf(':') + 1);
}

/** The open incident that already holds one of these alerts' groups, the earliest declared if several do; null when none does. */
export function incidentForAlerts<T extends LinkedIncident>(alertKeys: readonly string[], openIncidents: readonly T[]): T | null {
  const groups = new Set(alertKeys.map(alertGroupOf));
  let found: T | null = null;
  for (const incident of openIncidents) {
    if (!isOpen(incident.status) || !incident.alertIds.some((key) => groups.has(alertGroupOf(key)))) continue;
    if (!found || incident.declaredAt < found.declaredAt || (incident.declaredAt === found.declaredAt && incident.id < found.id)) found = incident;
  }
  return found;
}

export interface LinkOfferInput {
  incident: LinkedIncident;
  /** The alert feed. */
  alerts: readonly AlertView[];
  /** The environments in the incident's scope. */
  scope: ReadonlySet<string>;
  /** Every open incident, this one included. */
  openIncidents: readonly LinkedIncident[];
  /** The fleet file's linkWindow. */
  linkWindowMs: number;
}

/**
 * Alerts to offer for linking to an open incident: firing on an environment in its scope, started
 * at or after its declaration and at most the link window after its last linked alert (or its
 * declaration, whichever is later), and not in a group an open incident already holds. Oldest first.
 */
export function linkOffers({ incident, alerts, scope, openIncidents, linkWindowMs }: LinkOfferInput): AlertLinkOffer[] {
  if (!isOpen(incident.status)) return [];
  const linked = new Set(incident.alertIds);
  let anchor = incident.declaredAt;
  for (const alert of alerts) if (linked.has(alert.key) && alert.startsAt > anchor) anchor = alert.startsAt;
  const held = new Set([incident, ...openIncidents].filter((open) => isOpen(open.status)).flatMap((open) => open.alertIds.map(alertGroupOf)));
  const offers: AlertLinkOffer[] = [];
  for (const alert of alerts) {
    if (alert.environmentId === null || !scope.has(alert.environmentId)) continue;
    if (alert.startsAt < incident.declaredAt || alert.startsAt > anchor + linkWindowMs || held.has(alertGroupOf(alert.key))) continue;
    offers.push({ alertKey: alert.key, name: alert.name, summary: alert.summary, environmentId: alert.environmentId, startsAt: alert.startsAt });
  }
  return offers.sort((a, b) => a.startsAt - b.startsAt || (a.alertKey < b.alertKey ? -1 : a.alertKey > b.alertKey ? 1 : 0));
}
