import { useEnvironmentDetail } from '../../../api/queries.js';
import { Age } from '../../../components/Age.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useNow } from '../../../time/clock.js';
import { RunbookLink } from '../../alerts/RunbookLink.js';
import { ServerList } from '../ServerList.js';

/**
 * The environment's checks, grouped by server, with what a check is next to an alert: at 3 a.m.
 * "Critical: disk 92%" beside "No alert is firing" must read as two sources, not a contradiction.
 */
export function ServerChecksSection({ environmentId }: { environmentId: string }) {
  const now = useNow();
  const detail = useEnvironmentDetail(environmentId);
  return (
    <section className="detail-section">
      <h3>Servers and checks</h3>
      <p className="muted check-alert-note">
        A check is Watchfloor&apos;s own reading of a server against its limits; the checks set the status above. An alert is raised by the
        monitoring&apos;s own rules, so a check can fail before an alert fires, or with no alert at all.
      </p>
      {detail.isError && <ErrorAlert title="The environment's detail could not be loaded." error={detail.error} onRetry={() => void detail.refetch()} />}
      {detail.isPending && (
        <p className="muted" role="status">
          Loading servers…
        </p>
      )}
      {detail.data !== undefined &&
        (detail.data.serversAsOf === null ? (
          <p className="muted">Servers are only known while their source is live; none can be shown now.</p>
        ) : (
          <>
            <p className="muted">
              Checks as of <Age at={detail.data.serversAsOf} now={now} />
            </p>
            <ServerList servers={detail.data.servers} now={now} />
          </>
        ))}
      {detail.data !== undefined && detail.data.runbooks.length > 0 && (
        <ul className="check-runbooks" aria-label="Runbooks per check">
          {detail.data.runbooks.map((runbook) => (
            <li key={runbook.check}>
              {runbook.check}: <RunbookLink url={runbook.url} alertName={runbook.check} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
