import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { DEFAULT_SANDBOX_SEED, generateSandboxFleet } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { toFleetView } from '../../main/core/fleet/fleet-view.js';
import { countDeltas, driveFaults } from './fault-driver.js';
import { busyPerFrame } from './main-thread.js';
import { chooseLayout, fleetViewShown, installRecorder, longTaskDurations, startRecording, stopRecording } from './page-scripts.js';
import { percentile, progress, report, round, sleep, type TempDirs } from './measure.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

const FLEET_SIZE = 50_000;
const FIRST_VIEW_RUNS = 3;
/** Each fault turns an environment bad and, when it ends, good again: two changes per fault. */
const FAULTS_PER_SECOND = 1_000;
const FAULT_SECONDS = 5;
/** Long enough for the first faults to end, so changes arrive in both directions when recording starts. */
const WARM_UP_MS = (FAULT_SECONDS + 1) * 1000;
const RECORD_MS = 30_000;
const LAYOUT_KEY = 'watchfloor.fleetLayout';
const LAYOUTS = ['grid', 'table', 'tree'] as const;

/** The built output; BENCH_OUT_DIR points the bench at another build without touching `out/`. */
function builtServeScript(): string {
  return resolve(process.env.BENCH_OUT_DIR ?? 'out', 'main', 'serve.js');
}
type Layout = (typeof LAYOUTS)[number];

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Navigation to the first full fleet view, on the page's clock, and the long tasks on the way. */
async function firstView(page: Page, url: string, layout: Layout, fleetSize: number): Promise<{ ms: number; longTaskMax: number; longTaskCount: number }> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(fleetViewShown, { layout, total: fleetSize }, { polling: 'raf', timeout: 120_000 });
  const ms = Number(await handle.jsonValue());
  const longTasks = await page.evaluate(longTaskDurations);
  return { ms, longTaskMax: longTasks.length === 0 ? 0 : Math.max(...longTasks), longTaskCount: longTasks.length };
}

async function openPage(browser: Browser, layout: Layout) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  // tsx keeps function names with a `__name` helper that serialized functions carry into the page.
  await context.addInitScript('globalThis.__name = (target) => target;');
  await context.addInitScript(installRecorder);
  await context.addInitScript(chooseLayout, { key: LAYOUT_KEY, value: layout });
  return { context, page: await context.newPage() };
}

async function benchFirstView(browser: Browser, host: ServeProcess, layout: Layout, line: { fleetSize: number; servers: number }, extras: Record<string, string | number>) {
  const runs: Array<{ ms: number; longTaskMax: number; longTaskCount: number }> = [];
  for (let run = 0; run < FIRST_VIEW_RUNS; run++) {
    progress(`renderer.firstView: ${layout}, run ${run + 1}/${FIRST_VIEW_RUNS}`);
    const { context, page } = await openPage(browser, layout);
    try {
      runs.push(await firstView(page, host.url, layout, line.fleetSize));
    } finally {
      await context.close();
    }
  }
  const times = runs.map((run) => run.ms);
  report(
    { name: `renderer.firstView.${layout}`, value: round(percentile(times, 50), 1), unit: 'ms', ...line },
    {
      p50: round(percentile(times, 50), 1),
      min: round(Math.min(...times), 1),
      max: round(Math.max(...times), 1),
      longTaskMaxMs: round(Math.max(...runs.map((run) => run.longTaskMax)), 1),
      longTasks: Math.max(...runs.map((run) => run.longTaskCount)),
      runs: FIRST_VIEW_RUNS,
      ...extras,
    },
  );
}

async function benchLive(browser: Browser, host: ServeProcess, layout: Layout, targets: readonly string[], line: { fleetSize: number; servers: number }, extras: Record<string, string | number>) {
  const { context, page } = await openPage(browser, layout);
  try {
    await firstView(page, host.url, layout, line.fleetSize);
    await sleep(2000);
    const counter = await countDeltas(host);
    progress(`renderer.live: ${layout}, ${FAULTS_PER_SECOND} faults/s of ${FAULT_SECONDS} s, ${WARM_UP_MS / 1000} s warm-up, ${RECORD_MS / 1000} s recorded`);
    const driver = driveFaults(host, targets, FAULTS_PER_SECOND, FAULT_SECONDS);
    let trace: Buffer;
    let recorded: { frames: number[]; longTasks: number[] };
    let driven;
    try {
      await sleep(WARM_UP_MS);
      await browser.startTracing(page, { categories: ['toplevel'] });
      counter.reset();
      await page.evaluate(startRecording);
      await sleep(RECORD_MS);
      recorded = await page.evaluate(stopRecording);
      trace = await browser.stopTracing();
    } finally {
      driven = driver.stop();
    }
    const changes = counter.perSecond().slice(0, RECORD_MS / 1000);
    const feed = counter.alertFeed();
    counter.close();

    const cdp = await context.newCDPSession(page);
    const beforeGc = await cdp.send('Runtime.getHeapUsage');
    await cdp.send('HeapProfiler.collectGarbage');
    const afterGc = await cdp.send('Runtime.getHeapUsage');

    const busy = busyPerFrame(trace);
    const at = { layout, ...extras };
    report(
      { name: `renderer.changes.${layout}`, value: Math.round(percentile(changes, 50)), unit: 'changes/s', ...line },
      { min: Math.min(...changes), max: Math.max(...changes), faultsSent: driven.sent, faultsFailed: driven.failed, driverSkippedTicks: driven.skippedTicks, seconds: changes.length, alertFeedEvents: feed.events, alertFeedMaxBytes: feed.maxBytes, ...at },
    );
    report(
      { name: `renderer.frameBusy.${layout}`, value: round(percentile(busy, 95), 2), unit: 'ms', ...line },
      { p50: round(percentile(busy, 50), 2), p95: round(percentile(busy, 95), 2), p99: round(percentile(busy, 99), 2), max: round(Math.max(...busy), 1), frames: busy.length, ...at },
    );
    report(
      { name: `renderer.frameInterval.${layout}`, value: round(percentile(recorded.frames, 95), 2), unit: 'ms', ...line },
      {
        p50: round(percentile(recorded.frames, 50), 2),
        p95: round(percentile(recorded.frames, 95), 2),
        p99: round(percentile(recorded.frames, 99), 2),
        max: round(Math.max(...recorded.frames), 1),
        frames: recorded.frames.length,
        ...at,
      },
    );
    report(
      { name: `renderer.longTasks.${layout}`, value: recorded.longTasks.length, unit: 'tasks', ...line },
      { maxMs: round(recorded.longTasks.length === 0 ? 0 : Math.max(...recorded.longTasks), 1), totalMs: round(recorded.longTasks.reduce((sum, ms) => sum + ms, 0), 1), ...at },
    );
    report(
      { name: `renderer.heap.${layout}`, value: round(afterGc.usedSize / 2 ** 20, 1), unit: 'MB', ...line },
      { afterGcMB: round(afterGc.usedSize / 2 ** 20, 1), beforeGcMB: round(beforeGc.usedSize / 2 ** 20, 1), ...at },
    );
  } finally {
    await context.close();
  }
}

/** Spreads the faults over the fleet rather than down one tenant after another. */
function spread(ids: readonly string[]): string[] {
  const step = 7919;
  return ids.map((_, i) => ids[(i * step) % ids.length] ?? '');
}

/** The browser host at 50,000 environments in Debian's Chromium: first view, then 30 s of live changes. */
export async function benchRenderer(temps: TempDirs, layouts: readonly string[]): Promise<void> {
  const chosen = LAYOUTS.filter((layout) => layouts.length === 0 || layouts.includes(layout));
  const view = toFleetView(generateSandboxFleet({ seed: DEFAULT_SANDBOX_SEED, size: FLEET_SIZE }));
  const line = { fleetSize: view.environments.length, servers: view.environments.reduce((sum, env) => sum + env.servers, 0) };
  progress(`renderer: starting the browser host at ${line.fleetSize} environments`);
  const host = await startServe(builtServeScript(), ['--size', String(FLEET_SIZE), '--seed', String(DEFAULT_SANDBOX_SEED)], temps.make(), 60_000);
  let browser: Browser | undefined;
  try {
    const started = performance.now();
    const response = await fetch(`${host.origin}/api/fleet.snapshot`, { method: 'POST', headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' }, body: '{}' });
    const wire = await response.arrayBuffer();
    const fetchMs = performance.now() - started;
    report({ name: 'fleet.snapshot.wire', value: wire.byteLength, unit: 'bytes', ...line }, { fetchMs: round(fetchMs, 1) });

    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: LAUNCH_ARGS });
    const extras = { chromium: browser.version() };
    for (const layout of chosen) await benchFirstView(browser, host, layout, line, extras);
    const targets = spread(view.environments.map((env) => env.id));
    for (const layout of chosen) await benchLive(browser, host, layout, targets, line, extras);
  } finally {
    await browser?.close();
    await host.stop();
  }
}
