import {
  emptyCounts,
  HEALTH_ORDER,
  healthRank,
  isAnswering,
  lifecycleState,
  type HealthStatus,
  type LifecycleState,
  type StateColumns,
  type StatusCounts,
} from '../../../../shared/contract/index.js';
import { healthOfCode, statusOfCode } from '../../../../shared/contract/fleet-snapshot.js';
import { EnvironmentKind } from '../../../../shared/fleet-definition/schema.js';
import type { FleetFilters, SortDirection, SortKey } from '../../state/fleet-filter-store.js';
import type { FleetModel } from './fleet-model.js';

/** Adds one to a slot of a tally of counts. */
export function bump(tally: Int32Array, at: number): void {
  tally[at] = (tally[at] ?? 0) + 1;
}

export type StaticFilters = Pick<FleetFilters, 'regionId' | 'kind' | 'search'>;

/** Rows passing the filters that do not depend on live state; null when none is set (every row). */
export function matchStatic(model: FleetModel, filters: StaticFilters): Int32Array | null {
  const needle = filters.search.trim().toLowerCase();
  if (filters.regionId === null && filters.kind === null && needle === '') return null;
  const region = filters.regionId === null ? -1 : model.regions.findIndex((candidate) => candidate.id === filters.regionId);
  const kind = filters.kind === null ? -1 : EnvironmentKind.options.indexOf(filters.kind);
  const text = needle === '' ? null : model.searchText();
  const { regionOf, kindOf } = model.index;
  const matches: number[] = [];
  for (let row = 0; row < model.rows; row++) {
    if (filters.regionId !== null && regionOf[row] !== region) continue;
    if (filters.kind !== null && kindOf[row] !== kind) continue;
    if (text !== null && !(text[row] ?? '').includes(needle)) continue;
    matches.push(row);
  }
  return Int32Array.from(matches);
}

/** The rows shown now: the static matches narrowed by the status filter; null for every row. */
export function liveMatches(model: FleetModel, matches: Int32Array | null, status: HealthStatus | null, states: StateColumns): Int32Array | null {
  if (status === null) return matches;
  const code = healthRank(status);
  const kept: number[] = [];
  const visit = (row: number) => {
    if (states.status[row] === code) kept.push(row);
  };
  if (matches === null) for (let row = 0; row < model.rows; row++) visit(row);
  else matches.forEach(visit);
  return Int32Array.from(kept);
}

/** Lifecycle states, most pressing first: the order the filter lists them and the lifecycle sort groups rows in. */
export const LIFECYCLE_ORDER: readonly LifecycleState[] = ['should-be-gone', 'due', 'ending-soon', 'active', 'decommissioned'];

/** Where the environment at a row stands in its lifecycle at `now`, its health telling whether it still answers. */
export function lifecycleAt(model: FleetModel, states: StateColumns, row: number, now: number): LifecycleState {
  const plan = model.environments.profiles[model.environments.profile[row] ?? 0]?.lifecycle;
  if (plan === undefined) return 'active';
  const answering = isAnswering({ status: statusOfCode(states.status[row] ?? -1), health: healthOfCode(states.health[row] ?? -1) });
  return lifecycleState(plan, now, answering);
}

/** The matches narrowed to one lifecycle state; null (every row) stays null when no state is asked for. */
export function lifecycleMatches(model: FleetModel, matches: Int32Array | null, lifecycle: LifecycleState | null, states: StateColumns, now: number): Int32Array | null {
  if (lifecycle === null) return matches;
  const kept: number[] = [];
  const visit = (row: number) => {
    if (lifecycleAt(model, states, row, now) === lifecycle) kept.push(row);
  };
  if (matches === null) for (let row = 0; row < model.rows; row++) visit(row);
  else matches.forEach(visit);
  return Int32Array.from(kept);
}

/** The six counts of one group out of a flat array of six per group. */
export function countsFrom(tally: Int32Array, group: number): StatusCounts {
  const counts = emptyCounts();
  HEALTH_ORDER.forEach((status, code) => {
    counts[status] = tally[group * HEALTH_ORDER.length + code] ?? 0;
  });
  return counts;
}

export interface OrderCriteria {
  model: FleetModel;
  matches: Int32Array | null;
  status: HealthStatus | null;
  sortKey: SortKey;
  sortDirection: SortDirection;
  /** The time lifecycle states are taken at, to the minute. */
  lifecycleNow: number;
}

/**
 * Positions ordered by an integer key from 0 to `keys - 1`, ties kept in position order (the
 * snapshot's tenant-name order). A counting sort: linear, where a comparison sort of 50,000 rows
 * would take a long task.
 */
export function orderByKey(rows: Int32Array, key: (row: number) => number, keys: number, descending: boolean): Int32Array {
  const starts = new Int32Array(keys + 1);
  for (const row of rows) bump(starts, (descending ? keys - 1 - key(row) : key(row)) + 1);
  for (let bucket = 1; bucket <= keys; bucket++) starts[bucket] = (starts[bucket] ?? 0) + (starts[bucket - 1] ?? 0);
  const order = new Int32Array(rows.length);
  for (const row of rows) {
    const bucket = descending ? keys - 1 - key(row) : key(row);
    order[starts[bucket] ?? 0] = row;
    starts[bucket] = (starts[bucket] ?? 0) + 1;
  }
  return order;
}

function allRows(count: number): Int32Array {
  const rows = new Int32Array(count);
  for (let row = 0; row < count; row++) rows[row] = row;
  return rows;
}

/** Row positions in display order; ties always fall back to tenant name, then environment id. */
export function orderRows(criteria: OrderCriteria, states: StateColumns): Int32Array {
  const { model, sortKey } = criteria;
  const rows = liveMatches(model, criteria.matches, criteria.status, states) ?? allRows(model.rows);
  const descending = criteria.sortDirection === 'descending';
  switch (sortKey) {
    case 'status':
      return orderByKey(rows, (row) => states.status[row] ?? 0, HEALTH_ORDER.length, descending);
    case 'kind':
      return orderByKey(rows, (row) => model.index.kindOf[row] ?? 0, EnvironmentKind.options.length, descending);
    case 'lifecycle':
      return orderByKey(rows, (row) => LIFECYCLE_ORDER.indexOf(lifecycleAt(model, states, row, criteria.lifecycleNow)), LIFECYCLE_ORDER.length, descending);
    case 'tenant':
      return orderByKey(rows, (row) => model.environments.tenant[row] ?? 0, model.tenants.id.length, descending);
    case 'environment':
    case 'region':
    case 'site': {
      const rank = model.rankBy(sortKey);
      return orderByKey(rows, (row) => rank[row] ?? 0, model.rows, descending);
    }
    case 'observed': {
      // Never observed sorts as the oldest.
      const key = (row: number) => states.observedAt[row] ?? -Number.MAX_SAFE_INTEGER;
      const direction = descending ? -1 : 1;
      return rows.slice().sort((a, b) => (key(a) - key(b)) * direction || a - b);
    }
  }
}
