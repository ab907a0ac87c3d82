import { memo, useId } from 'react';
import type { DeploymentView } from '../../../../shared/contract/deploys.js';
import { Age } from '../../components/Age.js';
import type { RowIdentity } from '../../components/held-list/held-rows.js';
import { HeldList } from '../../components/held-list/HeldListBar.js';
import { useHeldRows } from '../../components/held-list/use-held-rows.js';
import { useNow } from '../../time/clock.js';
import { formatAbsolute } from '../../time/format.js';
import { formatZonedTime } from '../calendar/calendar-format.js';
import { ACTION_LABELS } from './deploys-labels.js';
import { isActive, orderDeployments, versionChange } from './deploys-model.js';
import { DeploymentStateBadge } from './DeployBadges.js';
import { ProgressBar } from './ProgressBar.js';

interface DeploymentsTableProps {
  deployments: readonly DeploymentView[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

const DeploymentRow = memo(function DeploymentRow({ deployment, now, selected, onSelect }: { deployment: DeploymentView; now: number; selected: boolean; onSelect: (id: string) => void }) {
  const step = deployment.step ?? deployment.message ?? '—';
  return (
    <tr className={`deployment-row${selected ? ' is-selected' : ''}${isActive(deployment.state) ? ' is-active' : ''}`} data-deployment-id={deployment.id}>
      <th scope="row">
        <button type="button" className="link-button env-id" aria-pressed={selected} onClick={() => onSelect(deployment.id)}>
          {deployment.environmentId}
        </button>
        <span className="muted cell-line">{deployment.tenantName}</span>
      </th>
      <td>{versionChange(deployment.previousVersion, deployment.version)}</td>
      <td>{ACTION_LABELS[deployment.action]}</td>
      <td>
        <DeploymentStateBadge state={deployment.state} />
      </td>
      <td>
        <ProgressBar progress={deployment.progress} label={`Progress of ${deployment.environmentId}`} />
      </td>
      <td className="cell-clip" title={step}>
        {step}
      </td>
      <td>
        <span className="cell-line">{deployment.requestedBy}</span>
        {deployment.scheduledFor !== null && deployment.state === 'scheduled' ? (
          <span className="muted cell-line" title={formatAbsolute(deployment.scheduledFor)}>
            for {deployment.scheduledLocal !== null ? formatZonedTime(deployment.scheduledLocal) : formatAbsolute(deployment.scheduledFor)}
          </span>
        ) : (
          <span className="muted cell-line">
            <Age at={deployment.requestedAt} now={now} />
          </span>
        )}
      </td>
    </tr>
  );
});

/** Newest request first: a deployment moves only when it is new. */
const DEPLOYMENT_IDENTITY: RowIdentity<DeploymentView> = {
  keyOf: (deployment) => deployment.id,
  versionOf: (deployment) => String(deployment.requestedAt),
};

const ALL_DEPLOYMENTS = {};
const newestFirst = (_criteria: unknown, deployments: readonly DeploymentView[]) => orderDeployments(deployments);

/** Running, scheduled and recent deployments, newest request first; a row keeps its place as its deployment moves on. */
export function DeploymentsTable({ deployments, selectedId, onSelect }: DeploymentsTableProps) {
  const headingId = useId();
  const now = useNow();
  const held = useHeldRows(ALL_DEPLOYMENTS, deployments, newestFirst, DEPLOYMENT_IDENTITY);
  const { rows } = held;
  const running = rows.filter((deployment) => isActive(deployment.state)).length;
  return (
    <section className="deploys-section" aria-labelledby={headingId}>
      <div className="deploys-section-head">
        <h2 id={headingId}>Deployments</h2>
        <p className="muted" role="status">
          {running === 0 ? 'None running' : `${running} running or scheduled`}
        </p>
      </div>
      {rows.length === 0 ? (
        <p className="muted">No deployment yet.</p>
      ) : (
        <HeldList hold={held.hold} pending={held.pending} onShow={held.apply} listName="deployments list">
          <div className="deployments-frame">
            <table className="data-table deployments-table" aria-labelledby={headingId}>
              <thead>
                <tr>
                  <th scope="col">Environment</th>
                  <th scope="col">Version</th>
                  <th scope="col">Action</th>
                  <th scope="col">State</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Step</th>
                  <th scope="col">Requested</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((deployment) => (
                  <DeploymentRow key={deployment.id} deployment={deployment} now={now} selected={deployment.id === selectedId} onSelect={onSelect} />
                ))}
              </tbody>
            </table>
          </div>
        </HeldList>
      )}
    </section>
  );
}
