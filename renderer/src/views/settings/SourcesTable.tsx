import type { SourceStatus } from '../../../../shared/contract/index.js';
import { Age } from '../../components/Age.js';
import { SourceStateBadge } from '../../components/SourceStateBadge.js';
import { useNow } from '../../time/clock.js';
import { formatCount } from '../../time/format.js';

export function SourcesTable({ sources }: { sources: readonly SourceStatus[] }) {
  const now = useNow();
  if (sources.length === 0) return <p className="muted">No monitoring source is configured.</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Kind</th>
          <th scope="col">State</th>
          <th scope="col">Last success</th>
          <th scope="col">Latency</th>
          <th scope="col">Environments</th>
          <th scope="col">Last error</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((source) => (
          <tr key={source.id}>
            <th scope="row">{source.name}</th>
            <td>{source.kind}</td>
            <td>
              <SourceStateBadge state={source.state} />
            </td>
            <td>
              <Age at={source.lastSuccessAt} now={now} />
            </td>
            <td className="num">{source.latencyMs === null ? '—' : `${formatCount(Math.round(source.latencyMs))} ms`}</td>
            <td className="num">{formatCount(source.environments)}</td>
            <td>{source.lastError ?? 'None'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
