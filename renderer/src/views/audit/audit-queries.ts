import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { AuditPage } from '../../../../shared/contract/audit.js';
import type { OpsClient } from '../../../../shared/contract/index.js';
import { call } from '../../api/call.js';
import { useOpsClient } from '../../api/client-context.js';

export const AUDIT_PAGE_SIZE = 100;

/** Every audit query sits under one root; each filter text is its own list. */
export const auditKeys = {
  all: ['audit'] as const,
  list: (text: string) => ['audit', 'audit.list', text] as const,
};

export function fetchAuditPage(client: OpsClient, text: string, before: number | null): Promise<AuditPage> {
  return call(client, 'audit.list', {
    query: { limit: AUDIT_PAGE_SIZE, ...(before === null ? {} : { before }), ...(text === '' ? {} : { text }) },
  });
}

/** The trail newest first, a page at a time; older pages are asked for with the last page's nextBefore. */
export function useAuditTrail(text: string) {
  const client = useOpsClient();
  return useInfiniteQuery({
    queryKey: auditKeys.list(text),
    queryFn: ({ pageParam }) => fetchAuditPage(client, text, pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    placeholderData: keepPreviousData,
  });
}
