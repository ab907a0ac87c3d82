import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WatchedEnvironment } from '../../main/core/connectors/capabilities.js';
import { ElasticsearchConnector } from '../../main/core/connectors/elasticsearch/elasticsearch-connector.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { ElasticsearchBackend } from '../../shared/fleet-definition/schema.js';
import { startElasticsearchFake, type ElasticsearchFake } from '../support/fakes/elasticsearch-fake.js';
import { backendClient } from '../support/backend-clients.js';
import { permanentPlan } from '../../shared/contract/lifecycle.js';

/** An API key as Kibana hands it out: base64 of `id:key`. */
const API_KEY = Buffer.from('VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw').toString('base64');

function environment(logs: WatchedEnvironment['binding']['logs']): WatchedEnvironment {
  return {
    view: { id: 'acme-prod', name: 'Acme production', tenantId: 'acme', regionId: 'apac', siteId: 'syd-1', kind: 'production', watchedBy: 'prom', servers: 2, lifecycle: permanentPlan('UTC') },
    binding: { labels: { environment: 'acme-prod' }, tags: [], alertsFrom: [], logs, hosts: null },
  };
}

const acme = environment({ from: 'logs', index: 'logs-*', query: 'service.environment:"acme-prod"' });

let fake: ElasticsearchFake;
const now = Date.now();
const at = (agoMs: number) => new Date(now - agoMs).toISOString();

beforeEach(async () => {
  fake = await startElasticsearchFake({ apiKey: API_KEY, version: '8.15.2' });
  fake
    // ECS logging libraries write dotted keys...
    .index('logs-billing-2026.11', { '@timestamp': at(60_000), 'log.level': 'error', message: 'Invoice run failed: timeout talking to db', 'host.name': 'acme-app1', 'service.name': 'billing', 'service.environment': 'acme-prod' })
    // ...Beats and Elastic Agent write nested objects.
    .index('logs-web-2026.11', { '@timestamp': at(30_000), log: { level: 'ERROR' }, message: 'HTTP 500 on /api/orders', host: { name: 'acme-web1' }, service: { name: 'web', environment: 'acme-prod' } })
    .index('logs-web-2026.11', { '@timestamp': at(20_000), log: { level: 'info' }, message: 'GET /health 200', host: { name: 'acme-web1' }, service: { name: 'web', environment: 'acme-prod' } })
    .index('logs-web-2026.11', { '@timestamp': at(10_000), log: { level: 'error' }, message: 'Globex is on fire', host: { name: 'globex-web1' }, service: { name: 'web', environment: 'globex-prod' } })
    .index('logs-web-2026.11', { '@timestamp': at(5_000), log: { level: 'fatal' }, message: 'Worker crashed', host: { name: 'acme-app1' }, service: { name: 'worker', environment: 'acme-prod' } })
    .index('logs-web-2026.11', { '@timestamp': at(3 * 3_600_000), log: { level: 'error' }, message: 'An old error', service: { environment: 'acme-prod' } })
    .index('audit-2026.11', { '@timestamp': at(1_000), log: { level: 'error' }, message: 'Not a log index', service: { environment: 'acme-prod' } });
});

afterEach(async () => {
  await fake.close();
});

function connector(options: { apiKey?: string; timeoutMs?: number } = {}) {
  const definition = ElasticsearchBackend.parse({ id: 'logs', kind: 'elasticsearch', url: fake.url });
  return new ElasticsearchConnector(definition, backendClient(definition, { type: 'api-key', key: options.apiKey ?? API_KEY }, options.timeoutMs));
}

async function rejection(promise: Promise<unknown> | undefined): Promise<ConnectorError> {
  const error = await (promise ?? Promise.resolve()).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe('Elasticsearch connector against an Elasticsearch fake', () => {
  it('finds the environment\'s recent error lines, newest first, in ECS fields nested or dotted', async () => {
    const es = connector();
    const lines = await es.logs.recentErrors({ env: acme, since: now - 3_600_000, limit: 10 }, AbortSignal.timeout(5000));
    es.close();

    expect(lines).toEqual([
      { at: Date.parse(at(5_000)), level: 'fatal', message: 'Worker crashed', server: 'acme-app1', service: 'worker' },
      { at: Date.parse(at(30_000)), level: 'ERROR', message: 'HTTP 500 on /api/orders', server: 'acme-web1', service: 'web' },
      { at: Date.parse(at(60_000)), level: 'error', message: 'Invoice run failed: timeout talking to db', server: 'acme-app1', service: 'billing' },
    ]);

    const search = fake.http.requestsTo('/logs-*/_search')[0];
    expect(search?.method).toBe('POST');
    expect(search?.headers.authorization).toBe(`ApiKey ${API_KEY}`);
  });

  it('returns no more lines than asked for, the newest ones', async () => {
    const es = connector();
    const lines = await es.logs.recentErrors({ env: acme, since: now - 3_600_000, limit: 2 }, AbortSignal.timeout(5000));
    es.close();
    expect(lines.map((line) => line.message)).toEqual(['Worker crashed', 'HTTP 500 on /api/orders']);
  });

  it('has nothing to show for an environment without a log binding, and asks nothing', async () => {
    const es = connector();
    await expect(es.logs.recentErrors({ env: environment(null), since: now - 3_600_000, limit: 10 }, AbortSignal.timeout(5000))).resolves.toEqual([]);
    es.close();
    expect(fake.http.requests).toHaveLength(0);
  });

  it('passes a connection test with the node\'s version', async () => {
    const es = connector();
    await expect(es.probe.probe(AbortSignal.timeout(5000))).resolves.toEqual({ version: 'Elasticsearch 8.15.2' });
    es.close();
  });

  it('fails a connection test with a wrong API key as unauthorized, in Elasticsearch\'s words and without the key', async () => {
    const wrong = Buffer.from('nope:nope').toString('base64');
    const es = connector({ apiKey: wrong });
    const error = await rejection(es.probe.probe(AbortSignal.timeout(5000)));
    es.close();
    expect(error.failure).toBe('unauthorized');
    expect(error.message).toContain('unable to authenticate');
    expect(error.message).not.toContain(wrong);
  });

  it('fails a connection test against a server that is not Elasticsearch as the wrong kind', async () => {
    fake.http.override('/', { status: 200, body: { name: 'node-1', cluster_name: 'search', version: { distribution: 'opensearch', number: '2.11.0' }, tagline: 'The OpenSearch Project: https://opensearch.org/' } });
    const es = connector();
    const opensearch = await rejection(es.probe.probe(AbortSignal.timeout(5000)));
    fake.http.override('/', { status: 404, body: { errors: ['Not found'] } });
    const elsewhere = await rejection(es.probe.probe(AbortSignal.timeout(5000)));
    es.close();
    expect(opensearch.failure).toBe('wrong-kind');
    expect(opensearch.message).toContain('OpenSearch');
    expect(elsewhere.failure).toBe('wrong-kind');
  });

  it('says which field was wrong when a search answer does not follow the spec', async () => {
    fake.http.override('/logs-*/_search', { status: 200, body: { took: 1, timed_out: false, hits: { total: 3, hits: 'three' } } });
    const es = connector();
    const error = await rejection(es.logs.recentErrors({ env: acme, since: now - 3_600_000, limit: 10 }, AbortSignal.timeout(5000)));
    es.close();
    expect(error.failure).toBe('malformed');
    expect(error.message).toContain('Elasticsearch "logs" POST /logs-*/_search');
    expect(error.message).toContain('hits.hits');
  });

  it('passes on Elasticsearch\'s reason when the bound index does not exist', async () => {
    const es = connector();
    const error = await rejection(es.logs.recentErrors({ env: environment({ from: 'logs', index: 'logz-acme' }), since: now - 3_600_000, limit: 10 }, AbortSignal.timeout(5000)));
    es.close();
    expect(error.status).toBe(404);
    expect(error.message).toContain('no such index [logz-acme]');
  });

  it('gives up on a backend that does not answer within the timeout', async () => {
    fake.http.hang();
    const es = connector({ timeoutMs: 500 });
    const started = Date.now();
    const error = await rejection(es.logs.recentErrors({ env: acme, since: now - 3_600_000, limit: 10 }, AbortSignal.timeout(10_000)));
    es.close();
    expect(error.failure).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
