import { methods } from '../../shared/contract/methods.js';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import { startWebHost, type WebHost } from '../../main/web/web-host.js';
import { rawRequest } from '../support/http.js';
import { useTempDirs } from '../support/temp.js';

const TOKEN = 'test-token-0123456789abcdef';

describe('browser host', () => {
  const tempDir = useTempDirs();
  const running: Array<{ core: OpsCore; host: WebHost }> = [];
  afterEach(async () => {
    for (const { core, host } of running.splice(0)) {
      await host.close();
      core.close();
    }
  });

  async function start(readOnly = false) {
    const core = createOpsCore({ dataDir: tempDir(), version: 'test', sandboxSize: 50, readOnly, log: () => {} });
    const host = await startWebHost({ core, token: TOKEN, port: 0, staticDir: '/nonexistent', log: () => {} });
    running.push({ core, host });
    return host;
  }

  const call = (port: number, method: string, body: unknown, headers: Record<string, string> = {}) =>
    rawRequest(port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('listens on 127.0.0.1 only', async () => {
    const host = await start();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
  });

  it('answers a call that carries the token', async () => {
    const host = await start();
    const response = await call(host.port, 'system.info', {});
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { product: 'Watchfloor', readOnly: false } });
  });

  it('refuses a missing or wrong token with 401', async () => {
    const host = await start();
    const missing = await rawRequest(host.port, { method: 'POST', path: '/api/system.info', body: '{}' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body).error).toEqual({ kind: 'unauthorized', message: 'unauthorized: missing token (Authorization: Bearer <token>)' });
    const wrong = await call(host.port, 'system.info', {}, { Authorization: 'Bearer not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.message).toBe('unauthorized: wrong token');
    const listing = await rawRequest(host.port, { path: '/api' });
    expect(listing.status).toBe(401);
  });

  it('refuses a foreign Origin and a wrong Host with 403, even with the token', async () => {
    const host = await start();
    const origin = await call(host.port, 'system.info', {}, { Origin: 'http://evil.example' });
    expect(origin.status).toBe(403);
    expect(JSON.parse(origin.body).error.message).toBe('forbidden: cross-origin requests are not allowed');
    const rebinding = await call(host.port, 'system.info', {}, { Host: `evil.example:${host.port}` });
    expect(rebinding.status).toBe(403);
    const page = await rawRequest(host.port, { path: '/', headers: { Host: 'attacker.test' } });
    expect(page.status).toBe(403);
    const ownOrigin = await call(host.port, 'system.info', {}, { Origin: `http://127.0.0.1:${host.port}` });
    expect(ownOrigin.status).toBe(200);
  });

  it('lists every method with its JSON schemas', async () => {
    const host = await start();
    const response = await rawRequest(host.port, { path: '/api', headers: { Authorization: `Bearer ${TOKEN}` } });
    const listing = JSON.parse(response.body) as { methods: Array<{ name: string; kind: string; input: { properties?: Record<string, unknown> } }> };
    expect(listing.methods.map((method) => method.name)).toEqual(Object.keys(methods));
    expect(listing.methods.find((method) => method.name === 'sandbox.injectFault')?.input.properties).toHaveProperty('idempotencyKey');
  });

  it('maps contract errors to HTTP statuses with a specific message', async () => {
    const host = await start();
    const bad = await call(host.port, 'fleet.environment', { id: 5 });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toEqual({ kind: 'invalid-input', message: 'fleet.environment: input.id: Invalid input: expected string, received number' });
    const missing = await call(host.port, 'fleet.environment', { id: 'no-such-env' });
    expect(missing.status).toBe(404);
    const notJson = await rawRequest(host.port, { method: 'POST', path: '/api/system.info', headers: { Authorization: `Bearer ${TOKEN}` }, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toMatch(/^request body is not JSON/);
  });

  it('runs a command once per idempotency key', async () => {
    const host = await start();
    const fault = { environmentId: 'cloud-eu-west-prod', check: 'disk', severity: 'critical', durationSeconds: 60, idempotencyKey: 'drill-0001' };
    const [first, again] = await Promise.all([call(host.port, 'sandbox.injectFault', fault), call(host.port, 'sandbox.injectFault', fault)]);
    expect(first.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual(JSON.parse(first.body));
    const reused = await call(host.port, 'sandbox.injectFault', { ...fault, check: 'cpu' });
    expect(reused.status).toBe(409);
  });

  it('refuses every command when read-only, and still answers queries', async () => {
    const host = await start(true);
    const command = await call(host.port, 'sandbox.injectFault', {
      environmentId: 'cloud-eu-west-prod',
      check: 'disk',
      severity: 'critical',
      durationSeconds: 60,
      idempotencyKey: 'drill-0002',
    });
    expect(command.status).toBe(403);
    expect(JSON.parse(command.body).error.kind).toBe('read-only');
    expect((await call(host.port, 'fleet.snapshot', {})).status).toBe(200);
  });

  it('streams events only to a socket that presents the token', async () => {
    const host = await start();
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, ['watchfloor.v1', 'bearer.wrong-token-xxxxxxxx']);
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
    });
    expect(refused).toBe('401');

    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, ['watchfloor.v1', `bearer.${TOKEN}`]);
    const frame = await new Promise<{ event: string; payload: { revision: number } }>((resolve, reject) => {
      ws.on('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8'))));
      ws.on('error', reject);
    });
    expect(ws.protocol).toBe('watchfloor.v1');
    expect(frame.event).toBe('fleet.delta');
    expect(frame.payload.revision).toBeGreaterThan(0);
    ws.close();
  });
});
