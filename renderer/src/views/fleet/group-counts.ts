import { HEALTH_ORDER, type StateColumns } from '../../../../shared/contract/index.js';
import type { FleetModel } from './fleet-model.js';
import { bump } from './fleet-query.js';

const CODES = HEALTH_ORDER.length;

/** Counts by status, six per group, for the whole set, each region and each site (positions as in the snapshot). */
export interface GroupCounts {
  readonly total: Int32Array;
  readonly region: Int32Array;
  readonly site: Int32Array;
}

/** One pass over the given rows (every row when null): well under a millisecond for 50,000. */
export function countGroups(model: FleetModel, rows: Int32Array | null, states: StateColumns): GroupCounts {
  const total = new Int32Array(CODES);
  const region = new Int32Array(model.regions.length * CODES);
  const site = new Int32Array(model.index.sites.length * CODES);
  const { regionOf } = model.index;
  const siteOf = model.environments.site;
  const count = (row: number) => {
    const code = states.status[row] ?? 0;
    bump(total, code);
    bump(region, (regionOf[row] ?? 0) * CODES + code);
    bump(site, (siteOf[row] ?? 0) * CODES + code);
  };
  if (rows === null) for (let row = 0; row < model.rows; row++) count(row);
  else rows.forEach(count);
  return { total, region, site };
}

/** How many rows a group of a six-per-group array holds. */
export function groupSize(tally: Int32Array, group: number): number {
  let sum = 0;
  for (let code = 0; code < CODES; code++) sum += tally[group * CODES + code] ?? 0;
  return sum;
}

/** The worst status with a count in the group, as a code; `unknown` for an empty group. */
export function worstCode(tally: Int32Array, group: number): number {
  for (let code = 0; code < CODES; code++) if ((tally[group * CODES + code] ?? 0) > 0) return code;
  return HEALTH_ORDER.indexOf('unknown');
}

/**
 * The given groups worst first: by their worst status, then by how many share it (more first),
 * then in their given order, so "Worst first" holds for groups as it does for rows.
 */
export function worstFirst(tally: Int32Array, groups: readonly number[]): number[] {
  const worstCount = (group: number) => tally[group * CODES + worstCode(tally, group)] ?? 0;
  return groups.toSorted((a, b) => worstCode(tally, a) - worstCode(tally, b) || worstCount(b) - worstCount(a));
}
