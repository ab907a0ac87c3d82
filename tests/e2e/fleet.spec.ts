import { expect, test, type Page } from '@playwright/test';
import type { AlertFeed } from '../../shared/contract/alerts.js';
import type { FleetSnapshot } from '../../shared/contract/index.js';
import { healthyProduction } from '../support/fleet-snapshot-fixture.js';
import { hostForFile, type RunningHost } from './browser-host.js';

let host: RunningHost;

hostForFile(['--seed', '5', '--size', '400'], (started) => {
  host = started;
});

/** Find an environment that is healthy now, so a fault on it is a visible change. */
async function healthyEnvironment(): Promise<{ id: string; tenant: string }> {
  const snapshot = await host.call('fleet.snapshot', {});
  return healthyProduction(snapshot.value as FleetSnapshot);
}

async function openConsole(page: Page): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
}

test('shows the fleet with regions, a status summary and environments', async ({ page }) => {
  await openConsole(page);
  await expect(page).not.toHaveURL(/token=/);
  for (const region of ['APAC', 'UK', 'Cloud EU West']) await expect(page.getByRole('button', { name: region, exact: true })).toBeVisible();
  await expect(page.getByText('Australia/Sydney')).toBeVisible();
  await expect(page.getByText(/400\s*environments in total/)).toBeVisible();
  const rows = page.locator('[role="row"][data-env-id]');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(10);
  await page.screenshot({ path: 'test-results/fleet-overview.png', fullPage: true });
});

test('a health change arrives live, without a reload', async ({ page }) => {
  await openConsole(page);
  const target = await healthyEnvironment();
  await page.getByLabel('Search tenants').fill(target.tenant);
  const row = page.locator(`[role="row"][data-env-id="${target.id}"]`);
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'ok');
  await expect(row).toContainText('OK');

  let navigations = 0;
  page.on('framenavigated', () => (navigations += 1));
  const fault = await host.call('sandbox.injectFault', {
    environmentId: target.id,
    check: 'disk',
    severity: 'critical',
    durationSeconds: 600,
    idempotencyKey: `e2e-${target.id}`,
  });
  expect(fault.ok).toBe(true);

  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'critical');
  await expect(row).toContainText('Critical');
  await expect(row).toContainText(/disk \d+% on .* \(limit 90%\)/);
  expect(navigations).toBe(0);
  await page.screenshot({ path: 'test-results/fleet-live-critical.png' });
});

test('an operator simulates a fault from the environment detail', async ({ page }) => {
  await openConsole(page);
  const target = await healthyEnvironment();
  await page.getByLabel('Search tenants').fill(target.tenant);
  const row = page.locator(`[role="row"][data-env-id="${target.id}"]`);
  await row.click();
  const detail = page.getByRole('dialog');
  await expect(detail.getByRole('heading', { level: 2 })).toBeVisible();

  await detail.getByLabel('Check').selectOption('memory');
  await detail.getByLabel('Severity').selectOption('warning');
  await detail.getByLabel('Duration (seconds)').fill('2');
  await detail.getByRole('button', { name: 'Start fault' }).click();
  await expect(detail.getByRole('alert').first()).toContainText(/5/);

  await detail.getByLabel('Duration (seconds)').fill('300');
  await detail.getByRole('button', { name: 'Start fault' }).click();
  await expect(detail.getByRole('status')).toContainText('Fault started on');
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'warning');
  await expect(detail).toContainText(/memory \d+% on/);
  await page.screenshot({ path: 'test-results/environment-detail.png' });

  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('the fleet works by keyboard alone', async ({ page }) => {
  await openConsole(page);
  const rows = page.locator('[role="row"][data-env-id]');
  await expect(rows.first()).toBeVisible();
  await rows.first().focus();
  // Positions, not ids: a live re-sort may reorder rows, but the cursor moves by position.
  await page.keyboard.press('ArrowDown');
  const focused = page.locator('[role="row"][data-env-id]:focus');
  await expect(focused).toHaveAttribute('aria-rowindex', '3');
  const opened = await focused.getAttribute('data-env-id');
  await page.keyboard.press('Enter');
  const detail = page.getByRole('dialog');
  await expect(detail.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(detail).toContainText(opened ?? 'missing id');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator(`[role="row"][data-env-id="${opened}"]`)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(focused).toHaveAttribute('aria-rowindex', '2');
});

test('filters narrow the fleet by region, kind and status', async ({ page }) => {
  await openConsole(page);
  await page.getByLabel('Region').selectOption({ label: 'UK' });
  await page.getByLabel('Kind').selectOption('uat');
  const rows = page.locator('[role="row"][data-env-id]');
  await expect(rows.first()).toBeVisible();
  const ids = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-env-id') ?? ''));
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(id).toMatch(/-uat$/);
  const regions = await rows.evaluateAll((elements) => elements.map((element) => element.children[4]?.textContent ?? ''));
  for (const region of regions) expect(region).toBe('UK');
});

test('every view is reachable from the navigation', async ({ page }) => {
  await openConsole(page);
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: 'Incidents' }).or(nav.getByRole('button', { name: 'Incidents' })).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Incidents' })).toBeVisible();
  await nav.getByRole('link', { name: 'Deploys' }).or(nav.getByRole('button', { name: 'Deploys' })).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Deploys' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Environments by version' })).toBeVisible();
  await nav.getByRole('link', { name: 'Audit' }).or(nav.getByRole('button', { name: 'Audit' })).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Audit trail' })).toBeVisible();
  await nav.getByRole('link', { name: 'Calendar' }).or(nav.getByRole('button', { name: 'Calendar' })).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Month' })).toBeVisible();
  await nav.getByRole('link', { name: 'Settings' }).or(nav.getByRole('button', { name: 'Settings' })).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByText('Simulated fleet').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/settings.png' });
  await nav.getByRole('link', { name: 'Fleet' }).or(nav.getByRole('button', { name: 'Fleet' })).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
});

test('the light theme can be chosen and is kept across a reload', async ({ page }) => {
  await openConsole(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Theme').selectOption({ label: 'Light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Fleet' }).click();
  await expect(page.locator('[role="row"][data-env-id]').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/fleet-light.png' });
});

test('a page opened without the token says how to get in', async ({ page }) => {
  await page.goto(host.origin);
  await expect(page.getByRole('alert')).toContainText('This page has no access token.');
});

/** Critical faults on up to `count` healthy production environments of one site; the ids faulted. */
async function criticalsAt(siteId: string, count: number, tag: string): Promise<string[]> {
  const snapshot = (await host.call('fleet.snapshot', {})).value as FleetSnapshot;
  const ids: string[] = [];
  for (let skip = 0; ids.length < count; skip++) {
    const target = healthyProduction(snapshot, skip);
    if (target.siteId !== siteId) continue;
    const fault = await host.call('sandbox.injectFault', { environmentId: target.id, check: 'disk', severity: 'critical', durationSeconds: 900, idempotencyKey: `e2e-${tag}-${target.id}` });
    expect(fault.ok).toBe(true);
    ids.push(target.id);
  }
  return ids;
}

test.describe('at 1280×800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the problem list is above the fold, worst first, with the worst region first', async ({ page }) => {
    // London is the last region's site in the fleet's own order: worst first must bring it to the top.
    await criticalsAt('uk-lon', 13, 'fold');
    await openConsole(page);
    const rows = page.locator('[role="row"][data-env-id]');
    await expect(rows.first().locator('[data-status]')).toHaveAttribute('data-status', 'critical');
    await expect(page.locator('.region-cards > li').first()).toContainText('UK');
    await expect(page.locator('.region-cards > li').first()).toContainText('Critical');

    const table = await page.getByRole('grid', { name: 'Environments' }).boundingBox();
    if (table === null) throw new Error('the table is not on screen');
    const boxes = await rows.evaluateAll((elements) => elements.map((element) => ({ top: element.getBoundingClientRect().top, bottom: element.getBoundingClientRect().bottom })));
    const whole = boxes.filter((box) => box.top >= table.y && box.bottom <= Math.min(table.y + table.height, 800));
    expect(whole.length).toBeGreaterThanOrEqual(10);
    const statuses = await rows.evaluateAll((elements) => elements.slice(0, 10).map((element) => element.querySelector('[data-status]')?.getAttribute('data-status')));
    expect(statuses).toEqual(Array(10).fill('critical'));

    // Every column is on screen without scrolling, and the reason gets the most room.
    const headers = page.getByRole('columnheader');
    const widths: Record<string, number> = {};
    for (const header of await headers.all()) {
      const box = await header.boundingBox();
      if (box === null) throw new Error('a column header is not on screen');
      expect(box.x + box.width).toBeLessThanOrEqual(table.x + table.width);
      widths[(await header.innerText()).replace(/[▲▼]/g, '').trim()] = box.width;
    }
    expect(Math.max(...Object.values(widths))).toBe(widths.Reason);

    // A cut name is whole on hover (its title) and on focus (the row's tip).
    const first = rows.first();
    const tenant = first.getByRole('gridcell').nth(1);
    await expect(tenant).toHaveAttribute('title', (await tenant.textContent()) ?? 'missing');
    await expect(tenant).toHaveCSS('text-overflow', 'ellipsis');
    await first.focus();
    const tip = page.getByRole('tooltip');
    await expect(tip).toContainText((await first.getAttribute('data-env-id')) ?? 'missing');
    await expect(tip).toContainText(/disk \d+% on .* \(limit 90%\)/);
    await expect(first).toHaveAttribute('aria-describedby', (await tip.getAttribute('id')) ?? 'missing');
    await page.screenshot({ path: 'test-results/fleet-1280-criticals.png' });
  });

  test('region lines open to their sites, and the choice is kept across a reload', async ({ page }) => {
    await openConsole(page);
    const sites = page.getByRole('button', { name: 'Sites of APAC' });
    await expect(sites).toHaveAttribute('aria-expanded', 'false');
    await sites.click();
    await expect(sites).toHaveAttribute('aria-expanded', 'true');
    await expect(page.locator('.region-cards').getByText('Sydney primary', { exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('button', { name: 'Sites of APAC' })).toHaveAttribute('aria-expanded', 'true');
    await page.getByRole('button', { name: 'Sites of APAC' }).click();
    await expect(page.locator('.region-cards').getByText('Sydney primary', { exact: true })).toHaveCount(0);
  });

  test('opening a detail moves nothing under it, keeps its header, and leaves every column reachable', async ({ page }) => {
    await openConsole(page);
    // A region no fault touches, so no live re-sort moves its rows while the test measures them.
    await page.getByLabel('Region').selectOption({ label: 'Cloud EU West' });
    const rows = page.locator('[role="row"][data-env-id]');
    await expect(rows).toHaveCount(5);
    const row = rows.nth(3);
    await expect(row).toBeVisible();
    const regionLine = page.locator('.region-cards > li').first();
    const before = { row: await row.boundingBox(), region: await regionLine.boundingBox(), table: await page.getByRole('grid', { name: 'Environments' }).boundingBox() };
    const id = await row.getAttribute('data-env-id');
    await row.click();
    const detail = page.getByRole('dialog');
    await expect(detail).toContainText(id ?? 'missing');
    const opened = page.locator(`[role="row"][data-env-id="${id}"]`);
    expect(await opened.boundingBox()).toEqual(before.row);
    expect(await regionLine.boundingBox()).toEqual(before.region);
    expect(await page.getByRole('grid', { name: 'Environments' }).boundingBox()).toEqual(before.table);

    // The header and Close stay in sight however far the detail scrolls.
    await detail.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect(detail.getByRole('heading', { level: 2 })).toBeInViewport();
    await expect(detail.getByRole('button', { name: 'Close' })).toBeInViewport();

    // The columns under the drawer scroll out from under it.
    const drawer = await detail.boundingBox();
    if (drawer === null) throw new Error('the detail is not on screen');
    await page.locator('.grid-scroller').evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
    for (const name of ['Reason', 'Last observed']) {
      const header = await page.getByRole('grid', { name: 'Environments' }).getByRole('columnheader', { name }).boundingBox();
      if (header === null) throw new Error(`the ${name} column is not on screen`);
      expect(header.x + header.width).toBeLessThanOrEqual(drawer.x);
    }
    await page.screenshot({ path: 'test-results/fleet-1280-detail.png' });
    await detail.getByRole('button', { name: 'Close' }).click();
    await expect(detail).toHaveCount(0);
  });
});

test('the nav holds still as the alert count grows from one digit to four', async ({ page }) => {
  const [target] = await criticalsAt('apac-syd', 1, 'nav');
  let real: AlertFeed | undefined;
  await expect
    .poll(async () => {
      real = (await host.call('alerts.list', {})).value as AlertFeed;
      return real.alerts.some((alert) => alert.environmentId === target);
    }, { timeout: 30_000 })
    .toBe(true);
  const feed = real;
  const alert = feed?.alerts.find((candidate) => candidate.environmentId === target);
  if (feed === undefined || alert === undefined) throw new Error('no alert fired for the fault');
  // The real alert, copied to the count wanted: what a fleet at real volume would send.
  const feedOf = (count: number): AlertFeed => ({
    ...feed,
    alerts: Array.from({ length: count }, (_, at) => ({ ...alert, key: `${alert.key}#${at}`, state: 'active', severity: 'critical' })),
  });
  await page.route(/\/api\/alerts\.list$/, (route) => route.fulfill({ json: { ok: true, value: feedOf(1) } }));
  let toPage: ((frame: string) => void) | undefined;
  await page.routeWebSocket(/\/api\/events/, (socket) => {
    const server = socket.connectToServer();
    // The core's own feed would undo the counts under test; every other event passes.
    server.onMessage((message) => {
      if (typeof message === 'string' && message.includes('"event":"alerts.changed"')) return;
      socket.send(message);
    });
    toPage = (frame) => socket.send(frame);
  });
  await openConsole(page);
  const nav = page.getByRole('navigation', { name: 'Views' });
  const badge = nav.locator('.nav-badge[data-firing]');
  await expect(badge).toHaveAttribute('data-firing', '1');
  const places = () =>
    nav.getByRole('link').evaluateAll((links) =>
      links.map((link) => {
        const box = link.getBoundingClientRect();
        return [box.left, box.top, box.width, box.height];
      }),
    );
  const before = await places();
  for (const count of [12, 123, 1_234]) {
    toPage?.(JSON.stringify({ event: 'alerts.changed', payload: feedOf(count) }));
    await expect(badge).toHaveAttribute('data-firing', String(count));
    expect(await places()).toEqual(before);
  }
  await expect(badge).toContainText('1,234');
});

test('the environment detail groups checks by host, explains checks and alerts, and its chart follows the failing check', async ({ page }) => {
  await openConsole(page);
  const target = await healthyEnvironment();
  await page.getByLabel('Search tenants').fill(target.tenant);
  await page.locator(`[role="row"][data-env-id="${target.id}"]`).click();
  const detail = page.getByRole('dialog');
  await expect(detail.getByText(/A check is Watchfloor's own reading of a server/)).toBeVisible();
  const metric = detail.getByRole('combobox', { name: 'Metric' });
  await expect(metric).not.toHaveValue('disk');
  await expect(detail.getByRole('figure')).toContainText('follows the check in the worst state');

  const fault = await host.call('sandbox.injectFault', { environmentId: target.id, check: 'disk', severity: 'critical', durationSeconds: 600, idempotencyKey: `e2e-detail-${target.id}` });
  expect(fault.ok).toBe(true);
  await expect(metric).toHaveValue('disk');
  await expect(detail.getByRole('figure')).toHaveAccessibleName(/^Disk over the last/);

  const servers = detail.locator('.server');
  expect(await servers.count()).toBeGreaterThan(0);
  for (const server of await servers.all()) {
    const name = (await server.getByRole('heading', { level: 4 }).innerText()).trim();
    await expect(server.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  }
  await expect(detail.getByRole('row').filter({ hasText: /^Disk/ }).filter({ hasText: /disk \d+% \(limit 90%\)/ }).first()).toBeVisible();

  // A metric chosen by the reader stays until they ask to follow again.
  await metric.selectOption('memory');
  await expect(metric).toHaveValue('memory');
  await detail.getByRole('button', { name: 'Follow the worst check' }).click();
  await expect(metric).toHaveValue('disk');
  await page.screenshot({ path: 'test-results/environment-detail-checks.png' });
});
