import { afterEach, describe, expect, it } from 'vitest';
import type { FleetDefinition } from '../../shared/fleet-definition/schema.js';
import { generateSandboxFleet } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { SandboxConnector } from '../../main/core/connectors/sandbox/sandbox-connector.js';
import { toFleetView } from '../../main/core/fleet/fleet-view.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { ManualClock } from '../support/temp.js';

type SandboxDefinition = Extract<FleetDefinition['backends'][number], { kind: 'sandbox' }>;

const running: SandboxConnector[] = [];
afterEach(() => {
  for (const connector of running.splice(0)) connector.close();
});

function sandbox(seed: number, clock: ManualClock, faultRate = 0.01) {
  const definition = generateSandboxFleet({ seed, size: 40 });
  const backend = definition.backends[0] as SandboxDefinition;
  const connector = new SandboxConnector({ ...backend, faultRate }, clock);
  const view = toFleetView(definition);
  const env = view.watched.find((candidate) => candidate.view.kind === 'production' && !candidate.view.tenantId.startsWith('shared-'));
  if (!env) throw new Error('expected a customer production environment');
  return { connector, view, env, definition };
}

function started(seed: number, clock: ManualClock) {
  const made = sandbox(seed, clock, 0);
  made.connector.start(made.view.watched, { report: () => {}, failed: () => {} });
  running.push(made.connector);
  return made;
}

const signal = new AbortController().signal;
const HOUR = 3_600_000;

describe('sandbox capabilities', () => {
  it('binds every simulated environment to the sandbox for alerts and logs', () => {
    const view = toFleetView(generateSandboxFleet({ seed: 1, size: 50 }));
    for (const env of view.watched) {
      expect(env.binding.alertsFrom).toEqual(['sandbox']);
      expect(env.binding.logs?.from).toBe('sandbox');
      expect(env.binding.labels).toEqual({ environment: env.view.id });
    }
  });

  it('fires an alert for each fault, labelled like a Prometheus rule, with a runbook', async () => {
    const clock = new ManualClock();
    const { connector, env } = started(2, clock);
    expect(await connector.alerts.listAlerts(signal)).toEqual([]);
    const critical = connector.injectFault(env.view.id, 'memory', 'critical', 300_000);
    const warning = connector.injectFault(env.view.id, 'app-response', 'warning', 300_000);

    const alerts = await connector.alerts.listAlerts(signal);
    expect(alerts).toHaveLength(2);
    const memory = alerts.find((alert) => alert.labels.check === 'memory');
    expect(memory).toMatchObject({
      name: 'HostOutOfMemory',
      severity: 'critical',
      summary: `memory 97% on ${critical.server} (limit 95%)`,
      runbookUrl: 'https://runbooks.watchfloor.invalid/host-out-of-memory',
      labels: { alertname: 'HostOutOfMemory', environment: env.view.id, severity: 'critical', instance: critical.server, check: 'memory' },
      startsAt: clock.now(),
      silencedBy: [],
    });
    expect(alerts.find((alert) => alert.labels.check === 'app-response')).toMatchObject({ severity: 'warning', labels: { instance: warning.server } });
    // The same alert on the next poll: same fingerprint, so the feed keeps its acknowledgement.
    expect((await connector.alerts.listAlerts(signal)).map((alert) => alert.fingerprint)).toEqual(alerts.map((alert) => alert.fingerprint));
  });

  it('mutes matching alerts with its silences, from start to end or until expired', async () => {
    const clock = new ManualClock();
    const { connector, env } = started(2, clock);
    connector.injectFault(env.view.id, 'memory', 'critical', 3_600_000);
    connector.injectFault(env.view.id, 'app-response', 'warning', 3_600_000);
    const id = await connector.silences.createSilence(
      { matchers: [{ name: 'severity', value: 'crit.*', isRegex: true, isEqual: true }], startsAt: clock.now(), endsAt: clock.now() + HOUR, createdBy: 'bob', comment: 'known' },
      signal,
    );
    const silencedBy = async () => Object.fromEntries((await connector.alerts.listAlerts(signal)).map((alert) => [alert.severity, alert.silencedBy]));
    expect(await silencedBy()).toEqual({ critical: [id], warning: [] });

    clock.advance(HOUR);
    expect(await silencedBy()).toEqual({ critical: [], warning: [] });
    expect((await connector.silences.listSilences(signal)).map((silence) => silence.state)).toEqual(['expired']);

    const later = await connector.silences.createSilence(
      { matchers: [{ name: 'environment', value: env.view.id, isRegex: false, isEqual: true }], startsAt: clock.now(), endsAt: clock.now() + HOUR, createdBy: 'bob', comment: 'all of it' },
      signal,
    );
    expect(await silencedBy()).toEqual({ critical: [later], warning: [later] });
    await connector.silences.expireSilence(later, signal);
    expect(await silencedBy()).toEqual({ critical: [], warning: [] });
    await expect(connector.silences.expireSilence(later, signal)).rejects.toMatchObject({ failure: 'http', status: 409 });
    await expect(connector.silences.expireSilence('missing', signal)).rejects.toBeInstanceOf(ConnectorError);
  });

  it('makes the same metric history and logs from the same seed and clock, and others from another seed', async () => {
    const clock = new ManualClock();
    const one = sandbox(6, clock);
    const two = sandbox(6, clock);
    const other = sandbox(9, clock);
    const request = (env: typeof one.env) => ({
      env,
      servers: one.connector.servers(env),
      check: 'cpu' as const,
      start: clock.now() - 24 * HOUR,
      end: clock.now(),
      stepMs: 120_000,
    });
    const history = await one.connector.metrics.history(request(one.env), signal);
    expect(await two.connector.metrics.history(request(one.env), signal)).toEqual(history);
    expect(await other.connector.metrics.history(request(one.env), signal)).not.toEqual(history);
    expect(history.every((series) => series.points.length === 721)).toBe(true);

    const logs = await one.connector.logs.recentErrors({ env: one.env, since: clock.now() - 24 * HOUR, limit: 500 }, signal);
    expect(logs.length).toBeGreaterThan(0);
    expect(await two.connector.logs.recentErrors({ env: one.env, since: clock.now() - 24 * HOUR, limit: 500 }, signal)).toEqual(logs);
  });

  it('shows a plausible week: mostly below the warning limit, with past faults visible', async () => {
    const clock = new ManualClock();
    const { connector, env } = sandbox(3, clock);
    const servers = connector.servers(env);
    const history = await connector.metrics.history({ env, servers, check: 'cpu', start: clock.now() - 7 * 24 * HOUR, end: clock.now(), stepMs: 600_000 }, signal);
    const values = history.flatMap((series) => series.points.map(([, value]) => value));
    const high = values.filter((value) => value >= 85);
    expect(high.length).toBeGreaterThan(0);
    expect(high.length / values.length).toBeLessThan(0.05);
    expect(Math.min(...values)).toBeGreaterThan(0);
  });

  it('puts the faults it ran into the history, over the past it made up', async () => {
    const clock = new ManualClock();
    const { connector, env } = started(5, clock);
    const fault = connector.injectFault(env.view.id, 'availability', 'critical', 120_000);
    clock.advance(60_000);
    const history = await connector.metrics.history(
      { env, servers: connector.servers(env), check: 'availability', start: clock.now() - HOUR, end: clock.now(), stepMs: 5_000 },
      signal,
    );
    const faulty = history.find((series) => series.server === fault.server);
    const during = faulty?.points.filter(([at]) => at >= clock.now() - 60_000) ?? [];
    expect(during.length).toBeGreaterThan(10);
    expect(during.every(([, value]) => value <= 95)).toBe(true);
    const before = faulty?.points.filter(([at]) => at < clock.now() - 65_000) ?? [];
    expect(before.every(([, value]) => value > 99.5)).toBe(true);
  });
});
