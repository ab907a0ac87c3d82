import { expect, test, type Page } from '@playwright/test';
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
  await expect(page.getByText('Incidents is not built yet')).toBeVisible();
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
