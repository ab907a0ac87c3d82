import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IncidentList } from '../../../../shared/contract/incidents.js';
import type { MethodInput } from '../../../../shared/contract/index.js';
import type { CommandsOf } from '../../../../shared/contract/methods.js';
import { call } from '../../api/call.js';
import { useOpsClient } from '../../api/client-context.js';
import { useConnectionStore } from '../../state/connection-store.js';

/** Every incidents query sits under one root, so a command or an incidents.changed event refreshes them together. */
export const incidentsKeys = {
  all: ['incidents'] as const,
  list: ['incidents', 'incidents.list'] as const,
  incident: (id: string) => ['incidents', 'incidents.get', id] as const,
  scope: (alertKeys: readonly string[], environmentIds: readonly string[]) => ['incidents', 'incidents.scope', alertKeys, environmentIds] as const,
  preview: (id: string, status: string) => ['incidents', 'incidents.previewStatusPost', id, status] as const,
};

/**
 * SLA clocks run with the clock and the ticketing backend is polled by the core: besides the
 * incidents.changed event, the list and an open incident are asked again this often, so the remaining
 * time and how old the data is stay true.
 */
const REFRESH_MS = 30_000;

export function useIncidentList<T = IncidentList>(select?: (list: IncidentList) => T) {
  const client = useOpsClient();
  const ready = useConnectionStore((state) => state.link !== 'connecting');
  return useQuery({
    queryKey: incidentsKeys.list,
    queryFn: () => call(client, 'incidents.list', {}),
    refetchInterval: REFRESH_MS,
    enabled: ready,
    select,
  });
}

export function useIncident(id: string) {
  const client = useOpsClient();
  return useQuery({
    queryKey: incidentsKeys.incident(id),
    queryFn: () => call(client, 'incidents.get', { id }),
    refetchInterval: REFRESH_MS,
  });
}

/** What the declare dialog pre-fills; asked once per opening (null while nothing is chosen, e.g. a blank declaration). */
export function useDeclareScope(source: { alertKeys: readonly string[]; environmentIds: readonly string[] } | null) {
  const client = useOpsClient();
  return useQuery({
    queryKey: source === null ? incidentsKeys.scope([], []) : incidentsKeys.scope(source.alertKeys, source.environmentIds),
    queryFn: source === null ? skipToken : () => call(client, 'incidents.scope', { alertKeys: [...source.alertKeys], environmentIds: [...source.environmentIds] }),
    staleTime: Infinity,
    retry: false,
  });
}

export type PostStatus = MethodInput<'incidents.previewStatusPost'>['status'];

/** The status page post as the core's template fills it in; never cached across openings (scope and times move). */
export function useStatusPostPreview(id: string, status: PostStatus) {
  const client = useOpsClient();
  return useQuery({
    queryKey: incidentsKeys.preview(id, status),
    queryFn: () => call(client, 'incidents.previewStatusPost', { id, status }),
    gcTime: 0,
    retry: false,
  });
}

export type IncidentCommand = CommandsOf<'incidents'>;

/** Any incidents command; whatever it answers, every incidents query is asked again (the list, the page, the outbox). */
export function useIncidentCommand<M extends IncidentCommand>(method: M) {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => call(client, method, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: incidentsKeys.all }),
  });
}
