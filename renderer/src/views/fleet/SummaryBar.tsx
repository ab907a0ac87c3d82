import { HEALTH_ORDER, type StatusCounts } from '../../../../shared/contract/index.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatCount } from '../../time/format.js';

interface SummaryBarProps {
  counts: StatusCounts;
  /** Environments in the whole fleet. */
  fleetTotal: number;
  filtered: boolean;
}

export function SummaryBar({ counts, fleetTotal, filtered }: SummaryBarProps) {
  const shown = HEALTH_ORDER.reduce((sum, status) => sum + counts[status], 0);
  return (
    <section className="summary-bar">
      <h2 className="sr-only">Health summary</h2>
      <ul className="summary-badges">
        {HEALTH_ORDER.map((status) => (
          <li key={status}>
            <StatusBadge status={status} count={formatCount(counts[status])} />
          </li>
        ))}
      </ul>
      <p className="summary-total">
        {filtered ? (
          <>
            <span className="num">{formatCount(shown)}</span> of <span className="num">{formatCount(fleetTotal)}</span> environments match
          </>
        ) : (
          <>
            <span className="num">{formatCount(fleetTotal)}</span> environments in total
          </>
        )}
      </p>
    </section>
  );
}
