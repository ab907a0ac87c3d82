import type { AlertSeverity } from '../../../../shared/contract/alerts.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { SEVERITY_LABELS } from './alert-model.js';

/** Critical and warning read like the fleet's statuses; info gets its own shape, a circled "i". */
export function SeverityBadge({ severity, count }: { severity: AlertSeverity; count?: string }) {
  if (severity !== 'info') return <StatusBadge status={severity} label={SEVERITY_LABELS[severity]} count={count} />;
  return (
    <span className="status-badge severity-info">
      <svg className="status-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle className="icon-fill" cx="8" cy="8" r="7" />
        <path className="icon-glyph" d="M7 7h2v5.2H7zM7 3.8h2v2H7z" />
      </svg>
      <span className="status-label">{SEVERITY_LABELS.info}</span>
      {count !== undefined && <span className="status-count">{count}</span>}
    </span>
  );
}
