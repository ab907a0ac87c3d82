import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionAuth, ConnectionKind, SecretRef } from '../../shared/contract/connections.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { HttpBackendClient } from '../../main/core/http/http-backend-client.js';
import type { Resilience } from '../../main/core/http/resilience.js';
import { Redactor } from '../../main/core/vault/redactor.js';
import { VaultError } from '../../main/core/vault/vault-error.js';
import { closedPort, json, startBackend, type BackendServer, type Handler } from '../support/backend-server.js';
import { ManualClock } from '../support/temp.js';

const PASSWORD = 'pr0m-Secret-5e1f';
const servers: BackendServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function backend(handler: Handler): Promise<BackendServer> {
  const server = await startBackend(handler);
  servers.push(server);
  return server;
}

interface Setup {
  url: string;
  auth?: ConnectionAuth;
  kind?: ConnectionKind;
  timeoutMs?: number;
  resilience?: Partial<Resilience>;
  secrets?: Record<string, string>;
}

const FAST: Partial<Resilience> = { backoffBaseMs: 10, backoffMaxMs: 50 };

function client(setup: Setup) {
  const logs: string[] = [];
  const clock = new ManualClock();
  const secrets = setup.secrets ?? { 'prom/password': PASSWORD };
  const http = new HttpBackendClient({
    connectionId: 'prom',
    kind: setup.kind ?? 'prometheus',
    baseUrl: setup.url,
    auth: setup.auth ?? { type: 'basic', username: 'watchfloor', password: { store: 'keychain', account: 'prom/password' } },
    timeoutMs: setup.timeoutMs ?? 2000,
    secrets: async (ref: SecretRef) => {
      const key = ref.store === 'keychain' ? ref.account : ref.variable;
      const value = secrets[key];
      if (value === undefined) throw new VaultError('missing', `the environment variable ${key} is not set`);
      return value;
    },
    redactor: new Redactor(),
    clock,
    log: (line) => logs.push(line),
    resilience: { ...FAST, ...setup.resilience },
  });
  return { http, logs, clock };
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  expect((error as Error).message).not.toContain(PASSWORD);
  return error as ConnectorError;
}

describe('backend HTTP client', () => {
  it('sends the credentials, keeps the base path, and reports the connection up', async () => {
    const server = await backend((_req, res) => json(res, 200, { status: 'success', data: { version: '2.53.0' } }));
    const { http, clock } = client({ url: `${server.url}/prometheus/` });
    const answer = await http.json({ path: '/api/v1/query', query: { query: 'up', match: ['a', 'b'], skipped: undefined } });
    expect(answer.body).toEqual({ status: 'success', data: { version: '2.53.0' } });
    const seen = server.requests[0];
    expect(seen?.path).toBe('/prometheus/api/v1/query?query=up&match=a&match=b');
    expect(seen?.headers.authorization).toBe(`Basic ${Buffer.from(`watchfloor:${PASSWORD}`).toString('base64')}`);
    expect(http.health()).toMatchObject({ state: 'up', lastSuccessAt: clock.now(), lastError: null });
    expect(http.health().latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sends bearer, Elasticsearch ApiKey and Datadog key headers', async () => {
    const server = await backend((_req, res) => json(res, 200, {}));
    const secrets = { token: 'tok-123456', key: 'ZXM6a2V5', api: 'dd-api-999', app: 'dd-app-888' };
    await client({ url: server.url, secrets, auth: { type: 'bearer', token: { store: 'env', variable: 'token' } } }).http.json({ path: '/' });
    await client({ url: server.url, secrets, auth: { type: 'api-key', key: { store: 'env', variable: 'key' } } }).http.json({ path: '/' });
    const datadog: ConnectionAuth = { type: 'datadog', apiKey: { store: 'env', variable: 'api' }, applicationKey: { store: 'env', variable: 'app' } };
    await client({ url: server.url, secrets, auth: datadog, kind: 'datadog' }).http.json({ path: '/', method: 'POST', body: { a: 1 } });
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer tok-123456', 'ApiKey ZXM6a2V5', undefined]);
    expect(server.requests[2]?.headers).toMatchObject({ 'dd-api-key': 'dd-api-999', 'dd-application-key': 'dd-app-888', 'content-type': 'application/json' });
    expect(server.requests[2]?.body).toBe('{"a":1}');
  });

  it('gives up an attempt after its timeout and says how long it waited', async () => {
    const server = await backend((_req, res) => setTimeout(() => json(res, 200, {}), 1500));
    const { http } = client({ url: server.url, timeoutMs: 200, resilience: { retries: 0 } });
    const started = Date.now();
    const error = await failure(http.json({ path: '/api/v1/query' }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.failure).toBe('timeout');
    expect(error.message).toBe(`Prometheus "prom": 127.0.0.1:${new URL(server.url).port} did not answer within 200 ms`);
    expect(http.health()).toMatchObject({ state: 'down', lastError: error.message });
  });

  it('retries a read after 503, waiting as long as Retry-After asks', async () => {
    let calls = 0;
    const server = await backend((_req, res) => {
      calls += 1;
      if (calls === 1) json(res, 503, { error: 'warming up' }, { 'retry-after': '1' });
      else json(res, 200, { ok: true });
    });
    const { http } = client({ url: server.url });
    const started = Date.now();
    const answer = await http.json({ path: '/api/v1/query' });
    expect(answer.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("honours Datadog's X-RateLimit-Reset on 429, and does not retry a write", async () => {
    let calls = 0;
    const server = await backend((_req, res) => {
      calls += 1;
      if (calls === 1) json(res, 429, { errors: ['Rate limit exceeded'] }, { 'x-ratelimit-reset': '1' });
      else json(res, 200, { data: [] });
    });
    const { http } = client({ url: server.url, kind: 'datadog' });
    const started = Date.now();
    await http.json({ path: '/api/v1/query' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    server.answer((_req, res) => json(res, 503, { errors: ['down'] }));
    const error = await failure(http.json({ path: '/api/v2/downtime', method: 'POST', body: {} }));
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it("takes ServiceNow's X-RateLimit-Reset on a 429 as the UNIX time its window resets, not as seconds to wait", async () => {
    let calls = 0;
    const server = await backend((_req, res) => {
      calls += 1;
      const reset = String(Math.ceil(Date.now() / 1000) + 1);
      if (calls === 1) json(res, 429, { error: { message: 'Too Many Requests', detail: 'Rate limit exceeded' }, status: 'failure' }, { 'x-ratelimit-reset': reset });
      else json(res, 200, { result: [] });
    });
    const { http } = client({ url: server.url, kind: 'servicenow' });
    const started = Date.now();
    expect((await http.json({ path: '/api/now/table/incident' })).body).toEqual({ result: [] });
    // Until the next whole second after the refusal, and no 30 s limit hit: at most 2 s.
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("puts ServiceNow's error message and detail in the failure's words", async () => {
    const server = await backend((_req, res) =>
      json(res, 403, { error: { message: 'Operation Failed', detail: 'Data Policy Exception: \n\tThe following fields are mandatory: Resolution notes\n' }, status: 'failure' }),
    );
    const { http } = client({ url: server.url, kind: 'servicenow' });
    const error = await failure(http.json({ path: '/api/now/table/incident/1', method: 'PATCH', body: {} }));
    expect(error.message).toContain('(HTTP 403 Forbidden): Operation Failed: Data Policy Exception: The following fields are mandatory: Resolution notes;');
  });

  it('sends a write refused with 429 again after Retry-After only when the request allows it, and never after a 503', async () => {
    let calls = 0;
    const server = await backend((_req, res) => {
      calls += 1;
      if (calls === 1) json(res, 429, { errorMessages: ['Rate limit exceeded.'], errors: {} }, { 'retry-after': '1' });
      else if (calls === 3) json(res, 503, { errorMessages: ['down'], errors: {} });
      else json(res, 201, { id: '10001' });
    });
    const { http } = client({ url: server.url, kind: 'jira' });
    const started = Date.now();
    const made = await http.json({ path: '/rest/api/3/issue', method: 'POST', body: {}, idempotent: false, retryRateLimited: true });
    expect(made.body).toEqual({ id: '10001' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const error = await failure(http.json({ path: '/rest/api/3/issue', method: 'POST', body: {}, idempotent: false, retryRateLimited: true }));
    expect(error.status).toBe(503);
    expect(error.message).toContain(': down');
    expect(server.requests).toHaveLength(3);
  });

  it('does not wait out a Retry-After longer than it allows, and says how long was asked', async () => {
    const server = await backend((_req, res) => json(res, 429, {}, { 'retry-after': '120' }));
    const { http } = client({ url: server.url });
    const error = await failure(http.json({ path: '/api/v1/query' }));
    expect(server.requests).toHaveLength(1);
    expect(error.message).toContain('it asks to wait 120 s');
  });

  it('opens the circuit after failures in a row, fails fast while open, and closes when the backend recovers', async () => {
    const server = await backend((_req, res) => json(res, 500, { error: 'internal' }));
    const { http, logs } = client({ url: server.url, resilience: { breakerFailures: 3, breakerHalfOpenAfterMs: 300 } });
    for (let i = 0; i < 3; i += 1) expect((await failure(http.json({ path: '/api/v1/query' }))).status).toBe(500);
    expect(http.health().state).toBe('circuit-open');

    const fast = await failure(http.json({ path: '/api/v1/query' }));
    expect(server.requests).toHaveLength(3);
    expect(fast.failure).toBe('http');
    expect(fast.message).toMatch(/not called for now, after 3 failures in a row \(last: .*HTTP 500.*\); the next try is in about/);
    expect(logs.some((line) => line.includes('circuit open'))).toBe(true);

    server.answer((_req, res) => json(res, 200, { ok: true }));
    await new Promise((resolve) => setTimeout(resolve, 350));
    await http.json({ path: '/api/v1/query' });
    expect(http.health().state).toBe('up');
    expect(logs.some((line) => line.includes('circuit closed'))).toBe(true);
  });

  it('classifies 401 and 403 without opening the circuit or retrying', async () => {
    const server = await backend((req, res) =>
      req.path.startsWith('/forbidden') ? json(res, 403, { error: 'no read access' }) : json(res, 401, { error: 'bad credentials' }),
    );
    const { http } = client({ url: server.url, resilience: { breakerFailures: 2 } });
    for (let i = 0; i < 3; i += 1) {
      const error = await failure(http.json({ path: '/api/v1/query' }));
      expect(error.failure).toBe('unauthorized');
      expect(error.message).toContain('refused the credentials (HTTP 401 Unauthorized): bad credentials');
    }
    const forbidden = await failure(http.json({ path: '/forbidden' }));
    expect(forbidden.failure).toBe('forbidden');
    expect(forbidden.message).toContain('does not allow /forbidden (HTTP 403 Forbidden): no read access');
    expect(server.requests).toHaveLength(4);
    expect(http.health().state).toBe('down');
  });

  it('says when a host name does not resolve', async () => {
    const { http } = client({ url: 'http://prometheus.watchfloor-test.invalid:9090', resilience: { retries: 0 } });
    const error = await failure(http.json({ path: '/api/v1/query' }));
    expect(error.failure).toBe('dns');
    expect(error.message).toContain('prometheus.watchfloor-test.invalid');
  });

  it('says when nothing listens on the port', async () => {
    const port = await closedPort();
    const { http } = client({ url: `http://127.0.0.1:${port}`, resilience: { retries: 1 } });
    const error = await failure(http.json({ path: '/api/v1/query' }));
    expect(error.failure).toBe('refused');
    expect(error.message).toBe(`Prometheus "prom": nothing is listening at 127.0.0.1:${port} (connection refused); check the port and that the server runs`);
  });

  it('says when TLS is spoken to a server that does not speak it', async () => {
    const server = await backend((_req, res) => json(res, 200, {}));
    const { http } = client({ url: server.url.replace('http:', 'https:'), resilience: { retries: 0 } });
    const error = await failure(http.json({ path: '/' }));
    expect(error.failure).toBe('tls');
    expect(error.message).toContain('wrong version number');
  });

  it('tells a web page from a broken API answer', async () => {
    const server = await backend((req, res) => {
      if (req.path === '/page') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Welcome to nginx</body></html>');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status": "succ');
      }
    });
    const { http } = client({ url: server.url });
    const page = await failure(http.json({ path: '/page' }));
    expect(page.failure).toBe('wrong-kind');
    expect(page.message).toContain("with text/html, not JSON; is this the Prometheus API's address?");
    expect((await failure(http.json({ path: '/broken' }))).failure).toBe('malformed');
  });

  it('fails with secret-missing, before any request, when a secret cannot be read', async () => {
    const server = await backend((_req, res) => json(res, 200, {}));
    const { http } = client({ url: server.url, auth: { type: 'bearer', token: { store: 'env', variable: 'WATCHFLOOR_UNSET_TOKEN' } } });
    const error = await failure(http.json({ path: '/' }));
    expect(error.failure).toBe('secret-missing');
    expect(error.message).toContain('WATCHFLOOR_UNSET_TOKEN is not set');
    expect(server.requests).toHaveLength(0);
  });

  it('does not follow a redirect with the credentials', async () => {
    const server = await backend((_req, res) => {
      res.writeHead(302, { location: 'http://elsewhere.example/' });
      res.end();
    });
    const { http } = client({ url: server.url });
    const error = await failure(http.json({ path: '/' }));
    expect(error.failure).toBe('http');
    expect(error.message).toContain('redirects');
  });

  it('stops at once when the caller aborts, even during a backoff', async () => {
    const server = await backend((_req, res) => json(res, 503, {}, { 'retry-after': '10' }));
    const { http } = client({ url: server.url });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const started = Date.now();
    await expect(http.json({ path: '/', signal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('redacts a secret the backend echoes back', async () => {
    const server = await backend((req, res) => json(res, 500, { error: `bad header ${String(req.headers.authorization)}` }));
    const { http } = client({ url: server.url, auth: { type: 'bearer', token: { store: 'env', variable: 'token' } }, secrets: { token: PASSWORD } });
    const error = await failure(http.json({ path: '/' }));
    expect(error.message).toContain('bad header [secret]');
  });
});
