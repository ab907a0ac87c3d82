import { emptyCounts, HEALTH_ORDER, healthRank, type FleetSnapshot, type HealthStatus, type StatusCounts } from '../../../../shared/contract/index.js';
import { stateAt } from '../../../../shared/contract/fleet-snapshot.js';

/** One environment on the wall: who it is, where, and what is wrong, in words. */
export interface WallEnvironment {
  id: string;
  /** The environment's name, with its tenant's in front when the name does not already start with it. */
  name: string;
  region: string;
  status: HealthStatus;
  reason: string;
  /** Since when it has been in this status. */
  since: number;
}

export interface WallRegion {
  id: string;
  name: string;
  worst: HealthStatus;
  critical: number;
  warning: number;
  total: number;
}

export interface WallBoard {
  counts: StatusCounts;
  /** Every environment that is not OK, worst first; the longest in that status first among equals. */
  attention: WallEnvironment[];
  regions: WallRegion[];
}

const OK = healthRank('ok');
const CRITICAL = healthRank('critical');
const WARNING = healthRank('warning');

/**
 * What the NOC wall shows: the environments needing attention, worst first, and the regions,
 * worst first then most affected, leaving out decommissioned environments. A region with nothing
 * in it reads as unknown.
 */
export function wallBoardOf(snapshot: FleetSnapshot): WallBoard {
  const { environments: envs, tenants, states } = snapshot;
  const regionOfTenant = tenants.region;
  const perRegion = snapshot.regions.map((region) => ({ id: region.id, name: region.name, worst: HEALTH_ORDER.length, critical: 0, warning: 0, total: 0 }));
  const counts = emptyCounts();
  const attention: WallEnvironment[] = [];
  for (let row = 0; row < envs.id.length; row++) {
    // A decommissioned environment is gone: it is no longer watched, so its unknown is not news.
    if (envs.profiles[envs.profile[row] ?? -1]?.lifecycle.decommissioned != null) continue;
    const code = states.status[row] ?? healthRank('unknown');
    const tenant = envs.tenant[row] ?? 0;
    const status = HEALTH_ORDER[code] ?? 'unknown';
    counts[status] += 1;
    const region = perRegion[regionOfTenant[tenant] ?? -1];
    if (region) {
      region.total += 1;
      region.worst = Math.min(region.worst, code);
      if (code === CRITICAL) region.critical += 1;
      if (code === WARNING) region.warning += 1;
    }
    if (code === OK) continue;
    const state = stateAt(snapshot, row);
    const tenantName = tenants.name[tenant] ?? '';
    const envName = envs.name[row] ?? state.id;
    attention.push({
      id: state.id,
      name: envName.startsWith(tenantName) ? envName : `${tenantName} · ${envName}`,
      region: region?.name ?? '',
      status: state.status,
      reason: state.reason,
      since: state.changedAt,
    });
  }
  attention.sort((a, b) => healthRank(a.status) - healthRank(b.status) || a.since - b.since);
  const regions = perRegion
    .map((region) => ({ ...region, worst: HEALTH_ORDER[region.worst] ?? 'unknown' }))
    .sort((a, b) => healthRank(a.worst) - healthRank(b.worst) || b.critical - a.critical || b.warning - a.warning);
  return { counts, attention, regions };
}
