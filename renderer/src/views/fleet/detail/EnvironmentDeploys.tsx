import { useCallback, useId } from 'react';
import type { VersionMatrix } from '../../../../../shared/contract/deploys.js';
import { DeploymentStateBadge, DriftBadge } from '../../deploys/DeployBadges.js';
import { useDeploysMatrix } from '../../deploys/deploys-queries.js';
import { RollbackButton } from '../../deploys/RollbackButton.js';

/** The release this environment runs, how it compares with its ring, and a rollback one step away. */
export function EnvironmentDeploys({ environmentId }: { environmentId: string }) {
  const headingId = useId();
  const select = useCallback((matrix: VersionMatrix) => matrix.rows.find((row) => row.environmentId === environmentId) ?? null, [environmentId]);
  const row = useDeploysMatrix(select);
  if (row.data === null || row.data?.backendId === null) return null;
  return (
    <section className="detail-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Release</h3>
      {row.data === undefined ? (
        <p className="muted">{row.isError ? 'The release it runs could not be read.' : 'Loading the release it runs…'}</p>
      ) : (
        <dl className="facts">
          <dt>Runs</dt>
          <dd>
            <span className="env-id">{row.data.version ?? 'unknown'}</span>
            <DriftBadge drift={row.data.drift} />
          </dd>
          {row.data.driftReason !== null && (
            <>
              <dt>Drift</dt>
              <dd>{row.data.driftReason}</dd>
            </>
          )}
          {row.data.lastState !== null && (
            <>
              <dt>Last deploy</dt>
              <dd>
                <DeploymentStateBadge state={row.data.lastState} />
              </dd>
            </>
          )}
        </dl>
      )}
      <div className="form-actions">
        <RollbackButton environmentId={environmentId} showReason />
      </div>
    </section>
  );
}
