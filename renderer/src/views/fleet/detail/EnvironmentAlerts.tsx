import { useCallback, useId } from 'react';
import type { AlertFeed } from '../../../../../shared/contract/alerts.js';
import { describeFailure } from '../../../api/call.js';
import { useAlertFeed } from '../../../api/queries.js';
import { Age } from '../../../components/Age.js';
import { useNow } from '../../../time/clock.js';
import { compareAlerts } from '../../alerts/alert-model.js';
import { AlertStateText } from '../../alerts/AlertStateText.js';
import { RunbookLink } from '../../alerts/RunbookLink.js';
import { SeverityBadge } from '../../alerts/SeverityBadge.js';

/** The alerts that name this environment, worst first, with their runbooks. */
export function EnvironmentAlerts({ environmentId }: { environmentId: string }) {
  const headingId = useId();
  const now = useNow();
  const select = useCallback((feed: AlertFeed) => feed.alerts.filter((alert) => alert.environmentId === environmentId).toSorted(compareAlerts), [environmentId]);
  const alerts = useAlertFeed(select);
  return (
    <section className="detail-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Alerts</h3>
      {alerts.isError && <p className="chart-state-error">The alerts could not be loaded: {describeFailure(alerts.error)}</p>}
      {alerts.isPending && !alerts.isError && <p className="muted">Loading alerts…</p>}
      {alerts.data !== undefined &&
        (alerts.data.length === 0 ? (
          <p className="muted">No alert is firing for this environment. Alerts come from the monitoring&apos;s rules, apart from the checks above.</p>
        ) : (
          <ul className="env-alert-list">
            {alerts.data.map((alert) => (
              <li key={alert.key} className="env-alert">
                <div className="env-alert-head">
                  <SeverityBadge severity={alert.severity} />
                  <span className="alert-name">{alert.name}</span>
                  <Age at={alert.startsAt} now={now} />
                </div>
                <p className="env-alert-summary">{alert.summary}</p>
                <div className="env-alert-foot">
                  <AlertStateText alert={alert} now={now} />
                  <RunbookLink url={alert.runbookUrl} alertName={alert.name} />
                </div>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
