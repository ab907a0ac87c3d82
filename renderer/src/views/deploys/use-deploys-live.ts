import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useOpsClient } from '../../api/client-context.js';
import { useConnectionStore } from '../../state/connection-store.js';
import type { DeploysOverview } from '../../../../shared/contract/deploys.js';
import { deploysKeys, receiveDeployment } from './deploys-queries.js';

/** Deployments change state in bursts (a ring starts at once): the overview is refetched at most this often. */
const OVERVIEW_REFETCH_DELAY_MS = 1_000;

/**
 * deploys.changed carries the deployment that moved: it is written in place at once (and kept over any
 * older answer still on its way). Only a new deployment or a change of state moves versions, gates and
 * stage states, so only then is the overview (tens of thousands of matrix rows on a big fleet) refetched,
 * a moment later; progress and steps do not. After the link to the core comes back, everything is refetched.
 */
export function useDeploysLive(): void {
  const client = useOpsClient();
  const queryClient = useQueryClient();

  useEffect(() => {
    let timer: number | null = null;
    const unsubscribe = client.subscribe('deploys.changed', ({ deployment }) => {
      if (deployment !== null) {
        const known = queryClient.getQueryData<DeploysOverview>(deploysKeys.overview)?.deployments.find((candidate) => candidate.id === deployment.id);
        receiveDeployment(queryClient, deployment);
        void queryClient.invalidateQueries({ queryKey: deploysKeys.deployment(deployment.id), exact: true });
        if (known !== undefined && known.state === deployment.state) return;
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
