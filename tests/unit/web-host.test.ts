import { methods } from '../../shared/contract/methods.js';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import { startWebHost, type WebHost } from '../../main/web/web-host.js';
import { floodRequest, rawRequest } from '../support/http.js';
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
    const listing = JSON.parse(response.body) as { methods: Array<{ name: string; kind: string; maxBodyBytes: number; input: { properties?: Record<string, unknown> } }> };
    expect(listing.methods.map((method) => method.name)).toEqual(Object.keys(methods));
    expect(listing.methods.find((method) => method.name === 'sandbox.injectFault')?.input.properties).toHaveProperty('idempotencyKey');
    expect(listing.methods.find((method) => method.name === 'system.info')?.maxBodyBytes).toBe(256 * 1024);
    expect(listing.methods.find((method) => method.name === 'calendar.importIcs')?.maxBodyBytes).toBeGreaterThan(6_000_000);
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

  it('answers 400 to a malformed path instead of failing', async () => {
    const host = await start();
    for (const path of ['/api/%zz', '/api/fleet%E0%A4%A.snapshot']) {
      const response = await rawRequest(host.port, { method: 'POST', path, headers: { Authorization: `Bearer ${TOKEN}` }, body: '{}' });
      expect(response.status, path).toBe(400);
      expect(JSON.parse(response.body).error, path).toEqual({ kind: 'invalid-input', message: expect.stringMatching(/^malformed path: .* is not valid percent-encoding$/) });
    }
    const page = await rawRequest(host.port, { path: '/%zz' });
    expect(page.status).toBe(400);
    const notAPath = await rawRequest(host.port, { path: '//[' });
    expect(notAPath.status).toBe(400);
    expect(JSON.parse(notAPath.body).error.message).toBe('malformed path: "//[" is not a URL path');
    // The same target on a WebSocket upgrade is refused, and the host keeps answering.
    const upgrade = await new Promise<string>((resolve) => {
      const socket = connect(host.port, '127.0.0.1', () =>
        socket.write(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`),
      );
      socket.on('data', (data: Buffer) => resolve(data.toString('latin1').split('\r\n')[0] ?? ''));
      socket.on('error', () => resolve('error'));
    });
    expect(upgrade).toBe('HTTP/1.1 403 Forbidden');
    expect((await call(host.port, 'system.info', {})).status).toBe(200);
  });

  const MB = 1024 * 1024;

  it('stops reading a body sent without the token', async () => {
    const host = await start();
    for (const chunked of [false, true]) {
      const flood = await floodRequest(host.port, { path: '/api/system.info', headers: {}, totalBytes: 200 * MB, chunked });
      expect(flood.bodyBytesAccepted, chunked ? 'chunked' : 'with Content-Length').toBeLessThan(32 * MB);
      expect(flood.status).toBe(401);
    }
  });

  it('refuses a body over the method limit from its Content-Length, before any of it is sent', async () => {
    const host = await start();
    // Only the head goes out: a host that waited for the body would never answer.
    const answer = await floodRequest(host.port, {
      path: '/api/system.info',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      declaredBytes: 300 * 1024,
      totalBytes: 0,
      chunked: false,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toEqual({
      kind: 'invalid-input',
      message: 'system.info: the request body is 307,200 bytes (300 KiB); this method takes at most 262,144 bytes (256 KiB)',
    });
  });

  it('invites a body announced with Expect: 100-continue only once the call passed its checks', async () => {
    const host = await start();
    const ask = (headers: Record<string, string>, length: number) =>
      new Promise<{ continued: boolean; status: number }>((resolve, reject) => {
        let continued = false;
        const body = JSON.stringify({ filler: 'x'.repeat(Math.max(0, length - 14)) });
        const req = request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/system.info', headers: { Expect: '100-continue', 'Content-Length': String(Buffer.byteLength(body)), ...headers } });
        req.on('continue', () => {
          continued = true;
          req.end(body);
        });
        req.on('response', (res) => {
          res.resume();
          resolve({ continued, status: res.statusCode ?? 0 });
          req.destroy();
        });
        req.on('error', reject);
        req.flushHeaders();
      });
    expect(await ask({}, 10)).toEqual({ continued: false, status: 401 });
    expect(await ask({ Authorization: `Bearer ${TOKEN}` }, 300 * 1024)).toEqual({ continued: false, status: 413 });
    expect(await ask({ Authorization: `Bearer ${TOKEN}` }, 20)).toEqual({ continued: true, status: 400 });
  });

  it('cuts off a chunked body as soon as it passes the method limit', async () => {
    const host = await start();
    const flood = await floodRequest(host.port, { path: '/api/system.info', headers: { Authorization: `Bearer ${TOKEN}` }, totalBytes: 200 * MB, chunked: true });
    expect(flood.bodyBytesAccepted).toBeLessThan(32 * MB);
    expect(flood.status).toBe(413);
    expect(JSON.parse(flood.body).error.message).toBe('system.info: the request body passed 262,144 bytes (256 KiB), the most this method takes');
  });

  it('takes an .ics file as large as the contract allows, beyond the old 1 MiB', async () => {
    const host = await start();
    const event = ['BEGIN:VEVENT', 'UID:slot-1@example.test', 'DTSTART;TZID=Europe/London:20270105T220000', 'DURATION:PT2H', 'SUMMARY:Upgrade slot', 'END:VEVENT'];
    const filler = `X-FILLER:${'x'.repeat(1.5 * MB)}`;
    const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', filler, ...event, 'END:VCALENDAR', ''].join('\r\n');
    const response = await call(host.port, 'calendar.importIcs', { text, kind: 'upgrade-slot', scope: { regions: ['uk'] }, idempotencyKey: 'import-0001' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).value.added).toHaveLength(1);
  });

  it('quotes at most a short prefix of a long value in an error', async () => {
    const host = await start();
    const long = 'q'.repeat(100_000);
    const missing = await call(host.port, 'fleet.environment', { id: long });
    expect(missing.status).toBe(404);
    expect(missing.body.length).toBeLessThan(1000);
    expect(JSON.parse(missing.body).error.message).toContain(`"${'q'.repeat(64)}…(100000 characters)"`);
    const wrongField = await call(host.port, 'fleet.environment', { id: 'x', [long]: 1 });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.length).toBeLessThan(1000);
    const unknown = await call(host.port, 'q'.repeat(10_000), {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.message).toMatch(/^unknown method "q{64}…\(10000 characters\)"; expected one of: system.info/);

    const deploy = await call(host.port, 'deploys.start', { request: { action: 'deploy', target: { by: 'environments', ids: [long, long] } }, idempotencyKey: 'deploy-long-0001' });
    expect(deploy.status).toBe(400);
    expect(deploy.body.length).toBeLessThan(1000);
    const acknowledged = await call(host.port, 'alerts.acknowledge', { key: long, idempotencyKey: 'ack-long-0001' });
    expect(acknowledged.status).toBe(404);
    expect(acknowledged.body.length).toBeLessThan(1000);
    const audit = await call(host.port, 'audit.list', { query: { limit: 10 } });
    const row = (JSON.parse(audit.body).value.entries as Array<{ action: string; target: string; detail: string }>).find((entry) => entry.action === 'alerts.acknowledge');
    expect(row?.target).toBe(`key ${'q'.repeat(64)}…(100000 characters)`);
    expect(row?.detail).toContain(`"${'q'.repeat(64)}…(100000 characters)"`);
    expect(row?.detail.length).toBeLessThan(500);
  });
});

