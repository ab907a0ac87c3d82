import type { EnvironmentState, FleetDelta, FleetSnapshot, SourceStatus, StateColumns } from '../../../shared/contract/index.js';
import { statusCode } from '../../../shared/contract/fleet-snapshot.js';
import { fleetIndexOf, type FleetIndex } from './fleet-index.js';

export interface DeltaOutcome {
  /** The same object as the input when nothing applied. */
  snapshot: FleetSnapshot;
  /** Deltas from a revision gap onwards, kept until a fresh snapshot arrives. */
  pending: FleetDelta[];
  gap: boolean;
  /** Environments whose status, health, reason or change time moved. */
  changed: Set<string>;
}

/** Reasons are interned; faults bring new ones, so past this many per environment the table is rebuilt from those in use. */
const REASONS_PER_ENVIRONMENT = 2;
const REASON_TABLE_FLOOR = 1024;

/**
 * Writes a batch into the state columns in place, under a new `states` object. Copying five
 * 50,000-row columns for every batch (ten a second) cost more than all the rest of applying it, and
 * fed the garbage collector megabytes a second. So the columns belong to the newest snapshot only:
 * an older snapshot object shares them and must not be read for past state (take a copy instead).
 */
class StateWriter {
  readonly columns: StateColumns;

  constructor(
    from: StateColumns,
    private readonly index: FleetIndex,
  ) {
    this.columns = { ...from };
  }

  /** Writes one state; answers whether anything a person would see moved. */
  write(row: number, state: EnvironmentState): boolean {
    const { columns } = this;
    const status = statusCode(state.status);
    const health = statusCode(state.health);
    const reason = this.reasonPosition(state.reason);
    const changedAt = state.changedAt - columns.timeBase;
    const moved = columns.status[row] !== status || columns.health[row] !== health || columns.reason[row] !== reason || columns.changedAt[row] !== changedAt;
    columns.status[row] = status;
    columns.health[row] = health;
    columns.reason[row] = reason;
    columns.observedAt[row] = state.observedAt === null ? null : state.observedAt - columns.timeBase;
    columns.changedAt[row] = changedAt;
    return moved;
  }

  /** Drops reasons no environment shows any more, once the table has grown well past the fleet. */
  compact(): void {
    const { columns, index } = this;
    if (columns.reasons.length <= Math.max(REASON_TABLE_FLOOR, REASONS_PER_ENVIRONMENT * index.rows)) return;
    const kept: string[] = [];
    const renumber = new Map<number, number>();
    for (let row = 0; row < columns.reason.length; row++) {
      const old = columns.reason[row] ?? 0;
      let position = renumber.get(old);
      if (position === undefined) {
        position = kept.push(columns.reasons[old] ?? '') - 1;
        renumber.set(old, position);
      }
      columns.reason[row] = position;
    }
    columns.reasons = kept;
    index.reasonPositions.clear();
    kept.forEach((reason, position) => index.reasonPositions.set(reason, position));
  }

  private reasonPosition(reason: string): number {
    const { columns } = this;
    const known = this.index.reasonPositions.get(reason);
    // The positions outlive a compaction's new table; trust one only if this table agrees.
    if (known !== undefined && columns.reasons[known] === reason) return known;
    const position = columns.reasons.push(reason) - 1;
    this.index.reasonPositions.set(reason, position);
    return position;
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
 * Applies buffered deltas in revision order, in place (see StateWriter); the answer is a new
 * snapshot object with a new `states` object whenever anything applied, so subscribers re-render.
 * Deltas at or below the snapshot's revision are already in it; a jump past `revision + 1` is a gap.
 * The deltas' rollups are not read: the renderer counts groups from the statuses, under its filters.
 */
export function applyDeltas(current: FleetSnapshot, deltas: readonly FleetDelta[]): DeltaOutcome {
  const index = fleetIndexOf(current);
  const changed = new Set<string>();
  let revision = current.revision;
  let generatedAt = current.generatedAt;
  let states: StateWriter | null = null;
  let sources: SourceStatus[] | null = null;
  let pending: FleetDelta[] = [];

  for (const [position, delta] of deltas.entries()) {
    if (delta.revision <= revision) continue;
    if (delta.revision !== revision + 1) {
      pending = deltas.slice(position);
      break;
    }
    for (const state of delta.states) {
      const row = index.positionById.get(state.id);
      // An environment the snapshot does not define arrives with the next fleet.reloaded.
      if (row === undefined) continue;
      states ??= new StateWriter(current.states, index);
      if (states.write(row, state)) changed.add(state.id);
    }
    if (delta.sources.length > 0) {
      sources ??= current.sources.slice();
      mergeSources(sources, delta.sources);
    }
    revision = delta.revision;
    generatedAt = Math.max(generatedAt, delta.at);
  }
  states?.compact();

  const snapshot =
    revision === current.revision
      ? current
      : { ...current, revision, generatedAt, states: states?.columns ?? current.states, sources: sources ?? current.sources };
  return { snapshot, pending, gap: pending.length > 0, changed };
}
