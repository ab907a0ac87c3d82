import { hashKey, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AlertFeed, AlertView } from '../../../shared/contract/alerts.js';
import { queryKeys } from '../api/query-keys.js';
import { useAlertFocusStore } from '../views/alerts/alert-focus-store.js';
import { diffFeed, notificationKey } from './new-critical.js';
import { mayNotify } from './notification-pause.js';
import { createRateLimiter } from './rate-limiter.js';

const ALERTS_HASH = hashKey(queryKeys.alerts);

function show(alert: AlertView): void {
  const where = alert.environmentId ?? alert.connectionId;
  const notification = new Notification(`Critical: ${alert.name} on ${where}`, { body: alert.summary, tag: alert.key });
  notification.onclick = () => {
    window.focus();
    useAlertFocusStore.getState().focus(alert.key);
    notification.close();
  };
}

/**
 * A new critical alert raises a desktop notification (Electron draws it natively), at most one per
 * environment per minute. It watches the feed in the query cache, so it costs no render.
 */
export function useAlertNotifications(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const limiter = createRateLimiter();
    let keys: Set<string> | null = null;
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success' || event.query.queryHash !== ALERTS_HASH) return;
      const feed = queryClient.getQueryData<AlertFeed>(queryKeys.alerts);
      if (feed === undefined) return;
      const diff = diffFeed(keys, feed.alerts);
      keys = diff.keys;
      if (!mayNotify()) return;
      const now = Date.now();
      for (const alert of diff.fresh) if (limiter.tryAcquire(notificationKey(alert), now)) show(alert);
    });
  }, [queryClient]);
}
