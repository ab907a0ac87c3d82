import { HEALTH_ORDER, type StatusCounts as Counts } from '../../../shared/contract/index.js';
import { formatCount } from '../time/format.js';
import { STATUS_LABELS } from './labels.js';
import { StatusIcon } from './StatusIcon.js';

/** All six statuses in fixed slots, zeros included, so nothing shifts as counts change. */
export function StatusCounts({ counts }: { counts: Counts }) {
  return (
    <ul className="status-counts">
      {HEALTH_ORDER.map((status) => (
        <li key={status} className={`status-count-slot status-${status}${counts[status] === 0 ? ' is-zero' : ''}`}>
          <StatusIcon status={status} />
          <span className="count-number">{formatCount(counts[status])}</span>
          <span className="count-label">{STATUS_LABELS[status]}</span>
        </li>
      ))}
    </ul>
  );
}
