import { useId } from 'react';
import { describeFailure } from '../../../api/call.js';
import { useRecentLogs } from '../../../api/queries.js';
import { formatAbsolute } from '../../../time/format.js';

const LOG_MINUTES = 60;
const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** The environment's recent error lines from the log search it is bound to, newest first. */
export function RecentLogsSection({ environmentId }: { environmentId: string }) {
  const headingId = useId();
  const logs = useRecentLogs(environmentId, LOG_MINUTES);
  return (
    <section className="detail-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Recent errors</h3>
      {logs.isError && <p className="chart-state-error">The log lines could not be loaded: {describeFailure(logs.error)}</p>}
      {logs.isPending && <p className="muted">Loading log lines…</p>}
      {logs.data !== undefined &&
        (logs.data.connectionId === null ? (
          <p className="muted">No log source bound to this environment.</p>
        ) : logs.data.lines.length === 0 ? (
          <p className="muted">
            No error lines in the last {LOG_MINUTES} min from <code>{logs.data.connectionId}</code>.
          </p>
        ) : (
          <>
            <p className="muted">
              Last {LOG_MINUTES} min from <code>{logs.data.connectionId}</code>, newest first · times in {viewerZone}
            </p>
            <ol className="log-lines" aria-label="Error log lines">
              {logs.data.lines.map((line, position) => (
                <li key={`${line.at}:${position}`} className="log-line">
                  <div className="log-meta">
                    <time dateTime={new Date(line.at).toISOString()} title={formatAbsolute(line.at)}>
                      {timeFormat.format(line.at)}
                    </time>
                    <span className="log-server">{line.server ?? '—'}</span>
                    <span className="log-service">{line.service ?? '—'}</span>
                    <span className="log-level">{line.level}</span>
                  </div>
                  <p className="log-message">{line.message}</p>
                </li>
              ))}
            </ol>
          </>
        ))}
    </section>
  );
}
