import { expect, test } from '@playwright/test';
import { hostForFile, type RunningHost } from './browser-host.js';
import { FROZEN_AT, injectStillFaults, openStillView, STILL_FLEET_ARGS } from './still-console.js';

/**
 * The NOC wall (issue 14): the worst environments, worst first, every status a word, in type a
 * person reads from across a room (at least 24 px on a 1600×1000 wall, where the console's own
 * table is 14 px), with nothing cut off and nothing to hover.
 */
let host: RunningHost;

hostForFile(STILL_FLEET_ARGS, (started) => (host = started), { frozenAt: FROZEN_AT });

test.beforeAll(async () => {
  await injectStillFaults(host);
});

test('the wall lists the criticals before the warnings, in large type, without navigation', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openStillView(page, host, 'wall', 'dark');
  await expect(page.getByRole('navigation', { name: 'Views' })).toHaveCount(0);

  // injectStillFaults starts 5 critical and 4 warning faults (critical and warning in turn).
  const rows = page.getByRole('region', { name: /^Needing attention/ }).getByRole('listitem');
  await expect(page.getByRole('heading', { name: 'Needing attention, worst first: 9' })).toBeVisible();
  // As many rows as fit, worst first; the rest counted below them rather than scrolled or cycled.
  const statuses = await rows.locator('.status-label').allTextContents();
  expect(statuses.length).toBeGreaterThanOrEqual(6);
  expect(statuses).toEqual([...Array(5).fill('Critical'), ...Array(statuses.length - 5).fill('Warning')]);
  if (statuses.length < 9) await expect(page.getByText(`and ${9 - statuses.length} more needing attention`)).toBeVisible();

  const size = await rows.first().evaluate((row) => Number.parseFloat(row.ownerDocument.defaultView?.getComputedStyle(row).fontSize ?? '0'));
  expect(size).toBeGreaterThanOrEqual(24);
  for (const row of await rows.all()) {
    const box = await row.boundingBox();
    expect(box !== null && box.y + box.height <= 1000 && box.x + box.width <= 1600).toBe(true);
  }
  await expect(page.getByRole('region', { name: 'Regions, worst first' }).getByRole('listitem').first()).toContainText('Critical');
});
