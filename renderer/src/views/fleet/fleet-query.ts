import { EnvironmentKind } from '../../../../shared/fleet-definition/schema.js';
import {
  emptyCounts,
  healthRank,
  type EnvironmentState,
  type HealthStatus,
  type StatusCounts,
} from '../../../../shared/contract/index.js';
import type { FleetFilters, SortDirection, SortKey } from '../../state/fleet-filter-store.js';
import type { FleetModel, FleetRow } from './fleet-model.js';

export type StaticFilters = Pick<FleetFilters, 'regionId' | 'kind' | 'search'>;

export function stateOf(states: readonly EnvironmentState[], row: FleetRow): EnvironmentState | undefined {
  return row.stateIndex < 0 ? undefined : states[row.stateIndex];
}

export function statusOf(states: readonly EnvironmentState[], row: FleetRow): HealthStatus {
  return stateOf(states, row)?.status ?? 'unknown';
}

/** Rows passing the filters that do not depend on live state; null when none is set (every row). */
export function matchStatic(model: FleetModel, filters: StaticFilters): Int32Array | null {
  const needle = filters.search.trim().toLowerCase();
  if (filters.regionId === null && filters.kind === null && needle === '') return null;
  const matches: number[] = [];
  model.rows.forEach((row, position) => {
    if (filters.regionId !== null && row.env.regionId !== filters.regionId) return;
    if (filters.kind !== null && row.env.kind !== filters.kind) return;
    if (needle !== '' && !row.search.includes(needle)) return;
    matches.push(position);
  });
  return Int32Array.from(matches);
}

function allRows(model: FleetModel): Int32Array {
  const positions = new Int32Array(model.rows.length);
  for (let position = 0; position < positions.length; position += 1) positions[position] = position;
  return positions;
}

/** Live counts over the filtered fleet: one pass over the matching rows' current states. */
export function countStatuses(
  model: FleetModel,
  matches: Int32Array | null,
  status: HealthStatus | null,
  states: readonly EnvironmentState[],
): StatusCounts {
  const counts = emptyCounts();
  const count = (position: number) => {
    const row = model.rows[position];
    if (row === undefined) return;
    const current = statusOf(states, row);
    if (status === null || current === status) counts[current] += 1;
  };
  if (matches === null) for (let position = 0; position < model.rows.length; position += 1) count(position);
  else for (const position of matches) count(position);
  return counts;
}

export interface OrderCriteria {
  model: FleetModel;
  matches: Int32Array | null;
  status: HealthStatus | null;
  sortKey: SortKey;
  sortDirection: SortDirection;
}

/** The sort key of one row; label ranks are looked up once per sort, not per row. */
function primaryKey(criteria: OrderCriteria): (states: readonly EnvironmentState[], position: number, row: FleetRow) => number {
  const { model } = criteria;
  switch (criteria.sortKey) {
    case 'status':
      return (states, _position, row) => healthRank(statusOf(states, row));
    case 'tenant':
      return (_states, position) => model.tenantRank[position] ?? 0;
    case 'kind':
      return (_states, _position, row) => EnvironmentKind.options.indexOf(row.env.kind);
    case 'observed':
      return (states, _position, row) => stateOf(states, row)?.observedAt ?? -1;
    case 'environment':
    case 'region':
    case 'site': {
      const rank = model.rankBy(criteria.sortKey);
      return (_states, position) => rank[position] ?? 0;
    }
  }
}

/** Row positions in display order; ties always fall back to tenant name, then environment id. */
export function orderRows(criteria: OrderCriteria, states: readonly EnvironmentState[]): Int32Array {
  const { model } = criteria;
  const candidates = criteria.matches ?? allRows(model);
  const kept: number[] = [];
  const keys = new Float64Array(model.rows.length);
  const keyOf = primaryKey(criteria);
  for (const position of candidates) {
    const row = model.rows[position];
    if (row === undefined) continue;
    if (criteria.status !== null && statusOf(states, row) !== criteria.status) continue;
    keys[position] = keyOf(states, position, row);
    kept.push(position);
  }
  const direction = criteria.sortDirection === 'ascending' ? 1 : -1;
  const tenantRank = model.tenantRank;
  const order = Int32Array.from(kept);
  order.sort(
    (a, b) => ((keys[a] ?? 0) - (keys[b] ?? 0)) * direction || (tenantRank[a] ?? 0) - (tenantRank[b] ?? 0),
  );
  return order;
}
