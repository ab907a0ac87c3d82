import type { MethodInput, MethodOutput } from '../../../../shared/contract/index.js';
import { useAttemptKey } from '../../api/use-attempt-key.js';
import { useIncidentCommand, type IncidentCommand } from './incidents-queries.js';

type Request<M extends IncidentCommand> = Omit<MethodInput<M>, 'idempotencyKey'>;

/**
 * An incidents command sent from a form or a button: the same request sent again after an answer that
 * was not final keeps its idempotency key, so the core does it once (a double click, a lost answer).
 */
export function useKeyedCommand<M extends IncidentCommand>(method: M) {
  const mutation = useIncidentCommand(method);
  const attempt = useAttemptKey();
  function send(request: Request<M>, onSuccess?: (output: MethodOutput<M>) => void): void {
    if (mutation.isPending) return;
    const input = { ...request, idempotencyKey: attempt.for(request) } as MethodInput<M>;
    mutation.mutate(input, {
      onSuccess: (output) => onSuccess?.(output),
      onSettled: (_, error) => attempt.settled(error),
    });
  }
  return { send, mutation };
}
