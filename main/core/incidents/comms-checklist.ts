import type { CommsDutyView, CommsRecord } from '../../../shared/contract/incidents.js';
import { durationMs, type CommsItem } from '../../../shared/fleet-definition/incidents.js';

/**
 * Where each duty of a severity's communications checklist stands: when it was done, when it is
 * due next and whether that is past. Due times are wall-clock (customers wait in real time,
 * whatever the SLA calendar): first `within` of the declaration, then `every` after each time it
 * was done. Nothing falls due once the incident is no longer open.
 */

/** One duty as the contract shows it: when it was done (oldest first), next due (null when nothing more is), overdue. */
export type CommsDuty = CommsDutyView;

export interface CommsState {
  declaredAt: number;
  /** When the incident stopped being open (resolved, closed or cancelled); null while it is open. */
  openUntil: number | null;
  records: readonly CommsRecord[];
}

export function commsDuties(items: readonly CommsItem[], state: CommsState, now: number): CommsDuty[] {
  return items.map((item) => {
    const doneAt = state.records
      .filter((record) => record.itemId === item.id)
      .map((record) => record.at)
      .sort((a, b) => a - b);
    const last = doneAt.at(-1);
    const within = item.within === undefined ? undefined : durationMs(item.within);
    const every = item.every === undefined ? undefined : durationMs(item.every);
    let dueAt: number | null;
    if (last === undefined) dueAt = state.declaredAt + (within ?? every ?? 0);
    else dueAt = every === undefined ? null : last + every;
    if (dueAt !== null && state.openUntil !== null && dueAt >= state.openUntil) dueAt = null;
    return { id: item.id, action: item.action, channel: item.channel, doneAt, dueAt, overdue: dueAt !== null && dueAt < now };
  });
}
