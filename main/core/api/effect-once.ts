import { OpsFailure } from '../../../shared/contract/errors.js';
import type { RunContext } from './dispatcher.js';

export interface RemoteEffect<T> {
  /** What an earlier run of the command left on the backend (found by its marker or id), or null when the backend surely holds nothing of it. */
  recover: () => Promise<T | null>;
  /** Makes the change. */
  apply: () => Promise<T>;
}

/**
 * A command's change on a backend, made at most once per idempotency key: on a run after one
 * that ended in doubt, the backend is asked first and what it holds is the answer; the change is
 * sent only when it surely has nothing. When it cannot be asked, the command stays in doubt.
 */
export async function effectOnce<T>(run: RunContext, effect: RemoteEffect<T>): Promise<T> {
  if (run.inDoubt) {
    let found: T | null;
    try {
      found = await effect.recover();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new OpsFailure('in-doubt', `an earlier attempt got no answer, and whether it took effect could not be checked: ${reason}`);
    }
    if (found !== null) return found;
  }
  return effect.apply();
}
