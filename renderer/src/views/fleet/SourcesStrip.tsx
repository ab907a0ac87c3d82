import type { SourceStatus } from '../../../../shared/contract/index.js';
import { Age } from '../../components/Age.js';
import { SourceStateBadge } from '../../components/SourceStateBadge.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { useNow } from '../../time/clock.js';

export function SourcesStrip({ sources }: { sources: readonly SourceStatus[] }) {
  const now = useNow();
  // Cut off from the core, a source's last state is hearsay: say so, and let its age keep growing.
  const coreLive = useConnectionStore((state) => state.link === 'live');
  return (
    <section className="sources-strip">
      <h2 className="sr-only">Sources</h2>
      {sources.length === 0 ? (
        <p className="muted">No monitoring source is configured.</p>
      ) : (
        <ul>
          {sources.map((source) => (
            <li key={source.id} className="source-item" title={source.lastError ?? undefined}>
              <span className="source-name">{source.name}</span>
              {coreLive ? <SourceStateBadge state={source.state} /> : <StatusBadge status="stale" label="Core unreachable" />}
              <Age at={source.lastSuccessAt} now={now} prefix="updated" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
