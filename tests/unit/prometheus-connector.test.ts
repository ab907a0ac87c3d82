import { afterEach, describe, expect, it } from 'vitest';
import type { HealthReport, WatchedEnvironment } from '../../main/core/connectors/capabilities.js';
import { labelFingerprint } from '../../main/core/connectors/prometheus/alert-labels.js';
import { PrometheusConnector } from '../../main/core/connectors/prometheus/prometheus-connector.js';
import { hostMatcher } from '../../main/core/connectors/prometheus/queries.js';
import { ConnectorError, type BackendClient, type JsonRequest } from '../../main/core/http/backend-client.js';
import { bindingOf, EnvironmentDefinition, PrometheusBackend } from '../../shared/fleet-definition/schema.js';
import { permanentPlan } from '../../shared/contract/lifecycle.js';

/** The Prometheus connector against a scripted client that answers as the Prometheus HTTP API does. */

type Handler = (request: JsonRequest) => unknown;

function scriptedClient(handler: Handler): BackendClient & { requests: JsonRequest[] } {
  const requests: JsonRequest[] = [];
  return {
    connectionId: 'prom',
    requests,
    async json(request) {
      requests.push(request);
      return { status: 200, headers: new Headers(), body: await handler(request), latencyMs: 1 };
    },
  };
}

const ok = (data: unknown) => ({ status: 'success', data });
const vector = (series: Array<[Record<string, string>, string]>) =>
  ok({ resultType: 'vector', result: series.map(([metric, value]) => ({ metric, value: [1_795_436_815.152, value] })) });
const queryOf = (request: JsonRequest) => String(request.query?.['query'] ?? request.form?.['query'] ?? '');

function environment(id: string, hosts: unknown[]): WatchedEnvironment {
  const definition = EnvironmentDefinition.parse({ id, kind: 'production', site: 'syd', watchedBy: 'prom', hosts });
  return {
    binding: bindingOf(definition),
    view: { id, name: id, tenantId: 't', regionId: 'r', siteId: 'syd', kind: 'production', watchedBy: 'prom', servers: hosts.length, lifecycle: permanentPlan('UTC') },
  };
}

const connectors: PrometheusConnector[] = [];
function prometheus(client: BackendClient, overrides: Record<string, unknown> = {}): PrometheusConnector {
  const definition = PrometheusBackend.parse({ id: 'prom', kind: 'prometheus', url: 'http://prom.test:9090', pollMs: 60_000, ...overrides });
  const connector = new PrometheusConnector(definition, client, { now: () => 1_000 }, () => {});
  connectors.push(connector);
  return connector;
}
afterEach(() => {
  for (const connector of connectors.splice(0)) connector.close();
});

/** Starts the health source and waits for its first round to end, reported or failed. */
function firstRound(connector: PrometheusConnector, envs: WatchedEnvironment[]): Promise<{ reports: HealthReport[]; failures: string[] }> {
  const reports: HealthReport[] = [];
  const failures: string[] = [];
  return new Promise((resolve) => {
    let settle: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(settle);
      // report() and failed() may both come from one round.
      settle = setTimeout(() => resolve({ reports, failures }), 10);
    };
    connector.health.start(envs, {
      report: (report) => {
        reports.push(report);
        done();
      },
      failed: (_at, message) => {
        failures.push(message);
        done();
      },
    });
  });
}

const acme = environment('acme-prod', [
  { name: 'web-1', role: 'web', instance: 'web-1.acme:9100' },
  { name: 'db-1', role: 'db' },
]);
const globex = environment('globex-prod', [{ name: 'app-1', role: 'app', instance: 'web-1.acme:9100' }]);

describe('Prometheus health source', () => {
  it('asks one query per check for all hosts, grouped by the instance label, and maps each series to its environment and server', async () => {
    const client = scriptedClient((request) =>
      queryOf(request).startsWith('max by (node) (site_cpu')
        ? vector([
            [{ node: 'web-1.acme:9100' }, '42.5'],
            [{ node: 'db-1' }, 'NaN'],
            [{ node: 'not-in-the-fleet:9100' }, '99'],
          ])
        : vector([]),
    );
    const connector = prometheus(client, { instanceLabel: 'node', queries: { cpu: 'max by ($instance) (site_cpu{$hosts})' } });
    const { reports, failures } = await firstRound(connector, [acme, globex]);

    expect(failures).toEqual([]);
    expect(client.requests).toHaveLength(11);
    expect(client.requests.every((request) => request.path === '/api/v1/query' && request.method === 'GET')).toBe(true);
    expect(client.requests.map(queryOf)).toContain('max by (node) (site_cpu{node=~"web-1\\\\.acme:9100|db-1"})');
    expect(client.requests.map(queryOf)).toContain('100 * (1 - max by (node) (node_memory_MemAvailable_bytes{node=~"web-1\\\\.acme:9100|db-1"} / node_memory_MemTotal_bytes{node=~"web-1\\\\.acme:9100|db-1"}))');

    const samples = reports[0]?.samples ?? [];
    const value = (env: string, server: number, check: string) => samples.find((s) => s.env === env && s.server === server && s.check === check)?.value;
    expect(value('acme-prod', 0, 'cpu')).toBe(42.5);
    // One instance may serve two environments.
    expect(value('globex-prod', 0, 'cpu')).toBe(42.5);
    expect(value('acme-prod', 1, 'cpu')).toBeNaN();
    expect(value('acme-prod', 1, 'memory')).toBeNaN();
    // Only the checks of each server's role.
    expect(value('acme-prod', 0, 'app-response')).toBeNaN();
    expect(value('acme-prod', 0, 'database')).toBeUndefined();
    expect(value('acme-prod', 1, 'database')).toBeNaN();
    expect(value('globex-prod', 0, 'self-diagnosis')).toBeNaN();
    expect(samples.filter((s) => s.env === 'acme-prod' && s.server === 0)).toHaveLength(8);
  });

  it('lists the servers of an environment from its hosts, the instance defaulting to the name', () => {
    const connector = prometheus(scriptedClient(() => vector([])));
    expect(connector.health.servers(acme)).toEqual([
      { name: 'web-1', role: 'web', instance: 'web-1.acme:9100' },
      { name: 'db-1', role: 'db', instance: 'db-1' },
    ]);
  });

  it('queries only the checks the watched roles have', async () => {
    const client = scriptedClient(() => vector([]));
    await firstRound(prometheus(client), [environment('solo', [{ name: 'db-1', role: 'db' }])]);
    const queries = client.requests.map(queryOf);
    expect(queries).toHaveLength(9);
    expect(queries.some((query) => query.includes('http_request_duration_seconds'))).toBe(false);
    expect(queries.some((query) => query.includes('backup_last_success_timestamp_seconds'))).toBe(true);
  });

  it('reports the checks that answered and names the ones that failed', async () => {
    const client = scriptedClient((request) => {
      if (queryOf(request).includes('node_cpu_seconds_total')) {
        throw new ConnectorError('http', 'Prometheus "prom": HTTP 422 bad_data: expanding series: context deadline exceeded', 422);
      }
      return vector([[{ instance: 'web-1.acme:9100' }, '12']]);
    });
    const { reports, failures } = await firstRound(prometheus(client), [acme]);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.samples.some((sample) => sample.check === 'memory' && sample.value === 12)).toBe(true);
    expect(reports[0]?.samples.some((sample) => sample.check === 'cpu')).toBe(false);
    // The check that failed is named, so its environments turn stale instead of counting as just observed.
    expect(reports[0]?.unanswered).toEqual([{ check: 'cpu', reason: 'Prometheus "prom": HTTP 422 bad_data: expanding series: context deadline exceeded' }]);
    expect(failures).toEqual(['cpu: Prometheus "prom": HTTP 422 bad_data: expanding series: context deadline exceeded']);
  });

  it('fails the round with one message when every query fails the same way', async () => {
    const client = scriptedClient(() => {
      throw new ConnectorError('refused', 'Prometheus "prom": connection refused by http://prom.test:9090');
    });
    const { reports, failures } = await firstRound(prometheus(client), [acme]);
    expect(reports).toEqual([]);
    expect(failures).toEqual(['Prometheus "prom": connection refused by http://prom.test:9090']);
  });

  it('says what is wrong with an answer that is not an instant vector', async () => {
    const client = scriptedClient(() => ok({ resultType: 'scalar', result: [1_795_436_815, '1'] }));
    const { reports, failures } = await firstRound(prometheus(client), [acme]);
    expect(reports).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^Prometheus "prom" \/api\/v1\/query: unexpected answer: data.resultType: expected an instant vector \(one series per host\); data.result\[0\]: /);
  });

  it('says how to fix an override that drops the instance label', async () => {
    const client = scriptedClient((request) => (queryOf(request).startsWith('avg(') ? vector([[{}, '3']]) : vector([])));
    const { failures } = await firstRound(prometheus(client, { queries: { cpu: 'avg(rate(node_cpu_seconds_total[5m]))' } }), [acme]);
    expect(failures).toEqual(['cpu: Prometheus "prom": the cpu query returned series without the "instance" label; group it by (instance)']);
  });

  it('sends a long query as a POST form', async () => {
    const hosts = (env: number) => Array.from({ length: 60 }, (_, i) => ({ name: `host-${env}-${i}.customer-with-a-long-name.internal`, role: 'web' }));
    const client = scriptedClient(() => vector([]));
    await firstRound(prometheus(client), [environment('big-1', hosts(1)), environment('big-2', hosts(2))]);
    const request = client.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.form?.['query']).toContain('host-2-59\\\\.customer-with-a-long-name\\\\.internal');
    expect(request?.query).toBeUndefined();
  });

  it('aborts the round in flight on stop() and reports nothing after', async () => {
    let signal: AbortSignal | undefined;
    const client = scriptedClient(
      (request) =>
        new Promise((_resolve, reject) => {
          signal = request.signal;
          request.signal?.addEventListener('abort', () => reject(new ConnectorError('timeout', 'aborted')));
        }),
    );
    const connector = prometheus(client);
    const calls: string[] = [];
    connector.health.start([acme], { report: () => calls.push('report'), failed: () => calls.push('failed') });
    await new Promise((resolve) => setTimeout(resolve, 10));
    connector.health.stop();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(signal?.aborted).toBe(true);
    expect(calls).toEqual([]);
  });
});

describe('host matcher', () => {
  it('escapes regex and string syntax in instance names', () => {
    expect(hostMatcher('instance', ['db-1.acme:9100', 'odd"name\\x', 'db-1.acme:9100'])).toBe('instance=~"db-1\\\\.acme:9100|odd\\"name\\\\\\\\x"');
  });

  it('selects every host when listing them would cost Prometheus more than it saves', () => {
    expect(hostMatcher('instance', Array.from({ length: 1001 }, (_, i) => `h${i}`))).toBe('instance!=""');
  });
});

describe('Prometheus alerts, history and probe', () => {
  it('lists firing alerts, not pending ones, with the fingerprint Alertmanager gives them', async () => {
    const labels = { alertname: 'DrillFailing', environment: 'acme-prod', instance: '127.0.0.1:39100', job: 'node', severity: 'critical' };
    const client = scriptedClient(() =>
      ok({
        alerts: [
          {
            labels,
            annotations: { summary: 'drill', runbook_url: 'https://runbooks.example/drill' },
            state: 'firing',
            activeAt: '2026-11-23T12:23:58.103704037Z',
            value: '1e+00',
          },
          { labels: { alertname: 'Slow', severity: 'page' }, annotations: {}, state: 'pending', activeAt: '2026-11-23T12:23:58Z', value: '1' },
          { labels: { alertname: 'NoSeverity' }, annotations: { description: 'only a description' }, state: 'firing', activeAt: '2026-11-23T12:00:00Z', value: '1' },
        ],
      }),
    );
    const alerts = await prometheus(client).listAlerts(AbortSignal.timeout(1000));
    expect(client.requests[0]?.path).toBe('/api/v1/alerts');
    expect(alerts).toEqual([
      {
        // What Alertmanager 0.25 reported for the same labels.
        fingerprint: '9aeacb9f2b40900a',
        name: 'DrillFailing',
        severity: 'critical',
        summary: 'drill',
        description: null,
        runbookUrl: 'https://runbooks.example/drill',
        labels,
        startsAt: Date.parse('2026-11-23T12:23:58.103Z'),
        silencedBy: [],
      },
      expect.objectContaining({ name: 'NoSeverity', severity: 'warning', summary: 'only a description', description: 'only a description', runbookUrl: null }),
    ]);
  });

  it('fingerprints an empty label set as Prometheus does', () => {
    expect(labelFingerprint({})).toBe('cbf29ce484222325');
  });

  it('fingerprints like 64-bit FNV-1a computed with BigInt, for any values', () => {
    const reference = (labels: Record<string, string>) => {
      let hash = 0xcbf29ce484222325n;
      const add = (bytes: Iterable<number>) => {
        for (const byte of [...bytes, 0xff]) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      };
      for (const name of Object.keys(labels).sort()) {
        add(new TextEncoder().encode(name));
        add(new TextEncoder().encode(labels[name]));
      }
      return hash.toString(16).padStart(16, '0');
    };
    for (let i = 0; i < 200; i++) {
      const labels = { alertname: `A${i}`, instance: `host-${i * 7919}:9100`, summary: 'é✓'.repeat(i % 5), [`l_${i % 3}`]: String(i * i) };
      expect(labelFingerprint(labels)).toBe(reference(labels));
    }
  });

  it('asks a range at most 10,000 steps long and returns finite points per server', async () => {
    const client = scriptedClient(() =>
      ok({
        resultType: 'matrix',
        result: [
          { metric: { instance: 'web-1.acme:9100' }, values: [[1_800_000_000, '41'], [1_800_000_061, 'NaN'], [1_800_000_122, '+Inf'], [1_800_000_183, '43.5']] },
          { metric: { instance: 'stranger' }, values: [[1_800_000_000, '1']] },
        ],
      }),
    );
    const connector = prometheus(client);
    const end = 1_800_000_000_000;
    const history = await connector.history(
      { env: acme, servers: connector.health.servers(acme), check: 'disk', start: end - 7 * 86_400_000, end, stepMs: 1000 },
      AbortSignal.timeout(1000),
    );
    expect(client.requests[0]).toMatchObject({
      path: '/api/v1/query_range',
      query: { start: String((end - 7 * 86_400_000) / 1000), end: String(end / 1000), step: '61' },
    });
    expect(queryOf(client.requests[0]!)).toContain('node_filesystem_avail_bytes{fstype!~"tmpfs|ramfs|squashfs|overlay|nsfs",instance=~"web-1\\\\.acme:9100|db-1"}');
    expect(history).toEqual([
      { server: 'web-1', points: [[1_800_000_000_000, 41], [1_800_000_183_000, 43.5]] },
      { server: 'db-1', points: [] },
    ]);
  });

  it('probes the version with the targets up and the alert rules', async () => {
    const client = scriptedClient((request) => {
      if (request.path === '/api/v1/status/buildinfo') return ok({ version: '2.42.0', revision: 'x', branch: 'main', buildUser: 'u', buildDate: 'd', goVersion: 'go1.19' });
      if (request.path === '/api/v1/targets') return ok({ activeTargets: [{ health: 'up' }, { health: 'down' }, { health: 'up' }], droppedTargets: [] });
      if (request.path === '/api/v1/rules') return ok({ groups: [{ name: 'a', rules: [{ type: 'alerting' }, { type: 'alerting' }] }] });
      throw new Error(`unexpected ${request.path}`);
    });
    expect(await prometheus(client).probe.probe(AbortSignal.timeout(1000))).toEqual({ version: 'Prometheus 2.42.0 · 2/3 targets up · 2 alert rules' });
    expect(client.requests.find((request) => request.path === '/api/v1/rules')?.query).toEqual({ type: 'alert' });
  });

  it('leaves out what a compatible engine does not serve', async () => {
    const client = scriptedClient((request) => {
      if (request.path === '/api/v1/status/buildinfo') return ok({ version: '2.9.1' });
      throw new ConnectorError('http', `HTTP 404 for ${request.path}`, 404);
    });
    expect(await prometheus(client).probe.probe(AbortSignal.timeout(1000))).toEqual({ version: 'Prometheus 2.9.1' });
  });

  it.each([
    ['has no build info (404)', () => {
      throw new ConnectorError('http', 'HTTP 404 for /api/v1/status/buildinfo', 404);
    }],
    ['answers a web page', () => {
      throw new ConnectorError('malformed', 'GET /api/v1/status/buildinfo did not answer JSON', 200);
    }],
    ['answers other JSON', () => ({ code: 601, message: 'nope' })],
  ])('says wrong-kind when the server %s', async (_case, buildinfo) => {
    const client = scriptedClient((request) => (request.path === '/api/v1/status/buildinfo' ? buildinfo() : ok({ activeTargets: [], groups: [] })));
    const failure = await prometheus(client)
      .probe.probe(AbortSignal.timeout(1000))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ failure: 'wrong-kind' });
    expect((failure as Error).message).toMatch(/^Prometheus "prom" \/api\/v1\/status\/buildinfo: /);
  });
});
