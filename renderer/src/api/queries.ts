import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { AlertFeed } from '../../../shared/contract/alerts.js';
import type { FleetSnapshot, MethodInput } from '../../../shared/contract/index.js';
import { useConnectionStore } from '../state/connection-store.js';
import { call } from './call.js';
import { useOpsClient } from './client-context.js';
import { queryKeys } from './query-keys.js';

export function useSystemInfo() {
  const client = useOpsClient();
  return useQuery({
    queryKey: queryKeys.systemInfo,
    queryFn: () => call(client, 'system.info', {}),
    staleTime: Infinity,
  });
}

/**
 * The whole fleet, in columns. Up to tens of thousands of environments: no structural sharing
 * (deltas write the state columns in place and publish a new snapshot object, see apply-deltas),
 * never stale (events keep it current), and not fetched before the event stream had its first
 * chance to connect, so no delta falls between the two.
 */
export function useFleetSnapshot<T = FleetSnapshot>(select?: (snapshot: FleetSnapshot) => T): UseQueryResult<T> {
  const client = useOpsClient();
  const ready = useConnectionStore((state) => state.link !== 'connecting');
  return useQuery({
    queryKey: queryKeys.snapshot,
    queryFn: () => call(client, 'fleet.snapshot', {}),
    structuralSharing: false,
    staleTime: Infinity,
    gcTime: Infinity,
    enabled: ready,
    select,
  });
}

export function useEnvironmentDetail(id: string) {
  const client = useOpsClient();
  return useQuery({
    queryKey: queryKeys.environment(id),
    queryFn: () => call(client, 'fleet.environment', { id }),
    staleTime: Infinity,
  });
}

export type InjectFaultInput = MethodInput<'sandbox.injectFault'>;

/** Retries reuse the caller's idempotency key, so the core starts at most one fault per submission. */
export function useInjectFault() {
  const client = useOpsClient();
  return useMutation({
    mutationFn: (input: InjectFaultInput) => call(client, 'sandbox.injectFault', input),
  });
}

/** Connections change only from Settings or the fleet file, but their live state moves: polled while on screen. */
const CONNECTIONS_POLL_MS = 5_000;

export function useConnections() {
  const client = useOpsClient();
  return useQuery({
    queryKey: queryKeys.connections,
    queryFn: () => call(client, 'connections.list', {}),
    refetchInterval: CONNECTIONS_POLL_MS,
  });
}

export type SaveConnectionInput = MethodInput<'connections.save'>;

export function useSaveConnection() {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveConnectionInput) => call(client, 'connections.save', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.connections, exact: true }),
  });
}

export function useRemoveConnection() {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<'connections.remove'>) => call(client, 'connections.remove', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.connections, exact: true }),
  });
}

export type ConnectionTestTarget = MethodInput<'connections.test'>['target'];

/** A query in the contract, but one a person starts with a button, so it runs as a mutation and is never cached. */
export function useTestConnection() {
  const client = useOpsClient();
  return useMutation({
    mutationFn: (target: ConnectionTestTarget) => call(client, 'connections.test', { target }),
  });
}

/** The alert feed; alerts.changed keeps it current, so it is never stale and waits for the event stream like the snapshot. */
export function useAlertFeed<T = AlertFeed>(select?: (feed: AlertFeed) => T): UseQueryResult<T> {
  const client = useOpsClient();
  const ready = useConnectionStore((state) => state.link !== 'connecting');
  return useQuery({
    queryKey: queryKeys.alerts,
    queryFn: () => call(client, 'alerts.list', {}),
    staleTime: Infinity,
    enabled: ready,
    select,
  });
}

export function useAcknowledgeAlert() {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<'alerts.acknowledge'>) => call(client, 'alerts.acknowledge', input),
    onSuccess: (alert) =>
      queryClient.setQueryData<AlertFeed>(queryKeys.alerts, (feed) =>
        feed === undefined ? feed : { ...feed, alerts: feed.alerts.map((candidate) => (candidate.key === alert.key ? alert : candidate)) },
      ),
  });
}

/** Silences also end on their own and may be made in Alertmanager directly: polled while on screen. */
const SILENCES_POLL_MS = 30_000;

export function useSilences() {
  const client = useOpsClient();
  return useQuery({
    queryKey: queryKeys.silences,
    queryFn: () => call(client, 'silences.list', {}),
    refetchInterval: SILENCES_POLL_MS,
  });
}

function useSilenceChange<M extends 'silences.create' | 'silences.expire'>(method: M) {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => call(client, method, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.silences, exact: true }),
        queryClient.invalidateQueries({ queryKey: queryKeys.alerts, exact: true }),
      ]),
  });
}

export type CreateSilenceInput = MethodInput<'silences.create'>;

export function useCreateSilence() {
  return useSilenceChange('silences.create');
}

export function useExpireSilence() {
  return useSilenceChange('silences.expire');
}

export type MetricHistoryInput = Required<MethodInput<'fleet.metrics'>>;

/** History moves slowly next to live checks: refreshed every half minute while the chart is shown. */
const HISTORY_REFRESH_MS = 30_000;

export function useMetricHistory(input: MetricHistoryInput) {
  const client = useOpsClient();
  return useQuery({
    queryKey: queryKeys.metrics(input.environmentId, input.check, input.range, input.maxPoints),
    queryFn: () => call(client, 'fleet.metrics', input),
    refetchInterval: HISTORY_REFRESH_MS,
  });
}

export function useRecentLogs(environmentId: string, minutes: number) {
  const client = useOpsClient();
  return useQuery({
    queryKey: queryKeys.logs(environmentId, minutes),
    queryFn: () => call(client, 'fleet.logs', { environmentId, minutes }),
    refetchInterval: HISTORY_REFRESH_MS,
  });
}
