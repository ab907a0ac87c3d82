import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WatchedEnvironment, HealthReport, ServerRole } from '../../main/core/connectors/capabilities.js';
import { DatadogConnector } from '../../main/core/connectors/datadog/datadog-connector.js';
import { DatadogBackend } from '../../shared/fleet-definition/schema.js';
import { startDatadogFake, type DatadogFake } from '../support/fakes/datadog-fake.js';
import { backendClient } from '../support/backend-clients.js';
import { rejection } from '../support/rejection.js';
import { permanentPlan } from '../../shared/contract/lifecycle.js';

const API_KEY = 'dd-api-key-0123456789abcdef';
const APP_KEY = 'dd-app-key-fedcba9876543210';

function environment(id: string, hosts: Array<{ name: string; role: ServerRole; instance?: string }>): WatchedEnvironment {
  return {
    view: { id, name: id, tenantId: 'acme', regionId: 'apac', siteId: 'syd-1', kind: 'production', watchedBy: 'dd', servers: hosts.length, lifecycle: permanentPlan('UTC') },
    binding: { labels: { environment: id }, tags: [`environment:${id}`], alertsFrom: ['dd'], logs: null, hosts },
  };
}

const acme = environment('acme-prod', [
  { name: 'acme-web1', role: 'web' },
  { name: 'acme-app1', role: 'app', instance: 'i-0a1b2c3d' },
  { name: 'acme-db1', role: 'db' },
]);
const globex = environment('globex-prod', [{ name: 'globex-web1', role: 'web' }]);

let fake: DatadogFake;

beforeEach(async () => {
  fake = await startDatadogFake({ apiKey: API_KEY, applicationKey: APP_KEY });
  fake
    .addHost({ name: 'acme-web1', tags: ['environment:acme-prod', 'role:web'] })
    .addHost({ name: 'i-0a1b2c3d', tags: ['environment:acme-prod', 'role:app'] })
    .addHost({ name: 'acme-db1', tags: ['environment:acme-prod', 'role:db'] })
    .addHost({ name: 'globex-web1', tags: ['environment:globex-prod'] })
    .addHost({ name: 'stray-host', tags: ['environment:other'] });
  for (const [host, user, system, usable, disk] of [
    ['acme-web1', 30, 12, 0.6, 0.42],
    ['i-0a1b2c3d', 80, 17, 0.1, 0.5],
    ['acme-db1', 5, 3, 0.5, 0.93],
    ['globex-web1', 10, 5, 0.7, 0.2],
    ['stray-host', 99, 1, 0, 1],
  ] as const) {
    fake.setMetric('system.cpu.user', host, user).setMetric('system.cpu.system', host, system);
    fake.setMetric('system.mem.pct_usable', host, usable).setMetric('system.disk.in_use', host, disk);
  }
});

afterEach(async () => {
  await fake.close();
});

function connector(overrides: Record<string, unknown> = {}, client: { apiKey?: string; applicationKey?: string; timeoutMs?: number } = {}, monitorPageSize?: number) {
  const definition = DatadogBackend.parse({ id: 'dd', kind: 'datadog', site: 'datadoghq.eu', url: fake.url, pollMs: 60_000, ...overrides });
  const logged: string[] = [];
  const instance = new DatadogConnector(definition, {
    client: backendClient(definition, { type: 'datadog', apiKey: client.apiKey ?? API_KEY, applicationKey: client.applicationKey ?? APP_KEY }, client.timeoutMs),
    clock: { now: () => Date.now() },
    log: (line) => logged.push(line),
    ...(monitorPageSize ? { monitorPageSize } : {}),
  });
  return { connector: instance, logged };
}

/** Starts health polling and resolves with the first round's outcome. */
function firstRound(dd: DatadogConnector, envs: WatchedEnvironment[]): Promise<{ report?: HealthReport; failure?: string }> {
  return new Promise((resolve) => {
    dd.health.start(envs, { report: (report) => resolve({ report }), failed: (_, failure) => resolve({ failure }) });
  });
}

function valueOf(report: HealthReport | undefined, env: string, server: number, check: string): number | undefined {
  return report?.samples.find((sample) => sample.env === env && sample.server === server && sample.check === check)?.value;
}

describe('Datadog connector against a Datadog API fake', () => {
  it('measures each server of each environment from agent metrics grouped by host, and availability from the host list', async () => {
    fake.setHostUp('acme-db1', false);
    const { connector: dd } = connector();
    const { report, failure } = await firstRound(dd, [acme, globex]);
    dd.close();

    expect(failure).toBeUndefined();
    // cpu = system.cpu.user + system.cpu.system; memory = 100 - pct_usable * 100; disk = in_use * 100
    expect(valueOf(report, 'acme-prod', 0, 'cpu')).toBeCloseTo(42);
    expect(valueOf(report, 'acme-prod', 1, 'cpu')).toBeCloseTo(97);
    expect(valueOf(report, 'acme-prod', 0, 'memory')).toBeCloseTo(40);
    expect(valueOf(report, 'acme-prod', 2, 'disk')).toBeCloseTo(93);
    expect(valueOf(report, 'globex-prod', 0, 'cpu')).toBeCloseTo(15);
    expect(valueOf(report, 'acme-prod', 0, 'availability')).toBe(100);
    expect(valueOf(report, 'acme-prod', 2, 'availability')).toBe(0);
    // No io metric is reported: the check is unknown, not a stale number.
    expect(valueOf(report, 'acme-prod', 0, 'io')).toBeNaN();
    // The stray host (at 100 % everywhere) belongs to no watched environment and is never attributed.
    expect(report?.samples.some((sample) => sample.value === 100 && sample.check !== 'availability')).toBe(false);

    const queries = fake.http.requestsTo('/api/v1/query').map((request) => request.query.get('query') ?? '');
    expect(queries.some((query) => query.includes('{environment:acme-prod} by {host}') && query.includes('{environment:globex-prod} by {host}'))).toBe(true);
    for (const request of fake.http.requestsTo('/api/v1/query')) {
      const from = Number(request.query.get('from'));
      const to = Number(request.query.get('to'));
      expect(to - from).toBeGreaterThanOrEqual(300);
      expect(to).toBeLessThan(Date.now() / 1000 + 5);
    }
  });

  it('uses a check query from the fleet file instead of the default', async () => {
    fake.setMetric('trace.http.request.duration.by.service.95p', 'acme-web1', 1.25);
    const { connector: dd } = connector({ queries: { 'app-response': 'max:trace.http.request.duration.by.service.95p{$scope} by {host} * 1000' } });
    const { report } = await firstRound(dd, [acme]);
    dd.close();
    expect(valueOf(report, 'acme-prod', 0, 'app-response')).toBeCloseTo(1250);
  });

  it('reports the round as failed, with Datadog\'s reason, when the application key is refused', async () => {
    const { connector: dd } = connector({}, { applicationKey: 'wrong-app-key' });
    const { report, failure } = await firstRound(dd, [acme]);
    dd.close();
    expect(report).toBeUndefined();
    expect(failure).toMatch(/403|Forbidden/);
    expect(failure).not.toContain('wrong-app-key');
    expect(failure).not.toContain(API_KEY);
  });

  it('reports a partly failed round: what answered, the checks that did not for the environments they were asked for, and the failure', async () => {
    fake.refuseQueriesOf('system.disk.in_use', 'Error parsing query: the query took too long');
    const { connector: dd } = connector();
    const rounds: Array<{ report?: HealthReport; failure?: string }> = [];
    await new Promise<void>((resolve) => {
      dd.health.start([acme, globex], {
        report: (report) => rounds.push({ report }),
        failed: (_, failure) => {
          rounds.push({ failure });
          resolve();
        },
      });
    });
    dd.close();
    const report = rounds[0]?.report;
    expect(valueOf(report, 'acme-prod', 0, 'cpu')).toBeCloseTo(42);
    expect(report?.samples.some((sample) => sample.check === 'disk')).toBe(false);
    expect(report?.unanswered).toEqual([{ check: 'disk', envs: ['acme-prod', 'globex-prod'], reason: expect.stringContaining('the query took too long') }]);
    expect(rounds[1]?.failure).toContain('disk: ');
    expect(rounds[1]?.failure).toContain('the query took too long');
  });

  it('lists monitors in Alert and Warn as alerts, page by page, one per triggered group', async () => {
    fake
      .addMonitor({
        id: 11,
        name: 'CPU high on {{host.name}}',
        overall_state: 'Alert',
        tags: ['team:ops', 'service:billing'],
        message: '{{#is_alert}}CPU above 95% on {{host.name}}.{{/is_alert}}{{#is_recovery}}Recovered.{{/is_recovery}} Runbook: https://runbooks.example.net/cpu @pagerduty-ops',
        groups: {
          'environment:acme-prod,host:acme-web1': { status: 'Alert', last_triggered_ts: 1_790_000_000 },
          'environment:acme-prod,host:acme-db1': { status: 'OK' },
        },
      })
      .addMonitor({ id: 12, name: 'Disk filling', overall_state: 'Warn', tags: ['environment:globex-prod'], message: 'See [the dashboard](https://app.datadoghq.eu/dash/1)', groups: { '*': { status: 'Warn', last_triggered_ts: 1_790_000_100 } } })
      .addMonitor({ id: 13, name: 'All good', overall_state: 'OK', tags: ['environment:acme-prod'] })
      .addMonitor({ id: 14, name: 'Quiet', overall_state: 'No Data', tags: ['environment:acme-prod'] })
      .addMonitor({
        id: 15,
        name: 'Backups late',
        overall_state: 'Alert',
        tags: ['environment:acme-prod'],
        matching_downtimes: [{ id: 777, start: Math.floor(Date.now() / 1000) - 60, end: null }],
      });
    const { connector: dd } = connector({}, {}, 2);
    const alerts = await dd.alerts.listAlerts(AbortSignal.timeout(5000));
    dd.close();

    const pages = fake.http.requestsTo('/api/v1/monitor').map((request) => [request.query.get('page'), request.query.get('page_size'), request.query.get('group_states')]);
    expect(pages).toEqual([
      ['0', '2', 'alert,warn'],
      ['1', '2', 'alert,warn'],
      ['2', '2', 'alert,warn'],
    ]);
    expect(alerts.map((alert) => alert.fingerprint).sort()).toEqual(['monitor-11/environment:acme-prod,host:acme-web1', 'monitor-12', 'monitor-15']);

    const cpu = alerts.find((alert) => alert.fingerprint.startsWith('monitor-11'));
    expect(cpu).toMatchObject({
      name: 'CPU high on acme-web1',
      severity: 'critical',
      runbookUrl: 'https://runbooks.example.net/cpu',
      description: 'CPU above 95% on acme-web1. Runbook: https://runbooks.example.net/cpu',
      labels: { team: 'ops', service: 'billing', environment: 'acme-prod', host: 'acme-web1', monitor_id: '11' },
      startsAt: 1_790_000_000_000,
      silencedBy: [],
    });
    expect(alerts.find((alert) => alert.fingerprint === 'monitor-12')).toMatchObject({
      severity: 'warning',
      runbookUrl: 'https://app.datadoghq.eu/dash/1',
      labels: { environment: 'globex-prod' },
      startsAt: 1_790_000_100_000,
    });
    expect(alerts.find((alert) => alert.fingerprint === 'monitor-15')?.silencedBy).toEqual(['downtime-777']);
  });

  it('gives a check\'s history per server over the range', async () => {
    const { connector: dd } = connector();
    const end = Date.now();
    const series = await dd.metrics?.history({ env: acme, servers: acme.binding.hosts ?? [], check: 'cpu', start: end - 3_600_000, end, stepMs: 60_000 }, AbortSignal.timeout(5000));
    dd.close();

    expect(series?.map((entry) => entry.server).sort()).toEqual(['acme-app1', 'acme-db1', 'acme-web1']);
    const web = series?.find((entry) => entry.server === 'acme-web1');
    expect(web?.points.length).toBeGreaterThan(100);
    // Datadog takes whole seconds: the range is widened to the seconds it starts and ends in.
    const from = Math.floor((end - 3_600_000) / 1000) * 1000;
    const to = Math.ceil(end / 1000) * 1000;
    expect(web?.points.every(([at, value]) => at >= from && at <= to && value === 42)).toBe(true);
    const request = fake.http.requestsTo('/api/v1/query')[0];
    expect(Number(request?.query.get('to')) - Number(request?.query.get('from'))).toBeGreaterThanOrEqual(3600);
  });

  it('passes a connection test with the Datadog site as its version', async () => {
    const { connector: dd } = connector();
    await expect(dd.probe?.probe(AbortSignal.timeout(5000))).resolves.toEqual({ version: 'Datadog (datadoghq.eu)' });
    expect(fake.http.requestsTo('/api/v1/validate')[0]?.headers['dd-api-key']).toBe(API_KEY);
    dd.close();
  });

  it('fails a connection test with a wrong API key as forbidden, in Datadog\'s words and without the key', async () => {
    const { connector: dd } = connector({}, { apiKey: 'not-the-right-key' });
    const error = await rejection(dd.probe?.probe(AbortSignal.timeout(5000)) ?? Promise.resolve());
    dd.close();
    expect(error.failure).toBe('forbidden');
    expect(error.message).toContain('Forbidden');
    expect(error.message).toContain('datadoghq.eu');
    expect(error.message).not.toContain('not-the-right-key');
  });

  it('fails a connection test against a server that is not Datadog as the wrong kind', async () => {
    fake.http.override('/api/v1/validate', { status: 200, body: { status: 'success', data: { version: '2.53.0' } } });
    const { connector: dd } = connector();
    const error = await rejection(dd.probe?.probe(AbortSignal.timeout(5000)) ?? Promise.resolve());
    dd.close();
    expect(error.failure).toBe('wrong-kind');
    expect(error.message).toContain('this server is not the Datadog API');
  });

  it('waits out a rate limit for as long as X-RateLimit-Reset says, then carries on', async () => {
    for (let id = 1; id <= 3; id++) fake.addMonitor({ id, name: `Monitor ${id}`, overall_state: 'Alert', tags: [] });
    fake.rateLimit(2, 1);
    const { connector: dd } = connector({}, {}, 1);
    const alerts = await dd.alerts.listAlerts(AbortSignal.timeout(10_000));
    dd.close();

    expect(alerts).toHaveLength(3);
    const calls = fake.http.requestsTo('/api/v1/monitor');
    const limited = calls.findIndex((call) => call.status === 429);
    expect(limited).toBeGreaterThanOrEqual(0);
    const retry = calls[limited + 1];
    expect(retry?.status).toBe(200);
    expect(retry?.query.get('page')).toBe(calls[limited]?.query.get('page'));
    // The fake's window is one second long and opened with the first call: the retry came after it closed.
    expect((retry?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('says which field was wrong when an answer does not follow the spec', async () => {
    fake.http.override('/api/v1/query', { status: 200, body: { status: 'ok', series: [{ metric: 'system.cpu.user', pointlist: 'not a list' }] } });
    const { connector: dd } = connector();
    const end = Date.now();
    const error = await rejection(dd.metrics?.history({ env: acme, servers: [], check: 'cpu', start: end - 3_600_000, end, stepMs: 60_000 }, AbortSignal.timeout(5000)) ?? Promise.resolve());
    dd.close();
    expect(error.failure).toBe('malformed');
    expect(error.message).toContain('Datadog "dd" /api/v1/query');
    expect(error.message).toContain('pointlist');
  });

  it('gives up on a backend that does not answer within the timeout', async () => {
    fake.http.hang();
    const { connector: dd } = connector({}, { timeoutMs: 500 });
    const started = Date.now();
    const error = await rejection(dd.probe?.probe(AbortSignal.timeout(10_000)) ?? Promise.resolve());
    dd.close();
    expect(error.failure).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
