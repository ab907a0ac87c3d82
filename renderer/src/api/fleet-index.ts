import type { EnvironmentView, FleetSnapshot } from '../../../shared/contract/index.js';

/**
 * Position of each environment's state in `snapshot.states`. Deltas replace states in place and
 * never reorder them, so one index serves every snapshot derived from a fetched one; it is keyed by
 * the `environments` array, which derived snapshots share and a new fetch replaces.
 */
const stateIndexes = new WeakMap<readonly EnvironmentView[], ReadonlyMap<string, number>>();

export function stateIndexOf(snapshot: FleetSnapshot): ReadonlyMap<string, number> {
  const cached = stateIndexes.get(snapshot.environments);
  if (cached) return cached;
  const index = new Map<string, number>();
  snapshot.states.forEach((state, position) => index.set(state.id, position));
  stateIndexes.set(snapshot.environments, index);
  return index;
}

export function rollupKey(scope: string, id: string): string {
  return `${scope}:${id}`;
}
