import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AuditPage } from '../../../../shared/contract/audit.js';
import { useOpsClient } from '../../api/client-context.js';
import { useConnectionStore } from '../../state/connection-store.js';
import { prependNewer } from './audit-model.js';
import { auditKeys, fetchAuditPage } from './audit-queries.js';

/** A deploy writes several entries at once: the newest page is asked for once per burst. */
const PREPEND_DELAY_MS = 300;

/**
 * audit.appended says an entry was added: the newest page of the list on screen is fetched and its
 * new entries put on top, so what was read (and older pages loaded) stays where it is. After the
 * link to the core comes back, the list is fetched again.
 */
export function useAuditLive(text: string): void {
  const client = useOpsClient();
  const queryClient = useQueryClient();

  useEffect(() => {
    let timer: number | null = null;
    const prepend = async () => {
      timer = null;
      const key = auditKeys.list(text);
      const fresh = await fetchAuditPage(client, text, null);
      const held = queryClient.getQueryData<InfiniteData<AuditPage, number | null>>(key);
      if (held === undefined) return;
      const pages = prependNewer(held.pages, fresh);
      if (pages === null) void queryClient.resetQueries({ queryKey: key, exact: true });
      else queryClient.setQueryData<InfiniteData<AuditPage, number | null>>(key, { ...held, pages });
    };
    const unsubscribe = client.subscribe('audit.appended', () => {
      timer ??= window.setTimeout(() => void prepend().catch(() => queryClient.invalidateQueries({ queryKey: auditKeys.list(text), exact: true })), PREPEND_DELAY_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [client, queryClient, text]);

  useEffect(
    () =>
      useConnectionStore.subscribe((state, previous) => {
        if (state.link === 'live' && previous.link !== 'live') void queryClient.invalidateQueries({ queryKey: auditKeys.all });
      }),
    [queryClient],
  );
}
