import { describe, expect, it } from 'vitest';
import { AlertmanagerConnector } from '../../main/core/connectors/alertmanager/alertmanager-connector.js';
import { ConnectorError, type BackendClient, type JsonRequest } from '../../main/core/http/backend-client.js';
import { AlertmanagerBackend } from '../../shared/fleet-definition/schema.js';

/** The Alertmanager connector against a scripted client that answers as api/v2/openapi.yaml says. */

function scriptedClient(handler: (request: JsonRequest) => unknown): BackendClient & { requests: JsonRequest[] } {
  const requests: JsonRequest[] = [];
  return {
    connectionId: 'am',
    requests,
    async json(request) {
      requests.push(request);
      return { status: 200, headers: new Headers(), body: await handler(request), latencyMs: 1 };
    },
  };
}

function alertmanager(client: BackendClient): AlertmanagerConnector {
  return new AlertmanagerConnector(AlertmanagerBackend.parse({ id: 'am', kind: 'alertmanager', url: 'http://am.test:9093' }), client);
}

const gettableAlert = {
  annotations: { runbook_url: 'https://runbooks.example/drill', summary: 'Drill failing on acme-prod' },
  endsAt: '2026-11-23T12:24:04.103Z',
  fingerprint: '9aeacb9f2b40900a',
  receivers: [{ name: 'drop' }],
  startsAt: '2026-11-23T12:23:58.103Z',
  status: { inhibitedBy: [], silencedBy: ['0b5c1b4e-1d57-4a27-8d7f-1b2c3d4e5f60'], state: 'suppressed' },
  updatedAt: '2026-11-23T12:24:00.105Z',
  generatorURL: 'http://prom:9090/graph?g0.expr=x',
  labels: { alertname: 'DrillFailing', environment: 'acme-prod', severity: 'warning' },
};

describe('Alertmanager connector', () => {
  it('lists active, silenced and inhibited alerts with what silences them', async () => {
    const client = scriptedClient(() => [gettableAlert]);
    const alerts = await alertmanager(client).listAlerts(AbortSignal.timeout(1000));
    expect(client.requests[0]).toMatchObject({ method: 'GET', path: '/api/v2/alerts', query: { active: true, silenced: true, inhibited: true } });
    expect(alerts).toEqual([
      {
        fingerprint: '9aeacb9f2b40900a',
        name: 'DrillFailing',
        severity: 'warning',
        summary: 'Drill failing on acme-prod',
        description: null,
        runbookUrl: 'https://runbooks.example/drill',
        labels: gettableAlert.labels,
        startsAt: Date.parse('2026-11-23T12:23:58.103Z'),
        silencedBy: ['0b5c1b4e-1d57-4a27-8d7f-1b2c3d4e5f60'],
      },
    ]);
  });

  it('names the backend and the field when an answer does not follow the API', async () => {
    const failure = await alertmanager(scriptedClient(() => [{ ...gettableAlert, fingerprint: undefined }]))
      .listAlerts(AbortSignal.timeout(1000))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ failure: 'malformed' });
    expect((failure as Error).message).toBe('Alertmanager "am" GET /api/v2/alerts: unexpected answer: [0].fingerprint: Invalid input: expected string, received undefined');
  });

  it('lists silences, reading a matcher without isEqual as an equality (older servers omit it)', async () => {
    const client = scriptedClient(() => [
      {
        id: 'a7d2',
        status: { state: 'active' },
        updatedAt: '2026-11-23T12:00:00Z',
        matchers: [{ name: 'environment', value: 'acme-.*', isRegex: true }],
        startsAt: '2026-11-23T12:00:00Z',
        endsAt: '2026-11-23T14:00:00Z',
        createdBy: 'noc@example.net',
        comment: 'patching',
      },
    ]);
    expect(await alertmanager(client).listSilences(AbortSignal.timeout(1000))).toEqual([
      {
        id: 'a7d2',
        matchers: [{ name: 'environment', value: 'acme-.*', isRegex: true, isEqual: true }],
        startsAt: Date.parse('2026-11-23T12:00:00Z'),
        endsAt: Date.parse('2026-11-23T14:00:00Z'),
        createdBy: 'noc@example.net',
        comment: 'patching',
        state: 'active',
      },
    ]);
  });

  it('creates a silence with the payload of postableSilence, without retrying it, and returns its id', async () => {
    const client = scriptedClient(() => ({ silenceID: '0b5c1b4e-1d57-4a27-8d7f-1b2c3d4e5f60' }));
    const id = await alertmanager(client).createSilence(
      {
        matchers: [{ name: 'environment', value: 'acme-prod', isRegex: false, isEqual: true }],
        startsAt: Date.parse('2026-11-23T12:00:00Z'),
        endsAt: Date.parse('2026-11-23T13:30:00Z'),
        createdBy: 'noc@example.net',
        comment: 'disk replacement',
      },
      AbortSignal.timeout(1000),
    );
    expect(id).toBe('0b5c1b4e-1d57-4a27-8d7f-1b2c3d4e5f60');
    expect(client.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v2/silences',
      idempotent: false,
      body: {
        matchers: [{ name: 'environment', value: 'acme-prod', isRegex: false, isEqual: true }],
        startsAt: '2026-11-23T12:00:00.000Z',
        endsAt: '2026-11-23T13:30:00.000Z',
        createdBy: 'noc@example.net',
        comment: 'disk replacement',
      },
    });
  });

  it('expires a silence with DELETE /api/v2/silence/{id}', async () => {
    const client = scriptedClient(() => null);
    await alertmanager(client).expireSilence('0b5c1b4e/../x', AbortSignal.timeout(1000));
    expect(client.requests[0]).toMatchObject({ method: 'DELETE', path: '/api/v2/silence/0b5c1b4e%2F..%2Fx' });
  });

  it('probes the version', async () => {
    const client = scriptedClient(() => ({
      cluster: { peers: [], status: 'disabled' },
      config: { original: 'route: {}' },
      uptime: '2026-11-23T12:00:00Z',
      versionInfo: { branch: 'debian/sid', buildDate: 'd', buildUser: 'u', goVersion: 'go1.19.8', revision: 'r', version: '0.25.0' },
    }));
    expect(await alertmanager(client).probe.probe(AbortSignal.timeout(1000))).toEqual({ version: 'Alertmanager 0.25.0' });
    expect(client.requests[0]).toMatchObject({ method: 'GET', path: '/api/v2/status' });
  });

  it.each([
    ['has no /api/v2/status (404)', () => {
      throw new ConnectorError('http', 'HTTP 404 for /api/v2/status', 404);
    }],
    ['answers other JSON', () => ({ status: 'success', data: { version: '2.42.0' } })],
  ])('says wrong-kind when the server %s', async (_case, status) => {
    const failure = await alertmanager(scriptedClient(status))
      .probe.probe(AbortSignal.timeout(1000))
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ failure: 'wrong-kind' });
    expect((failure as Error).message).toMatch(/^Alertmanager "am" GET \/api\/v2\/status: /);
  });

  it('passes on other failures as they are', async () => {
    const refused = new ConnectorError('refused', 'Alertmanager "am": connection refused');
    const failure = await alertmanager(
      scriptedClient(() => {
        throw refused;
      }),
    )
      .probe.probe(AbortSignal.timeout(1000))
      .catch((error: unknown) => error);
    expect(failure).toBe(refused);
  });
});
