import { useMemo, useState } from 'react';
import type { CheckResult, DeploymentView } from '../../../../shared/contract/deploys.js';
import { Age } from '../../components/Age.js';
import { DetailPanel } from '../../components/DetailPanel.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { PopOutButton } from '../../components/PopOutButton.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useNow } from '../../time/clock.js';
import { formatAbsolute } from '../../time/format.js';
import { formatZonedTime } from '../calendar/calendar-format.js';
import { viewerTimeZone } from '../calendar/calendar-model.js';
import { CancelDeploymentDialog } from './CancelDeploymentDialog.js';
import { ACTION_LABELS, FLOW_LABELS, RELEASE_TYPE_LABELS } from './deploys-labels.js';
import { isActive, versionChange } from './deploys-model.js';
import { useDeploymentDetail } from './deploys-queries.js';
import { DeploymentLog } from './DeploymentLog.js';
import { DeploymentStateBadge } from './DeployBadges.js';
import { InterruptionForm } from './InterruptionForm.js';
import { LostTrackForm } from './LostTrackForm.js';
import { ProgressBar } from './ProgressBar.js';

const CHECK_LABELS: Readonly<Record<CheckResult['state'], string>> = { passed: 'Passed', failed: 'Failed', skipped: 'Skipped' };
const CHECK_STATUS = { passed: 'ok', failed: 'critical', skipped: 'unknown' } as const;

interface DeploymentDetailProps {
  /** The deployment as the overview has it; the detail's copy replaces it once loaded. */
  deployment: DeploymentView;
  blocked: string | null;
  onRollback: (deployment: DeploymentView) => void;
  onClose: () => void;
}

function Checks({ checks }: { checks: readonly CheckResult[] }) {
  if (checks.length === 0) return <p className="muted">No check has run yet.</p>;
  return (
    <table className="data-table" aria-label="Check results">
      <thead>
        <tr>
          <th scope="col">Check</th>
          <th scope="col">Slot</th>
          <th scope="col">Result</th>
          <th scope="col">Seen</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((check, position) => (
          <tr key={position}>
            <th scope="row">
              {check.name} <span className="muted">({check.type})</span>
            </th>
            <td>{check.slot}</td>
            <td>
              <StatusBadge status={CHECK_STATUS[check.state]} label={CHECK_LABELS[check.state]} />
            </td>
            <td className="check-detail">{check.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One deployment: where it stands, the answer it waits for, its checks and its log, live while it runs. */
export function DeploymentDetail({ deployment: listed, blocked, onRollback, onClose }: DeploymentDetailProps) {
  const now = useNow();
  const viewerZone = useMemo(viewerTimeZone, []);
  const detail = useDeploymentDetail(listed.id, isActive(listed.state));
  const deployment = detail.data?.deployment ?? listed;
  const [cancelling, setCancelling] = useState(false);

  return (
    <DetailPanel title={deployment.action === 'decommission' ? `Decommission ${deployment.environmentId}` : `${ACTION_LABELS[deployment.action]} ${deployment.version} to ${deployment.environmentId}`} itemKey={deployment.id} className="deployment-detail" onClose={onClose}>
      <section className="detail-section">
        <dl className="facts">
          <dt>State</dt>
          <dd>
            <DeploymentStateBadge state={deployment.state} />
          </dd>
          <dt>Progress</dt>
          <dd>
            <ProgressBar progress={deployment.progress} label={`Progress of ${deployment.environmentId}`} />
          </dd>
          <dt>Step</dt>
          <dd>{deployment.step ?? '—'}</dd>
          {deployment.message !== null && (
            <>
              <dt>Result</dt>
              <dd>{deployment.message}</dd>
            </>
          )}
          <dt>Version</dt>
          <dd>
            {versionChange(deployment.previousVersion, deployment.version)}
            {deployment.releaseType !== null && <span className="muted">{RELEASE_TYPE_LABELS[deployment.releaseType]}</span>}
          </dd>
          <dt>Environment</dt>
          <dd>
            <span className="env-id">{deployment.environmentId}</span>
            <span className="muted">
              {deployment.tenantName}, {deployment.regionId}
            </span>
          </dd>
          <dt>Flow</dt>
          <dd>{FLOW_LABELS[deployment.flow]}</dd>
          <dt>Requested</dt>
          <dd>
            {deployment.requestedBy}, <Age at={deployment.requestedAt} now={now} />
          </dd>
          {deployment.scheduledFor !== null && (
            <>
              <dt>Scheduled for</dt>
              <dd>
                {deployment.scheduledLocal !== null && <span className="cell-line">{formatZonedTime(deployment.scheduledLocal)} (region time)</span>}
                <span className={deployment.scheduledLocal !== null ? 'muted cell-line' : undefined}>{formatAbsolute(deployment.scheduledFor)}</span>
              </dd>
            </>
          )}
          <dt>Started</dt>
          <dd>
            <Age at={deployment.startedAt} now={now} />
          </dd>
          {deployment.finishedAt !== null && (
            <>
              <dt>Finished</dt>
              <dd>
                <Age at={deployment.finishedAt} now={now} />
              </dd>
            </>
          )}
          <dt>Reason</dt>
          <dd>{deployment.reason === '' ? <span className="muted">None given</span> : deployment.reason}</dd>
          {deployment.incident !== null && (
            <>
              <dt>Incident</dt>
              <dd>{deployment.incident}</dd>
            </>
          )}
          {deployment.remoteId !== null && (
            <>
              <dt>On {deployment.backendId}</dt>
              <dd className="env-id">{deployment.remoteId}</dd>
            </>
          )}
        </dl>
        {deployment.overrides.length > 0 && (
          <div>
            <h3>Guards overridden</h3>
            <ul className="override-list">
              {deployment.overrides.map((override) => (
                <li key={override.guard}>
                  <strong>{override.guard}</strong>: {override.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="form-actions">
          {deployment.canCancel && (
            <button type="button" disabled={blocked !== null} title={blocked ?? undefined} onClick={() => setCancelling(true)}>
              Cancel deployment…
            </button>
          )}
          {deployment.canRollback && (
            <button type="button" disabled={blocked !== null} title={blocked ?? undefined} onClick={() => onRollback(deployment)}>
              Roll back…
            </button>
          )}
          {blocked !== null && (deployment.canCancel || deployment.canRollback) && <span className="muted">{blocked}</span>}
        </div>
      </section>

      {deployment.state === 'lost-track' && <LostTrackForm deployment={deployment} blocked={blocked} />}

      {deployment.interruption !== null && <InterruptionForm key={deployment.interruption.id} deployment={deployment} interruption={deployment.interruption} blocked={blocked} />}

      <section className="detail-section">
        <h3>Checks</h3>
        <Checks checks={deployment.checks} />
      </section>

      <section className="detail-section">
        <div className="heading-row">
          <h3>Log</h3>
          <PopOutButton link={{ kind: 'deployment', id: deployment.id }} label="Follow in a new window" />
        </div>
        {detail.isError && <ErrorAlert title="The log could not be loaded." error={detail.error} onRetry={() => void detail.refetch()} />}
        {detail.isPending ? <p className="muted">Loading the log…</p> : <DeploymentLog lines={detail.data?.log ?? []} viewerZone={viewerZone} />}
      </section>

      {cancelling && <CancelDeploymentDialog deployment={deployment} onClose={() => setCancelling(false)} />}
    </DetailPanel>
  );
}
