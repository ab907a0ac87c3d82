import type { Conflict } from '../../../../shared/contract/calendar.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { CONFLICT_LABELS } from './calendar-labels.js';

interface ConflictListProps {
  conflicts: readonly Conflict[];
  onOpen: (key: string) => void;
}

export function ConflictList({ conflicts, onOpen }: ConflictListProps) {
  if (conflicts.length === 0) return <p className="muted">No conflict.</p>;
  return (
    <ul className="conflict-list">
      {conflicts.map((conflict, position) => (
        <li key={position}>
          <StatusBadge status="warning" label={CONFLICT_LABELS[conflict.kind]} />
          <span>{conflict.message}</span>
          {conflict.otherKey !== null && (
            <button type="button" onClick={() => conflict.otherKey !== null && onOpen(conflict.otherKey)}>
              Open the other window
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
