import { useCallback, useMemo, useState } from 'react';
import type { AlertFeed, AlertView, SilenceView } from '../../../../shared/contract/alerts.js';
import { describeFailure } from '../../api/call.js';
import { useAcknowledgeAlert, useAlertFeed, useSystemInfo } from '../../api/queries.js';
import { Age } from '../../components/Age.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { NotificationControl } from '../../notifications/NotificationControl.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { useNow } from '../../time/clock.js';
import { formatAbsolute, formatCount } from '../../time/format.js';
import { HeldList } from '../../components/held-list/HeldListBar.js';
import { useHeldRows } from '../../components/held-list/use-held-rows.js';
import { ALERT_IDENTITY, countAlerts, orderAlerts, type AlertCounts } from './alert-model.js';
import { AlertFeedTable } from './AlertFeedTable.js';
import { SeverityBadge } from './SeverityBadge.js';
import { SilenceDialog } from './SilenceDialog.js';
import { SilenceList } from './SilenceList.js';
import { useEnvironmentStatuses } from './use-environment-statuses.js';
import { useDeclareDialogStore } from '../incidents/declare-dialog-store.js';

type Outcome = { kind: 'ok' | 'error'; text: string } | null;

function CountsBar({ counts }: { counts: AlertCounts }) {
  return (
    <ul className="alert-counts" aria-label="Alert counts">
      <li>
        <SeverityBadge severity="critical" count={formatCount(counts.critical)} />
      </li>
      <li>
        <SeverityBadge severity="warning" count={formatCount(counts.warning)} />
      </li>
      <li>
        <SeverityBadge severity="info" count={formatCount(counts.info)} />
      </li>
      <li>
        <StatusBadge status="maintenance" label="Silenced" count={formatCount(counts.silenced)} />
      </li>
    </ul>
  );
}

function FeedSources({ sources }: { sources: AlertFeed['sources'] }) {
  const now = useNow();
  const coreLive = useConnectionStore((state) => state.link === 'live');
  if (sources.length === 0) return <p className="muted">No alert source is configured.</p>;
  return (
    <ul className="alert-sources" aria-label="Alert sources">
      {sources.map((source) => (
        <li key={source.connectionId} className="source-item">
          <span className="source-name">{source.name}</span>
          {!coreLive ? (
            <StatusBadge status="stale" label="Core unreachable" />
          ) : source.lastError === null ? (
            <StatusBadge status="ok" label="Answering" />
          ) : (
            <StatusBadge status="critical" label="Failing" />
          )}
          <Age at={source.lastSuccessAt} now={now} prefix="updated" />
          {source.lastError !== null && <span className="source-error">{source.lastError}</span>}
        </li>
      ))}
    </ul>
  );
}

const NO_ALERTS: readonly AlertView[] = [];
const ALL_ALERTS = {};

export function AlertsView() {
  const feed = useAlertFeed();
  const readOnly = useSystemInfo().data?.readOnly ?? false;
  const link = useConnectionStore((state) => state.link);
  const { mutate: acknowledge, isPending: acknowledgePending, variables: acknowledgeVariables } = useAcknowledgeAlert();
  const [silencing, setSilencing] = useState<AlertView | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set());
  const openDeclare = useDeclareDialogStore((state) => state.open);

  const alerts = feed.data?.alerts;
  const held = useHeldRows(ALL_ALERTS, alerts ?? NO_ALERTS, orderAlerts, ALERT_IDENTITY);
  const counts = useMemo(() => countAlerts(alerts ?? []), [alerts]);
  const environmentIds = useMemo(() => [...new Set((alerts ?? []).flatMap((alert) => (alert.environmentId === null ? [] : [alert.environmentId])))], [alerts]);
  const statuses = useEnvironmentStatuses(environmentIds);

  const onAcknowledge = useCallback(
    (alert: AlertView) => {
      acknowledge(
        { key: alert.key, idempotencyKey: crypto.randomUUID() },
        {
          onSuccess: (updated) => setOutcome({ kind: 'ok', text: `Acknowledged ${updated.name} on ${updated.environmentId ?? updated.connectionId}.` }),
          onError: (error) => setOutcome({ kind: 'error', text: `${alert.name} was not acknowledged: ${describeFailure(error)}` }),
        },
      );
    },
    [acknowledge],
  );

  const onToggle = useCallback(
    (key: string) =>
      setChosen((current) => {
        const next = new Set(current);
        if (!next.delete(key)) next.add(key);
        return next;
      }),
    [],
  );
  const onDeclare = useCallback((alert: AlertView) => openDeclare({ alertKeys: [alert.key], environmentIds: [] }), [openDeclare]);
  // Alerts that left the feed are no longer chosen.
  const chosenShown = useMemo(() => new Set((alerts ?? []).filter((alert) => chosen.has(alert.key)).map((alert) => alert.key)), [alerts, chosen]);

  const onCreated = useCallback((silence: SilenceView) => {
    setSilencing(null);
    setOutcome({ kind: 'ok', text: `Silence created until ${formatAbsolute(silence.endsAt)}.` });
  }, []);

  return (
    <section className="view view-alerts">
      <div className="alerts-head">
        <h1 tabIndex={-1}>Alerts</h1>
        {alerts !== undefined && <CountsBar counts={counts} />}
        <NotificationControl />
      </div>
      {feed.data !== undefined && <FeedSources sources={feed.data.sources} />}
      {/* One reserved line for the outcome of the last action, so nothing below moves when it appears. */}
      <div className="alerts-outcome">
        {outcome?.kind === 'ok' && (
          <p role="status">
            <StatusIcon status="ok" /> {outcome.text}
          </p>
        )}
        {outcome?.kind === 'error' && (
          <p role="alert">
            <StatusIcon status="critical" /> {outcome.text}
          </p>
        )}
      </div>
      <div className="alerts-chosen">
        <button
          type="button"
          disabled={readOnly || chosenShown.size === 0}
          onClick={() => openDeclare({ alertKeys: [...chosenShown], environmentIds: [] })}
        >
          Declare an incident from {chosenShown.size === 0 ? 'the chosen alerts' : `${formatCount(chosenShown.size)} chosen ${chosenShown.size === 1 ? 'alert' : 'alerts'}`}…
        </button>
        {chosenShown.size > 0 && (
          <button type="button" onClick={() => setChosen(new Set())}>
            Clear choice
          </button>
        )}
      </div>
      {feed.isError && <ErrorAlert title="The alert feed could not be loaded." error={feed.error} onRetry={() => void feed.refetch()} />}
      {alerts === undefined ? (
        !feed.isError && (
          <p className="loading" role="status">
            {link === 'connecting' ? 'Connecting to the Watchfloor core…' : 'Loading alerts…'}
          </p>
        )
      ) : (
        <HeldList hold={held.hold} pending={held.pending} onShow={held.apply} listName="alert feed">
          <AlertFeedTable
            alerts={held.rows}
            statuses={statuses}
            readOnly={readOnly}
            acknowledgingKey={acknowledgePending ? (acknowledgeVariables?.key ?? null) : null}
            onAcknowledge={onAcknowledge}
            onSilence={setSilencing}
            selectedKeys={chosenShown}
            onToggle={onToggle}
            onDeclare={onDeclare}
          />
        </HeldList>
      )}
      {readOnly && <p className="muted">Watchfloor runs read-only: acknowledging, silencing and expiring are turned off.</p>}
      <SilenceList readOnly={readOnly} />
      {silencing !== null && <SilenceDialog alert={silencing} onClose={() => setSilencing(null)} onCreated={onCreated} />}
    </section>
  );
}
