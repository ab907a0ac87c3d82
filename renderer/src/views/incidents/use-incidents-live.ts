import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useOpsClient } from '../../api/client-context.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { incidentsKeys } from './incidents-queries.js';

/** Changes come in bursts (an outbox replayed, a ticket polled): the list is asked again at most this often. */
const LIST_REFETCH_DELAY_MS = 500;

/**
 * incidents.changed names the incident that moved (or none, for a change to many): the list is asked
 * again a moment later and that incident at once (or every open one). After the link to the core comes
 * back, everything is asked again.
 */
export function useIncidentsLive(): void {
  const client = useOpsClient();
  const queryClient = useQueryClient();

  useEffect(() => {
    let timer: number | null = null;
    const unsubscribe = client.subscribe('incidents.changed', ({ incidentId }) => {
      timer ??= window.setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: incidentsKeys.list, exact: true });
      }, LIST_REFETCH_DELAY_MS);
      // The list is left to the timer: asked at once here as well, a burst would fetch the whole list twice.
      if (incidentId !== null) void queryClient.invalidateQueries({ queryKey: incidentsKeys.incident(incidentId) });
      else void queryClient.invalidateQueries({ queryKey: incidentsKeys.all, predicate: (query) => query.queryKey[1] !== incidentsKeys.list[1] });
    });
    return () => {
      unsubscribe();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [client, queryClient]);

  useEffect(
    () =>
      useConnectionStore.subscribe((state, previous) => {
        if (state.link !== 'live' || previous.link === 'live') return;
        void queryClient.invalidateQueries({ queryKey: incidentsKeys.all });
      }),
    [queryClient],
  );
}
