import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useOpsClient } from '../../api/client-context.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { calendarKeys } from './calendar-queries.js';

/**
 * calendar.changed says only that something changed (a window, or what was published): every
 * calendar query is fetched again. So is everything after the link to the core comes back,
 * since events may have been missed while it was down.
 */
export function useCalendarLive(): void {
  const client = useOpsClient();
  const queryClient = useQueryClient();

  useEffect(() => client.subscribe('calendar.changed', () => void queryClient.invalidateQueries({ queryKey: calendarKeys.all })), [client, queryClient]);

  useEffect(
    () =>
      useConnectionStore.subscribe((state, previous) => {
        if (state.link === 'live' && previous.link !== 'live') void queryClient.invalidateQueries({ queryKey: calendarKeys.all });
      }),
    [queryClient],
  );
}
