import type { CorrelatedChange } from '../../../../shared/contract/incidents.js';
import { formatAbsolute } from '../../time/format.js';
import { useDeployDialogStore } from '../deploys/deploy-dialog-store.js';
import { useDeployBlocked } from '../deploys/use-deploy-blocked.js';
import { beforeFirstAlertText } from './incident-format.js';

const KIND_NAMES = { deployment: 'Deployment', rollback: 'Rollback', maintenance: 'Maintenance' } as const;

/**
 * The changes in scope in the hours before the first alert: the suspects. A deployment that can be
 * rolled back offers it through the app's one deploy dialog, pre-filled, with all its guards and confirmations.
 */
export function CorrelationList({ changes }: { changes: readonly CorrelatedChange[] }) {
  const blocked = useDeployBlocked();
  const openDeploy = useDeployDialogStore((state) => state.open);
  if (changes.length === 0) return <p className="muted">No deployment, rollback or maintenance window in scope in the hours before the first alert.</p>;
  return (
    <table className="data-table correlation-table" aria-label="Changes before the first alert">
      <thead>
        <tr>
          <th scope="col">Change</th>
          <th scope="col">When</th>
          <th scope="col">Where</th>
          <th scope="col">State</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={`${change.kind}:${change.id}`}>
            <th scope="row">
              <span className="cell-line">{KIND_NAMES[change.kind]}</span>
              <span className="cell-line muted">{change.title}</span>
            </th>
            <td>
              <span className="cell-line">
                <strong>{beforeFirstAlertText(change.beforeFirstAlertMs)}</strong>
              </span>
              <span className="cell-line muted">{formatAbsolute(change.startedAt)}</span>
            </td>
            <td className="cell-clip" title={change.environmentIds.join(', ')}>
              {change.environmentIds.join(', ')}
            </td>
            <td>{change.state}</td>
            <td>
              {change.rollback !== null && (
                <button
                  type="button"
                  disabled={blocked !== null}
                  title={blocked ?? `Roll ${change.rollback.environmentIds.join(', ')} back from ${change.rollback.fromRelease}`}
                  aria-label={`Roll back ${change.title}…`}
                  onClick={() => {
                    if (change.rollback !== null) openDeploy({ action: 'rollback', target: { by: 'environments', ids: change.rollback.environmentIds } });
                  }}
                >
                  Roll back…
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
