import { afterEach, describe, expect, it } from 'vitest';
import type { AlertFeed } from '../../shared/contract/alerts.js';
import type { FleetDelta } from '../../shared/contract/fleet.js';
import { FleetDefinition } from '../../shared/fleet-definition/schema.js';
import { AlertService } from '../../main/core/alerts/alert-service.js';
import { alertHandlers } from '../../main/core/alerts/handlers.js';
import type {
  AlertSource,
  BackendAlert,
  BackendSilence,
  Connector,
  NewSilence,
  SilenceStore,
} from '../../main/core/connectors/capabilities.js';
import type { CoreContext } from '../../main/core/core-context.js';
import { EventBus } from '../../main/core/events/event-bus.js';
import { FleetService } from '../../main/core/fleet/fleet-service.js';
import { toFleetView } from '../../main/core/fleet/fleet-view.js';
import { CHECK_RULES, appliesTo } from '../../main/core/fleet/health-rules.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { openStore } from '../../main/core/store/store.js';
import { ManualClock, useTempDirs } from '../support/temp.js';
import { ScriptedSource } from '../support/scripted-source.js';

/** An Alertmanager stand-in: the test sets what it fires, and can make it fail or never answer. */
class ScriptedAlerts implements Connector, AlertSource, SilenceStore {
  readonly kind = 'alertmanager';
  readonly name: string;
  readonly alerts = this;
  readonly silences = this;
  firing: BackendAlert[] = [];
  held: BackendSilence[] = [];
  failure: Error | undefined;
  hang = false;
  constructor(readonly id: string) {
    this.name = `Alertmanager "${id}"`;
  }
  async listAlerts(): Promise<BackendAlert[]> {
    if (this.hang) return new Promise<never>(() => {});
    if (this.failure) throw this.failure;
    return this.firing.map((alert) => ({ ...alert }));
  }
  async listSilences(): Promise<BackendSilence[]> {
    if (this.hang) return new Promise<never>(() => {});
    return this.held.map((silence) => ({ ...silence }));
  }
  async createSilence(silence: NewSilence): Promise<string> {
    if (this.failure) throw this.failure;
    const id = `silence-${this.held.length + 1}`;
    this.held.push({ id, ...silence, state: 'active' });
    return id;
  }
  async expireSilence(id: string): Promise<void> {
    this.held = this.held.map((silence) => (silence.id === id ? { ...silence, state: 'expired' } : silence));
  }
  close(): void {}
}

const definition = FleetDefinition.parse({
  version: 1,
  name: 'Alert mapping',
  backends: [
    { id: 'mon', kind: 'sandbox' },
    { id: 'am', kind: 'alertmanager', url: 'http://127.0.0.1:9093' },
    { id: 'am-slow', kind: 'alertmanager', url: 'http://127.0.0.1:9094', timeoutMs: 500 },
  ],
  regions: [{ id: 'uk', name: 'UK', timeZone: 'Europe/London', residency: 'UK', sites: [{ id: 'uk-lon', name: 'London', role: 'primary' }] }],
  tenants: [
    {
      id: 'acme',
      name: 'Acme',
      region: 'uk',
      environments: [
        { id: 'acme-prod', kind: 'production', site: 'uk-lon', watchedBy: 'mon', servers: 2, watch: { alertsFrom: ['am', 'am-slow'] } },
        { id: 'acme-uat', kind: 'uat', site: 'uk-lon', watchedBy: 'mon', servers: 2, watch: { alertsFrom: ['am'], labels: { cluster: 'k8s-uk', namespace: 'acme-uat' } } },
        { id: 'acme-training', kind: 'training', site: 'uk-lon', watchedBy: 'mon', servers: 2 },
      ],
    },
  ],
});

function alert(fingerprint: string, severity: BackendAlert['severity'], labels: Record<string, string>, startsAt: number, summary = `${fingerprint} is firing`): BackendAlert {
  return {
    fingerprint,
    name: `Alert${fingerprint}`,
    severity,
    summary,
    description: null,
    runbookUrl: `https://runbooks.example.test/${fingerprint}`,
    labels: { alertname: `Alert${fingerprint}`, severity, ...labels },
    startsAt,
    silencedBy: [],
  };
}

const open: Array<() => void> = [];
afterEach(() => {
  for (const close of open.splice(0)) close();
});

function setup(dataDir: string, clock: ManualClock) {
  const store = openStore(dataDir);
  const view = toFleetView(definition);
  const health = new ScriptedSource('mon');
  const am = new ScriptedAlerts('am');
  const slow = new ScriptedAlerts('am-slow');
  const connectors = new Map<string, Connector>([
    ['mon', health],
    ['am', am],
    ['am-slow', slow],
  ]);
  const bus = new EventBus();
  const deltas: FleetDelta[] = [];
  const feeds: AlertFeed[] = [];
  bus.on('alerts.changed', (feed) => feeds.push(feed));
  const startFleet = (firstRevision: number) => {
    const service = new FleetService({ view, connectors, store: store.envStates, clock, emit: (delta) => deltas.push(delta), firstRevision, flushEveryMs: 60_000, staleAfterMs: 3_600_000 });
    service.start();
    return service;
  };
  let fleet = startFleet(0);
  const ctx: CoreContext = {
    clock,
    log: () => {},
    store,
    bus,
    operator: 'alice',
    definition: () => definition,
    view: () => view,
    fleet: () => fleet,
    connectors: () => connectors,
  };
  const alerts = new AlertService(ctx);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    alerts.close();
    fleet.stop();
    store.close();
  };
  open.push(close);
  const allOk = () =>
    view.watched.flatMap((env) =>
      health.servers(env).flatMap((server, index) =>
        CHECK_RULES.filter((rule) => appliesTo(rule.check, server.role)).map((rule) => ({ env: env.view.id, server: index, check: rule.check, value: rule.worse === 'below' ? 100 : 0 })),
      ),
    );
  health.sink?.report({ at: clock.now(), latencyMs: 1, samples: allOk() });
  fleet.flush();
  /** What ops-core does when the fleet file changes: a new fleet service, then the alert service follows it. */
  const reload = () => {
    const revision = fleet.revision + 1;
    fleet.stop();
    fleet = startFleet(revision);
    health.sink?.report({ at: clock.now(), latencyMs: 1, samples: allOk() });
    alerts.restart();
    fleet.flush();
  };
  const stateOf = (id: string) => deltas.flatMap((delta) => delta.states).filter((state) => state.id === id).at(-1);
  return { fleet: () => fleet, alerts, am, slow, health, feeds, deltas, stateOf, close, reload };
}

describe('alert feed', () => {
  const tempDir = useTempDirs();

  it('ties each alert to the environment whose binding labels it carries, newest critical first', async () => {
    const clock = new ManualClock();
    const { alerts, am, feeds } = setup(tempDir(), clock);
    const now = clock.now();
    am.firing = [
      alert('warn-prod', 'warning', { environment: 'acme-prod' }, now - 1_000),
      alert('old-crit-prod', 'critical', { environment: 'acme-prod' }, now - 600_000),
      alert('crit-uat', 'critical', { cluster: 'k8s-uk', namespace: 'acme-uat', environment: 'ignored' }, now - 60_000),
      alert('unbound', 'critical', { environment: 'acme-training' }, now - 30_000),
      alert('half-labels', 'critical', { namespace: 'acme-uat' }, now - 120_000),
      alert('info-prod', 'info', { environment: 'acme-prod' }, now),
    ];
    await alerts.refresh();

    const feed = alerts.list();
    expect(feed.alerts.map((view) => [view.key, view.environmentId])).toEqual([
      ['am:unbound', null],
      ['am:crit-uat', 'acme-uat'],
      ['am:half-labels', null],
      ['am:old-crit-prod', 'acme-prod'],
      ['am:warn-prod', 'acme-prod'],
      ['am:info-prod', 'acme-prod'],
    ]);
    expect(feed.alerts[1]).toMatchObject({ connectionId: 'am', state: 'active', runbookUrl: 'https://runbooks.example.test/crit-uat', acknowledgedBy: null });
    expect(feed.sources).toContainEqual({ connectionId: 'am', name: 'Alertmanager "am"', lastSuccessAt: now, lastError: null });
    expect(feeds.at(-1)).toEqual(feed);
    const sent = feeds.length;

    // Nothing new: the sources answered again with the same alerts, so nothing is sent.
    clock.advance(10_000);
    await alerts.refresh();
    expect(feeds).toHaveLength(sent);

    am.firing = am.firing.filter((view) => view.fingerprint !== 'unbound');
    await alerts.refresh();
    expect(feeds).toHaveLength(sent + 1);
    expect(feeds.at(-1)?.alerts.map((view) => view.key)).not.toContain('am:unbound');
  });

  it('turns an ok environment critical with the alert summary as the reason, and back when it resolves', async () => {
    const clock = new ManualClock();
    const { alerts, am, fleet, stateOf, deltas } = setup(tempDir(), clock);
    expect(stateOf('acme-prod')).toMatchObject({ status: 'ok' });

    am.firing = [alert('checkout', 'critical', { environment: 'acme-prod' }, clock.now(), 'Checkout errors at 12% (limit 5%)')];
    await alerts.refresh();
    fleet().flush();
    expect(stateOf('acme-prod')).toMatchObject({ status: 'critical', health: 'critical', reason: 'Checkout errors at 12% (limit 5%)' });
    expect(deltas.at(-1)?.rollups.find((rollup) => rollup.scope === 'tenant' && rollup.id === 'acme')).toMatchObject({ status: 'critical' });

    // A silenced alert is no longer shown against the environment, but the health underneath stays critical and says why.
    am.firing = [{ ...alert('checkout', 'critical', { environment: 'acme-prod' }, clock.now(), 'Checkout errors at 12% (limit 5%)'), silencedBy: ['s-1'] }];
    await alerts.refresh();
    fleet().flush();
    expect(alerts.list().alerts[0]).toMatchObject({ state: 'silenced', silencedBy: ['s-1'] });
    expect(stateOf('acme-prod')).toMatchObject({ status: 'ok', health: 'critical', reason: 'All 17 checks OK; silenced alert: Checkout errors at 12% (limit 5%) (critical)' });
  });

  it('keeps the checks as the reason when an alert is no worse than them', async () => {
    const clock = new ManualClock();
    const { alerts, am, fleet, health, stateOf } = setup(tempDir(), clock);
    health.sink?.report({ at: clock.now(), latencyMs: 1, samples: [{ env: 'acme-prod', server: 1, check: 'cpu', value: 97 }] });
    am.firing = [alert('slow', 'warning', { environment: 'acme-prod' }, clock.now(), 'Slow checkout')];
    await alerts.refresh();
    fleet().flush();
    expect(stateOf('acme-prod')).toMatchObject({ status: 'critical', reason: 'CPU 97% on acme-prod-s1 (limit 95%)' });
  });

  it('keeps the feed and its effect on environments when the fleet is reloaded', async () => {
    const clock = new ManualClock();
    const { alerts, am, fleet, stateOf, reload, feeds } = setup(tempDir(), clock);
    am.firing = [alert('db', 'critical', { environment: 'acme-prod' }, clock.now(), 'Database down')];
    am.held = [{ id: 'patch', matchers: [{ name: 'namespace', value: 'acme-uat', isRegex: false, isEqual: true }], startsAt: clock.now(), endsAt: clock.now() + 3_600_000, createdBy: 'bob', comment: '', state: 'active' }];
    await alerts.refresh();
    const before = fleet();
    const sent = feeds.length;

    reload();
    expect(fleet()).not.toBe(before);
    expect(stateOf('acme-prod')).toMatchObject({ status: 'critical', reason: 'Database down' });
    expect(stateOf('acme-uat')).toMatchObject({ status: 'maintenance', health: 'ok', reason: 'In maintenance: silenced by bob until 2026-11-23 01:00 UTC' });
    expect(alerts.list().alerts.map((view) => [view.key, view.environmentId])).toEqual([['am:db', 'acme-prod']]);
    expect(feeds).toHaveLength(sent);
  });

  it('records who acknowledged an alert, keeps it across restarts, and forgets it when the alert resolves', async () => {
    const dir = tempDir();
    const clock = new ManualClock();
    const first = setup(dir, clock);
    first.am.firing = [alert('disk', 'critical', { environment: 'acme-prod' }, clock.now() - 5_000)];
    await first.alerts.refresh();
    clock.advance(2_000);
    const acknowledged = first.alerts.acknowledge('am:disk');
    expect(acknowledged).toMatchObject({ key: 'am:disk', acknowledgedBy: 'alice', acknowledgedAt: clock.now() });
    expect(first.feeds.at(-1)?.alerts[0]).toMatchObject({ acknowledgedBy: 'alice' });
    const ackedAt = clock.now();
    first.close();

    clock.advance(60_000);
    const second = setup(dir, clock);
    second.am.firing = [alert('disk', 'critical', { environment: 'acme-prod' }, ackedAt - 7_000)];
    await second.alerts.refresh();
    expect(second.alerts.list().alerts[0]).toMatchObject({ acknowledgedBy: 'alice', acknowledgedAt: ackedAt });

    second.am.firing = [];
    await second.alerts.refresh();
    expect(() => second.alerts.acknowledge('am:disk')).toThrow(expect.objectContaining({ kind: 'not-found' }));

    // The same fingerprint firing again is a new alert that nobody has seen yet.
    second.am.firing = [alert('disk', 'critical', { environment: 'acme-prod' }, clock.now())];
    await second.alerts.refresh();
    expect(second.alerts.list().alerts[0]).toMatchObject({ acknowledgedBy: null, acknowledgedAt: null });
  });

  it('answers an acknowledgement of an unknown key with not-found', async () => {
    const clock = new ManualClock();
    const { alerts } = setup(tempDir(), clock);
    await alerts.refresh();
    expect(() => alerts.acknowledge('am:never-fired')).toThrow(expect.objectContaining({ kind: 'not-found' }));
  });

  it('does not let a source that never answers hold up the others', async () => {
    const clock = new ManualClock();
    const { alerts, am, slow } = setup(tempDir(), clock);
    slow.hang = true;
    am.firing = [alert('fast', 'critical', { environment: 'acme-prod' }, clock.now())];

    await alerts.refresh('am');
    expect(alerts.list().alerts.map((view) => view.key)).toEqual(['am:fast']);

    const started = performance.now();
    await alerts.refresh();
    expect(performance.now() - started).toBeLessThan(5_000);
    const slowSource = alerts.list().sources.find((source) => source.connectionId === 'am-slow');
    expect(slowSource).toMatchObject({ lastSuccessAt: null });
    expect(slowSource?.lastError).toContain('Alertmanager "am-slow" did not answer its alerts within 0.5 s');
    expect(alerts.list().alerts.map((view) => view.key)).toEqual(['am:fast']);
  });

  it('keeps the last alerts of a failing source and says what failed', async () => {
    const clock = new ManualClock();
    const { alerts, am } = setup(tempDir(), clock);
    am.firing = [alert('kept', 'warning', { environment: 'acme-prod' }, clock.now())];
    await alerts.refresh('am');
    am.failure = new ConnectorError('refused', 'Alertmanager "am" at http://127.0.0.1:9093: connection refused');
    clock.advance(10_000);
    await alerts.refresh('am');
    expect(alerts.list().alerts.map((view) => view.key)).toEqual(['am:kept']);
    expect(alerts.list().sources.find((source) => source.connectionId === 'am')).toMatchObject({
      lastSuccessAt: clock.now() - 10_000,
      lastError: 'Alertmanager "am" at http://127.0.0.1:9093: connection refused',
    });
  });

  it('turns backend failures into errors with a kind and the backend’s words', async () => {
    const clock = new ManualClock();
    const { alerts, am } = setup(tempDir(), clock);
    const handlers = alertHandlers(alerts);
    const request = { connectionId: 'am', matchers: [{ name: 'environment', value: 'acme-prod', isRegex: false, isEqual: true }], durationMinutes: 60, comment: 'patching', idempotencyKey: 'key-000001' };
    am.failure = new ConnectorError('forbidden', 'Alertmanager "am" POST /api/v2/silences: 403 Forbidden', 403);
    await expect(handlers['silences.create'](request)).rejects.toMatchObject({ kind: 'forbidden', message: 'Alertmanager "am" POST /api/v2/silences: 403 Forbidden' });
    await expect(handlers['silences.create']({ ...request, connectionId: 'nowhere' })).rejects.toMatchObject({ kind: 'not-found' });
    await expect(handlers['silences.create']({ ...request, connectionId: 'mon' })).rejects.toMatchObject({ kind: 'invalid-input' });
  });
});
