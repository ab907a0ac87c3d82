import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { Temporal } from 'temporal-polyfill';
import type { CalendarView, OccurrenceView } from '../../shared/contract/calendar.js';
import { DatadogFake } from '../support/fakes/datadog-fake.js';
import { StatuspageFake } from '../support/fakes/statuspage-fake.js';
import { hostForFile, removeDir, type RunningHost, startBrowserHost } from './browser-host.js';

/**
 * The Calendar view against the simulated fleet's default calendar (APAC and UK patching, upgrade
 * slots, a year-end freeze). The browser host has no clock of its own, so every date here is found
 * relative to now: the next occurrence is asked of the core, and the view is moved to it as a
 * person would, with "Go to date". The viewer sits in New York, a zone none of the regions use.
 */

const VIEWER_ZONE = 'America/New_York';
const DAY_MS = 86_400_000;

test.use({ timezoneId: VIEWER_ZONE, locale: 'en-US' });

let host: RunningHost;

hostForFile(['--size', '120'], (started) => {
  host = started;
});

async function calendarView(from: number, to: number, on: RunningHost = host): Promise<CalendarView> {
  const result = await on.call('calendar.view', { range: { from, to } });
  if (!result.ok) throw new Error(`calendar.view failed: ${JSON.stringify(result.error)}`);
  return result.value as CalendarView;
}

/** The next occurrence of a window that is still ahead, as the core places it. */
async function nextOccurrence(windowId: string, on: RunningHost = host): Promise<OccurrenceView> {
  const now = Date.now();
  const view = await calendarView(now, now + 70 * DAY_MS, on);
  const found = view.occurrences.filter((occurrence) => occurrence.windowId === windowId && occurrence.start > now).sort((a, b) => a.start - b.start)[0];
  if (found === undefined) throw new Error(`no occurrence of ${windowId} in the next 70 days`);
  return found;
}

/** An independent reading of an instant, straight from Intl in a locale that writes the zone's abbreviation: "Sat 23:00 AEDT". */
function readIn(at: number, timeZone: string, locale: string): string {
  const weekday = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short' }).format(at);
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value;
  return `${weekday} ${clock} ${zone}`;
}

function viewerDate(at: number): string {
  return Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(VIEWER_ZONE).toPlainDate().toString();
}

async function openCalendar(page: Page, on: RunningHost = host): Promise<void> {
  await page.goto(on.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Calendar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
  await expect(page.getByText(/^Windows from /)).toBeVisible();
}

async function goTo(page: Page, mode: 'Month' | 'Week' | 'Agenda', date: string): Promise<void> {
  await page.getByRole('radio', { name: mode }).check();
  await page.getByLabel('Go to date').fill(date);
}

function ruler(page: Page, zone: string): Locator {
  return page.getByRole('group', { name: new RegExp(`^Hours in ${zone.replace('/', '\\/')} `) });
}

/** The last action's result, pinned in the corner. */
function outcome(page: Page): Locator {
  return page.locator('.action-outcome');
}

/** The last action reached at least one backend, and each says what it did. */
async function expectEveryOutcome(page: Page, state: RegExp): Promise<void> {
  const items = outcome(page).getByRole('list', { name: 'What each backend did' }).getByRole('listitem');
  await expect(items.first()).toBeVisible();
  for (const item of await items.all()) await expect(item).toContainText(state);
}

test('month, week and agenda show the next APAC patching; the week reads it in every zone; it is published once, then left unchanged', async ({ page, context }) => {
  const patching = await nextOccurrence('apac-monthly-patching');
  await openCalendar(page);

  await goTo(page, 'Month', viewerDate(patching.start));
  const monthEntry = page.locator(`table.month-grid [data-occurrence-key="${patching.key}"]`);
  await expect(monthEntry).toHaveAccessibleName(/APAC monthly patching/);
  // In the month the viewer reads the start in their own zone.
  await expect(monthEntry).toContainText(readIn(patching.start, VIEWER_ZONE, 'en-US').slice(4));
  await page.screenshot({ path: 'test-results/calendar-month.png' });

  await goTo(page, 'Week', viewerDate(patching.start));
  await expect(page.getByRole('heading', { level: 2, name: /^Mon \d+ \w+ – Sun \d+ \w+ \d{4}/ })).toBeVisible();
  const block = page.getByRole('group', { name: 'Windows this week' }).locator(`[data-occurrence-key="${patching.key}"]`);
  await expect(block).toContainText('APAC monthly patching');
  await expect(block).toContainText(`23:00–01:00 ${patching.localStart.abbreviation}`);
  // Each ruler names every hour with its zone's abbreviation for that date.
  await expect(ruler(page, 'Australia/Sydney').getByText(patching.localStart.abbreviation).first()).toBeVisible();
  await block.click();

  const detail = page.getByRole('dialog', { name: 'APAC monthly patching' });
  await expect(detail).toBeVisible();
  // Opened, the occurrence is marked on every ruler: one window read in Sydney, London, UTC and the viewer's zone.
  const readings: Array<[string, string]> = [
    ['Australia/Sydney', 'en-AU'],
    ['Europe/London', 'en-GB'],
    ['UTC', 'en-GB'],
    [VIEWER_ZONE, 'en-US'],
  ];
  for (const [zone, locale] of readings) {
    await expect(ruler(page, zone).getByRole('note')).toHaveText(`${readIn(patching.start, zone, locale)} – ${readIn(patching.end, zone, locale)}`);
  }
  expect(readIn(patching.start, 'Australia/Sydney', 'en-AU')).toMatch(/^Sat 23:00 AE[DS]T$/);
  expect(readIn(patching.start, 'Europe/London', 'en-GB')).toMatch(/ (GMT|BST)$/);
  await page.screenshot({ path: 'test-results/calendar-week.png' });

  // The arrow keys walk the week's windows in time order: before Saturday's patching comes Friday's APAC slot.
  await block.focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.locator(':focus')).toHaveAttribute('data-occurrence-key', /^apac-upgrade-slots@/);
  await page.keyboard.press('ArrowDown');
  await expect(block).toBeFocused();

  // Whom it touches, in their own local time; its notice; what each backend holds.
  const customers = detail.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Their local time' }) });
  await expect(customers.getByRole('row').nth(1)).toContainText(`23:00 ${patching.localStart.abbreviation}`);
  await expect(detail.getByRole('heading', { name: /^Customers \(\d+\)$/ })).toBeVisible();
  await expect(detail.getByText(/^(Announce now|Announcement overdue|Announce later)$/)).toBeVisible();
  await expect(detail.getByText('7 days ahead required')).toBeVisible();
  const published = detail.getByRole('table', { name: 'Published to' });
  const sandboxRow = published.getByRole('row').filter({ hasText: 'Simulated fleet' });
  await expect(sandboxRow).toContainText('Not published');

  await detail.getByRole('button', { name: 'Publish to every backend' }).click();
  const lastPublish = detail.getByRole('list', { name: 'Last publish' });
  await expect(detail.getByRole('status').filter({ hasText: 'Published.' })).toBeVisible();
  await expect(lastPublish.getByRole('listitem')).toHaveCount(patching.publications.length);
  for (const item of await lastPublish.getByRole('listitem').all()) await expect(item).toContainText('Published');
  await expect(sandboxRow).toContainText('Published');
  // Published on the status page is announced: the notice says so, as short notice when it came after the announce-by date.
  await expect(detail.getByText(/^(Announced|Short notice)$/)).toBeVisible();

  await detail.getByRole('button', { name: 'Publish to every backend' }).click();
  await expect(detail.getByText('Already published with the same content: nothing was sent.')).toBeVisible();
  for (const item of await lastPublish.getByRole('listitem').all()) await expect(item).toContainText('Unchanged');
  await page.screenshot({ path: 'test-results/calendar-published.png' });

  await goTo(page, 'Agenda', viewerDate(patching.start));
  const agenda = page.getByRole('table', { name: 'Agenda' });
  const row = agenda.getByRole('row').filter({ has: page.locator(`[data-occurrence-key="${patching.key}"]`) });
  await expect(row).toContainText(patching.localStart.timeZone);
  await expect(row).toContainText('Published');
  await expect(row).toContainText(`${readIn(patching.start, 'UTC', 'en-GB').slice(4)}`);
  await page.screenshot({ path: 'test-results/calendar-agenda.png' });

  // The product dashboard's banner for APAC names this window in Sydney time, ready to paste.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const banners = page.getByRole('region', { name: 'Dashboard banners' });
  await banners.getByRole('button', { name: 'Copy APAC banner' }).click();
  await expect(banners.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  // A string, since the tests are compiled without the DOM library.
  const copied = String(await page.evaluate('navigator.clipboard.readText()'));
  expect(copied).toContain('Scheduled maintenance (APAC, Australia/Sydney)');
  expect(copied).toContain(`23:00 ${patching.localStart.abbreviation}`);
});

test('an emergency window is created (bad input is named by field), edited, one occurrence cancelled, and removed, with what was published following', async ({ page }) => {
  const firstDay = Temporal.Now.plainDateISO('Europe/London').add({ days: 12 });
  const start = `${firstDay.toString()}T02:00`;
  await openCalendar(page);

  await page.getByRole('button', { name: 'New window…' }).click();
  const editor = page.getByRole('dialog', { name: 'New window' });
  await editor.getByLabel('Kind').selectOption({ label: 'Emergency maintenance' });
  await editor.getByLabel('Title').fill('E2E drill window');
  await expect(editor.getByLabel('Id')).toHaveValue('e2e-drill-window');
  await editor.getByLabel('Starts (local)').fill(start);
  await editor.getByLabel('Time zone').fill('Europe/London');
  await editor.getByLabel('Duration').fill('two hours');
  await editor.getByLabel('Repeats (RRULE)').fill('FREQ=WEEKLY;COUNT=3');
  await editor.getByRole('checkbox', { name: /^UK/ }).check();
  await editor.getByRole('button', { name: 'Save window' }).click();
  await expect(editor.getByText(/expected an ISO 8601 duration .* got "two hours"/)).toBeVisible();
  await expect(editor.getByLabel('Duration')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'test-results/calendar-editor-error.png' });

  await editor.getByLabel('Duration').fill('3h');
  await expect(editor.getByText('Weekly on', { exact: false })).toContainText('for 3 h');
  await editor.getByRole('button', { name: 'Save window' }).click();
  await expect(editor.getByText('emergency maintenance needs a reason')).toBeVisible();
  await editor.getByLabel('Why it cannot wait (required)').fill('Vendor security patch under active exploit');
  await editor.getByRole('button', { name: 'Save window' }).click();
  await expect(editor).toHaveCount(0);
  await expect(outcome(page)).toContainText('Saved E2E drill window (e2e-drill-window)');

  const keys = [0, 1, 2].map((week) => `e2e-drill-window@${firstDay.add({ weeks: week }).toString()}T02:00`);
  const firstAt = Temporal.PlainDateTime.from(start).toZonedDateTime('Europe/London').epochMilliseconds;
  await goTo(page, 'Agenda', viewerDate(firstAt));
  await page.getByRole('table', { name: 'Agenda' }).locator(`[data-occurrence-key="${keys[0]}"]`).click();
  let detail = page.getByRole('dialog', { name: 'E2E drill window' });
  await expect(detail).toBeVisible();
  // Emergency maintenance is marked so wherever it shows, with its reason.
  await expect(page.getByRole('table', { name: 'Agenda' }).getByRole('row').filter({ has: page.locator(`[data-occurrence-key="${keys[0]}"]`) })).toContainText('Emergency');
  await expect(detail.getByText('Emergency maintenance', { exact: true })).toBeVisible();
  await expect(detail).toContainText('Emergency becauseVendor security patch under active exploit');
  await expect(detail.getByText('Short notice', { exact: true })).toBeVisible();
  // Published ahead of the edits, so that the edits have something to update and cancel.
  await detail.getByLabel('Next occurrences').fill('3');
  await detail.getByRole('button', { name: 'Publish the next 3' }).click();
  await expect(detail.getByRole('status').filter({ hasText: 'Published.' })).toBeVisible();

  await detail.getByRole('button', { name: 'Edit window…' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit window e2e-drill-window' });
  await expect(edit.getByLabel('Duration')).toHaveValue('PT3H');
  await edit.getByLabel('Title').fill('E2E drill window (edited)');
  await edit.getByRole('button', { name: 'Save window' }).click();
  await expect(edit).toHaveCount(0);
  await expect(outcome(page)).toContainText('Saved E2E drill window (edited)');
  // What was published is updated to the new title, backend by backend.
  await expectEveryOutcome(page, /Published/);

  detail = page.getByRole('dialog', { name: 'E2E drill window (edited)' });
  await detail.getByRole('button', { name: 'Cancel this occurrence…' }).click();
  const confirm = page.getByRole('dialog', { name: /^Cancel E2E drill window \(edited\) on / });
  await confirm.getByRole('button', { name: 'Cancel occurrence' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(outcome(page)).toContainText('Cancelled E2E drill window (edited)');
  // A backend holding the whole series has it updated without that date; one holding each occurrence has that one cancelled.
  await expectEveryOutcome(page, /Published|Cancelled/);
  await expect(page.locator(`[data-occurrence-key="${keys[0]}"]`)).toHaveCount(0);
  const afterCancel = await calendarView(firstAt - DAY_MS, firstAt + 30 * DAY_MS);
  expect(afterCancel.windows.find((window) => window.definition.id === 'e2e-drill-window')?.definition.exdates).toEqual([start]);
  expect(afterCancel.occurrences.filter((occurrence) => occurrence.windowId === 'e2e-drill-window').map((occurrence) => occurrence.key)).toEqual(keys.slice(1));

  const secondAt = afterCancel.occurrences.find((occurrence) => occurrence.key === keys[1])?.start ?? 0;
  await goTo(page, 'Agenda', viewerDate(secondAt));
  await page.getByRole('table', { name: 'Agenda' }).locator(`[data-occurrence-key="${keys[1]}"]`).click();
  await page.getByRole('dialog', { name: 'E2E drill window (edited)' }).getByRole('button', { name: 'Remove window…' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove E2E drill window (edited)?' });
  await remove.getByRole('button', { name: 'Remove window' }).click();
  await expect(remove).toHaveCount(0);
  await expect(outcome(page)).toContainText('Removed E2E drill window (edited) (e2e-drill-window)');
  await expectEveryOutcome(page, /Cancelled/);
  await expect(page.locator('[data-occurrence-key^="e2e-drill-window@"]')).toHaveCount(0);
  const afterRemove = await calendarView(firstAt - DAY_MS, firstAt + 30 * DAY_MS);
  expect(afterRemove.windows.map((window) => window.definition.id)).not.toContain('e2e-drill-window');
  await page.screenshot({ path: 'test-results/calendar-removed.png' });
});

test('the calendar exports as .ics, whole or by region, and an imported .ics file becomes a window', async ({ page }) => {
  await openCalendar(page);

  const whole = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export .ics' }).click();
  const wholeFile = await whole;
  expect(wholeFile.suggestedFilename()).toMatch(/\.ics$/);
  const wholeText = readFileSync(await wholeFile.path(), 'utf8');
  expect(wholeText).toMatch(/^BEGIN:VCALENDAR\r\n/);
  expect(wholeText).toContain('BEGIN:VTIMEZONE\r\nTZID:Australia/Sydney');
  expect(wholeText).toContain('DTSTART;TZID=Australia/Sydney:20260131T230000');
  expect(wholeText).toContain('RRULE:FREQ=MONTHLY;BYDAY=-1SA');
  expect(wholeText).toContain('SUMMARY:UK monthly patching');
  await expect(outcome(page)).toContainText(/Exported \d+ windows to .+\.ics/);

  await page.getByLabel('Export').selectOption({ label: 'APAC (Australia/Sydney)' });
  const regional = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export .ics' }).click();
  const regionalText = readFileSync(await (await regional).path(), 'utf8');
  expect(regionalText).toContain('SUMMARY:APAC monthly patching');
  expect(regionalText).not.toContain('SUMMARY:UK monthly patching');

  const day = Temporal.Now.plainDateISO('Europe/London').add({ days: 20 });
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Watchfloor e2e//EN',
    'BEGIN:VEVENT',
    'UID:failover-drill-1@e2e.example.net',
    'DTSTAMP:20260101T000000Z',
    `DTSTART;TZID=Europe/London:${day.toString().replaceAll('-', '')}T013000`,
    'DURATION:PT1H30M',
    'SUMMARY:Imported failover drill',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  await page.getByRole('button', { name: 'Import .ics…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import an .ics file' });
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByText('Choose an .ics file to import.')).toBeVisible();
  await dialog.getByLabel('iCalendar file (.ics)').setInputFiles({ name: 'drill.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
  await dialog.getByLabel('Import as').selectOption({ label: 'Planned maintenance' });
  await dialog.getByRole('button', { name: 'Import' }).click();
  // No scope chosen: the contract names the scope as the field to fix.
  await expect(dialog.getByText('expected a scope: at least one region, site, tenant or environment')).toBeVisible();
  await dialog.getByRole('checkbox', { name: /^UK/ }).check();
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(outcome(page)).toContainText(/Imported 1 window: /);

  const at = Temporal.PlainDateTime.from(`${day.toString()}T01:30`).toZonedDateTime('Europe/London').epochMilliseconds;
  await goTo(page, 'Agenda', viewerDate(at));
  const row = page.getByRole('table', { name: 'Agenda' }).getByRole('row').filter({ hasText: 'Imported failover drill' });
  await expect(row).toContainText('01:30–03:00');
  await expect(row).toContainText('Europe/London');
  await expect(row).toContainText('Planned maintenance');
  await page.screenshot({ path: 'test-results/calendar-imported.png' });
});

test('read-only, the calendar shows but offers no changes', async ({ page }) => {
  const readOnly = await startBrowserHost(['--read-only', '--size', '60']);
  try {
    await page.goto(readOnly.url);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Calendar' }).click();
    await page.getByRole('radio', { name: 'Agenda' }).check();
    const agenda = page.getByRole('table', { name: 'Agenda' });
    await agenda.getByRole('button', { name: /upgrade timeslot/ }).first().click();
    const detail = page.getByRole('dialog', { name: /upgrade timeslot/ });
    await expect(detail.getByText('Watchfloor runs read-only: windows cannot be added, changed or removed.')).toBeVisible();
    await expect(detail.getByRole('button', { name: 'Publish to every backend' })).toBeDisabled();
    await expect(detail.getByRole('button', { name: 'Edit window…' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'New window…' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Import .ics…' })).toBeDisabled();
    // Exporting changes nothing, so it stays.
    await expect(page.getByRole('button', { name: 'Export .ics' })).toBeEnabled();
  } finally {
    await readOnly.stop();
    removeDir(readOnly.dataDir);
  }
});

test('when the core goes away the calendar keeps what it loaded, and says when a range could not be', async ({ page }) => {
  const leaving = await startBrowserHost(['--size', '60']);
  try {
    await page.goto(leaving.url);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Calendar' }).click();
    await page.getByRole('radio', { name: 'Month' }).check();
    const entries = page.locator('table.month-grid [data-occurrence-key]');
    await expect(entries.first()).toBeVisible();
    const shown = await entries.count();

    await leaving.stop();
    await expect(page.getByText('Disconnected from core — reconnecting')).toBeVisible();
    await expect(entries).toHaveCount(shown);

    await page.getByRole('button', { name: '◀ Previous month' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The calendar could not be loaded.' })).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Next month ▶' }).click();
    await expect(entries).toHaveCount(shown);
    await page.screenshot({ path: 'test-results/calendar-offline.png' });
  } finally {
    await leaving.stop();
    removeDir(leaving.dataDir);
  }
});

test('a backend that fails is shown failed beside those that worked, and is retried alone', async ({ page }) => {
  const keyVariable = 'WATCHFLOOR_E2E_STATUSPAGE_KEY';
  const apiKey = 'e2e-statuspage-key-3f9a1c';
  const pageId = 'e2epage01';
  const statuspage = await StatuspageFake.start({ apiKey, pageId, pageName: 'E2E status' });
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-calendar-'));
  const file = join(dir, 'fleet.yaml');
  const example = readFileSync(fileURLToPath(new URL('../../resources/fleet.example.yaml', import.meta.url)), 'utf8');
  const statusBackend = `  - { id: status, kind: statuspage, name: Status page, url: "${statuspage.url}", pageId: ${pageId}, auth: { type: oauth-key, key: { store: env, variable: ${keyVariable} } } }\n`;
  writeFileSync(file, example.replace('backends:\n', `backends:\n${statusBackend}`).replace('publishTo: [sim]', 'publishTo: [sim, status]'));
  const saved = process.env[keyVariable];
  process.env[keyVariable] = apiKey;
  let withStatus: RunningHost;
  try {
    withStatus = await startBrowserHost(['--fleet', file], join(dir, 'data'));
  } finally {
    if (saved === undefined) delete process.env[keyVariable];
    else process.env[keyVariable] = saved;
  }
  try {
    const patching = await nextOccurrence('uk-monthly-patching', withStatus);
    // The status page is down for creating anything: the simulated backend takes it, the status page does not.
    statuspage.http.override(`/v1/pages/${pageId}/incidents`, { status: 503, body: { message: 'Service unavailable' } });

    await openCalendar(page, withStatus);
    await goTo(page, 'Agenda', viewerDate(patching.start));
    await page.getByRole('table', { name: 'Agenda' }).locator(`[data-occurrence-key="${patching.key}"]`).click();
    const detail = page.getByRole('dialog', { name: 'UK monthly patching' });
    await detail.getByRole('button', { name: 'Publish to every backend' }).click();
    await expect(detail.getByText('Some backends failed; retry just those.')).toBeVisible({ timeout: 30_000 });
    const lastPublish = detail.getByRole('list', { name: 'Last publish' });
    await expect(lastPublish.locator('[data-backend-id="sim"]')).toContainText('Published');
    await expect(lastPublish.locator('[data-backend-id="status"]')).toContainText('Failed');
    const published = detail.getByRole('table', { name: 'Published to' });
    await expect(published.locator('[data-backend-id="sim"]')).toContainText('Published');
    await expect(published.locator('[data-backend-id="status"]')).toContainText('Failed');
    // Only the simulated backend has it: customers have not been told until the real status page has.
    await expect(detail.getByText('Announced', { exact: true })).toHaveCount(0);
    await page.screenshot({ path: 'test-results/calendar-partial-failure.png' });

    statuspage.http.clearOverrides();
    await published.getByRole('button', { name: 'Retry Status page' }).click();
    await expect(lastPublish.getByRole('listitem')).toHaveCount(1);
    await expect(lastPublish.locator('[data-backend-id="status"]')).toContainText('Published');
    await expect(published.locator('[data-backend-id="status"]')).toContainText('Published');
    await expect(published.locator('[data-backend-id="sim"]')).toContainText('Published');
    await expect(detail.getByText('Announced', { exact: true }).first()).toBeVisible();
    expect(statuspage.list()).toHaveLength(1);
    expect(statuspage.list()[0]?.name).toContain('UK monthly patching');
  } finally {
    await withStatus.stop();
    await statuspage.close();
    removeDir(dir);
  }
});

test('a published window moved two hours later is re-announced, not deleted: the status page tells subscribers the new and old London times, the downtime moves, and short notice shows', async ({ page }) => {
  const secrets = { WATCHFLOOR_E2E_MOVE_STATUSPAGE: 'e2e-move-statuspage-key-7d21', WATCHFLOOR_E2E_MOVE_DD_API: 'e2e-move-dd-api-5c3e', WATCHFLOOR_E2E_MOVE_DD_APP: 'e2e-move-dd-app-9a0b' };
  const pageId = 'e2emove01';
  const statuspage = await StatuspageFake.start({ apiKey: secrets.WATCHFLOOR_E2E_MOVE_STATUSPAGE, pageId, pageName: 'E2E status', components: ['cmp-uk'] });
  const datadog = await DatadogFake.start({ apiKey: secrets.WATCHFLOOR_E2E_MOVE_DD_API, applicationKey: secrets.WATCHFLOOR_E2E_MOVE_DD_APP });
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-calendar-move-'));
  const file = join(dir, 'fleet.yaml');
  // Five days ahead, inside the seven days' notice: whatever customers hear of it is short notice.
  const day = Temporal.Now.plainDateISO('Europe/London').add({ days: 5 });
  const window = [
    '    - id: uk-db-upgrade',
    '      kind: planned-maintenance',
    '      title: UK database upgrade',
    '      customerText: Database upgrade. The service may be unavailable for up to two hours.',
    '      scope: { regions: [uk] }',
    `      start: ${day.toString()}T19:00`,
    '      timeZone: Europe/London',
    '      duration: PT2H',
    '',
  ].join('\n');
  const backends =
    `  - { id: status, kind: statuspage, name: Status page, url: "${statuspage.url}", pageId: ${pageId}, components: { uk: [cmp-uk] },\n` +
    `      auth: { type: oauth-key, key: { store: env, variable: WATCHFLOOR_E2E_MOVE_STATUSPAGE } } }\n` +
    `  - { id: dd, kind: datadog, name: Datadog, url: "${datadog.url}",\n` +
    `      auth: { type: datadog, apiKey: { store: env, variable: WATCHFLOOR_E2E_MOVE_DD_API }, applicationKey: { store: env, variable: WATCHFLOOR_E2E_MOVE_DD_APP } } }\n`;
  const example = readFileSync(fileURLToPath(new URL('../../resources/fleet.example.yaml', import.meta.url)), 'utf8');
  writeFileSync(file, example.replace('backends:\n', `backends:\n${backends}`).replace('publishTo: [sim]', 'publishTo: [sim, status, dd]').replace('  windows:\n', `  windows:\n${window}`));
  Object.assign(process.env, secrets);
  let withBackends: RunningHost;
  try {
    withBackends = await startBrowserHost(['--fleet', file], join(dir, 'data'));
  } finally {
    for (const name of Object.keys(secrets)) Reflect.deleteProperty(process.env, name);
  }
  try {
    const at = (local: string) => Temporal.PlainDateTime.from(local).toZonedDateTime('Europe/London').epochMilliseconds;
    const before = { start: at(`${day.toString()}T19:00`), end: at(`${day.toString()}T21:00`) };
    const after = { start: at(`${day.toString()}T21:00`), end: at(`${day.toString()}T23:00`) };
    await openCalendar(page, withBackends);
    await goTo(page, 'Agenda', viewerDate(before.start));
    await page.getByRole('table', { name: 'Agenda' }).locator(`[data-occurrence-key="uk-db-upgrade@${day.toString()}T19:00"]`).click();
    let detail = page.getByRole('dialog', { name: 'UK database upgrade' });
    await detail.getByRole('button', { name: 'Publish to every backend' }).click();
    await expect(detail.getByRole('status').filter({ hasText: 'Published.' })).toBeVisible({ timeout: 30_000 });
    expect(statuspage.list()).toHaveLength(1);
    const announced = statuspage.list()[0];
    expect(Date.parse(announced?.scheduled_for ?? '')).toBe(before.start);
    expect(datadog.liveDowntimes()).toHaveLength(1);
    const told = statuspage.notifications.length;

    // The operator moves it two hours later in the editor.
    await detail.getByRole('button', { name: 'Edit window…' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit window uk-db-upgrade' });
    await edit.getByLabel('Starts (local)').fill(`${day.toString()}T21:00`);
    await edit.getByRole('button', { name: 'Save window' }).click();
    await expect(edit).toHaveCount(0);
    await expect(outcome(page)).toContainText('Saved UK database upgrade');
    // Each backend updated what it holds: nothing was cancelled.
    await expectEveryOutcome(page, /Published/);

    // The same scheduled maintenance, two hours later, and its subscribers sent both times in London's own time.
    expect(statuspage.list().map((incident) => [incident.id, incident.status, Date.parse(incident.scheduled_for ?? '')])).toEqual([[announced?.id, 'scheduled', after.start]]);
    const sent = statuspage.notifications.slice(told);
    expect(sent.map((notification) => notification.incidentId)).toEqual([announced?.id]);
    const longDay = (epochMs: number) => {
      const date = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO('Europe/London');
      const weekday = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][date.dayOfWeek - 1];
      const month = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][date.month - 1];
      return `${weekday} ${date.day} ${month} ${date.year}`;
    };
    const zone = readIn(after.start, 'Europe/London', 'en-GB').split(' ')[2];
    expect(zone).toMatch(/^(GMT|BST)$/);
    expect(sent[0]?.body).toContain('Rescheduled:');
    expect(sent[0]?.body).toContain(`UK (Europe/London): now ${longDay(after.start)}, 21:00 to 23:00 ${zone}; previously ${longDay(before.start)}, 19:00 to 21:00 ${zone}.`);
    // The Datadog downtime moved with it.
    expect(datadog.liveDowntimes().map((downtime) => Date.parse(String((downtime.attributes.schedule as { start: string }).start)))).toEqual([after.start]);

    // In the console the moved occurrence is published everywhere, and told at short notice.
    await goTo(page, 'Agenda', viewerDate(after.start));
    await page.getByRole('table', { name: 'Agenda' }).locator(`[data-occurrence-key="uk-db-upgrade@${day.toString()}T21:00"]`).click();
    detail = page.getByRole('dialog', { name: 'UK database upgrade' });
    const published = detail.getByRole('table', { name: 'Published to' });
    for (const backendId of ['sim', 'status', 'dd']) await expect(published.locator(`[data-backend-id="${backendId}"]`)).toContainText('Published');
    await expect(detail.getByText('Short notice', { exact: true })).toBeVisible();
    await page.screenshot({ path: 'test-results/calendar-moved.png' });
  } finally {
    await withBackends.stop();
    await Promise.all([statuspage.close(), datadog.close()]);
    removeDir(dir);
  }
});
