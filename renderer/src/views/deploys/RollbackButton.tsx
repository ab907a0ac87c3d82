import { useCallback, useState } from 'react';
import type { DeploymentView, DeploysOverview } from '../../../../shared/contract/deploys.js';
import { viewHref } from '../../app/hash-route.js';
import type { DeployOpening } from './deploy-form.js';
import { DeployDialog } from './DeployDialog.js';
import { useDeploysOverview } from './deploys-queries.js';
import { useDeploysStore } from './deploys-store.js';
import { useDeployBlocked } from './use-deploy-blocked.js';

/** After a start from another view, the Deploys view opens on the deployment: its progress and log live there. */
function follow(deployments: readonly DeploymentView[]): void {
  const first = deployments[0];
  if (first !== undefined) useDeploysStore.getState().select(first.id);
  window.location.hash = viewHref('deploys');
}

interface RollbackButtonProps {
  environmentId: string;
  /** Says the reason beside the button when it is off; rows too small for it keep it in the tooltip. */
  showReason?: boolean;
  /** A smaller button, for a row of a table. */
  compact?: boolean;
}

/**
 * "Roll back…" for one environment, from wherever it is shown: the same dialog as in the Deploys view,
 * pre-filled. Nothing is shown for an environment no deploy backend deploys.
 */
export function RollbackButton({ environmentId, showReason = false, compact = false }: RollbackButtonProps) {
  const blocked = useDeployBlocked();
  const [opening, setOpening] = useState<DeployOpening | null>(null);
  const deployable = useDeploysOverview(useCallback((overview: DeploysOverview) => overview.matrix.some((row) => row.environmentId === environmentId && row.backendId !== null), [environmentId]));
  if (deployable.data === false) return null;
  return (
    <>
      <button
        type="button"
        className={compact ? 'compact-button' : undefined}
        aria-label={`Roll back ${environmentId}…`}
        disabled={blocked !== null}
        title={blocked ?? `Roll ${environmentId} back to the release it ran before`}
        onClick={() => setOpening({ action: 'rollback', target: { by: 'environments', ids: [environmentId] } })}
      >
        Roll back…
      </button>
      {showReason && blocked !== null && <span className="muted deploy-blocked-reason">{blocked}</span>}
      {opening !== null && (
        <DeployDialog
          opening={opening}
          onClose={() => setOpening(null)}
          onStarted={(deployments) => {
            setOpening(null);
            follow(deployments);
          }}
        />
      )}
    </>
  );
}
