import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { DEFAULT_SANDBOX_SEED } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { chooseLayout, fleetViewShown, incidentRowCount, incidentRowsAtLeast, incidentRowsShown, installRecorder, openView, scrollIncidentsToEnd, startRecording, stopRecording } from './page-scripts.js';
import { progress, report, round, sleep } from './measure.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

/**
 * The Incidents view in Debian's Chromium, on the data dir the core bench seeded (2,000 open
 * incidents, 200,000 timeline entries): time to the first drawn list, then the longest long task
 * while scrolling the virtualised list to its end and while `incidents.changed` events arrive.
 */

const LONG_TASK_TARGET_MS = 50;
const SCROLL_STEP_PX = 400;
/** Notes and declarations made through the host's API while the list is on screen. */
const NOTES = 40;
const DECLARES = 5;
const CHANGE_SPACING_MS = 250;
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function builtServeScript(): string {
  return resolve(process.env.BENCH_OUT_DIR ?? 'out', 'main', 'serve.js');
}

function longest(tasks: readonly number[]): number {
  return round(tasks.length === 0 ? 0 : Math.max(...tasks), 1);
}

async function ok(host: ServeProcess, method: string, input: unknown): Promise<void> {
  const result = await host.call(method, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error?.kind}: ${result.error?.message}`);
}

/** Notes on existing incidents and a few new declarations, spaced out as responders would type them. */
async function causeChanges(host: ServeProcess, ids: readonly string[], fleetIds: readonly string[]): Promise<void> {
  for (let i = 0; i < NOTES; i++) {
    const id = ids[(i * 53) % ids.length] ?? '';
    await ok(host, 'incidents.addNote', { id, text: `Bench note ${i}: queue depth back under the threshold.`, idempotencyKey: `bench-view-note-${i}` });
    if (i % (NOTES / DECLARES) === 0) {
      const k = i / (NOTES / DECLARES);
      await ok(host, 'incidents.declare', {
        title: `Bench view declaration ${k + 1}`,
        severity: 'sev3',
        impact: { environments: [fleetIds[k] ?? ''], features: 'Exports' },
        commander: 'ana@example.com',
        responders: [],
        idempotencyKey: `bench-view-declare-${k}`,
      });
    }
    await sleep(CHANGE_SPACING_MS);
  }
}

export async function benchIncidentsView(dataDir: string, fleetSize: number, servers: number, ids: readonly string[], fleetIds: readonly string[]): Promise<void> {
  const line = { fleetSize, servers };
  progress(`incidents.view: starting the browser host on the seeded data dir`);
  const host = await startServe(builtServeScript(), ['--size', String(fleetSize), '--seed', String(DEFAULT_SANDBOX_SEED)], dataDir, 120_000);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: LAUNCH_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    // tsx keeps function names with a `__name` helper that serialized functions carry into the page.
    await context.addInitScript('globalThis.__name = (target) => target;');
    await context.addInitScript(installRecorder);
    await context.addInitScript(chooseLayout, { key: 'watchfloor.fleetLayout', value: 'grid' });
    const page = await context.newPage();
    await page.goto(host.url, { waitUntil: 'commit' });
    await page.waitForFunction(fleetViewShown, { layout: 'grid', total: fleetSize }, { polling: 'raf', timeout: 120_000 });
    await sleep(2000);

    await page.evaluate(startRecording);
    const opened = await page.evaluate(openView, '#/incidents');
    const shown = Number(await (await page.waitForFunction(incidentRowsShown, undefined, { polling: 'raf', timeout: 120_000 })).jsonValue());
    const rows = await page.evaluate(incidentRowCount);
    const onOpen = await page.evaluate(stopRecording);
    const extras = { chromium: browser.version(), listRows: rows - 1, targetLongTaskMs: LONG_TASK_TARGET_MS };
    report({ name: 'incidents.view.firstList', value: round(shown - opened, 1), unit: 'ms', ...line }, { longTaskMaxMs: longest(onOpen.longTasks), longTasks: onOpen.longTasks.length, ...extras });
    await sleep(1000);

    await page.evaluate(startRecording);
    const scrollFrames = await page.evaluate(scrollIncidentsToEnd, SCROLL_STEP_PX);
    const scrolled = await page.evaluate(stopRecording);
    report(
      { name: 'incidents.view.scrollLongTaskMax', value: longest(scrolled.longTasks), unit: 'ms', ...line },
      { longTasks: scrolled.longTasks.length, frames: scrolled.frames.length, scrollSteps: scrollFrames, stepPx: SCROLL_STEP_PX, ...extras },
    );

    await page.evaluate(startRecording);
    const changesStarted = performance.now();
    await causeChanges(host, ids, fleetIds);
    await page.waitForFunction(incidentRowsAtLeast, rows + DECLARES, { timeout: 120_000 });
    const changed = await page.evaluate(stopRecording);
    report(
      { name: 'incidents.view.changesLongTaskMax', value: longest(changed.longTasks), unit: 'ms', ...line },
      { longTasks: changed.longTasks.length, notes: NOTES, declared: DECLARES, seconds: round((performance.now() - changesStarted) / 1000, 1), ...extras },
    );
    await context.close();
  } finally {
    await browser.close();
    await host.stop();
  }
}
