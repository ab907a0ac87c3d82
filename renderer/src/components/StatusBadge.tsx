import type { HealthStatus } from '../../../shared/contract/index.js';
import { STATUS_LABELS } from './labels.js';
import { StatusIcon } from './StatusIcon.js';

interface StatusBadgeProps {
  status: HealthStatus;
  /** Replaces the status name, e.g. a source's "Up"; the icon still says which status it maps to. */
  label?: string;
  count?: string;
}

export function StatusBadge({ status, label, count }: StatusBadgeProps) {
  return (
    <span className={`status-badge status-${status}`}>
      <StatusIcon status={status} />
      <span className="status-label">{label ?? STATUS_LABELS[status]}</span>
      {count !== undefined && <span className="status-count">{count}</span>}
    </span>
  );
}
