import { expect, test, type Page } from '@playwright/test';
import type { AlertFeed } from '../../shared/contract/alerts.js';
import type { FleetSnapshot } from '../../shared/contract/fleet.js';
import { statusOfCode } from '../../shared/contract/fleet-snapshot.js';
import { healthyProduction } from '../support/fleet-snapshot-fixture.js';
import { hostForFile, type RunningHost } from './browser-host.js';
import { expectButtonsReachable, SCREENS } from './reachable.js';

let host: RunningHost;

hostForFile(['--seed', '5', '--size', '120'], (started) => {
  host = started;
});

interface Shown {
  title: string;
  body: string;
}

/** The page's Notification replaced by a recorder: the test sees what would be shown and can click it. */
async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: Array<{ title: string; body: string; click: () => void }> = [];
    class RecordedNotification {
      static permission: 'default' | 'granted' | 'denied' = 'default';
      static requestPermission(): Promise<'granted'> {
        RecordedNotification.permission = 'granted';
        return Promise.resolve('granted');
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body ?? '', click: () => this.onclick?.() });
      }
      close(): void {}
    }
    Object.assign(globalThis, { Notification: RecordedNotification, shownNotifications: shown });
  });
}

async function shownNotifications(page: Page): Promise<Shown[]> {
  return page.evaluate(() =>
    (Reflect.get(globalThis, 'shownNotifications') as Array<{ title: string; body: string }>).map(({ title, body }) => ({ title, body })),
  );
}

/** A production environment that is healthy now, so a fault on it is news; not one of `besides`. */
async function healthyEnvironment(besides: string[] = []): Promise<{ id: string; tenant: string }> {
  const snapshot = await host.call('fleet.snapshot', {});
  const value = snapshot.value as FleetSnapshot;
  const { environments, tenants, states } = value;
  const row = environments.id.findIndex((id, position) => {
    const profile = environments.profiles[environments.profile[position] ?? -1];
    const tenantId = tenants.id[environments.tenant[position] ?? -1] ?? 'shared';
    return profile?.kind === 'production' && statusOfCode(states.status[position] ?? -1) === 'ok' && !tenantId.startsWith('shared') && !besides.includes(id);
  });
  const id = environments.id[row];
  const tenant = tenants.name[environments.tenant[row] ?? -1];
  if (id === undefined || tenant === undefined) throw new Error('no healthy production environment in the simulated fleet');
  return { id, tenant };
}

async function injectCritical(environmentId: string, check: string): Promise<void> {
  const fault = await host.call('sandbox.injectFault', {
    environmentId,
    check,
    severity: 'critical',
    durationSeconds: 900,
    idempotencyKey: `e2e-alerts-${environmentId}-${check}`,
  });
  expect(fault.ok).toBe(true);
}

test('a new critical alert appears live and notifies; the operator acknowledges and silences it, and the environment goes into maintenance', async ({ page }) => {
  await recordNotifications(page);
  await page.goto(host.url);
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: 'Alerts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  const feed = page.getByRole('table', { name: 'Alert feed' });
  await expect(feed).toBeVisible();

  await page.getByRole('button', { name: 'Enable desktop notifications' }).click();
  await expect(page.getByText('Desktop notifications are on')).toBeVisible();

  const target = await healthyEnvironment();
  await injectCritical(target.id, 'disk');

  const row = feed.getByRole('row').filter({ hasText: target.id });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Critical');
  await expect(row).toContainText('Firing');
  await expect(row).toContainText('Not acknowledged');
  await expect(row.getByRole('link', { name: /Runbook for/ })).toHaveAttribute('rel', /noopener/);
  await expect(nav.getByRole('link', { name: /Alerts/ })).toContainText(/critical/);
  await expect.poll(async () => (await shownNotifications(page)).map((shown) => shown.title).join('\n')).toContain(target.id);

  // A second critical on the same environment within the minute raises no second notification.
  await injectCritical(target.id, 'memory');
  // The simulation raises it on its next evaluation; on a busy machine the first one can take a while.
  await expect(feed.getByRole('row').filter({ hasText: target.id })).toHaveCount(2, { timeout: 25_000 });
  expect((await shownNotifications(page)).filter((shown) => shown.title.includes(target.id))).toHaveLength(1);

  // On a laptop and on the NOC monitor, Acknowledge, Silence and the rest are whole and in sight, the row's actions pinned right.
  for (const screen of SCREENS) {
    await page.setViewportSize(screen);
    expect(await expectButtonsReachable(page.locator('.view-alerts'))).toBeGreaterThanOrEqual(4);
    const silence = feed.getByRole('row').filter({ hasText: target.id }).first().getByRole('button', { name: /^Silence / });
    await feed.evaluate((scroller) => scroller.scrollTo({ left: 0 }));
    const [frame, box] = [await feed.boundingBox(), await silence.boundingBox()];
    if (frame === null || box === null) throw new Error('the feed or its Silence button is not laid out');
    expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width);
    await page.screenshot({ path: `test-results/alerts-controls-${screen.width}.png` });
  }

  const diskRow = feed.getByRole('row').filter({ hasText: target.id }).filter({ hasText: /disk/i });
  await diskRow.getByRole('button', { name: /^Acknowledge / }).click();
  await expect(diskRow).toContainText('Acknowledged by');
  await expect(diskRow.getByRole('button', { name: /^Acknowledged / })).toBeDisabled();

  await diskRow.getByRole('button', { name: /^Silence / }).click();
  const dialog = page.getByRole('dialog', { name: /^Silence / });
  await expect(dialog.getByLabel('Matcher 1 label')).toHaveValue('environment');
  await expect(dialog.getByLabel('Matcher 1 value')).toHaveValue(target.id);
  await expect(dialog.getByLabel('Matcher 2 label')).toHaveValue('alertname');
  // Only the environment: both of its alerts go quiet.
  await dialog.getByRole('button', { name: 'Remove matcher 2' }).click();
  await dialog.getByLabel('Duration').selectOption({ label: '30 min' });
  await dialog.getByRole('button', { name: 'Create silence' }).click();
  await expect(dialog.getByText('Give a reason of at least 3 characters')).toBeVisible();
  await dialog.getByLabel('Reason (required)').fill('e2e drill: disk cleanup in progress');
  await dialog.getByRole('button', { name: 'Create silence' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Silence created until' })).toBeVisible();

  const silences = page.getByRole('region', { name: 'Silences' });
  await expect(silences).toContainText(`environment="${target.id}"`);
  await expect(silences).toContainText('e2e drill: disk cleanup in progress');
  await expect(diskRow).toContainText('Silenced');
  await expect(diskRow).toContainText('Maintenance');
  await page.screenshot({ path: 'test-results/alerts-feed.png' });

  // The environment link opens it in the Fleet view's detail, where it shows in maintenance.
  await diskRow.getByRole('link', { name: target.id }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  const detail = page.getByRole('dialog');
  await expect(detail).toContainText(target.id);
  await expect(detail.locator('.facts').first()).toContainText('Maintenance');

  // Clicking the notification brings the Alerts view back with the alert focused.
  await page.evaluate((id) => {
    const shown = Reflect.get(globalThis, 'shownNotifications') as Array<{ title: string; click: () => void }>;
    shown.find((notification) => notification.title.includes(id))?.click();
  }, target.id);
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  await expect(page.locator(`[data-alert-key]:focus`)).toContainText(target.id);

  await silences.getByRole('button', { name: new RegExp(`^Expire silence environment="${target.id}"`) }).click();
  await expect(silences).not.toContainText(`environment="${target.id}"`);
  await expect(diskRow).toContainText('Firing');
  // The acknowledgement outlives the source's polls, the silence and its end: it ends only with the alert.
  await expect(diskRow).toContainText('Acknowledged by');
});

test('paused desktop notifications stay quiet for a new critical alert, and speak again once resumed', async ({ page }) => {
  await recordNotifications(page);
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Alerts' }).click();
  const feed = page.getByRole('table', { name: 'Alert feed' });
  await page.getByRole('button', { name: 'Enable desktop notifications' }).click();
  await page.getByRole('button', { name: 'Pause 30 min' }).click();
  await expect(page.getByText(/Desktop notifications are paused until \d/)).toBeVisible();

  const quiet = await healthyEnvironment();
  await injectCritical(quiet.id, 'disk');
  await expect(feed.getByRole('row').filter({ hasText: quiet.id })).toBeVisible();
  // The pause is the console's, so the tray and every other window keep it too.
  expect((await host.call('notifications.state', {})).value).toMatchObject({ kind: 'until' });
  expect((await shownNotifications(page)).filter((shown) => shown.title.includes(quiet.id))).toEqual([]);

  await page.getByRole('button', { name: 'Resume notifications' }).click();
  await expect(page.getByText('Desktop notifications are on')).toBeVisible();
  const loud = await healthyEnvironment([quiet.id]);
  await injectCritical(loud.id, 'disk');
  await expect.poll(async () => (await shownNotifications(page)).map((shown) => shown.title).join('\n'), { timeout: 25_000 }).toContain(loud.id);
  expect((await shownNotifications(page)).filter((shown) => shown.title.includes(quiet.id))).toEqual([]);
});

test('an environment detail shows its alerts, a metric chart with its ranges, and recent error lines', async ({ page }) => {
  const target = await healthyEnvironment();
  await injectCritical(target.id, 'cpu');
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  await page.getByLabel('Search tenants').fill(target.tenant);
  await page.locator(`[role="row"][data-env-id="${target.id}"]`).click();
  const detail = page.getByRole('dialog');
  await expect(detail.getByRole('heading', { level: 2 })).toBeVisible();

  const alerts = detail.locator('section').filter({ has: page.getByRole('heading', { level: 3, name: 'Alerts' }) });
  await expect(alerts).toContainText('Critical');

  const history = detail.locator('section').filter({ has: page.getByRole('heading', { level: 3, name: 'Metric history' }) });
  const ranges = history.getByRole('group', { name: 'Range' });
  for (const label of ['1 h', '6 h', '24 h', '7 d']) await expect(ranges.getByRole('button', { name: label })).toBeVisible();
  await expect(ranges.getByRole('button', { name: '1 h' })).toHaveAttribute('aria-pressed', 'true');
  await expect(history.getByLabel('Metric')).toHaveValue('cpu');
  const chart = history.getByRole('figure', { name: 'CPU over the last 1 h, one line per server' });
  await expect(chart.locator('.recharts-line-curve').first()).toBeVisible();
  expect(await chart.locator('.recharts-line-curve').count()).toBeGreaterThan(1);
  await expect(chart).toContainText('Critical');
  await expect(chart).toContainText('Warning');
  await expect(chart).toContainText(/Highest \d/);

  await ranges.getByRole('button', { name: '6 h' }).click();
  await expect(ranges.getByRole('button', { name: '6 h' })).toHaveAttribute('aria-pressed', 'true');
  await expect(ranges.getByRole('button', { name: '1 h' })).toHaveAttribute('aria-pressed', 'false');
  await expect(history.getByRole('figure', { name: 'CPU over the last 6 h, one line per server' }).locator('.recharts-line-curve').first()).toBeVisible();

  await history.getByLabel('Metric').selectOption({ label: 'Memory' });
  await expect(history.getByRole('figure', { name: 'Memory over the last 6 h, one line per server' }).locator('.recharts-line-curve').first()).toBeVisible();

  const logs = detail.locator('section').filter({ has: page.getByRole('heading', { level: 3, name: 'Recent errors' }) });
  const lines = logs.getByRole('list', { name: 'Error log lines' }).getByRole('listitem');
  await expect(lines.first()).toBeVisible();
  await expect(lines.first().locator('time')).toHaveText(/^\d\d:\d\d:\d\d$/);
  await history.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/environment-history.png' });
});

test('the feed holds still under the pointer: new alerts are counted in its bar, and Show puts them in order', async ({ page }) => {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Alerts' }).click();
  const feed = page.getByRole('table', { name: 'Alert feed' });
  await expect(feed).toBeVisible();
  const snapshot = (await host.call('fleet.snapshot', {})).value as FleetSnapshot;
  const [aimed, first, second] = [0, 1, 2].map((skip) => healthyProduction(snapshot, skip));
  if (aimed === undefined || first === undefined || second === undefined) throw new Error('three healthy environments were asked for');

  await injectCritical(aimed.id, 'disk');
  const aimedRow = feed.getByRole('row').filter({ hasText: aimed.id });
  await expect(aimedRow).toBeVisible({ timeout: 25_000 });
  // The pointer rests on the row, as on its Acknowledge button a moment before the click.
  await aimedRow.hover();
  const before = await aimedRow.boundingBox();
  if (before === null) throw new Error('the aimed row is not laid out');

  // Two newer criticals: in live order they go above the aimed row.
  await injectCritical(first.id, 'disk');
  await injectCritical(second.id, 'disk');
  await expect
    .poll(async () => {
      const feedNow = (await host.call('alerts.list', {})).value as AlertFeed;
      return feedNow.alerts.filter((alert) => alert.environmentId === first.id || alert.environmentId === second.id).length;
    }, { timeout: 25_000 })
    .toBe(2);
  // The simulation may raise others meanwhile: at least the two are counted.
  const bar = page.locator('.held-list-bar');
  await expect.poll(async () => Number(/(\d+) new/.exec((await bar.textContent()) ?? '')?.[1] ?? 0)).toBeGreaterThanOrEqual(2);
  await expect(feed.getByRole('row').filter({ hasText: first.id })).toHaveCount(0);
  expect(await aimedRow.boundingBox()).toEqual(before);

  await page.getByRole('button', { name: 'Show the changes in the alert feed' }).click();
  await expect(feed.getByRole('row').filter({ hasText: first.id })).toBeVisible();
  await expect(feed.getByRole('row').filter({ hasText: second.id })).toBeVisible();
  await expect(bar).not.toContainText('new');
  const after = await aimedRow.boundingBox();
  if (after === null) throw new Error('the aimed row left the feed');
  // Asked for, the order moves: both new criticals now stand above the aimed row.
  expect(after.y).toBeGreaterThan(before.y);
  const keys = await feed.locator('[data-alert-key]').evaluateAll((rows) =>
    rows.toSorted((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((row) => row.textContent ?? ''),
  );
  const place = (id: string) => keys.findIndex((text) => text.includes(id));
  expect(place(first.id)).toBeLessThan(place(aimed.id));
  expect(place(second.id)).toBeLessThan(place(aimed.id));
});
