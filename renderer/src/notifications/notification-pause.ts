import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { isPaused, type NotificationPause } from '../../../shared/contract/notifications.js';
import { call } from '../api/call.js';
import { useOpsClient } from '../api/client-context.js';
import { useNotificationPermission } from './permission-store.js';

const pauseKey = ['notifications.state'] as const;

/** Last known pause, read by the notification hooks outside React's render. */
let current: NotificationPause = { kind: 'none' };

/** Whether a desktop notification may be shown now: allowed by the platform and not paused (from the tray or here). */
export function mayNotify(now = Date.now()): boolean {
  return useNotificationPermission.getState().access === 'granted' && !isPaused(current, now);
}

/** The console's pause, kept current by the core's `notifications.paused` event. */
export function useNotificationPause() {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: pauseKey, queryFn: () => call(client, 'notifications.state', {}) });
  useEffect(() => client.subscribe('notifications.paused', (pause) => queryClient.setQueryData(pauseKey, pause)), [client, queryClient]);
  useEffect(() => {
    if (query.data !== undefined) current = query.data;
  }, [query.data]);
  return query.data ?? null;
}

export function useSetNotificationPause() {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (minutes: number | null | 'resume') =>
      minutes === 'resume'
        ? call(client, 'notifications.resume', { idempotencyKey: crypto.randomUUID() })
        : call(client, 'notifications.pause', { idempotencyKey: crypto.randomUUID(), minutes }),
    onSuccess: (pause) => queryClient.setQueryData(pauseKey, pause),
  });
}
