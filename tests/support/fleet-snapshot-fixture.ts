import type { FleetSnapshot, Health, HealthStatus } from '../../shared/contract/index.js';
import { environmentAt, stateAt } from '../../shared/contract/fleet-snapshot.js';
import { parseFleetText } from '../../main/core/definition/fleet-file.js';
import { toFleetView } from '../../main/core/fleet/fleet-view.js';
import { encodeStates } from '../../main/core/fleet/state-columns.js';

export const FIXTURE_TIME = Date.parse('2026-11-23T00:00:00Z');

/**
 * A small fleet encoded exactly as the core sends it: APAC with two sites, where tenant
 * "Acacia Care" runs production in Sydney and its DR copy in Melbourne, and UK with one site.
 */
export const FIXTURE_FLEET = `
version: 1
name: Fixture fleet
backends:
  - { id: sim, kind: sandbox }
regions:
  - id: apac
    name: APAC
    timeZone: Australia/Sydney
    residency: AU
    sites:
      - { id: apac-syd, name: Sydney primary, role: primary }
      - { id: apac-mel, name: Melbourne DR, role: disaster-recovery }
  - id: uk
    name: UK
    timeZone: Europe/London
    residency: UK
    sites:
      - { id: uk-lon, name: London primary, role: primary }
tenants:
  - id: zenith
    name: Zenith Retail
    region: apac
    environments:
      - { id: zenith-prod, kind: production, site: apac-syd, watchedBy: sim }
      - { id: zenith-uat, kind: uat, site: apac-syd, watchedBy: sim, goLive: 2026-02-14 }
  - id: acacia
    name: Acacia Care
    region: apac
    environments:
      - { id: acacia-prod, kind: production, site: apac-syd, watchedBy: sim, servers: 6 }
      - { id: acacia-dr, kind: production, site: apac-mel, watchedBy: sim }
  - id: thames
    name: Thames Logistics
    region: uk
    environments:
      - { id: thames-prod, kind: production, site: uk-lon, watchedBy: sim }
      - { id: thames-training, kind: training, site: uk-lon, watchedBy: sim }
`;

/** The health under a fixture's status: a maintenance or stale fixture is OK underneath. */
export function healthUnder(status: HealthStatus): Health {
  return status === 'maintenance' || status === 'stale' ? 'ok' : status;
}

/** The fixture fleet's snapshot with every environment OK except those named. */
export function fixtureSnapshot(statuses: Readonly<Record<string, HealthStatus>> = {}, revision = 1): FleetSnapshot {
  const parsed = parseFleetText(FIXTURE_FLEET, 'fixture.yaml');
  if (!parsed.ok) throw new Error(`the fixture fleet does not parse: ${JSON.stringify(parsed)}`);
  const view = toFleetView(parsed.definition);
  const states = encodeStates(
    view.environments.length,
    (row) => {
      const id = view.environments[row]?.id ?? '';
      const status = statuses[id] ?? 'ok';
      return { id, status, health: healthUnder(status), reason: status === 'ok' ? 'All checks OK' : `${status} on ${id}`, observedAt: FIXTURE_TIME, changedAt: FIXTURE_TIME };
    },
    FIXTURE_TIME,
  );
  return {
    name: view.name,
    revision,
    generatedAt: FIXTURE_TIME,
    regions: view.regions,
    tenants: view.columns.tenants,
    environments: view.columns.environments,
    states,
    sources: [],
  };
}

/** A customer's production environment that is healthy in this snapshot, so a fault on it is a visible change. */
export function healthyProduction(snapshot: FleetSnapshot, skip = 0): { id: string; tenant: string; regionId: string; siteId: string } {
  let seen = 0;
  for (let row = 0; row < snapshot.environments.id.length; row++) {
    const env = environmentAt(snapshot, row);
    if (env.kind !== 'production' || env.tenantId.startsWith('shared') || stateAt(snapshot, row).status !== 'ok') continue;
    if (seen++ < skip) continue;
    return { id: env.id, tenant: snapshot.tenants.name[snapshot.environments.tenant[row] ?? 0] ?? '', regionId: env.regionId, siteId: env.siteId };
  }
  throw new Error('no healthy production environment in the fleet');
}
