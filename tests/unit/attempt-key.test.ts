import { describe, expect, it } from 'vitest';
import { OpsFailure } from '../../shared/contract/errors.js';
import { AttemptKey } from '../../renderer/src/api/attempt-key.js';
import { shouldRetry } from '../../renderer/src/api/call.js';
import { TransportFailure } from '../../renderer/src/api/failure.js';

describe('the renderer and idempotency keys', () => {
  const request = { connectionId: 'am', comment: 'Patching' };

  it('sends the same request again under its key while no final answer came back', () => {
    const attempt = new AttemptKey();
    const key = attempt.for(request);
    attempt.settled(new TransportFailure('unavailable', 'silences.create: cannot reach the Watchfloor core (fetch failed).'));
    expect(attempt.for({ ...request })).toBe(key);
    attempt.settled(new OpsFailure('in-doubt', 'Alertmanager "am" did not answer the new silence within 10 s'));
    expect(attempt.for(request)).toBe(key);
  });

  it('takes a new key after a final answer, or for a changed request', () => {
    const attempt = new AttemptKey();
    const key = attempt.for(request);
    const changed = attempt.for({ ...request, comment: 'Patching, INC-1234' });
    expect(changed).not.toBe(key);
    attempt.settled(new OpsFailure('unavailable', 'deploy refused: the deploy backend is offline'));
    const afterRefusal = attempt.for({ ...request, comment: 'Patching, INC-1234' });
    expect(afterRefusal).not.toBe(changed);
    attempt.settled(null);
    expect(attempt.for({ ...request, comment: 'Patching, INC-1234' })).not.toBe(afterRefusal);
  });

  it('retries, at most twice, only a call lost on the way to or from the core', () => {
    const lost = new TransportFailure('timeout', 'deploys.start: the core did not answer within 60 s.');
    expect([0, 1, 2].map((failures) => shouldRetry(failures, lost))).toEqual([true, true, false]);
    for (const kind of ['unavailable', 'timeout', 'in-doubt', 'forbidden', 'conflict'] as const) {
      expect(shouldRetry(0, new OpsFailure(kind, 'the core answered'))).toBe(false);
    }
    expect(shouldRetry(0, new TransportFailure('unauthorized', 'HTTP 401 with a body that is not JSON'))).toBe(false);
  });
});
