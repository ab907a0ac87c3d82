import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerConnector } from '../../main/core/connectors/alertmanager/alertmanager-connector.js';
import type { BackendAlert } from '../../main/core/connectors/capabilities.js';
import { PrometheusConnector } from '../../main/core/connectors/prometheus/prometheus-connector.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { AlertmanagerBackend, PrometheusBackend } from '../../shared/fleet-definition/schema.js';
import { backendClient } from '../support/backend-clients.js';
import { DRILL, eventually, freePorts, startPromStack, type PromStack } from '../support/prom-stack.js';

/** The Alertmanager connector against the real Alertmanager, fed by a real Prometheus whose drill rule fires. */

function alertmanagerAt(url: string): AlertmanagerConnector {
  const backend = AlertmanagerBackend.parse({ id: 'am', kind: 'alertmanager', url });
  return new AlertmanagerConnector(backend, backendClient(backend, { type: 'none' }));
}

/** Reads Alertmanager directly, not through the connector, to see what it really holds. */
async function silenceInAlertmanager(stack: PromStack, id: string): Promise<{ status: { state: string }; matchers: unknown[]; comment: string; createdBy: string }> {
  const response = await fetch(`${stack.alertmanagerUrl}/api/v2/silence/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { status: { state: string }; matchers: unknown[]; comment: string; createdBy: string };
}

describe('Alertmanager connector against the real Alertmanager', () => {
  let stack: PromStack;
  let alertmanager: AlertmanagerConnector;
  const signal = () => AbortSignal.timeout(5000);
  const drillAlert = async (): Promise<BackendAlert | undefined> =>
    (await alertmanager.listAlerts(signal())).find((alert) => alert.name === DRILL.alertname && alert.labels['environment'] === 'acme-prod');

  beforeAll(async () => {
    stack = await startPromStack();
    stack.setDrill('acme-prod', true);
    alertmanager = alertmanagerAt(stack.alertmanagerUrl);
  }, 30_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('probes the version', async () => {
    expect(await alertmanager.probe.probe(signal())).toEqual({ version: expect.stringMatching(/^Alertmanager 0\.\d+\.\d+$/) });
  });

  it('lists the alert Prometheus fired, with its runbook link and the fingerprint Prometheus gives it', async () => {
    const alert = await eventually('the drill alert in Alertmanager', drillAlert);
    expect(alert).toMatchObject({
      severity: 'critical',
      summary: 'Drill failing on acme-prod',
      runbookUrl: DRILL.runbookUrl,
      silencedBy: [],
    });
    const prometheusBackend = PrometheusBackend.parse({ id: 'prom', kind: 'prometheus', url: stack.prometheusUrl });
    const prometheus = new PrometheusConnector(
      prometheusBackend,
      backendClient(prometheusBackend, { type: 'none' }),
      { now: () => Date.now() },
      () => {},
    );
    const fromPrometheus = (await prometheus.listAlerts(signal())).find((candidate) => candidate.name === DRILL.alertname);
    expect(fromPrometheus?.fingerprint).toBe(alert.fingerprint);
  });

  it('creates a silence that Alertmanager holds and applies to the alert, then expires it', async () => {
    await eventually('the drill alert in Alertmanager', drillAlert);
    const now = Date.now();
    const id = await alertmanager.createSilence(
      {
        matchers: [{ name: 'environment', value: 'acme-prod', isRegex: false, isEqual: true }],
        startsAt: now,
        endsAt: now + 3_600_000,
        createdBy: 'noc@example.net',
        comment: 'Drill: silenced from the console',
      },
      signal(),
    );

    const held = await silenceInAlertmanager(stack, id);
    expect(held).toMatchObject({
      status: { state: 'active' },
      matchers: [{ name: 'environment', value: 'acme-prod', isRegex: false, isEqual: true }],
      createdBy: 'noc@example.net',
      comment: 'Drill: silenced from the console',
    });
    const listed = (await alertmanager.listSilences(signal())).find((silence) => silence.id === id);
    expect(listed).toMatchObject({ state: 'active', endsAt: now + 3_600_000, comment: 'Drill: silenced from the console' });

    const silenced = await eventually('the alert marked silenced', async () => {
      const alert = await drillAlert();
      return alert && alert.silencedBy.length > 0 ? alert : undefined;
    });
    expect(silenced.silencedBy).toEqual([id]);

    await alertmanager.expireSilence(id, signal());
    expect((await silenceInAlertmanager(stack, id)).status.state).toBe('expired');
    expect((await alertmanager.listSilences(signal())).find((silence) => silence.id === id)?.state).toBe('expired');
    const active = await eventually('the alert active again', async () => {
      const alert = await drillAlert();
      return alert && alert.silencedBy.length === 0 ? alert : undefined;
    });
    expect(active.silencedBy).toEqual([]);
  });

  it('says wrong-kind when pointed at Prometheus', async () => {
    const failure = await alertmanagerAt(stack.prometheusUrl)
      .probe.probe(signal())
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ failure: 'wrong-kind' });
    expect((failure as Error).message).toContain('not Alertmanager');
  });

  it('says the connection is refused when the server is stopped', async () => {
    const [port] = await freePorts(1);
    const failure = await alertmanagerAt(`http://127.0.0.1:${port}`)
      .listAlerts(signal())
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ failure: 'refused' });
    expect((failure as Error).message).toMatch(/connection refused/);
  });
});
