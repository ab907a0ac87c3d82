import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { Temporal } from 'temporal-polyfill';
import { stringify } from 'yaml';
import type { WindowDefinition } from '../../shared/fleet-definition/calendar.js';
import type { FleetDefinition } from '../../shared/fleet-definition/schema.js';
import { DEFAULT_SANDBOX_SEED, generateSandboxFleet } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { startServe } from '../support/serve-process.js';
import { percentile, progress, report, round, type TempDirs } from './measure.js';

/**
 * The week view of a week holding 500 occurrences, in Debian's Chromium against the built browser
 * host: how long from moving to that week (its data already loaded) to the painted grid. That is
 * the view's own work: laying out all 500, six rulers of hours, and drawing the hours and blocks
 * in sight (the grid draws only those; `blocksDrawn` says how many). The first show after
 * navigation, fetch included, is reported beside it.
 */

const FLEET_SIZE = 600;
const WINDOWS = 100;
const WEEKDAYS = 'MO,TU,WE,TH,FR';
const OCCURRENCES = WINDOWS * WEEKDAYS.split(',').length;
const RUNS = 15;
const STORE_KEY = 'watchfloor.calendar';
const VIEWER_ZONE = 'UTC';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Local start hours, per region zone, that fall on the same date in UTC (the viewer's zone here),
 * so every occurrence of a Monday-to-Friday window lands in the viewer's week: exactly 500.
 */
const SAME_DAY_HOURS: Readonly<Record<string, { from: number; span: number }>> = {
  'Australia/Sydney': { from: 12, span: 8 },
  'Asia/Singapore': { from: 9, span: 10 },
  'Europe/London': { from: 2, span: 18 },
  'Europe/Dublin': { from: 2, span: 18 },
  'America/New_York': { from: 0, span: 17 },
};

/** A hundred weekday windows over the fleet's regions, each for two of the region's tenants, from eight weeks back. */
function benchWindows(fleet: FleetDefinition): WindowDefinition[] {
  const firstMonday = Temporal.Now.plainDateISO(VIEWER_ZONE).subtract({ weeks: 8 });
  const monday = firstMonday.subtract({ days: firstMonday.dayOfWeek - 1 });
  const windows: WindowDefinition[] = [];
  for (let index = 0; index < WINDOWS; index++) {
    const region = fleet.regions[index % fleet.regions.length];
    const hours = region === undefined ? undefined : SAME_DAY_HOURS[region.timeZone];
    if (region === undefined || hours === undefined) throw new Error(`no same-day hours for region ${region?.id ?? index}`);
    const tenants = fleet.tenants.filter((tenant) => tenant.region === region.id);
    const picked = [tenants[index % tenants.length], tenants[(index + 1) % tenants.length]].flatMap((tenant) => (tenant === undefined ? [] : [tenant.id]));
    const hour = hours.from + ((index * 3) % hours.span);
    const minute = (index % 4) * 15;
    windows.push({
      id: `bench-window-${index}`,
      kind: index % 10 === 0 ? 'planned-maintenance' : 'upgrade-slot',
      title: `${region.name} bench slot ${index}`,
      scope: { tenants: [...new Set(picked)] },
      start: `${monday.toString()}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
      timeZone: region.timeZone,
      duration: `PT${1 + (index % 3)}H`,
      rrule: `FREQ=WEEKLY;BYDAY=${WEEKDAYS}`,
    });
  }
  return windows;
}

/* Run inside the page (serialized by Playwright): they use nothing from this module's scope. The bench is compiled without the DOM library. */
interface PageElement {
  textContent: string | null;
  click(): void;
  getAttribute(name: string): string | null;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number; [index: number]: PageElement | undefined; [Symbol.iterator](): Iterator<PageElement> };
};
declare const localStorage: { setItem(key: string, value: string): void };
declare function requestAnimationFrame(callback: () => void): number;

/**
 * Moves the week view by one week (to a week whose data is already loaded) and answers the page's
 * time until a frame showing that week, with all its occurrences laid out and those in sight drawn,
 * has been painted.
 */
async function timeWeekRender({ button, count }: { button: string; count: number }): Promise<{ ms: number; drawn: number }> {
  const painted = () => new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const target = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent?.includes(button));
  if (target === undefined) throw new Error(`no "${button}" button on the page`);
  const lanes = () => document.querySelector('.week-lanes');
  const before = lanes()?.getAttribute('data-week-from');
  const started = performance.now();
  target.click();
  const shown = () => {
    const current = lanes();
    return current?.getAttribute('data-week-from') !== before && Number(current?.getAttribute('data-occurrences')) >= count && document.querySelectorAll('.week-lanes .occ-block').length > 0;
  };
  while (!shown()) await painted();
  await painted();
  return { ms: performance.now() - started, drawn: document.querySelectorAll('.week-lanes .occ-block').length };
}

/** From the Calendar link to the painted week: navigation, fetch and first render. */
async function firstShow(page: Page, count: number): Promise<number> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Calendar' }).waitFor();
  const started = await page.evaluate(() => performance.now());
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Calendar' }).click();
  const handle = await page.waitForFunction(
    (expected: number) =>
      Number(document.querySelector('.week-lanes')?.getAttribute('data-occurrences')) >= expected && document.querySelectorAll('.week-lanes .occ-block').length > 0
        ? performance.now()
        : false,
    count,
    { polling: 'raf', timeout: 60_000 },
  );
  return Number(await handle.jsonValue()) - started;
}

async function openPage(browser: Browser, zones: readonly string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, timezoneId: VIEWER_ZONE });
  // tsx keeps function names with a `__name` helper that serialized functions carry into the page.
  await context.addInitScript('globalThis.__name = (target) => target;');
  await context.addInitScript(({ key, value }: { key: string; value: string }) => localStorage.setItem(key, value), {
    key: STORE_KEY,
    value: JSON.stringify({ mode: 'week', zones }),
  });
  return { context, page: await context.newPage() };
}

/** The built output; BENCH_OUT_DIR points the bench at another build without touching `out/`. */
function builtServeScript(): string {
  return resolve(process.env.BENCH_OUT_DIR ?? 'out', 'main', 'serve.js');
}

export async function benchCalendarWeek(temps: TempDirs): Promise<void> {
  const fleet = generateSandboxFleet({ seed: DEFAULT_SANDBOX_SEED, size: FLEET_SIZE });
  const dataDir = temps.make();
  // Beside the simulated fleet the calendar is the console's own file in the data directory: written before the host starts.
  writeFileSync(join(dataDir, 'calendar.yaml'), stringify({ calendar: { noticeDays: 7, publishTo: [], windows: benchWindows(fleet) } }));
  const environments = fleet.tenants.flatMap((tenant) => tenant.environments);
  const line = { fleetSize: environments.length, servers: environments.reduce((sum, env) => sum + (env.servers ?? 0), 0) };
  progress(`renderer.calendarWeek: ${WINDOWS} windows, ${OCCURRENCES} occurrences in the week, ${RUNS} runs`);
  const host = await startServe(builtServeScript(), ['--size', String(FLEET_SIZE), '--seed', String(DEFAULT_SANDBOX_SEED)], dataDir, 60_000);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: LAUNCH_ARGS });
    const zones = [VIEWER_ZONE, ...new Set(fleet.regions.map((region) => region.timeZone))];
    const { context, page } = await openPage(browser, zones);
    try {
      await page.goto(host.url);
      const shownMs = await firstShow(page, OCCURRENCES);
      // Next week is loaded once; from then on both weeks come from the cache and each move is render only.
      await page.evaluate(timeWeekRender, { button: 'Next week', count: OCCURRENCES });
      await page.waitForLoadState('networkidle');
      const runs: Array<{ ms: number; drawn: number }> = [];
      for (let run = 0; run < RUNS; run++) runs.push(await page.evaluate(timeWeekRender, { button: run % 2 === 0 ? 'Previous week' : 'Next week', count: OCCURRENCES }));
      const times = runs.map((run) => run.ms);
      report(
        { name: 'renderer.calendarWeek', value: round(percentile(times, 50), 1), unit: 'ms', ...line },
        {
          p50: round(percentile(times, 50), 1),
          p95: round(percentile(times, 95), 1),
          min: round(Math.min(...times), 1),
          max: round(Math.max(...times), 1),
          firstShowMs: round(shownMs, 1),
          occurrences: OCCURRENCES,
          blocksDrawn: Math.max(...runs.map((run) => run.drawn)),
          rulers: zones.length,
          targetMs: 100,
          runs: RUNS,
          chromium: browser.version(),
        },
      );
    } finally {
      await context.close();
    }
  } finally {
    await browser?.close();
    await host.stop();
  }
}
