import { keepPreviousData, skipToken, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import type { DeploymentDetail, DeploymentView, DeployPreview, DeploysOverview, VersionMatrix } from '../../../../shared/contract/deploys.js';
import type { FleetDelta } from '../../../../shared/contract/fleet.js';
import type { MethodInput, MethodOutput, OpsClient } from '../../../../shared/contract/index.js';
import { call } from '../../api/call.js';
import { useOpsClient } from '../../api/client-context.js';
import { useFleetSnapshot } from '../../api/queries.js';
import { useConnectionStore } from '../../state/connection-store.js';
import type { DeployRequestInput } from './deploy-form.js';
import { fleetModelOf } from '../fleet/fleet-model.js';
import { joinMatrix, mergeLog, withDeployment, withNewerPushed, type MatrixEntry, type PushedDeployment } from './deploys-model.js';

/**
 * Every deploys query but the matrix sits under one root, so a start refreshes them all at once. The
 * matrix (tens of thousands of rows) sits outside it: only a finished deployment, the clock or the link
 * coming back moves it.
 */
export const deploysKeys = {
  all: ['deploys'] as const,
  matrix: ['deploys.matrix'] as const,
  overview: ['deploys', 'deploys.overview'] as const,
  previews: ['deploys', 'deploys.preview'] as const,
  preview: (request: DeployRequestInput) => ['deploys', 'deploys.preview', request] as const,
  deployment: (id: string) => ['deploys', 'deploys.deployment', id] as const,
  remoteRuns: (id: string) => ['deploys', 'deploys.remoteRuns', id] as const,
};

/** Versions also change outside the console (a deploy server run by hand): refreshed every minute besides the events. */
const OVERVIEW_REFRESH_MS = 60_000;
const MATRIX_REFRESH_MS = 60_000;
/** A running deployment's log is polled this often while its detail is open. */
const LOG_POLL_MS = 1_000;
/** Guards move with the clock (a slot opens, a freeze starts): an open preview is asked again this often. */
const PREVIEW_REFRESH_MS = 30_000;

/** Pushed deployments are remembered this long: longer than any fetch they could overlap. */
const PUSHED_MEMORY_MS = 60_000;
const pushedByCache = new WeakMap<QueryClient, Map<string, PushedDeployment>>();

function pushedOf(queryClient: QueryClient): Map<string, PushedDeployment> {
  let pushed = pushedByCache.get(queryClient);
  if (pushed === undefined) {
    pushed = new Map();
    pushedByCache.set(queryClient, pushed);
  }
  return pushed;
}

/** A deployment an event brought: shown at once, and kept over any fetch that was already out when it came. */
export function receiveDeployment(queryClient: QueryClient, deployment: DeploymentView): void {
  const now = Date.now();
  const pushed = pushedOf(queryClient);
  for (const [id, entry] of pushed) if (now - entry.receivedAt > PUSHED_MEMORY_MS) pushed.delete(id);
  pushed.set(deployment.id, { receivedAt: now, deployment });
  storeDeployment(queryClient, deployment);
}

export function useDeploysOverview<T = DeploysOverview>(select?: (overview: DeploysOverview) => T) {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  const ready = useConnectionStore((state) => state.link !== 'connecting');
  return useQuery({
    queryKey: deploysKeys.overview,
    queryFn: async () => {
      const startedAt = Date.now();
      const overview = await call(client, 'deploys.overview', {});
      return withNewerPushed(overview, pushedOf(queryClient).values(), startedAt);
    },
    refetchInterval: OVERVIEW_REFRESH_MS,
    enabled: ready,
    select,
  });
}

/** Each environment's version, expected version and drift, refetched every minute and when a deployment finishes. */
export function useDeploysMatrix<T = VersionMatrix>(select?: (matrix: VersionMatrix) => T) {
  const client = useOpsClient();
  const ready = useConnectionStore((state) => state.link !== 'connecting');
  return useQuery({
    queryKey: deploysKeys.matrix,
    queryFn: () => call(client, 'deploys.matrix', {}),
    refetchInterval: MATRIX_REFRESH_MS,
    enabled: ready,
    select,
  });
}

/**
 * The matrix rows joined with their environments as the fleet snapshot describes them. The fleet
 * model outlives health deltas, so a delta joins nothing again.
 */
export function useMatrixEntries(): { entries: readonly MatrixEntry[] | undefined; matrix: ReturnType<typeof useDeploysMatrix> } {
  const matrix = useDeploysMatrix();
  const model = useFleetSnapshot(fleetModelOf).data;
  const rows = matrix.data?.rows;
  const entries = useMemo(() => {
    if (rows === undefined || model === undefined) return undefined;
    const positions = model.index.positionById;
    return joinMatrix(rows, (id) => {
      const position = positions.get(id);
      return position === undefined ? undefined : model.row(position);
    });
  }, [rows, model]);
  return { entries, matrix };
}

/** Health and alerts move the critical and severity-one guards: an open preview is asked again soon after they change. */
const PREVIEW_HEALTH_DELAY_MS = 2_000;

/**
 * What the request would touch and the guards it meets; the last answer stays on screen while the next one loads.
 * Asked again on the clock (slots open, freezes start) and soon after an alert or an environment's health changes.
 */
export function useDeployPreview(request: DeployRequestInput | null) {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  const open = request !== null;
  const current = useRef(request);
  current.current = request;
  useEffect(() => {
    if (!open) return;
    let timer: number | null = null;
    const later = () => {
      timer ??= window.setTimeout(() => {
        timer = null;
        void queryClient.invalidateQueries({ queryKey: deploysKeys.previews });
      }, PREVIEW_HEALTH_DELAY_MS);
    };
    // Only the environments the preview lists matter; the fleet reports some change every few seconds.
    const onDelta = (delta: FleetDelta) => {
      const shown = current.current === null ? undefined : queryClient.getQueryData<DeployPreview>(deploysKeys.preview(current.current));
      if (!shown) return;
      const ids = new Set(shown.blastRadius.environments.map((environment) => environment.id));
      if (delta.states.some((state) => ids.has(state.id))) later();
    };
    const unsubscribe = [client.subscribe('alerts.changed', later), client.subscribe('fleet.delta', onDelta)];
    return () => {
      for (const stop of unsubscribe) stop();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [client, queryClient, open]);
  return useQuery({
    queryKey: request === null ? deploysKeys.previews : deploysKeys.preview(request),
    queryFn: request === null ? skipToken : () => call(client, 'deploys.preview', { request }),
    placeholderData: keepPreviousData,
    refetchInterval: PREVIEW_REFRESH_MS,
    retry: false,
  });
}

async function fetchDetail(client: OpsClient, queryClient: QueryClient, id: string): Promise<DeploymentDetail> {
  const previous = queryClient.getQueryData<DeploymentDetail>(deploysKeys.deployment(id));
  const after = previous?.logCount ?? 0;
  const startedAt = Date.now();
  const fresh = await call(client, 'deploys.deployment', { id, after });
  const pushed = pushedOf(queryClient).get(id);
  const deployment = pushed !== undefined && pushed.receivedAt >= startedAt ? pushed.deployment : fresh.deployment;
  return { ...fresh, deployment, log: mergeLog(previous?.log ?? [], after, fresh.log) };
}

/** One deployment with its whole log; while it runs, only the lines not yet seen are fetched, every second. */
export function useDeploymentDetail(id: string, active: boolean) {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: deploysKeys.deployment(id),
    queryFn: () => fetchDetail(client, queryClient, id),
    refetchInterval: active ? LOG_POLL_MS : false,
  });
}

/** A deployment as an answer or an event gave it, written where it is shown. */
export function storeDeployment(queryClient: QueryClient, deployment: DeploymentView): void {
  queryClient.setQueryData<DeploysOverview>(deploysKeys.overview, (overview) => (overview === undefined ? overview : withDeployment(overview, deployment)));
  queryClient.setQueryData<DeploymentDetail>(deploysKeys.deployment(deployment.id), (detail) => (detail === undefined ? detail : { ...detail, deployment }));
}

/** What the deploy backend lists for a deployment's environment, asked while the console has lost track of it. */
export function useRemoteRuns(id: string, enabled: boolean) {
  const client = useOpsClient();
  return useQuery({
    queryKey: deploysKeys.remoteRuns(id),
    queryFn: enabled ? () => call(client, 'deploys.remoteRuns', { id }) : skipToken,
    refetchInterval: enabled ? OVERVIEW_REFRESH_MS / 6 : false,
  });
}

type DeploysCommand = 'deploys.start' | 'deploys.cancel' | 'deploys.answer' | 'deploys.resolveLostTrack';

/** Start, cancel or answer: the deployments it returns are shown at once, and everything else about deploys is refetched. */
function useDeploysCommand<M extends DeploysCommand>(method: M, deploymentsOf: (output: MethodOutput<M>) => readonly DeploymentView[]) {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => call(client, method, input),
    onSuccess: (output) => deploymentsOf(output).forEach((deployment) => storeDeployment(queryClient, deployment)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: deploysKeys.all }),
  });
}

export function useStartDeploy() {
  return useDeploysCommand('deploys.start', (output) => output.deployments);
}

export function useCancelDeployment() {
  return useDeploysCommand('deploys.cancel', (deployment) => [deployment]);
}

export function useAnswerInterruption() {
  return useDeploysCommand('deploys.answer', (deployment) => [deployment]);
}

export function useResolveLostTrack() {
  return useDeploysCommand('deploys.resolveLostTrack', (deployment) => [deployment]);
}
