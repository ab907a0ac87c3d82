import { OpsFailure } from '../../../shared/contract/index.js';

/**
 * A call that failed on the way to or from the core (no answer in time, the connection lost, a
 * body that is not the core's): never one of the core's own answers. Only these are retried,
 * and with the same idempotency key, so the core still does the command once.
 */
export class TransportFailure extends OpsFailure {}

export function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
