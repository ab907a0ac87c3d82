import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useConnectionStore } from '../state/connection-store.js';
import { useOpsClient } from './client-context.js';
import { queryKeys } from './query-keys.js';

/**
 * alerts.changed carries the whole feed: it replaces the cached one (a list call in flight would
 * answer with an older feed, so it is cancelled). A silence shows in the feed, so the silence list
 * is refreshed with it. After the link to the core comes back, the feed is fetched again.
 */
export function useAlertsLive(): void {
  const client = useOpsClient();
  const queryClient = useQueryClient();

  useEffect(
    () =>
      client.subscribe('alerts.changed', (feed) => {
        void queryClient.cancelQueries({ queryKey: queryKeys.alerts, exact: true });
        queryClient.setQueryData(queryKeys.alerts, feed);
        void queryClient.invalidateQueries({ queryKey: queryKeys.silences, exact: true });
      }),
    [client, queryClient],
  );

  useEffect(
    () =>
      useConnectionStore.subscribe((state, previous) => {
        if (state.link !== 'live' || previous.link === 'live') return;
        if (queryClient.getQueryState(queryKeys.alerts)?.status === 'pending') return;
        void queryClient.invalidateQueries({ queryKey: queryKeys.alerts, exact: true });
      }),
    [queryClient],
  );
}
