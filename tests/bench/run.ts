import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { EnvironmentState, FleetDelta, FleetSnapshot } from '../../shared/contract/fleet.js';
import { stateAt } from '../../shared/contract/fleet-snapshot.js';
import type { FleetDefinition } from '../../shared/fleet-definition/schema.js';
import type { Connector, FaultInjector, HealthSink, HealthSource } from '../../main/core/connectors/capabilities.js';
import { generateSandboxFleet } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { SandboxConnector } from '../../main/core/connectors/sandbox/sandbox-connector.js';
import { FleetService } from '../../main/core/fleet/fleet-service.js';
import { toFleetView } from '../../main/core/fleet/fleet-view.js';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import { openStore } from '../../main/core/store/store.js';
import { startWebHost } from '../../main/web/web-host.js';
import { percentile, progress, report, round, sleep, TempDirs, timeAsync } from './measure.js';
import { benchCalendarExpansion } from './calendar-expand.js';
import { benchCalendarWeek } from './calendar-week.js';
import { benchDeploys, fleetSizes } from './deploys.js';
import { benchIncidents } from './incidents.js';
import { benchIncidentsView } from './incidents-view.js';
import { benchRedaction } from './redaction.js';
import { benchRenderer } from './renderer.js';

const ROUND_TRIP_FLEET = 1000;
const ROUND_TRIP_WARM_UP = 200;
const ROUND_TRIP_CALLS = 2000;
const LARGE_FLEET = 50_000;
const STARTUP_RUNS = 5;
const SNAPSHOT_RUNS = 10;
const INGEST_RUNS = 3;
const FAULTS = 200;
const FAULT_SPACING_MS = 20;
const FLUSH_EVERY_MS = 100;
/** A delta not seen this long after the last fault counts as missed rather than hanging the run. */
const DELTA_GRACE_MS = 5000;

const log = (line: string) => progress(`core: ${line}`);

function serverCount(environments: ReadonlyArray<{ servers: number }>): number {
  return environments.reduce((sum, env) => sum + env.servers, 0);
}

function sizeOf(snapshot: FleetSnapshot): { fleetSize: number; servers: number } {
  const { profile, profiles } = snapshot.environments;
  return { fleetSize: profile.length, servers: profile.reduce((sum, position) => sum + (profiles[position]?.servers ?? 0), 0) };
}

/** Rows of the snapshot whose state passes a test, as full states. */
function statesWhere(snapshot: FleetSnapshot, keep: (state: EnvironmentState) => boolean): EnvironmentState[] {
  return snapshot.environments.id.map((_, row) => stateAt(snapshot, row)).filter(keep);
}

async function snapshotOf(core: OpsCore): Promise<FleetSnapshot> {
  const result = await core.dispatch('fleet.snapshot', {});
  if (!result.ok) throw new Error(`fleet.snapshot failed: ${result.error.kind}: ${result.error.message}`);
  // The dispatcher has already checked the value against the contract's output schema.
  return result.value as FleetSnapshot;
}

function nextDelta(core: OpsCore): Promise<number> {
  return new Promise((resolve) => {
    const off = core.subscribe('fleet.delta', () => {
      off();
      resolve(performance.now());
    });
  });
}

async function benchRoundTrip(temps: TempDirs): Promise<void> {
  progress(`contract.roundTrip: ${ROUND_TRIP_FLEET} environments, ${ROUND_TRIP_WARM_UP} warm-up + ${ROUND_TRIP_CALLS} calls`);
  const core = createOpsCore({ dataDir: temps.make(), version: 'bench', sandboxSize: ROUND_TRIP_FLEET, log });
  const token = randomBytes(24).toString('base64url');
  // No renderer is needed for the API; a missing static dir only disables page serving.
  const host = await startWebHost({ core, token, port: 0, staticDir: join(temps.make(), 'no-renderer'), log });
  try {
    const url = `${host.url}api/system.info`;
    const call = async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      const body = (await response.json()) as { ok?: unknown };
      if (response.status !== 200 || body.ok !== true) throw new Error(`system.info answered HTTP ${response.status}: ${JSON.stringify(body)}`);
    };
    for (let i = 0; i < ROUND_TRIP_WARM_UP; i++) await call();
    const times: number[] = [];
    for (let i = 0; i < ROUND_TRIP_CALLS; i++) times.push(await timeAsync(call));

    const snapshot = await snapshotOf(core);
    const p50 = percentile(times, 50);
    report(
      { name: 'contract.roundTrip', value: round(p50), unit: 'ms', ...sizeOf(snapshot) },
      { p50: round(p50), p99: round(percentile(times, 99)), runs: ROUND_TRIP_CALLS, warmUp: ROUND_TRIP_WARM_UP, method: 'system.info' },
    );
  } finally {
    await host.close();
    core.close();
  }
}

/** core.startup, then fleet.snapshot.* on the core of the last startup run. */
async function benchStartupAndSnapshot(temps: TempDirs): Promise<void> {
  const startups: number[] = [];
  const creates: number[] = [];
  let core: OpsCore | undefined;
  try {
    for (let run = 0; run < STARTUP_RUNS; run++) {
      core?.close();
      core = undefined;
      progress(`core.startup: run ${run + 1}/${STARTUP_RUNS} at ${LARGE_FLEET} environments`);
      // A fresh data dir each run: a cold start with nothing restored from the store.
      const dataDir = temps.make();
      const started = performance.now();
      core = createOpsCore({ dataDir, version: 'bench', sandboxSize: LARGE_FLEET, log });
      creates.push(performance.now() - started);
      // The first flush runs on a timer, so subscribing after createOpsCore returns cannot miss it.
      const firstDelta = await nextDelta(core);
      startups.push(firstDelta - started);
    }
    // A const, so the closures below keep the narrowed type.
    const live = core;
    if (!live) throw new Error('no core was started');

    const first = await snapshotOf(live);
    const waiting = statesWhere(first, (state) => state.status === 'unknown' && state.reason === 'No data yet').length;
    if (waiting > 0) throw new Error(`${waiting} environments still have no data after the first delta`);
    const { fleetSize, servers } = sizeOf(first);

    const startup = percentile(startups, 50);
    report(
      { name: 'core.startup', value: round(startup), unit: 'ms', fleetSize, servers },
      { p50: round(startup), min: round(Math.min(...startups)), max: round(Math.max(...startups)), createMs: round(percentile(creates, 50)), runs: STARTUP_RUNS },
    );

    progress(`fleet.snapshot.build: ${SNAPSHOT_RUNS} runs`);
    const times: number[] = [];
    let bytes = 0;
    for (let run = 0; run < SNAPSHOT_RUNS; run++) {
      let snapshot: FleetSnapshot | undefined;
      times.push(
        await timeAsync(async () => {
          snapshot = await snapshotOf(live);
        }),
      );
      if (snapshot) bytes = Buffer.byteLength(JSON.stringify(snapshot));
    }
    const median = percentile(times, 50);
    report(
      { name: 'fleet.snapshot.build', value: round(median), unit: 'ms', fleetSize, servers },
      { p50: round(median), p99: round(percentile(times, 99)), runs: SNAPSHOT_RUNS },
    );
    report({ name: 'fleet.snapshot.bytes', value: bytes, unit: 'bytes', fleetSize, servers });
  } finally {
    core?.close();
  }
}

/** A pass-through connector that times how long the service takes to ingest each report. */
class TimedConnector implements Connector, HealthSource {
  readonly ingests: Array<{ samples: number; ms: number }> = [];
  recording = true;

  constructor(private readonly inner: SandboxConnector) {}

  get id(): string {
    return this.inner.id;
  }
  get kind(): string {
    return this.inner.kind;
  }
  get name(): string {
    return this.inner.name;
  }

  get health(): HealthSource {
    return this;
  }
  get faults(): FaultInjector {
    return this.inner;
  }

  get reportEveryMs(): number {
    return this.inner.reportEveryMs;
  }

  servers: HealthSource['servers'] = (env) => this.inner.servers(env);
  stop: HealthSource['stop'] = () => this.inner.stop();
  close: Connector['close'] = () => this.inner.close();

  start(environments: Parameters<HealthSource['start']>[0], sink: HealthSink): void {
    this.inner.start(environments, {
      report: (healthReport) => {
        const started = performance.now();
        sink.report(healthReport);
        if (this.recording) this.ingests.push({ samples: healthReport.samples.length, ms: performance.now() - started });
      },
      failed: (at, message) => sink.failed(at, message),
    });
  }
}

interface TimedService {
  service: FleetService;
  connector: TimedConnector;
  deltaListeners: Set<(delta: FleetDelta) => void>;
  firstDelta: Promise<void>;
  close(): void;
}

function timedService(temps: TempDirs, definition: FleetDefinition): TimedService {
  const backend = definition.backends[0];
  if (backend?.kind !== 'sandbox') throw new Error('the sandbox fleet has no sandbox backend');
  const connector = new TimedConnector(new SandboxConnector(backend));
  const store = openStore(temps.make());
  const deltaListeners = new Set<(delta: FleetDelta) => void>();
  const service = new FleetService({
    view: toFleetView(definition),
    connectors: new Map<string, Connector>([[connector.id, connector]]),
    store: store.envStates,
    clock: { now: () => Date.now() },
    emit: (delta) => {
      for (const listener of deltaListeners) listener(delta);
    },
    firstRevision: 0,
    flushEveryMs: FLUSH_EVERY_MS,
  });
  const firstDelta = new Promise<void>((resolve) => {
    const listener = () => {
      deltaListeners.delete(listener);
      resolve();
    };
    deltaListeners.add(listener);
  });
  return {
    service,
    connector,
    deltaListeners,
    firstDelta,
    close: () => {
      service.stop();
      store.close();
    },
  };
}

/** core.ingest over a few fresh services (one full scrape each), then core.sampleToDelta on the last. */
async function benchIngest(temps: TempDirs): Promise<void> {
  const definition = generateSandboxFleet({ seed: 1, size: LARGE_FLEET });
  const view = toFleetView(definition);
  const fleetSize = view.environments.length;
  const servers = serverCount(view.environments);

  const rates: number[] = [];
  const ingestTimes: number[] = [];
  const startTimes: number[] = [];
  let samples = 0;
  let current: TimedService | undefined;
  try {
    for (let run = 0; run < INGEST_RUNS; run++) {
      current?.close();
      current = undefined;
      progress(`core.ingest: run ${run + 1}/${INGEST_RUNS}, full scrape of ${LARGE_FLEET} environments`);
      current = timedService(temps, definition);
      const { service, connector } = current;
      // start() builds the simulation, takes the full scrape and hands it to the service in one report.
      startTimes.push(await timeAsync(async () => service.start()));
      connector.recording = false;
      const scrape = connector.ingests[0];
      if (!scrape) throw new Error('the connector reported nothing on start');
      samples = scrape.samples;
      ingestTimes.push(scrape.ms);
      rates.push(scrape.samples / (scrape.ms / 1000));
      // The first flush writes every environment to the store; the next run, or the faults, come after it.
      await current.firstDelta;
    }
    const startMs = percentile(startTimes, 50);
    report(
      { name: 'core.ingest', value: Math.round(percentile(rates, 50)), unit: 'samples/s', fleetSize, servers },
      {
        samples,
        ingestMs: round(percentile(ingestTimes, 50)),
        startMs: round(startMs),
        startSamplesPerSec: Math.round(samples / (startMs / 1000)),
        min: Math.round(Math.min(...rates)),
        max: Math.round(Math.max(...rates)),
        runs: INGEST_RUNS,
      },
    );
    if (!current) throw new Error('no fleet service was started');
    const { service, deltaListeners } = current;

    progress(`core.sampleToDelta: ${FAULTS} faults ${FAULT_SPACING_MS} ms apart, flush every ${FLUSH_EVERY_MS} ms`);
    const healthy = statesWhere(service.snapshot(), (state) => state.status === 'ok' && state.health === 'ok');
    const stride = Math.max(1, Math.floor(healthy.length / FAULTS));
    const targets = healthy.filter((_, i) => i % stride === 0).slice(0, FAULTS).map((state) => state.id);
    if (targets.length < FAULTS) throw new Error(`only ${targets.length} healthy environments to fault`);

    const injectedAt = new Map<string, number>();
    const latencies: number[] = [];
    let allSeen: (() => void) | undefined;
    deltaListeners.add((delta) => {
      const now = performance.now();
      for (const state of delta.states) {
        const at = injectedAt.get(state.id);
        if (at === undefined) continue;
        injectedAt.delete(state.id);
        latencies.push(now - at);
      }
      if (injectedAt.size === 0) allSeen?.();
    });
    for (const id of targets) {
      injectedAt.set(id, performance.now());
      service.injectFault(id, 'disk', 'critical', 60_000);
      await sleep(FAULT_SPACING_MS);
    }
    if (injectedAt.size > 0) {
      await Promise.race([new Promise<void>((resolve) => (allSeen = resolve)), sleep(DELTA_GRACE_MS)]);
    }
    if (latencies.length === 0) throw new Error('no injected fault reached a delta');
    const p50 = percentile(latencies, 50);
    report(
      { name: 'core.sampleToDelta', value: round(p50), unit: 'ms', fleetSize, servers },
      { p50: round(p50), p99: round(percentile(latencies, 99)), runs: latencies.length, missed: injectedAt.size, flushEveryMs: FLUSH_EVERY_MS },
    );
  } finally {
    current?.close();
  }
}

/** 1,000 recurring windows over 5 years in 20 zones, ours beside rrule-temporal on the same rules. */
async function benchCalendar(): Promise<void> {
  progress('calendar.expand: 1,000 recurring windows, 20 zones, 5 years, beside rrule-temporal');
  const result = await benchCalendarExpansion();
  const extras = {
    windows: result.windows,
    zones: result.zones,
    years: result.years,
    occurrences: result.occurrences,
    firstRunMs: result.oursFirstRunMs,
    rruleTemporalMedianMs: result.rruleTemporalMedianMs,
    agreeingWindows: result.agreeingWindows,
    differingByGapRule: result.differingByGapRule,
  };
  report({ name: 'calendar.expand.median', value: result.oursMedianMs, unit: 'ms', fleetSize: 0, servers: 0 }, extras);
}

/**
 * `npm run bench` runs every group; `npm run bench -- renderer grid` only the renderer, only the grid;
 * `npm run bench -- deploys 30000` only the deploy rules, on a fleet of that size.
 */
async function main(): Promise<void> {
  const [group, ...layouts] = process.argv.slice(2);
  const temps = new TempDirs();
  const started = performance.now();
  // The core's timers are unref'd, so without this the process would exit while waiting for a delta.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    if (group === undefined || group === 'core') {
      await benchRoundTrip(temps);
      await benchStartupAndSnapshot(temps);
      await benchIngest(temps);
    }
    if (group === undefined || group === 'calendar') {
      await benchCalendar();
      await benchCalendarWeek(temps);
    }
    if (group === undefined || group === 'deploys') benchDeploys(fleetSizes(layouts));
    if (group === undefined || group === 'redaction') await benchRedaction(temps);
    if (group === undefined || group === 'incidents') {
      const seeded = await benchIncidents(temps);
      await benchIncidentsView(seeded.dataDir, seeded.fleetSize, seeded.servers, seeded.ids, seeded.environments);
    }
    if (group === undefined || group === 'renderer') await benchRenderer(temps, layouts);
  } finally {
    clearInterval(keepAlive);
    temps.removeAll();
  }
  progress(`done in ${round((performance.now() - started) / 1000, 1)} s`);
}

main().catch((error: unknown) => {
  progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
