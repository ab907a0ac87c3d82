import { expect, test, type Locator, type Page } from '@playwright/test';
import type { FleetSnapshot } from '../../shared/contract/index.js';
import { statusOfCode } from '../../shared/contract/fleet-snapshot.js';
import { healthyProduction } from '../support/fleet-snapshot-fixture.js';
import { hostForFile, type RunningHost } from './browser-host.js';
import { gridPixel } from './grid-pixel.js';

let host: RunningHost;

hostForFile(['--seed', '5', '--size', '400'], (started) => {
  host = started;
});

/** Layout constants of the grid (grid-plan.ts): 13 px cells every 16 px, 8 px in, under a 34 px group header. */
const PITCH = 16;
const PADDING = 8;
const HEADER = 34;

async function openLayout(page: Page, layout: 'Grid' | 'Tree' | 'Table'): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  await page.getByRole('radio', { name: layout }).check();
}

async function healthy(skip: number): Promise<{ id: string; tenant: string }> {
  const snapshot = await host.call('fleet.snapshot', {});
  return healthyProduction(snapshot.value as FleetSnapshot, skip);
}

function grid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Environment heat grid' });
}

/** The colour of the grid's canvas pixel at a point of the grid's content, and the theme's colour for a status. */
function pixelAndStatusColour(page: Page, x: number, y: number, status: string): Promise<{ pixel: number[]; expected: number[] }> {
  return page.evaluate(gridPixel, { x, y, status });
}

/** Equal but for the rounding of a partly transparent fill. */
function sameColour({ pixel, expected }: { pixel: number[]; expected: number[] }): boolean {
  return expected.length === 3 && expected.every((channel, at) => Math.abs(channel - (pixel[at] ?? -10)) <= 2);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('the grid draws every environment as a cell and is driven by keyboard', async ({ page }) => {
  await openLayout(page, 'Grid');
  await expect(grid(page)).toBeVisible();
  for (const status of ['Critical', 'Warning', 'Unknown', 'Stale', 'Maintenance', 'OK']) {
    await expect(page.getByRole('list', { name: 'Cell shapes' }).getByText(status, { exact: true })).toBeVisible();
  }
  await expect(page.locator('.heat-group').first()).toContainText('environments');

  const cursor = grid(page).getByRole('gridcell');
  await cursor.focus();
  await expect(cursor).toHaveAttribute('aria-colindex', '1');
  const first = await cursor.getAttribute('data-env-id');
  await expect(cursor).toHaveAccessibleName(/, (OK|Critical|Warning|Unknown|Stale|Maintenance): .+\. /);
  await expect(page.getByRole('tooltip')).toContainText(first ?? 'missing');

  await page.keyboard.press('ArrowRight');
  await expect(cursor).toHaveAttribute('aria-colindex', '2');
  const second = await cursor.getAttribute('data-env-id');
  expect(second).not.toBe(first);
  await page.keyboard.press('ArrowLeft');
  await expect(cursor).toHaveAttribute('data-env-id', first ?? 'missing');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowUp');
  await expect(cursor).toBeFocused();

  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const detail = page.getByRole('dialog');
  await expect(detail.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(detail).toContainText(second ?? 'missing');
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(cursor).toBeFocused();
  await page.screenshot({ path: 'test-results/fleet-grid.png' });
});

test('a click on a cell opens the same detail panel as the table', async ({ page }) => {
  await openLayout(page, 'Grid');
  const box = await grid(page).boundingBox();
  if (box === null) throw new Error('the grid is not on screen');
  // The first cell of the first group.
  await page.mouse.click(box.x + PADDING + 6, box.y + HEADER + 6);
  const detail = page.getByRole('dialog');
  await expect(detail.getByRole('heading', { level: 2 })).toBeVisible();
  const opened = await grid(page).getByRole('gridcell').getAttribute('data-env-id');
  await expect(detail).toContainText(opened ?? 'missing');
  await expect(detail.getByRole('heading', { name: 'Servers and checks' })).toBeVisible();
  await expect(page.locator('.heat-selected')).toBeVisible();
});

test('a fault shows in its cell without moving it, and in the tree rollups', async ({ page }) => {
  const target = await healthy(0);
  await openLayout(page, 'Grid');
  await page.getByLabel('Search tenants').fill(target.tenant);
  const cursor = grid(page).getByRole('gridcell');
  await cursor.focus();
  for (let step = 0; step < 5 && (await cursor.getAttribute('data-env-id')) !== target.id; step++) await page.keyboard.press('ArrowRight');
  await expect(cursor).toHaveAttribute('data-env-id', target.id);
  await expect(cursor).toHaveAttribute('data-status', 'ok');
  const column = Number(await cursor.getAttribute('aria-colindex')) - 1;
  const cell = { x: PADDING + column * PITCH, y: HEADER };
  const before = await pixelAndStatusColour(page, cell.x + 6.5, cell.y + 6.5, 'ok');
  expect(sameColour(before)).toBe(true);

  const fault = await host.call('sandbox.injectFault', {
    environmentId: target.id,
    check: 'disk',
    severity: 'critical',
    durationSeconds: 600,
    idempotencyKey: `e2e-grid-${target.id}`,
  });
  expect(fault.ok).toBe(true);

  await expect(cursor).toHaveAttribute('data-status', 'critical');
  await expect(cursor).toHaveAttribute('aria-colindex', String(column + 1));
  await expect(cursor).toHaveAccessibleName(/Critical: disk \d+% on/);
  // Left of the octagon's exclamation mark: the shape's fill.
  await expect.poll(async () => {
    return sameColour(await pixelAndStatusColour(page, cell.x + 3, cell.y + 6.5, 'critical'));
  }).toBe(true);
  await page.mouse.move(0, 0);
  const box = await grid(page).boundingBox();
  if (box === null) throw new Error('the grid is not on screen');
  await page.mouse.move(box.x + cell.x + 6, box.y + cell.y + 6);
  await expect(page.getByRole('tooltip')).toContainText(/Critical: disk \d+% on/);
  await page.screenshot({ path: 'test-results/fleet-grid-fault.png' });

  await page.getByRole('radio', { name: 'Tree' }).check();
  const tree = page.getByRole('tree', { name: 'Fleet by region, site and tenant' });
  // A search this narrow opens every branch that holds a match.
  await expect(tree.getByRole('treeitem', { name: new RegExp(`^${escaped(target.tenant)}: Critical, `) })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: new RegExp(`\\(${escaped(target.id)}\\): Critical, disk`) })).toBeVisible();
  await expect(tree.getByRole('treeitem', { level: 1 }).first()).toHaveAccessibleName(/: Critical, .*1 critical/);
  await page.screenshot({ path: 'test-results/fleet-tree-fault.png' });
});

test('the tree opens and closes by keyboard, and an environment opens from it', async ({ page }) => {
  await openLayout(page, 'Tree');
  const tree = page.getByRole('tree', { name: 'Fleet by region, site and tenant' });
  const region = tree.getByRole('treeitem').first();
  await region.focus();
  await expect(region).toHaveAttribute('aria-level', '1');
  await expect(region).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(region).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(region).toHaveAttribute('aria-expanded', 'true');

  const focused = tree.locator('[role="treeitem"]:focus');
  await page.keyboard.press('ArrowRight');
  await expect(focused).toHaveAttribute('aria-level', '2');
  await expect(focused).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(focused).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(focused).toHaveAttribute('aria-level', '3');
  await page.keyboard.press('Enter');
  await expect(focused).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(focused).toHaveAttribute('aria-level', '4');
  const id = await focused.getAttribute('data-env-id');
  await page.keyboard.press('Enter');
  const detail = page.getByRole('dialog');
  await expect(detail.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(detail).toContainText(id ?? 'missing');
  await page.keyboard.press('Escape');
  await expect(tree.locator(`[data-env-id="${id}"]`)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(focused).toHaveAttribute('aria-level', '3');
  await page.screenshot({ path: 'test-results/fleet-tree.png' });
});

test('the layout chosen is kept across a reload, and the table is still there', async ({ page }) => {
  await openLayout(page, 'Tree');
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Tree' })).toBeChecked();
  await expect(page.getByRole('tree')).toBeVisible();
  await page.getByRole('radio', { name: 'Table' }).check();
  await expect(page.locator('[role="row"][data-env-id]').first()).toBeVisible();
});

test('the grid is dense and legible up close', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await openLayout(page, 'Grid');
  await healthy(1).then((target) =>
    host.call('sandbox.injectFault', { environmentId: target.id, check: 'memory', severity: 'warning', durationSeconds: 600, idempotencyKey: `e2e-zoom-${target.id}` }),
  );
  const box = await grid(page).boundingBox();
  if (box === null) throw new Error('the grid is not on screen');
  await expect(page.locator('.heat-group').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/fleet-grid-zoom.png', clip: { x: box.x, y: box.y, width: 520, height: 260 } });
  await context.close();
});

test('worst first holds for groups: the site with the criticals leads the grid, and its region the tree', async ({ page }) => {
  // London belongs to the last region of the fleet's own order, so only a worst-first sort brings it to the top.
  const snapshot = (await host.call('fleet.snapshot', {})).value as FleetSnapshot;
  const targets: string[] = [];
  for (let skip = 0; targets.length < 5; skip++) {
    const target = healthyProduction(snapshot, skip);
    if (target.siteId === 'uk-lon') targets.push(target.id);
  }
  for (const id of targets) {
    const fault = await host.call('sandbox.injectFault', { environmentId: id, check: 'disk', severity: 'critical', durationSeconds: 900, idempotencyKey: `e2e-groups-${id}` });
    expect(fault.ok).toBe(true);
  }
  await expect.poll(async () => {
    const now = (await host.call('fleet.snapshot', {})).value as FleetSnapshot;
    return targets.filter((id) => statusOfCode(now.states.status[now.environments.id.indexOf(id)] ?? -1) === 'critical').length;
  }).toBe(5);

  await openLayout(page, 'Grid');
  const firstGroup = page.locator('.heat-group').first();
  await expect(firstGroup).toContainText(/^UK › London/);
  await expect(firstGroup.locator('.heat-group-count[title="Critical"]')).toContainText(/^[5-9]|\d\d/);

  await page.getByRole('radio', { name: 'Tree' }).check();
  const tree = page.getByRole('tree', { name: 'Fleet by region, site and tenant' });
  await expect(tree.getByRole('treeitem').first()).toHaveAccessibleName(/^UK: Critical, /);
  await expect(tree.getByRole('treeitem').nth(1)).toHaveAccessibleName(/^London.*: Critical, /);
  await expect(tree.getByRole('treeitem', { level: 1 }).last()).toHaveAccessibleName(/: OK, /);
  await page.screenshot({ path: 'test-results/fleet-tree-worst-first.png' });
});
