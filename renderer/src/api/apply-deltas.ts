import type { EnvironmentState, FleetDelta, FleetSnapshot, Rollup, SourceStatus } from '../../../shared/contract/index.js';
import { rollupIndexOf, rollupKey, stateIndexOf } from './fleet-index.js';

export interface DeltaOutcome {
  /** The same object as the input when nothing applied. */
  snapshot: FleetSnapshot;
  /** Deltas from a revision gap onwards, kept until a fresh snapshot arrives. */
  pending: FleetDelta[];
  gap: boolean;
  /** Environments whose status, health, reason or change time moved. */
  changed: Set<string>;
}

function stateMoved(before: EnvironmentState | undefined, after: EnvironmentState): boolean {
  return (
    before === undefined ||
    before.status !== after.status ||
    before.health !== after.health ||
    before.reason !== after.reason ||
    before.changedAt !== after.changedAt
  );
}

function mergeRollups(target: Rollup[], updates: readonly Rollup[], positions: ReadonlyMap<string, number>): void {
  for (const rollup of updates) {
    const position = positions.get(rollupKey(rollup.scope, rollup.id));
    // A group the snapshot does not define arrives with the next fleet.reloaded, as environments do.
    if (position !== undefined) target[position] = rollup;
  }
}

function mergeSources(target: SourceStatus[], updates: readonly SourceStatus[]): void {
  const positions = new Map(target.map((source, position) => [source.id, position]));
  for (const source of updates) {
    const position = positions.get(source.id);
    if (position === undefined) {
      positions.set(source.id, target.length);
      target.push(source);
    } else {
      target[position] = source;
    }
  }
}

/**
 * Applies buffered deltas in revision order, copying each changed array once for the whole batch.
 * Deltas at or below the snapshot's revision are already in it; a jump past `revision + 1` is a gap.
 */
export function applyDeltas(current: FleetSnapshot, deltas: readonly FleetDelta[]): DeltaOutcome {
  const index = stateIndexOf(current);
  const rollupIndex = rollupIndexOf(current);
  const changed = new Set<string>();
  let revision = current.revision;
  let generatedAt = current.generatedAt;
  let states: EnvironmentState[] | null = null;
  let rollups: Rollup[] | null = null;
  let sources: SourceStatus[] | null = null;
  let pending: FleetDelta[] = [];

  for (const [position, delta] of deltas.entries()) {
    if (delta.revision <= revision) continue;
    if (delta.revision !== revision + 1) {
      pending = deltas.slice(position);
      break;
    }
    if (delta.states.length > 0) {
      states ??= current.states.slice();
      for (const state of delta.states) {
        const at = index.get(state.id);
        // An environment the snapshot does not define arrives with the next fleet.reloaded.
        if (at === undefined) continue;
        if (stateMoved(states[at], state)) changed.add(state.id);
        states[at] = state;
      }
    }
    if (delta.rollups.length > 0) {
      rollups ??= current.rollups.slice();
      mergeRollups(rollups, delta.rollups, rollupIndex);
    }
    if (delta.sources.length > 0) {
      sources ??= current.sources.slice();
      mergeSources(sources, delta.sources);
    }
    revision = delta.revision;
    generatedAt = Math.max(generatedAt, delta.at);
  }

  const snapshot =
    revision === current.revision
      ? current
      : {
          ...current,
          revision,
          generatedAt,
          states: states ?? current.states,
          rollups: rollups ?? current.rollups,
          sources: sources ?? current.sources,
        };
  return { snapshot, pending, gap: pending.length > 0, changed };
}
