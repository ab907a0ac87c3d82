import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useOpsClient } from '../../api/client-context.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { deploysKeys, receiveDeployment } from './deploys-queries.js';

/** A running deployment reports every step: the overview (thousands of matrix rows) is refetched at most this often. */
const OVERVIEW_REFETCH_DELAY_MS = 1_000;

/**
 * deploys.changed carries the deployment that moved: it is written in place at once (and kept over any
 * older answer still on its way), and the overview is refetched a moment later for versions and gates.
 * After the link to the core comes back, everything is refetched.
 */
export function useDeploysLive(): void {
  const client = useOpsClient();
  const queryClient = useQueryClient();

  useEffect(() => {
    let timer: number | null = null;
    const unsubscribe = client.subscribe('deploys.changed', ({ deployment }) => {
      if (deployment !== null) {
        receiveDeployment(queryClient, deployment);
        void queryClient.invalidateQueries({ queryKey: deploysKeys.deployment(deployment.id), exact: true });
      }
      timer ??= window.setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: deploysKeys.overview, exact: true });
      }, OVERVIEW_REFETCH_DELAY_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [client, queryClient]);

  useEffect(
    () =>
      useConnectionStore.subscribe((state, previous) => {
        if (state.link === 'live' && previous.link !== 'live') void queryClient.invalidateQueries({ queryKey: deploysKeys.all });
      }),
    [queryClient],
  );
}
