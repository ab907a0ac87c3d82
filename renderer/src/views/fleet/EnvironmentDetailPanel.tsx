import { lastObserved, type EnvironmentState, type RegionView, type SourceStatus } from '../../../../shared/contract/index.js';
import { useEnvironmentDetail } from '../../api/queries.js';
import { Age } from '../../components/Age.js';
import { DetailPanel } from '../../components/DetailPanel.js';
import { kindWithRing, SITE_ROLE_LABELS } from '../../components/labels.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useNow } from '../../time/clock.js';
import { formatZonedClock } from '../../time/format.js';
import { EnvironmentDeploys } from './detail/EnvironmentDeploys.js';
import { LifecycleSection } from './detail/LifecycleSection.js';
import { EnvironmentObservations } from './detail/EnvironmentObservations.js';
import { ServerChecksSection } from './detail/ServerChecksSection.js';
import { FaultForm } from './FaultForm.js';
import { HealthUnderneath } from './HealthUnderneath.js';
import { useDeclareDialogStore } from '../incidents/declare-dialog-store.js';
import type { FleetRow } from './fleet-model.js';

interface EnvironmentDetailPanelProps {
  row: FleetRow;
  region: RegionView | undefined;
  /** The state from the live snapshot; fresher than the detail's copy between refetches. */
  liveState: EnvironmentState | undefined;
  source: SourceStatus | undefined;
  readOnly: boolean;
  onClose: () => void;
}

export function EnvironmentDetailPanel({ row, region, liveState, source, readOnly, onClose }: EnvironmentDetailPanelProps) {
  const { env } = row;
  const now = useNow();
  const detail = useEnvironmentDetail(env.id);
  const state = liveState ?? detail.data?.state;
  const site = region?.sites.find((candidate) => candidate.id === env.siteId);
  const openDeclare = useDeclareDialogStore((state) => state.open);

  return (
    <DetailPanel title={env.name} itemKey={env.id} className="env-drawer" onClose={onClose}>
      <p className="env-id">{env.id}</p>
      <p>
        <button type="button" disabled={readOnly} onClick={() => openDeclare({ alertKeys: [], environmentIds: [env.id] })}>
          Declare incident…
        </button>
      </p>

      <section className="detail-section">
        <h3>State</h3>
        {state === undefined ? (
          <p className="muted">No state reported yet.</p>
        ) : (
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={state.status} />
              <HealthUnderneath status={state.status} health={state.health} />
            </dd>
            <dt>Reason</dt>
            <dd>{state.reason}</dd>
            <dt>Last observed</dt>
            <dd>
              <Age at={lastObserved(state, source)} now={now} />
            </dd>
            <dt>Changed</dt>
            <dd>
              <Age at={state.changedAt} now={now} />
            </dd>
          </dl>
        )}
      </section>

      <LifecycleSection plan={env.lifecycle} state={state} now={now} notice={detail.data?.endNotice ?? null} />

      <ServerChecksSection environmentId={env.id} />

      <EnvironmentDeploys environmentId={env.id} />

      <EnvironmentObservations key={env.id} environmentId={env.id} />

      <section className="detail-section">
        <h3>Environment</h3>
        <dl className="facts">
          <dt>Tenant</dt>
          <dd>{row.tenantName}</dd>
          <dt>Region</dt>
          <dd>
            <span>{row.regionName}</span>
            {region !== undefined && (
              <span className="muted">
                {region.timeZone}, now {formatZonedClock(now, region.timeZone)}
              </span>
            )}
          </dd>
          <dt>Site</dt>
          <dd>
            <span>{row.siteName}</span>
            {site !== undefined && <span className="muted">{SITE_ROLE_LABELS[site.role]}</span>}
          </dd>
          <dt>Kind</dt>
          <dd>{kindWithRing(env.kind, env.ring)}</dd>
          {env.slots !== undefined && (
            <>
              <dt>Slots</dt>
              <dd>{env.slots.join(', ')}</dd>
            </>
          )}
          <dt>Watched by</dt>
          <dd>{env.watchedBy}</dd>
          <dt>Servers</dt>
          <dd className="num">{env.servers}</dd>
        </dl>
      </section>

      {detail.data?.canSimulateFaults === true && (
        <section className="detail-section">
          <FaultForm key={env.id} environmentId={env.id} readOnly={readOnly} />
        </section>
      )}
    </DetailPanel>
  );
}
