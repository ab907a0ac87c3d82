import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeHttpServer } from '../support/fakes/fake-http.js';
import { FaultProxy } from './support/fault-proxy.js';

/** The proxy does what each fault's name says: the upstream's request log and the client's answer tell. */

let upstream: FakeHttpServer;
let proxy: FaultProxy;

beforeAll(async () => {
  upstream = await new FakeHttpServer((request) => ({ status: 201, body: { made: request.path } }), { location: 'placeholder' }).listen();
  proxy = await FaultProxy.start(upstream.url);
});

afterAll(async () => {
  await proxy.close();
  await upstream.close();
});

const made = () => upstream.requestsTo('/things').length;

async function post(timeoutMs = 1000): Promise<{ status: number; text: string } | 'no answer'> {
  try {
    const response = await fetch(`${proxy.url}/things`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, text: await response.text() };
  } catch {
    return 'no answer';
  }
}

describe('the fault proxy', () => {
  it('passes what no fault matches, and a fault fires only as many times as armed', async () => {
    const before = made();
    proxy.arm('POST', /^\/things$/, { kind: 'status', status: 503 }, 1);
    expect(await post()).toMatchObject({ status: 503 });
    expect(await post()).toEqual({ status: 201, text: '{"made":"/things"}' });
    expect(made() - before).toBe(1);
  });

  it('holds a request before the backend: the backend never hears of it', async () => {
    const before = made();
    const tap = proxy.arm('POST', /^\/things$/, { kind: 'tap', stage: 'before-forward' }, 1);
    const answer = post(1500);
    await tap.reached;
    proxy.heal();
    expect(await answer).toBe('no answer');
    expect(made() - before).toBe(0);
  });

  it('holds the answer after the backend acted: the client never hears of it', async () => {
    const before = made();
    const tap = proxy.arm('POST', /^\/things$/, { kind: 'tap', stage: 'after-forward' }, 1);
    const answer = post(1500);
    await tap.reached;
    expect(made() - before).toBe(1);
    proxy.heal();
    expect(await answer).toBe('no answer');
  });

  it('acts and lies: 500 after the backend acted, 200 with nothing done, garbage, a dropped connection', async () => {
    const before = made();
    proxy.arm('POST', /^\/things$/, { kind: 'forward-then-status', status: 500 }, 1);
    expect(await post()).toMatchObject({ status: 500 });
    proxy.arm('POST', /^\/things$/, { kind: 'fake-ok', body: { made: 'nothing' } }, 1);
    expect(await post()).toEqual({ status: 200, text: '{"made":"nothing"}' });
    proxy.arm('POST', /^\/things$/, { kind: 'malformed' }, 1);
    const garbage = await post();
    expect(garbage).toMatchObject({ status: 200 });
    expect(() => JSON.parse(garbage === 'no answer' ? '' : garbage.text) as unknown).toThrow();
    proxy.arm('POST', /^\/things$/, { kind: 'drop-answer' }, 1);
    expect(await post()).toBe('no answer');
    expect(made() - before).toBe(3);
  });

  it('answers late, and hangs after acting', async () => {
    const before = made();
    proxy.arm('POST', /^\/things$/, { kind: 'delay', ms: 800 }, 1);
    expect(await post(300)).toBe('no answer');
    proxy.arm('POST', /^\/things$/, { kind: 'forward-then-hang' }, 1);
    expect(await post(500)).toBe('no answer');
    expect(made() - before).toBe(2);
  });
});
