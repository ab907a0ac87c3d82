import { setTimeout as sleep } from 'node:timers/promises';
import type { BackendClient, JsonRequest, JsonResponse } from './backend-client.js';
import { HttpStatusError } from './failures.js';

/** A write refused with 429 is sent again this many times at most. */
const THROTTLED_RESENDS = 3;
/** How long to wait when the backend says 429 but not for how long. */
const THROTTLED_WAIT_MS = 1000;
/** A longer wait is not sat out: the call fails with the backend's answer and the caller decides. */
const THROTTLED_MAX_WAIT_MS = 30_000;

/**
 * Sends a request, and sends a write again after a 429 once the backend's wait is over: a
 * request refused with 429 was not carried out, so this is safe even for a write the client
 * never retries (a create, a comment). Idempotent calls are left to the client's own retries.
 */
export async function sendWaitingOutThrottle(client: BackendClient, request: JsonRequest): Promise<JsonResponse> {
  const idempotent = request.idempotent ?? (request.method ?? 'GET') === 'GET';
  for (let resent = 0; ; resent += 1) {
    try {
      return await client.json(request);
    } catch (error) {
      const waitMs = error instanceof HttpStatusError && error.status === 429 ? (error.retryAfterMs ?? THROTTLED_WAIT_MS) : null;
      if (idempotent || waitMs === null || waitMs > THROTTLED_MAX_WAIT_MS || resent >= THROTTLED_RESENDS) throw error;
      await sleep(waitMs, undefined, { signal: request.signal });
    }
  }
}
