import { hashKey, type QueryClient } from '@tanstack/react-query';
import type { FleetDelta, FleetSnapshot, OpsClient } from '../../../shared/contract/index.js';
import { applyDeltas } from './apply-deltas.js';
import { queryKeys } from './query-keys.js';

/** A hidden window gets no animation frames; deltas still have to land, just less often. */
const HIDDEN_FLUSH_MS = 1_000;
/** Past this many unapplied deltas a fresh snapshot is cheaper than catching up. */
const MAX_BUFFERED = 5_000;
const SNAPSHOT_HASH = hashKey(queryKeys.snapshot);

/**
 * Keeps the snapshot in the query cache current: deltas are buffered and applied at most once per
 * animation frame with one cache write; a revision gap or a reloaded definition refetches instead.
 */
export function startFleetLive(client: OpsClient, queryClient: QueryClient): () => void {
  let buffer: FleetDelta[] = [];
  let cancelScheduled: (() => void) | null = null;

  function refetchSnapshot(): void {
    void queryClient.invalidateQueries({ queryKey: queryKeys.snapshot, exact: true });
  }

  function schedule(): void {
    if (cancelScheduled !== null) return;
    if (document.hidden) {
      const timer = window.setTimeout(flush, HIDDEN_FLUSH_MS);
      cancelScheduled = () => window.clearTimeout(timer);
    } else {
      const frame = window.requestAnimationFrame(flush);
      cancelScheduled = () => window.cancelAnimationFrame(frame);
    }
  }

  function refreshOpenDetails(changed: ReadonlySet<string>): void {
    if (changed.size === 0) return;
    for (const query of queryClient.getQueryCache().findAll({ queryKey: queryKeys.environmentRoot })) {
      const id = query.queryKey[1];
      if (typeof id === 'string' && changed.has(id)) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.environment(id), exact: true });
      }
    }
  }

  function flush(): void {
    cancelScheduled = null;
    if (buffer.length === 0) return;
    // A snapshot on its way would overwrite anything applied now; the cache listener resumes after it lands.
    if (queryClient.isFetching({ queryKey: queryKeys.snapshot, exact: true }) > 0) return;
    const current = queryClient.getQueryData<FleetSnapshot>(queryKeys.snapshot);
    if (current === undefined) return;
    const outcome = applyDeltas(current, buffer);
    buffer = outcome.pending;
    if (outcome.snapshot !== current) queryClient.setQueryData(queryKeys.snapshot, outcome.snapshot);
    if (outcome.gap) refetchSnapshot();
    refreshOpenDetails(outcome.changed);
  }

  const stopDeltas = client.subscribe('fleet.delta', (delta) => {
    buffer.push(delta);
    if (buffer.length > MAX_BUFFERED) {
      buffer = [];
      refetchSnapshot();
      return;
    }
    schedule();
  });

  const stopReloaded = client.subscribe('fleet.reloaded', () => {
    refetchSnapshot();
    void queryClient.invalidateQueries({ queryKey: queryKeys.systemInfo, exact: true });
  });

  const stopCache = queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    if (event.query.queryHash !== SNAPSHOT_HASH) return;
    if (buffer.length > 0) schedule();
  });

  const onVisibility = () => {
    if (buffer.length === 0 || cancelScheduled === null) return;
    cancelScheduled();
    cancelScheduled = null;
    schedule();
  };
  document.addEventListener('visibilitychange', onVisibility);

  return () => {
    stopDeltas();
    stopReloaded();
    stopCache();
    document.removeEventListener('visibilitychange', onVisibility);
    cancelScheduled?.();
    cancelScheduled = null;
    buffer = [];
  };
}
