import type { SiteRole } from '../fleet-definition/schema.js';
import type { EnvironmentState, EnvironmentView, FleetSnapshot, RegionView, StateColumns } from './fleet.js';
import { HEALTH_ORDER, Health, healthRank, type HealthStatus } from './health.js';
import { permanentPlan } from './lifecycle.js';

/** Reading and writing the columnar snapshot one row at a time; bulk readers index the columns directly. */

export interface SiteEntry {
  id: string;
  name: string;
  role: SiteRole;
  /** The site's region, as a position in `regions`. */
  region: number;
}

/** The sites of all regions, region by region: what `environments.site` points into. */
export function siteTable(regions: readonly RegionView[]): SiteEntry[] {
  return regions.flatMap((region, position) => region.sites.map((site) => ({ ...site, region: position })));
}

export function statusCode(status: HealthStatus): number {
  return healthRank(status);
}

export function statusOfCode(code: number): HealthStatus {
  return HEALTH_ORDER[code] ?? 'unknown';
}

/** The health column holds only health codes; anything else reads as unknown. */
export function healthOfCode(code: number): Health {
  const parsed = Health.safeParse(statusOfCode(code));
  return parsed.success ? parsed.data : 'unknown';
}

/** One environment as the detail and the table show it. */
export function environmentAt(snapshot: FleetSnapshot, row: number, sites: readonly SiteEntry[] = siteTable(snapshot.regions)): EnvironmentView {
  const columns = snapshot.environments;
  const tenant = columns.tenant[row] ?? 0;
  const profile = columns.profiles[columns.profile[row] ?? 0];
  return {
    id: columns.id[row] ?? '',
    name: columns.name[row] ?? '',
    tenantId: snapshot.tenants.id[tenant] ?? '',
    regionId: snapshot.regions[snapshot.tenants.region[tenant] ?? 0]?.id ?? '',
    siteId: sites[columns.site[row] ?? 0]?.id ?? '',
    kind: 'production',
    watchedBy: '',
    servers: 1,
    lifecycle: permanentPlan('UTC'),
    ...profile,
  };
}

/** When the core last had data for an environment, as an epoch time. */
export function observedAtOf(states: StateColumns, row: number): number | null {
  const observed = states.observedAt[row];
  return observed === null || observed === undefined ? null : states.timeBase + observed;
}

/** One environment's live state, with absolute times. */
export function stateAt(snapshot: FleetSnapshot, row: number): EnvironmentState {
  const { states } = snapshot;
  return {
    id: snapshot.environments.id[row] ?? '',
    status: statusOfCode(states.status[row] ?? -1),
    health: healthOfCode(states.health[row] ?? -1),
    reason: states.reasons[states.reason[row] ?? -1] ?? '',
    observedAt: observedAtOf(states, row),
    changedAt: states.timeBase + (states.changedAt[row] ?? 0),
  };
}
