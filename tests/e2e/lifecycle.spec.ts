import { expect, test, type Page } from '@playwright/test';
import { Temporal } from 'temporal-polyfill';
import type { CalendarView, OccurrenceView } from '../../shared/contract/calendar.js';
import { hostForFile, type RunningHost } from './browser-host.js';

/**
 * Environment lifecycle on the simulated fleet, which has a customer at every stage on the day it
 * runs. The due environment is found from the calendar the core serves (an end in the last few
 * days), then looked for as a person would: the fleet filtered to "Due", the calendar's entry opened.
 */

const VIEWER_ZONE = 'America/New_York';
const DAY_MS = 86_400_000;

test.use({ timezoneId: VIEWER_ZONE, locale: 'en-US' });

let host: RunningHost;

hostForFile(['--size', '120'], (started) => {
  host = started;
});

/** The end that passed in the last week: the sandbox's due customer. */
async function dueEnd(): Promise<OccurrenceView> {
  const now = Date.now();
  const result = await host.call('calendar.view', { range: { from: now - 30 * DAY_MS, to: now + 30 * DAY_MS } });
  if (!result.ok) throw new Error(`calendar.view failed: ${JSON.stringify(result.error)}`);
  const view = result.value as CalendarView;
  const found = view.occurrences.find((occurrence) => occurrence.kind === 'environment-end' && occurrence.start <= now && occurrence.start > now - 7 * DAY_MS);
  if (found === undefined) throw new Error('the simulated fleet has no environment that ended in the last week');
  return found;
}

async function openConsole(page: Page): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  await expect(page.locator('[role="row"][data-env-id]').first()).toBeVisible();
}

test('the fleet filtered to "Due" shows the environment past its end, and the calendar opens its end', async ({ page }) => {
  const end = await dueEnd();
  const environmentId = end.environments[0] ?? 'missing';
  await openConsole(page);

  await page.getByLabel('Lifecycle').selectOption({ label: 'Due' });
  const rows = page.locator('[role="row"][data-env-id]');
  await expect(page.locator(`[role="row"][data-env-id="${environmentId}"]`)).toBeVisible();
  const cells = await rows.evaluateAll((elements) => elements.map((element) => element.querySelector('.cell-lifecycle')?.textContent ?? ''));
  for (const cell of cells) expect(cell).toMatch(/^Due/);
  // The last day on the region's calendar: the day before the local midnight it ended at.
  const lastDay = Temporal.PlainDate.from(end.localStart.local.slice(0, 10)).subtract({ days: 1 });
  const written = lastDay.toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).replace(',', '');
  await expect(page.locator(`[role="row"][data-env-id="${environmentId}"] .cell-lifecycle`)).toHaveText(`Due${written}`);

  await page.locator(`[role="row"][data-env-id="${environmentId}"]`).click();
  const detail = page.getByRole('dialog');
  await expect(detail.getByRole('region', { name: 'Lifecycle' })).toContainText('Due');
  await page.keyboard.press('Escape');

  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Calendar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
  await page.getByRole('radio', { name: 'Agenda' }).check();
  const viewerDay = Temporal.Instant.fromEpochMilliseconds(end.start).toZonedDateTimeISO(VIEWER_ZONE).toPlainDate().toString();
  await page.getByLabel('Go to date').fill(viewerDay);
  const agenda = page.getByRole('table', { name: 'Agenda' });
  const entry = agenda.locator(`[data-occurrence-key="${end.key}"]`);
  await expect(agenda.getByRole('row').filter({ has: page.locator(`[data-occurrence-key="${end.key}"]`) })).toContainText('Environment end');
  await entry.click();
  const endDetail = page.getByRole('dialog');
  await expect(endDetail.getByRole('heading', { level: 2 })).toHaveText(end.title);
  await expect(endDetail).toContainText(environmentId);
  await expect(endDetail).toContainText(written);
  await expect(endDetail).toContainText(`00:00 ${end.localStart.abbreviation}`);
  await page.screenshot({ path: 'test-results/lifecycle-calendar-end.png' });
});
