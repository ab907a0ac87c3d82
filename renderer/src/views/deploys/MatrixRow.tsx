import { memo } from 'react';
import type { MatrixRow as Row } from '../../../../shared/contract/deploys.js';
import { kindWithRing } from '../../components/labels.js';
import { DeploymentStateBadge, DriftBadge } from './DeployBadges.js';

/** Fixed, so the matrix never reflows as versions change; the virtualizer and the styles both use it. */
export const MATRIX_ROW_HEIGHT = 46;

interface MatrixRowProps {
  row: Row;
  index: number;
  top: number;
  blocked: string | null;
  onDeploy: (environmentId: string) => void;
  onRollback: (environmentId: string) => void;
}

export const MatrixRow = memo(function MatrixRow({ row, index, top, blocked, onDeploy, onRollback }: MatrixRowProps) {
  const deployable = row.backendId !== null;
  const offReason = blocked ?? (deployable ? undefined : 'No deploy backend deploys this environment');
  return (
    <div
      role="row"
      className={`matrix-row drift-${row.drift}`}
      data-env-id={row.environmentId}
      aria-rowindex={index + 2}
      style={{ transform: `translateY(${top}px)`, height: MATRIX_ROW_HEIGHT }}
    >
      <div role="cell" className="matrix-cell matrix-cell-stack">
        <span className="env-id">{row.environmentId}</span>
        <span className="muted">{row.environmentName}</span>
      </div>
      <div role="cell" className="matrix-cell">
        {row.tenantName}
      </div>
      <div role="cell" className="matrix-cell">
        {row.regionId}
      </div>
      <div role="cell" className="matrix-cell">
        {kindWithRing(row.kind, row.ring ?? undefined)}
      </div>
      <div role="cell" className="matrix-cell env-id">
        {row.version ?? <span className="muted">unknown</span>}
      </div>
      <div role="cell" className="matrix-cell env-id">
        {row.expected ?? <span className="muted">—</span>}
      </div>
      <div role="cell" className="matrix-cell" title={row.driftReason ?? undefined}>
        <DriftBadge drift={row.drift} />
      </div>
      <div role="cell" className="matrix-cell matrix-reason" title={row.driftReason ?? undefined}>
        {row.driftReason ?? ''}
      </div>
      <div role="cell" className="matrix-cell">
        {row.lastState === null ? <span className="muted">—</span> : <DeploymentStateBadge state={row.lastState} />}
      </div>
      <div role="cell" className="matrix-cell matrix-actions">
        <button type="button" aria-label={`Deploy to ${row.environmentId}…`} disabled={offReason !== undefined} title={offReason} onClick={() => onDeploy(row.environmentId)}>
          Deploy…
        </button>
        <button type="button" aria-label={`Roll back ${row.environmentId}…`} disabled={offReason !== undefined} title={offReason} onClick={() => onRollback(row.environmentId)}>
          Roll back…
        </button>
      </div>
    </div>
  );
});
