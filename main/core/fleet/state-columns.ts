import type { EnvironmentState, StateColumns } from '../../../shared/contract/fleet.js';
import { statusCode } from '../../../shared/contract/fleet-snapshot.js';

/** Every environment's state as columns, in environment order, with reasons interned and times from `timeBase`. */
export function encodeStates(count: number, stateOf: (row: number) => EnvironmentState, timeBase: number): StateColumns {
  const columns: StateColumns = {
    timeBase,
    status: new Array<number>(count),
    health: new Array<number>(count),
    reason: new Array<number>(count),
    reasons: [],
    observedAt: new Array<number | null>(count),
    changedAt: new Array<number>(count),
  };
  const reasons = new Map<string, number>();
  for (let row = 0; row < count; row++) {
    const state = stateOf(row);
    let reason = reasons.get(state.reason);
    if (reason === undefined) {
      reason = columns.reasons.length;
      columns.reasons.push(state.reason);
      reasons.set(state.reason, reason);
    }
    columns.status[row] = statusCode(state.status);
    columns.health[row] = statusCode(state.health);
    columns.reason[row] = reason;
    columns.observedAt[row] = state.observedAt === null ? null : state.observedAt - timeBase;
    columns.changedAt[row] = state.changedAt - timeBase;
  }
  return columns;
}
