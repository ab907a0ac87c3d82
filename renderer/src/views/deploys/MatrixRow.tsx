import { memo } from 'react';
import { kindWithRing } from '../../components/labels.js';
import { DeploymentStateBadge, DriftBadge } from './DeployBadges.js';
import { isActive, type MatrixEntry } from './deploys-model.js';
import { STATE_LABELS } from './deploys-labels.js';

/** Fixed, so the matrix never reflows as versions change; the virtualizer and the styles both use it. */
export const MATRIX_ROW_HEIGHT = 46;

interface MatrixRowProps {
  entry: MatrixEntry;
  index: number;
  top: number;
  blocked: string | null;
  onDeploy: (environmentId: string) => void;
  onRollback: (environmentId: string) => void;
  onDecommission: (environmentId: string) => void;
}

export const MatrixRow = memo(function MatrixRow({ entry, index, top, blocked, onDeploy, onRollback, onDecommission }: MatrixRowProps) {
  const { row, environment } = entry;
  const deployable = row.backendId !== null;
  const offReason = blocked ?? (deployable ? undefined : 'No deploy backend deploys this environment');
  const moving = row.lastState !== null && isActive(row.lastState) ? row.lastState : null;
  return (
    <div
      role="row"
      className={`matrix-row drift-${row.drift}${moving === null ? '' : ' is-deploying'}`}
      data-env-id={row.environmentId}
      aria-rowindex={index + 2}
      style={{ transform: `translateY(${top}px)`, height: MATRIX_ROW_HEIGHT }}
    >
      <div role="cell" className="matrix-cell matrix-cell-stack">
        <span className="env-id">{row.environmentId}</span>
        {moving === null ? <span className="muted">{environment.env.name}</span> : <strong className="matrix-moving">{STATE_LABELS[moving]} now</strong>}
      </div>
      <div role="cell" className="matrix-cell">
        {environment.tenantName}
      </div>
      <div role="cell" className="matrix-cell">
        {environment.env.regionId}
      </div>
      <div role="cell" className="matrix-cell">
        {kindWithRing(environment.env.kind, environment.env.ring)}
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
        {/* Production is never decommissioned from the console; the guards say the rest. */}
        {environment.env.kind !== 'production' && (
          <button type="button" aria-label={`Decommission ${row.environmentId}…`} disabled={offReason !== undefined} title={offReason} onClick={() => onDecommission(row.environmentId)}>
            Decommission…
          </button>
        )}
      </div>
    </div>
  );
});
