import { healthRank, type HealthStatus, type StateColumns } from '../../../../shared/contract/index.js';
import { formatCount } from '../../time/format.js';

/** Status codes as they were when an order was settled: the live columns are written in place. */
export function statusCopy(states: StateColumns): Uint8Array {
  return Uint8Array.from(states.status);
}

/** Statuses that moved since the order was settled, among the rows it holds. */
export function changedSince(rows: Int32Array, before: Uint8Array, now: readonly number[]): number {
  let changed = 0;
  for (const row of rows) if (before[row] !== now[row]) changed += 1;
  return changed;
}

/** Rows that took the filtered status since the order was settled: waiting to join the list. */
export function enteredSince(matches: Int32Array | null, rows: number, before: Uint8Array, now: readonly number[], status: HealthStatus): number {
  const code = healthRank(status);
  let entered = 0;
  const visit = (row: number) => {
    if (before[row] !== code && now[row] === code) entered += 1;
  };
  if (matches === null) for (let row = 0; row < rows; row++) visit(row);
  else matches.forEach(visit);
  return entered;
}

/** The order holds still while statuses change; this says how much moved and puts the worst first again. */
export function SortAgain({ changed, onSort }: { changed: number; onSort: () => void }) {
  return (
    <div className="sort-again">
      <p aria-live="polite">
        Worst first{changed > 0 && <>; {formatCount(changed)} changed since sorted</>}
      </p>
      <button type="button" onClick={onSort} disabled={changed === 0}>
        Sort again
      </button>
    </div>
  );
}
