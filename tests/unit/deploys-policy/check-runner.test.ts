import { afterEach, describe, expect, it } from 'vitest';
import type { PostDeployCheck } from '../../../shared/fleet-definition/deploys.js';
import { PostDeployCheck as PostDeployCheckSchema } from '../../../shared/fleet-definition/deploys.js';
import type { Connector, MetricSample } from '../../../main/core/connectors/capabilities.js';
import { createCheckRunner } from '../../../main/core/deploys/checks/run-checks.js';
import { FakeHttpServer } from '../../support/fakes/fake-http.js';

const servers: FakeHttpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function site(): Promise<FakeHttpServer> {
  const server = new FakeHttpServer((request) =>
    request.path === '/staging' ? { status: 200, text: 'staging build 2026.11.2' } : request.path === '/broken' ? { status: 503, text: 'Service Unavailable' } : { status: 200, text: '<h1>Timesheets 2026.10.1</h1>' },
  );
  servers.push(await server.listen());
  return server;
}

function checksOf(...input: object[]): PostDeployCheck[] {
  return input.map((check) => PostDeployCheckSchema.parse(check));
}

const AT = Date.parse('2026-11-24T03:00:00Z');

function runner(connectors: Record<string, Connector> = {}) {
  return createCheckRunner({ connector: (id) => connectors[id], now: () => AT });
}

function metricConnector(answer: (query: string) => MetricSample[] | Promise<MetricSample[]>, queries: string[] = []): Connector {
  return {
    id: 'prom',
    kind: 'prometheus',
    name: 'Prometheus APAC',
    checks: {
      metric: async (query) => {
        queries.push(query);
        return answer(query);
      },
    },
    close: () => {},
  };
}

const run = (checks: PostDeployCheck[], options: { slot?: 'production' | 'staging'; connectors?: Record<string, Connector>; signal?: AbortSignal } = {}) =>
  runner(options.connectors)({ environmentId: 'acme-prod', version: '2026.11.2', slot: options.slot ?? 'production', checks, signal: options.signal ?? new AbortController().signal });

describe('http checks', () => {
  it('pass on the expected status and fail on another, saying what was seen', async () => {
    const server = await site();
    const [ok, broken] = await run(checksOf({ type: 'http', name: 'home', url: `${server.url}/` }, { type: 'http', url: `${server.url}/broken` }));
    expect(ok).toEqual({ name: 'home', type: 'http', slot: 'production', state: 'passed', detail: `GET ${server.url}/ answered 200`, at: AT });
    expect(broken).toMatchObject({ name: `GET ${server.url}/broken`, state: 'failed', detail: `GET ${server.url}/broken answered 503, expected 200: Service Unavailable` });
  });

  it('looks for the version deployed in the answer', async () => {
    const server = await site();
    const [result] = await run(checksOf({ type: 'http', url: `${server.url}/`, contains: 'Timesheets {version}' }));
    expect(result).toMatchObject({ state: 'failed', detail: `GET ${server.url}/ answered 200 but not "Timesheets 2026.11.2": <h1>Timesheets 2026.10.1</h1>` });
  });

  it('checks the staging URL for the staging slot, and skips a check without one', async () => {
    const server = await site();
    const checks = checksOf({ type: 'http', url: `${server.url}/`, stagingUrl: `${server.url}/staging`, contains: '{version}' }, { type: 'http', url: `${server.url}/` });
    const [staged, none] = await run(checks, { slot: 'staging' });
    expect(staged).toMatchObject({ slot: 'staging', state: 'passed', detail: `GET ${server.url}/staging answered 200 with "2026.11.2"` });
    expect(none).toMatchObject({ state: 'skipped', detail: 'no stagingUrl is set for this check, so the staging slot is not checked before the swap' });
  });

  it('gives up a hung page after its time limit with a clear message', async () => {
    const server = await site();
    server.hang();
    const [result] = await run(checksOf({ type: 'http', url: `${server.url}/`, timeoutMs: 300 }));
    expect(result).toMatchObject({ state: 'failed', detail: `GET ${server.url}/ did not answer within 300 ms` });
  });

  it('says when nothing listens', async () => {
    const server = await site();
    const url = `${server.url}/`;
    await server.close();
    servers.length = 0;
    const [result] = await run(checksOf({ type: 'http', url }));
    expect(result?.state).toBe('failed');
    expect(result?.detail).toMatch(new RegExp(`^GET ${url} failed: .*ECONNREFUSED`));
  });
});

describe('metric checks', () => {
  it('substitute the environment and pass only when every series is within bounds', async () => {
    const queries: string[] = [];
    const prom = metricConnector(() => [
      { labels: { instance: 'web-1' }, value: 0.01 },
      { labels: { instance: 'web-2' }, value: 0.2 },
    ], queries);
    const check = { type: 'metric', name: 'error ratio', from: 'prom', query: 'job:errors:ratio{environment="{environment}"}', below: 0.05 };
    const [result] = await run(checksOf(check), { connectors: { prom } });
    expect(queries).toEqual(['job:errors:ratio{environment="acme-prod"}']);
    expect(result).toMatchObject({ name: 'error ratio', type: 'metric', state: 'failed', detail: '1 of 2 series outside below 0.05: {instance="web-2"} = 0.2' });
    const [green] = await run(checksOf({ ...check, below: 0.5, above: 0 }), { connectors: { prom } });
    expect(green).toMatchObject({ state: 'passed', detail: '2 series within above 0 and below 0.5 (from 0.01 to 0.2)' });
  });

  it('fail on an empty answer, a failing backend or one that is not connected', async () => {
    const check = { type: 'metric', from: 'prom', query: 'up{environment="{environment}"}', above: 0 };
    const [empty] = await run(checksOf(check), { connectors: { prom: metricConnector(() => []) } });
    expect(empty?.detail).toBe('Prometheus APAC query up{environment="acme-prod"} returned no series, so nothing shows the environment is well');
    const [broken] = await run(checksOf(check), { connectors: { prom: metricConnector(() => Promise.reject(new Error('Prometheus "prom" answered 422: bad_data'))) } });
    expect(broken?.detail).toBe('Prometheus APAC query up{environment="acme-prod"} failed: Prometheus "prom" answered 422: bad_data');
    const [missing] = await run(checksOf(check));
    expect(missing?.detail).toBe('backend "prom" is not connected, so the query cannot run');
  });

  it('ask the sandbox what its simulation sees on the slot checked', async () => {
    const seen: Array<[string, string]> = [];
    const sandbox: Connector = {
      id: 'sim',
      kind: 'sandbox',
      name: 'Simulated fleet',
      deployFaults: {
        arm: () => {},
        verification: (env, slot) => {
          seen.push([env, slot]);
          return slot === 'production' ? 'failing' : 'ok';
        },
      },
      close: () => {},
    };
    const checks = checksOf({ type: 'metric', from: 'sim', query: 'errors', below: 1 });
    const [staging] = await run(checks, { slot: 'staging', connectors: { sim: sandbox } });
    const [production] = await run(checks, { connectors: { sim: sandbox } });
    expect(seen).toEqual([['acme-prod', 'staging'], ['acme-prod', 'production']]);
    expect(staging).toMatchObject({ state: 'passed' });
    expect(production).toMatchObject({ state: 'failed', detail: 'Simulated fleet reports acme-prod (production) failing verification: outside below 1' });
  });

  it('skip a query engine on the staging slot, which it cannot tell apart', async () => {
    const [result] = await run(checksOf({ type: 'metric', from: 'prom', query: 'up', above: 0 }), { slot: 'staging', connectors: { prom: metricConnector(() => []) } });
    expect(result?.state).toBe('skipped');
  });
});
