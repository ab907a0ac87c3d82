import { useCallback } from 'react';
import type { VersionMatrix } from '../../../../shared/contract/deploys.js';
import { useDeployDialogStore } from './deploy-dialog-store.js';
import { useDeploysMatrix } from './deploys-queries.js';
import { useDeployBlocked } from './use-deploy-blocked.js';

interface RollbackButtonProps {
  environmentId: string;
  /** Says the reason beside the button when it is off; rows too small for it keep it in the tooltip. */
  showReason?: boolean;
  /** A smaller button, for a row of a table. */
  compact?: boolean;
}

/**
 * "Roll back…" for one environment, from wherever it is shown: it opens the app's one deploy dialog,
 * pre-filled, which stays open if this button goes away (an alert row leaving the feed). Nothing is
 * shown for an environment no deploy backend deploys.
 */
export function RollbackButton({ environmentId, showReason = false, compact = false }: RollbackButtonProps) {
  const blocked = useDeployBlocked();
  const open = useDeployDialogStore((state) => state.open);
  const deployable = useDeploysMatrix(useCallback((matrix: VersionMatrix) => matrix.rows.some((row) => row.environmentId === environmentId && row.backendId !== null), [environmentId]));
  if (deployable.data === false) return null;
  return (
    <>
      <button
        type="button"
        className={compact ? 'compact-button' : undefined}
        aria-label={`Roll back ${environmentId}…`}
        disabled={blocked !== null}
        title={blocked ?? `Roll ${environmentId} back to the release it ran before`}
        onClick={() => open({ action: 'rollback', target: { by: 'environments', ids: [environmentId] } })}
      >
        Roll back…
      </button>
      {showReason && blocked !== null && <span className="muted deploy-blocked-reason">{blocked}</span>}
    </>
  );
}
