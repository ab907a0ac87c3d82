import { afterEach, describe, expect, it } from 'vitest';
import { FleetDefinition } from '../../shared/fleet-definition/schema.js';
import { generateSandboxFleet } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { SandboxConnector } from '../../main/core/connectors/sandbox/sandbox-connector.js';
import type { CoreContext } from '../../main/core/core-context.js';
import { EventBus } from '../../main/core/events/event-bus.js';
import { FleetService } from '../../main/core/fleet/fleet-service.js';
import { toFleetView } from '../../main/core/fleet/fleet-view.js';
import { observationHandlers } from '../../main/core/observations/handlers.js';
import { downsample } from '../../main/core/observations/metric-history.js';
import { openStore } from '../../main/core/store/store.js';
import { ManualClock, useTempDirs } from '../support/temp.js';

const open: Array<() => void> = [];
afterEach(() => {
  for (const close of open.splice(0)) close();
});

/**
 * The simulated fleet without random faults, plus one environment with no log binding and
 * one whose logs go to an Elasticsearch that is not connected.
 */
function observedFleet(dataDir: string, clock: ManualClock) {
  const generated = generateSandboxFleet({ seed: 4, size: 30 });
  const [first, ...others] = generated.tenants;
  if (!first) throw new Error('expected tenants');
  const [unbound, elsewhere, ...firstRest] = first.environments;
  if (!unbound || !elsewhere) throw new Error('expected two environments in the first tenant');
  const definition = FleetDefinition.parse({
    ...generated,
    backends: [...generated.backends.map((backend) => ({ ...backend, faultRate: 0 })), { id: 'elk', kind: 'elasticsearch', url: 'http://127.0.0.1:9200' }],
    tenants: [
      {
        ...first,
        environments: [
          { ...unbound, watch: { alertsFrom: ['sandbox'] } },
          { ...elsewhere, watch: { logs: { from: 'elk', index: 'logs-*' } } },
          ...firstRest,
        ],
      },
      ...others,
    ],
  });
  const backend = definition.backends[0];
  if (backend?.kind !== 'sandbox') throw new Error('expected the sandbox backend');
  const sandbox = new SandboxConnector(backend, clock);
  const connectors = new Map([[sandbox.id, sandbox]]);
  const view = toFleetView(definition);
  const store = openStore(dataDir);
  const fleet = new FleetService({ view, connectors, store: store.envStates, clock, emit: () => {}, firstRevision: 0, flushEveryMs: 60_000, staleAfterMs: 3_600_000 });
  fleet.start();
  open.push(() => {
    fleet.stop();
    store.close();
  });
  const ctx: CoreContext = {
    clock,
    log: () => {},
    store,
    bus: new EventBus(),
    operator: 'alice',
    definition: () => definition,
    view: () => view,
    fleet: () => fleet,
    connectors: () => connectors,
  };
  const production = view.environments.find((env) => env.kind === 'production' && env.servers >= 4 && !env.tenantId.startsWith('shared-'));
  if (!production) throw new Error('expected a customer production environment');
  return { handlers: observationHandlers(ctx), fleet, production, unbound: unbound.id, elsewhere: elsewhere.id };
}

describe('metric history', () => {
  const tempDir = useTempDirs();

  it('returns at most maxPoints per server, with the fault peak kept, the unit and the thresholds', async () => {
    const clock = new ManualClock();
    const { handlers, fleet, production } = observedFleet(tempDir(), clock);
    const fault = fleet.injectFault(production.id, 'cpu', 'critical', 120_000);
    clock.advance(90_000);

    const history = await handlers['fleet.metrics']({ environmentId: production.id, check: 'cpu', range: '1h', maxPoints: 50 });
    expect(history).toMatchObject({ environmentId: production.id, check: 'cpu', range: '1h', unit: '%', warning: 85, critical: 95, connectionId: 'sandbox' });
    expect(history.series).toHaveLength(production.servers);
    for (const series of history.series) {
      expect(series.points.length).toBeLessThanOrEqual(50);
      expect(series.points.length).toBeGreaterThan(40);
      const times = series.points.map(([at]) => at);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBeGreaterThanOrEqual(clock.now() - 3_600_000);
      expect(times.at(-1)).toBeLessThanOrEqual(clock.now());
    }
    const peaks = new Map(history.series.map((series) => [series.server, Math.max(...series.points.map(([, value]) => value))]));
    expect(peaks.get(fault.server)).toBe(97);
    for (const [server, peak] of peaks) if (server !== fault.server) expect(peak).toBeLessThan(85);
  });

  it('asks only the servers that have the check, over the range asked for', async () => {
    const clock = new ManualClock();
    const { handlers, production } = observedFleet(tempDir(), clock);
    const history = await handlers['fleet.metrics']({ environmentId: production.id, check: 'database', range: '7d', maxPoints: 600 });
    expect(history.series.map((series) => series.server)).toEqual([`${production.id}-db1`]);
    expect(history).toMatchObject({ unit: 'ms', warning: 200, critical: 1000 });
    const points = history.series[0]?.points ?? [];
    expect(points.length).toBeLessThanOrEqual(600);
    expect((points[0]?.[0] ?? 0) - (clock.now() - 7 * 86_400_000)).toBeLessThan(20 * 60_000);
  });

  it('says clearly what is not there', async () => {
    const clock = new ManualClock();
    const { handlers } = observedFleet(tempDir(), clock);
    await expect(handlers['fleet.metrics']({ environmentId: 'nowhere-prod', check: 'cpu', range: '1h', maxPoints: 100 })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('downsamples with LTTB: a lone spike survives, and the ends stay', () => {
    const points: Array<[number, number]> = Array.from({ length: 5000 }, (_, i) => [i * 1000, i === 3210 ? 99 : 10 + (i % 7) * 0.1]);
    const reduced = downsample(points, 100);
    expect(reduced.length).toBeLessThanOrEqual(100);
    expect(reduced).toContainEqual([3_210_000, 99]);
    expect(reduced[0]).toEqual([0, 10]);
    expect(reduced.at(-1)).toEqual(points.at(-1));
    expect(downsample([[0, 1], [1, Number.NaN], [2, 3]], 10)).toEqual([[0, 1], [2, 3]]);
  });
});

describe('recent error logs', () => {
  const tempDir = useTempDirs();

  it('gives the error lines of a bound environment, newest first, with the failing server', async () => {
    const clock = new ManualClock();
    const { handlers, fleet, production } = observedFleet(tempDir(), clock);
    const fault = fleet.injectFault(production.id, 'disk', 'critical', 600_000);
    clock.advance(4 * 60_000);

    const logs = await handlers['fleet.logs']({ environmentId: production.id, minutes: 30, limit: 100 });
    expect(logs).toMatchObject({ environmentId: production.id, connectionId: 'sandbox', since: clock.now() - 30 * 60_000 });
    const diskLines = logs.lines.filter((line) => line.message.includes('no space left on device'));
    expect(diskLines).toHaveLength(5);
    expect(diskLines.every((line) => line.server === fault.server && line.level === 'error')).toBe(true);
    const times = logs.lines.map((line) => line.at);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times.every((at) => at >= logs.since && at <= clock.now())).toBe(true);

    const two = await handlers['fleet.logs']({ environmentId: production.id, minutes: 30, limit: 2 });
    expect(two.lines).toEqual(logs.lines.slice(0, 2));
  });

  it('returns no source and no lines for an environment without a log binding', async () => {
    const clock = new ManualClock();
    const { handlers, unbound } = observedFleet(tempDir(), clock);
    expect(await handlers['fleet.logs']({ environmentId: unbound, minutes: 60, limit: 100 })).toEqual({
      environmentId: unbound,
      connectionId: null,
      since: clock.now() - 3_600_000,
      lines: [],
    });
  });

  it('says the log source is unavailable when it is not connected', async () => {
    const clock = new ManualClock();
    const { handlers, elsewhere } = observedFleet(tempDir(), clock);
    await expect(handlers['fleet.logs']({ environmentId: elsewhere, minutes: 60, limit: 100 })).rejects.toMatchObject({
      kind: 'unavailable',
      message: `log source "elk" of ${elsewhere} is not connected`,
    });
  });
});
