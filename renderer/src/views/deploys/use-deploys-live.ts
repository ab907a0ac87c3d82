import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useOpsClient } from '../../api/client-context.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { FINISHED_STATES, type DeploysOverview } from '../../../../shared/contract/deploys.js';
import { deploysKeys, receiveDeployment } from './deploys-queries.js';

/** Deployments change state in bursts (a ring starts at once): the overview is refetched at most this often. */
const OVERVIEW_REFETCH_DELAY_MS = 1_000;
/** Deployments of a rollout finish in bursts too: the matrix (tens of thousands of rows on a big fleet) at most this often. */
const MATRIX_REFETCH_DELAY_MS = 2_000;

/**
 * deploys.changed carries the deployment that moved: it is written in place at once (and kept over any
 * older answer still on its way). Only a new deployment or a change of state moves gates and stage
 * states, so only then is the overview refetched, a moment later; progress and steps do not. Versions and
 * drift move only when a deployment finishes (or the core says versions changed), so only then is the
 * matrix refetched. After the link to the core comes back, everything is refetched.
 */
export function useDeploysLive(): void {
  const client = useOpsClient();
  const queryClient = useQueryClient();

  useEffect(() => {
    const timers = new Map<readonly string[], number>();
    const refetchSoon = (queryKey: readonly string[], delayMs: number) => {
      if (timers.has(queryKey)) return;
      timers.set(
        queryKey,
        window.setTimeout(() => {
          timers.delete(queryKey);
          void queryClient.invalidateQueries({ queryKey, exact: true });
        }, delayMs),
      );
    };
    const unsubscribe = client.subscribe('deploys.changed', ({ deployment }) => {
      if (deployment !== null) {
        const known = queryClient.getQueryData<DeploysOverview>(deploysKeys.overview)?.deployments.find((candidate) => candidate.id === deployment.id);
        receiveDeployment(queryClient, deployment);
        void queryClient.invalidateQueries({ queryKey: deploysKeys.deployment(deployment.id), exact: true });
        if (known !== undefined && known.state === deployment.state) return;
      }
      refetchSoon(deploysKeys.overview, OVERVIEW_REFETCH_DELAY_MS);
      if (deployment === null || FINISHED_STATES.includes(deployment.state)) refetchSoon(deploysKeys.matrix, MATRIX_REFETCH_DELAY_MS);
    });
    return () => {
      unsubscribe();
      for (const timer of timers.values()) window.clearTimeout(timer);
    };
  }, [client, queryClient]);

  useEffect(
    () =>
      useConnectionStore.subscribe((state, previous) => {
        if (state.link !== 'live' || previous.link === 'live') return;
        void queryClient.invalidateQueries({ queryKey: deploysKeys.all });
        void queryClient.invalidateQueries({ queryKey: deploysKeys.matrix });
      }),
    [queryClient],
  );
}
