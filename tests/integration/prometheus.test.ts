import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, HealthReport, Sample } from '../../main/core/connectors/capabilities.js';
import { labelFingerprint } from '../../main/core/connectors/prometheus/alert-labels.js';
import { createConnectors } from '../../main/core/connectors/registry.js';
import { parseFleetText } from '../../main/core/definition/fleet-file.js';
import { toFleetView, type FleetView } from '../../main/core/fleet/fleet-view.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import type { FleetDefinition } from '../../shared/fleet-definition/schema.js';
import { backendClient } from '../support/backend-clients.js';
import { DRILL, eventually, freePorts, startPromStack, type PromStack } from '../support/prom-stack.js';
import { APAC_REGION_YAML } from '../support/fleet-yaml.js';

/** The Prometheus connector against the real Prometheus and node_exporter, started on loopback by the test. */

function fleetFile(prometheusUrl: string, nodeInstance: string): string {
  return `
version: 1
name: Prometheus integration
backends:
  - { id: prom, kind: prometheus, url: "${prometheusUrl}", pollMs: 1000 }
${APAC_REGION_YAML}
tenants:
  - id: acme
    name: Acme
    region: apac
    environments:
      - id: acme-prod
        kind: production
        site: apac-syd
        watchedBy: prom
        hosts:
          - { name: acme-web-1, role: web, instance: "${nodeInstance}" }
          - { name: acme-db-1, role: db, instance: "10.255.0.9:9100" }
`;
}

function parseFleet(text: string): FleetDefinition {
  const parsed = parseFleetText(text, 'fleet.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n'));
  return parsed.definition;
}

function connect(definition: FleetDefinition, log: string[] = []): Connector {
  const connectors = createConnectors(definition.backends, {
    clock: { now: () => Date.now() },
    log: (line) => log.push(line),
    client: (backend) => backendClient(backend, { type: 'none' }),
  });
  const connector = connectors.get('prom');
  if (!connector) throw new Error('no connector for the prometheus backend');
  return connector;
}

function sampleOf(report: HealthReport, server: number, check: Sample['check']): number | undefined {
  return report.samples.find((sample) => sample.env === 'acme-prod' && sample.server === server && sample.check === check)?.value;
}

describe('Prometheus connector against the real Prometheus', () => {
  let stack: PromStack;
  let view: FleetView;
  let connector: Connector;

  beforeAll(async () => {
    stack = await startPromStack();
    stack.setDrill('acme-prod', true);
    const definition = parseFleet(fleetFile(stack.prometheusUrl, stack.nodeInstance));
    view = toFleetView(definition);
    connector = connect(definition);
  }, 30_000);

  afterAll(async () => {
    connector?.close();
    await stack?.stop();
  });

  it('reports real CPU, memory, disk and availability of the host bound to node_exporter, and no data for an unknown host', async () => {
    const health = connector.health;
    if (!health) throw new Error('the Prometheus connector has no health source');
    expect(health.servers(view.watched[0]!).map((server) => server.name)).toEqual(['acme-web-1', 'acme-db-1']);

    const reports: HealthReport[] = [];
    const failures: string[] = [];
    health.start(view.watched, { report: (report) => reports.push(report), failed: (_at, message) => failures.push(message) });
    try {
      const complete = await eventually('a report with every node_exporter check measured', () =>
        reports.find((report) => ['cpu', 'memory', 'disk', 'availability'].every((check) => Number.isFinite(sampleOf(report, 0, check as Sample['check'])))),
      );
      for (const check of ['cpu', 'memory', 'disk'] as const) {
        const value = sampleOf(complete, 0, check) ?? Number.NaN;
        expect(value, check).toBeGreaterThanOrEqual(check === 'cpu' ? 0 : 0.01);
        expect(value, check).toBeLessThanOrEqual(100);
      }
      expect(sampleOf(complete, 0, 'availability')).toBe(100);
      // The web host has no database check; the database host is not scraped at all.
      expect(sampleOf(complete, 0, 'database')).toBeUndefined();
      expect(sampleOf(complete, 1, 'cpu')).toBeNaN();
      expect(sampleOf(complete, 1, 'database')).toBeNaN();
      expect(failures).toEqual([]);
    } finally {
      health.stop();
    }
    const count = reports.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(reports.length, 'no report after stop()').toBe(count);
  });

  it('returns a range of memory points for the host, none for the host Prometheus does not know', async () => {
    const env = view.watched[0]!;
    const servers = connector.health!.servers(env);
    const end = Date.now();
    const history = await eventually('memory history with points', async () => {
      const result = await connector.metrics!.history({ env, servers, check: 'memory', start: end - 60_000, end: Date.now(), stepMs: 1000 }, AbortSignal.timeout(5000));
      return result[0]!.points.length >= 2 ? result : undefined;
    });
    expect(history.map((series) => series.server)).toEqual(['acme-web-1', 'acme-db-1']);
    const [web, db] = history;
    for (const [at, value] of web!.points) {
      expect(at).toBeGreaterThanOrEqual(end - 60_000);
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThan(100);
    }
    expect(db!.points).toEqual([]);
  });

  it('lists the firing drill alert with its severity, summary and runbook link', async () => {
    const alert = await eventually('the drill alert firing in Prometheus', async () =>
      (await connector.alerts!.listAlerts(AbortSignal.timeout(5000))).find((candidate) => candidate.name === DRILL.alertname),
    );
    expect(alert).toMatchObject({
      severity: 'critical',
      summary: 'Drill failing on acme-prod',
      description: 'The drill metric reports a failure.',
      runbookUrl: DRILL.runbookUrl,
      silencedBy: [],
    });
    expect(alert.labels).toMatchObject({ alertname: DRILL.alertname, environment: 'acme-prod', severity: 'critical', instance: stack.nodeInstance });
    expect(alert.fingerprint).toBe(labelFingerprint(alert.labels));
    expect(alert.startsAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it('probes the version, the targets up and the alert rules', async () => {
    const { version } = await eventually('the node target up', async () => {
      const result = await connector.probe!.probe(AbortSignal.timeout(5000));
      return result.version.includes('1/1 targets up') ? result : undefined;
    });
    expect(version).toMatch(/^Prometheus 2\.\d+\.\d+\S* · 1\/1 targets up · 1 alert rule$/);
  });

  it('says wrong-kind when pointed at Alertmanager', async () => {
    const definition = parseFleet(fleetFile(stack.alertmanagerUrl, stack.nodeInstance));
    const wrong = connect(definition);
    const failure = await wrong.probe!.probe(AbortSignal.timeout(5000)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ failure: 'wrong-kind', status: 404 });
    expect((failure as ConnectorError).message).toContain('Prometheus "prom"');
    expect((failure as ConnectorError).message).toContain('not Prometheus');
  });

  it('says the connection is refused when the server is stopped, in the probe and in the health source', async () => {
    const [port] = await freePorts(1);
    const definition = parseFleet(fleetFile(`http://127.0.0.1:${port}`, stack.nodeInstance));
    const stopped = connect(definition);
    const failure = await stopped.probe!.probe(AbortSignal.timeout(5000)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ failure: 'refused' });
    expect((failure as Error).message).toMatch(/refused/);

    const failures: string[] = [];
    const reports: HealthReport[] = [];
    stopped.health!.start(toFleetView(definition).watched, { report: (report) => reports.push(report), failed: (_at, message) => failures.push(message) });
    try {
      const message = await eventually('a failed round', () => failures[0]);
      expect(message).toMatch(/connection refused/);
      // One message for the round, not one per check.
      expect(message).not.toMatch(/cpu/);
      expect(reports).toEqual([]);
    } finally {
      stopped.close();
    }
  });
});
