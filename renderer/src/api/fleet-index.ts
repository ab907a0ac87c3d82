import type { EnvironmentView, FleetSnapshot, Rollup, RollupScope } from '../../../shared/contract/index.js';

/**
 * Positions of states and rollups in a snapshot's arrays. Deltas replace items in place and never
 * reorder or add them (new ones arrive with a fresh snapshot after fleet.reloaded), so one index
 * serves every snapshot derived from a fetched one. It is keyed by the `environments` array, which
 * derived snapshots share and a new fetch replaces; hot paths never rebuild it per frame.
 */
interface SnapshotIndex {
  states: ReadonlyMap<string, number>;
  rollups: ReadonlyMap<string, number>;
}

const indexes = new WeakMap<readonly EnvironmentView[], SnapshotIndex>();

function indexOf(snapshot: FleetSnapshot): SnapshotIndex {
  const cached = indexes.get(snapshot.environments);
  if (cached) return cached;
  const index = {
    states: new Map(snapshot.states.map((state, position) => [state.id, position])),
    rollups: new Map(snapshot.rollups.map((rollup, position) => [rollupKey(rollup.scope, rollup.id), position])),
  };
  indexes.set(snapshot.environments, index);
  return index;
}

export function stateIndexOf(snapshot: FleetSnapshot): ReadonlyMap<string, number> {
  return indexOf(snapshot).states;
}

export function rollupIndexOf(snapshot: FleetSnapshot): ReadonlyMap<string, number> {
  return indexOf(snapshot).rollups;
}

export function rollupOf(snapshot: FleetSnapshot, scope: RollupScope, id: string): Rollup | undefined {
  const position = rollupIndexOf(snapshot).get(rollupKey(scope, id));
  return position === undefined ? undefined : snapshot.rollups[position];
}

export function rollupKey(scope: string, id: string): string {
  return `${scope}:${id}`;
}
