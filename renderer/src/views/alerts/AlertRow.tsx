import { memo } from 'react';
import type { AlertView } from '../../../../shared/contract/alerts.js';
import type { HealthStatus } from '../../../../shared/contract/index.js';
import { viewHref } from '../../app/hash-route.js';
import { Age } from '../../components/Age.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useSelectionStore } from '../../state/selection-store.js';
import { RollbackButton } from '../deploys/RollbackButton.js';
import { AlertStateText } from './AlertStateText.js';
import { RunbookLink } from './RunbookLink.js';
import { SeverityBadge } from './SeverityBadge.js';

/** Fixed, so the feed never reflows as alerts come and go; the virtualizer and the styles both use it. */
export const ALERT_ROW_HEIGHT = 60;

interface AlertRowProps {
  alert: AlertView;
  /** The environment's live status, when the fleet knows it. */
  environmentStatus: HealthStatus | undefined;
  now: number;
  index: number;
  top: number;
  highlighted: boolean;
  readOnly: boolean;
  acknowledging: boolean;
  onAcknowledge: (alert: AlertView) => void;
  onSilence: (alert: AlertView) => void;
  /** Chosen for a declaration from several alerts. */
  selected: boolean;
  onToggle: (key: string) => void;
  onDeclare: (alert: AlertView) => void;
}

function EnvironmentCell({ id, status }: { id: string | null; status: HealthStatus | undefined }) {
  if (id === null) return <span className="muted">No environment</span>;
  return (
    <>
      {status === undefined ? (
        <span className="env-id">{id}</span>
      ) : (
        <a className="env-id" href={viewHref('fleet')} onClick={() => useSelectionStore.getState().select(id)} title={`Open ${id} in the Fleet view`}>
          {id}
        </a>
      )}
      <span className="alert-env-line">
        {status !== undefined && <StatusBadge status={status} />}
        <RollbackButton environmentId={id} compact />
      </span>
    </>
  );
}

export const AlertRow = memo(function AlertRow({
  alert,
  environmentStatus,
  now,
  index,
  top,
  highlighted,
  readOnly,
  acknowledging,
  onAcknowledge,
  onSilence,
  selected,
  onToggle,
  onDeclare,
}: AlertRowProps) {
  const where = alert.environmentId ?? alert.connectionId;
  return (
    <div
      role="row"
      className={`alert-row alert-${alert.severity} alert-is-${alert.state}${highlighted ? ' is-highlighted' : ''}`}
      data-alert-key={alert.key}
      data-severity={alert.severity}
      aria-rowindex={index + 2}
      tabIndex={-1}
      style={{ transform: `translateY(${top}px)`, height: ALERT_ROW_HEIGHT }}
    >
      <div role="cell" className="alert-cell alert-cell-select">
        <input type="checkbox" aria-label={`Choose ${alert.name} on ${where}`} checked={selected} onChange={() => onToggle(alert.key)} />
      </div>
      <div role="cell" className="alert-cell">
        <SeverityBadge severity={alert.severity} />
      </div>
      <div role="cell" className="alert-cell alert-cell-stack" title={alert.description ?? alert.summary}>
        <span className="alert-name">{alert.name}</span>
        <span className="alert-summary">{alert.summary}</span>
      </div>
      <div role="cell" className="alert-cell alert-cell-stack">
        <EnvironmentCell id={alert.environmentId} status={environmentStatus} />
      </div>
      <div role="cell" className="alert-cell">
        <Age at={alert.startsAt} now={now} />
      </div>
      <div role="cell" className="alert-cell alert-cell-stack">
        <AlertStateText alert={alert} now={now} />
      </div>
      <div role="cell" className="alert-cell alert-actions">
        <RunbookLink url={alert.runbookUrl} alertName={alert.name} />
        <button
          type="button"
          aria-label={`${alert.acknowledgedBy === null ? 'Acknowledge' : 'Acknowledged'} ${alert.name} on ${where}`}
          disabled={readOnly || acknowledging || alert.acknowledgedBy !== null}
          onClick={() => onAcknowledge(alert)}
        >
          {alert.acknowledgedBy === null ? 'Acknowledge' : 'Acknowledged'}
        </button>
        <button type="button" aria-label={`Silence ${alert.name} on ${where}…`} disabled={readOnly} onClick={() => onSilence(alert)}>
          Silence…
        </button>
        <button type="button" aria-label={`Declare an incident from ${alert.name} on ${where}…`} disabled={readOnly} onClick={() => onDeclare(alert)}>
          Declare…
        </button>
      </div>
    </div>
  );
});
