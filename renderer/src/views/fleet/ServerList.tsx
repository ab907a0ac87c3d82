import type { ServerView } from '../../../../shared/contract/index.js';
import { Age } from '../../components/Age.js';
import { CHECK_LABELS } from '../../components/labels.js';
import { StatusBadge } from '../../components/StatusBadge.js';

const valueFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  const number = valueFormat.format(value);
  if (unit === '') return number;
  return unit === '%' ? `${number}%` : `${number} ${unit}`;
}

/** The summary without " on <host>": the host heads its group, so a row need not say it again. */
function withoutHost(summary: string, server: string): string {
  return summary.replace(` on ${server}`, '');
}

/** Checks grouped under their host: one heading per server, then one short line per check, saying when it last answered (after a partial round some are older than the rest). */
export function ServerList({ servers, now }: { servers: readonly ServerView[]; now: number }) {
  return (
    <ul className="server-list">
      {servers.map((server) => (
        <li key={server.name} className="server">
          <div className="server-head">
            <h4>{server.name}</h4>
            <span className="muted">{server.role}</span>
            <StatusBadge status={server.status} />
          </div>
          <table className="check-table">
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Value</th>
                <th scope="col">Status</th>
                <th scope="col">Summary</th>
                <th scope="col">Last observed</th>
              </tr>
            </thead>
            <tbody>
              {server.checks.map((check) => {
                const summary = withoutHost(check.summary, server.name);
                return (
                  <tr key={check.check}>
                    <th scope="row">{CHECK_LABELS[check.check]}</th>
                    <td className="num">{formatValue(check.value, check.unit)}</td>
                    <td>
                      <StatusBadge status={check.status} />
                    </td>
                    <td className="check-summary" title={summary}>
                      {summary}
                    </td>
                    <td>
                      <Age at={check.observedAt} now={now} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </li>
      ))}
    </ul>
  );
}
