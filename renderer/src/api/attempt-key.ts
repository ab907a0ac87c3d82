import { OpsFailure } from '../../../shared/contract/index.js';
import { TransportFailure } from './failure.js';

/** Whether a failed command may be sent again under its key: no final answer came back (lost on the way, or the core is in doubt). */
export function mayResend(error: Error): boolean {
  return error instanceof TransportFailure || (error instanceof OpsFailure && error.kind === 'in-doubt');
}

/**
 * The idempotency key of a form's submissions. The same request sent again after an answer that
 * was not final keeps its key, so the core does it once (or asks the backend first); a changed
 * request, or one sent after a final answer (done, or refused), gets a new key: the core keeps
 * final answers, and would give the old refusal again.
 */
export class AttemptKey {
  private current: { request: string; key: string } | null = null;

  for(request: unknown): string {
    const text = JSON.stringify(request);
    if (this.current?.request !== text) this.current = { request: text, key: crypto.randomUUID() };
    return this.current.key;
  }

  settled(error: Error | null): void {
    if (error === null || !mayResend(error)) this.current = null;
  }
}
