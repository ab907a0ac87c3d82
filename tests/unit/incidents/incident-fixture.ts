import { Temporal } from 'temporal-polyfill';
import type { AlertView } from '../../../shared/contract/alerts.js';
import type { Incident } from '../../../shared/contract/incidents.js';
import { FleetDefinition } from '../../../shared/fleet-definition/schema.js';

/**
 * A small fleet in two regions: Acme (production and UAT) and Cobalt in APAC, kept in
 * Australia/Sydney (AEDT, UTC+11 in December), and Brit in the UK, kept in Europe/London (GMT,
 * UTC+0 in December). Instants are written in UTC, or with the zone's offset where a local time
 * is the point, so every expected value can be checked against a wall clock whatever the host's zone.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const ms = (text: string) => Temporal.Instant.from(text).epochMilliseconds;
export const iso = (value: number) => Temporal.Instant.fromEpochMilliseconds(value).toString({ smallestUnit: 'second' });

export const fleet = FleetDefinition.parse({
  version: 1,
  name: 'incident context',
  backends: [{ id: 'sim', kind: 'sandbox' }],
  regions: [
    { id: 'apac', name: 'APAC', timeZone: 'Australia/Sydney', residency: 'AU', sites: [{ id: 'syd-1', name: 'Sydney 1', role: 'primary' }] },
    { id: 'uk', name: 'UK', timeZone: 'Europe/London', residency: 'UK', sites: [{ id: 'lon-1', name: 'London 1', role: 'primary' }] },
  ],
  tenants: [
    {
      id: 'acme',
      name: 'Acme',
      region: 'apac',
      environments: [
        { id: 'acme-prod', name: 'Acme production', kind: 'production', site: 'syd-1', watchedBy: 'sim', watch: { alertsFrom: ['sim'] } },
        { id: 'acme-uat', name: 'Acme UAT', kind: 'uat', site: 'syd-1', watchedBy: 'sim', watch: { alertsFrom: ['sim'] } },
      ],
    },
    {
      id: 'cobalt',
      name: 'Cobalt',
      region: 'apac',
      environments: [{ id: 'cobalt-prod', name: 'Cobalt production', kind: 'production', site: 'syd-1', watchedBy: 'sim', watch: { alertsFrom: ['sim'] } }],
    },
    {
      id: 'brit',
      name: 'Brit',
      region: 'uk',
      environments: [{ id: 'brit-prod', name: 'Brit production', kind: 'production', site: 'lon-1', watchedBy: 'sim', watch: { alertsFrom: ['sim'] } }],
    },
  ],
  calendar: {
    windows: [
      // The day before: 2026-12-06 23:00 AEDT = 12:00Z, until 14:00Z; long over when the lookback begins.
      { id: 'acme-db-patch', kind: 'planned-maintenance', title: 'Acme database patching', scope: { tenants: ['acme'] }, start: '2026-12-06T23:00', timeZone: 'Australia/Sydney', duration: 'PT2H' },
      // 2026-12-07 17:00 AEDT = 06:00Z, until 07:00Z: inside the lookback.
      { id: 'apac-network', kind: 'planned-maintenance', title: 'APAC network maintenance', scope: { regions: ['apac'] }, start: '2026-12-07T17:00', timeZone: 'Australia/Sydney', duration: 'PT1H' },
      // 2026-12-07 08:00 GMT = 08:00Z: the UK only, out of the incident's scope.
      { id: 'uk-network', kind: 'planned-maintenance', title: 'UK network maintenance', scope: { regions: ['uk'] }, start: '2026-12-07T08:00', timeZone: 'Europe/London', duration: 'PT1H' },
      // An upgrade slot allows deploys; it changes nothing by itself.
      { id: 'apac-slot', kind: 'upgrade-slot', title: 'APAC upgrade slot', scope: { regions: ['apac'] }, start: '2026-12-07T18:00', timeZone: 'Australia/Sydney', duration: 'PT4H' },
    ],
  },
});

/** An alert of the sandbox source on an environment (its binding's default label environment=<id>). */
export function alert(fingerprint: string, environmentId: string | null, startsAt: string, input: Partial<AlertView> = {}): AlertView {
  return {
    key: `sim:${fingerprint}`,
    connectionId: 'sim',
    name: 'HighErrorRate',
    severity: 'critical',
    summary: `5xx above 5 % on ${environmentId ?? 'somewhere'}`,
    description: null,
    runbookUrl: null,
    environmentId,
    labels: environmentId === null ? {} : { environment: environmentId },
    startsAt: ms(startsAt),
    state: 'active',
    silencedBy: [],
    acknowledgedBy: null,
    acknowledgedAt: null,
    ...input,
  };
}

/**
 * Acme's production and UAT fail: declared 2026-12-07 10:05Z (21:05 in Sydney) from the alert
 * sim:fp-5xx that fired at 10:00Z; the customer and its region are in the impact.
 */
export function incident(input: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    title: 'Acme timesheets fail to save',
    severity: 'sev1',
    status: 'investigating',
    hold: null,
    impact: { customers: ['acme'], environments: [], regions: ['apac'], features: 'saving timesheets' },
    commander: 'Ana Ruiz',
    responders: ['Ben Okafor'],
    alertIds: ['sim:fp-5xx'],
    tickets: ['OPS-412'],
    statusPageIncidentId: null,
    statusPageStatus: null,
    statusPageUrl: null,
    reviewPageUrl: null,
    declaredAt: ms('2026-12-07T10:05:00Z'),
    history: [
      { at: ms('2026-12-07T10:05:00Z'), status: 'triage', hold: null, by: 'Ana Ruiz' },
      { at: ms('2026-12-07T10:12:00Z'), status: 'investigating', hold: null, by: 'Ana Ruiz' },
    ],
    communications: [],
    review: null,
    ...input,
  };
}
