import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OperatorProfile } from '../../../../shared/contract/audit.js';
import { call } from '../../api/call.js';
import { useOpsClient } from '../../api/client-context.js';

const operatorKey = ['settings.operator'] as const;

/** Who is at this console, as the audit trail names them; null until set. */
export function useOperatorProfile() {
  const client = useOpsClient();
  return useQuery({ queryKey: operatorKey, queryFn: () => call(client, 'settings.operator', {}) });
}

export function useSaveOperator() {
  const client = useOpsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OperatorProfile & { idempotencyKey: string }) => call(client, 'settings.saveOperator', input),
    onSuccess: (saved) => queryClient.setQueryData(operatorKey, saved),
  });
}
