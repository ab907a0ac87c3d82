import { useCallback } from 'react';
import type { DeploymentView } from '../../../../shared/contract/deploys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { useDeployDialogStore } from './deploy-dialog-store.js';
import { DeploymentDetail } from './DeploymentDetail.js';
import { DeploymentsTable } from './DeploymentsTable.js';
import { useDeploysOverview } from './deploys-queries.js';
import { useDeploysStore } from './deploys-store.js';
import { ReleasesTable } from './ReleasesTable.js';
import { RolloutPlans } from './RolloutPlans.js';
import { useDeployBlocked } from './use-deploy-blocked.js';
import { useDeploysLive } from './use-deploys-live.js';
import { VersionMatrix } from './VersionMatrix.js';
import '../../styles/deploys.css';

function environment(id: string) {
  return { by: 'environments' as const, ids: [id] };
}

/** Releases, where each one runs, the plans that roll them out, and the deployments running now, live. */
export function DeploysView() {
  useDeploysLive();
  const overview = useDeploysOverview();
  const link = useConnectionStore((state) => state.link);
  const blocked = useDeployBlocked();
  const selectedId = useDeploysStore((state) => state.selectedId);
  const select = useDeploysStore((state) => state.select);
  const open = useDeployDialogStore((state) => state.open);

  const data = overview.data;
  const selected = data?.deployments.find((deployment) => deployment.id === selectedId);

  const closeDetail = useCallback(() => select(null), [select]);
  const deployTo = useCallback((id: string) => open({ action: 'deploy', target: environment(id) }), [open]);
  const rollBack = useCallback((id: string) => open({ action: 'rollback', target: environment(id) }), [open]);
  const decommission = useCallback((id: string) => open({ action: 'decommission', target: environment(id) }), [open]);
  const rollBackDeployment = useCallback(
    (deployment: DeploymentView) =>
      open({ action: 'rollback', target: environment(deployment.environmentId), ...(deployment.previousVersion === null ? {} : { version: deployment.previousVersion }) }),
    [open],
  );

  return (
    <section className="view view-deploys">
      <div className="deploys-head">
        <h1 tabIndex={-1}>Deploys</h1>
        {blocked !== null && (
          <p className="deploys-blocked" role="status">
            Deploy and Roll back are off: {blocked}.
          </p>
        )}
      </div>
      {overview.isError && <ErrorAlert title="Releases and deployments could not be loaded." error={overview.error} onRetry={() => void overview.refetch()} />}
      {data !== undefined && data.problems.length > 0 && (
        <div className="banner banner-warning" role="alert">
          <p className="banner-title">Some versions could not be read.</p>
          <ul className="problem-list">
            {data.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}

      <div className={`deploys-board${selected === undefined ? '' : ' has-detail'}`}>
        <div className="deploys-main">
          {data === undefined ? (
            !overview.isError && (
              <p className="loading" role="status">
                {link === 'connecting' ? 'Connecting to the Watchfloor core…' : 'Loading releases and deployments…'}
              </p>
            )
          ) : (
            <>
              <DeploymentsTable deployments={data.deployments} selectedId={selectedId} onSelect={select} />
              <ReleasesTable releases={data.releases} blocked={blocked} onDeploy={(release) => open({ action: 'deploy', version: release.version })} />
              <VersionMatrix blocked={blocked} onDeploy={deployTo} onRollback={rollBack} onDecommission={decommission} />
              <RolloutPlans
                plans={data.plans}
                blocked={blocked}
                onDeployStage={(plan, stage) => open({ action: 'deploy', version: plan.release, target: { by: 'stage', planId: plan.id, stageId: stage.id } })}
              />
            </>
          )}
        </div>
        {selected !== undefined && <DeploymentDetail deployment={selected} blocked={blocked} onRollback={rollBackDeployment} onClose={closeDetail} />}
      </div>
    </section>
  );
}
