import { useMutation, useQuery, type UseQueryResult } from '@tanstack/react-query';
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
 * The whole fleet. Up to tens of thousands of environments: no structural sharing (deltas build
 * new objects only where something changed), never stale (events keep it current), and not fetched
 * before the event stream had its first chance to connect, so no delta falls between the two.
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
