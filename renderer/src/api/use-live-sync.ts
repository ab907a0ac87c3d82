import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useConnectionStore } from '../state/connection-store.js';
import { useOpsClient } from './client-context.js';
import { startFleetLive } from './fleet-live.js';
import { queryKeys } from './query-keys.js';

/** Pushed deltas into the cache, and a fresh snapshot whenever the link to the core comes back. */
export function useLiveSync(): void {
  const client = useOpsClient();
  const queryClient = useQueryClient();

  useEffect(() => startFleetLive(client, queryClient), [client, queryClient]);

  useEffect(
    () =>
      useConnectionStore.subscribe((state, previous) => {
        if (state.link !== 'live' || previous.link === 'live') return;
        void queryClient.invalidateQueries({ queryKey: queryKeys.systemInfo, exact: true });
        // A snapshot query that never ran starts on its own now that the link is up.
        if (queryClient.getQueryState(queryKeys.snapshot)?.status === 'pending') return;
        void queryClient.invalidateQueries({ queryKey: queryKeys.snapshot, exact: true });
      }),
    [queryClient],
  );
}
