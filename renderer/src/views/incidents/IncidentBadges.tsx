import type { HoldReason, IncidentStatus, Severity } from '../../../../shared/contract/incidents.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { HOLD_NAMES, SEVERITY_NAMES, SEVERITY_STATUS, STATUS_NAMES } from './incident-labels.js';

/** The severity's shape and its name: Sev1 reads as Sev1 without its colour. */
export function IncidentSeverityBadge({ severity }: { severity: Severity }) {
  return <StatusBadge status={SEVERITY_STATUS[severity]} label={SEVERITY_NAMES[severity]} />;
}

/** The lifecycle step in words, with the hold beside it (a hold is a flag, not a status). */
export function IncidentStatusText({ status, hold }: { status: IncidentStatus; hold: HoldReason | null }) {
  return (
    <span className="incident-status">
      <span className="incident-status-name">{STATUS_NAMES[status]}</span>
      {hold !== null && <span className="incident-hold">on hold: {HOLD_NAMES[hold]}</span>}
    </span>
  );
}
