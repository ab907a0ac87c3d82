import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MethodInput } from '../../../../shared/contract/index.js';
import { call } from '../../api/call.js';
import { useOpsClient } from '../../api/client-context.js';
import { useConnectionStore } from '../../state/connection-store.js';

/** Every calendar query sits under one root, so calendar.changed refreshes them all at once. */
export const calendarKeys = {
  all: ['calendar'] as const,
  view: (from: number, to: number) => ['calendar', 'calendar.view', from, to] as const,
  banners: ['calendar', 'calendar.banners'] as const,
};

/** Notice states move with the clock (ahead → due → overdue) without any event: refreshed every minute while shown. */
const NOTICE_REFRESH_MS = 60_000;
/** calendar.changed refreshes on any edit; moving back and forth between weeks reuses what was loaded this long. */
const VIEW_STALE_MS = 30_000;

/**
 * Windows and occurrences in a range. While another range loads, the last one stays on screen
 * (marked as loading), so the grid never blanks; it waits for the event stream like the snapshot.
 */
export function useCalendarView(range: { from: number; to: number }) {
  const client = useOpsClient();
  const ready = useConnectionStore((state) => state.link !== 'connecting');
  return useQuery({
    queryKey: calendarKeys.view(range.from, range.to),
    queryFn: () => call(client, 'calendar.view', { range: { from: range.from, to: range.to } }),
    placeholderData: keepPreviousData,
    staleTime: VIEW_STALE_MS,
    refetchInterval: NOTICE_REFRESH_MS,
    enabled: ready,
  });
}

export function useRegionBanners() {
  const client = useOpsClient();
  return useQuery({
    queryKey: calendarKeys.banners,
    queryFn: () => call(client, 'calendar.banners', {}),
    refetchInterval: NOTICE_REFRESH_MS,
  });
}

/** A command that changes the calendar: its answer is shown, and every calendar query is refetched. */
function useCalendarCommand<M extends 'calendar.saveWindow' | 'calendar.removeWindow' | 'calendar.publish' | 'calendar.importIcs'>(method: M) {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MethodInput<M>) => call(client, method, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: calendarKeys.all }),
  });
}

export type PublishInput = MethodInput<'calendar.publish'>;

export function useSaveWindow() {
  return useCalendarCommand('calendar.saveWindow');
}

export function useRemoveWindow() {
  return useCalendarCommand('calendar.removeWindow');
}

/** Publishing may half succeed: the outcomes are always refetched, success or not. */
export function usePublish() {
  return useCalendarCommand('calendar.publish');
}

export function useImportIcs() {
  return useCalendarCommand('calendar.importIcs');
}

/** A query in the contract, but one a person starts with a button: it runs as a mutation and is never cached. */
export function useExportIcs() {
  const client = useOpsClient();
  return useMutation({
    mutationFn: (input: MethodInput<'calendar.exportIcs'>) => call(client, 'calendar.exportIcs', input),
  });
}
