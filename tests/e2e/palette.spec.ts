import { expect, test, type Page } from '@playwright/test';
import type { FleetSnapshot } from '../../shared/contract/fleet.js';
import { healthyProduction } from '../support/fleet-snapshot-fixture.js';
import { hostForFile, type RunningHost } from './browser-host.js';

let host: RunningHost;

hostForFile(['--seed', '5', '--size', '120'], (started) => {
  host = started;
});

/** The palette's search box, asserted to be a combobox whose active option is announced. */
async function openPalette(page: Page) {
  await page.keyboard.press('Control+K');
  const palette = page.getByRole('dialog', { name: 'Go to or run' });
  await expect(palette).toBeVisible();
  const box = palette.getByRole('combobox', { name: 'Go to or run' });
  await expect(box).toBeFocused();
  return { palette, box };
}

/** The option the focused combobox points at (aria-activedescendant), as a screen reader hears it; '' for none or one not marked selected. */
async function activeOption(page: Page): Promise<string> {
  const id = await page.getByRole('combobox', { name: 'Go to or run' }).getAttribute('aria-activedescendant');
  if (id === null) return '';
  const option = page.getByRole('option').and(page.locator(`[id="${id}"]`));
  if ((await option.getAttribute('aria-selected')) !== 'true') return '';
  return (await option.textContent()) ?? '';
}

test('the command palette, by keyboard only: Ctrl+K goes to a view, to an environment, and opens an action through its own dialog', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  const snapshot = (await host.call('fleet.snapshot', {})).value as FleetSnapshot;
  const target = healthyProduction(snapshot);

  // A view by a few of its letters.
  const { palette, box } = await openPalette(page);
  await expect(palette.getByRole('listbox', { name: 'Matches' }).getByRole('option').first()).toContainText('Fleet');
  await box.fill('incdnts');
  await expect.poll(() => activeOption(page)).toContain('Incidents');
  await page.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeFocused();

  // An environment by its id: the Fleet view opens with its detail.
  await (await openPalette(page)).box.fill(target.id);
  await expect.poll(() => activeOption(page)).toContain(target.id);
  await expect.poll(() => activeOption(page)).toContain(target.tenant);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  await expect(page.getByRole('dialog').filter({ hasText: target.id })).toBeVisible();

  // An action on it: the arrows walk to it, and Enter opens the declare dialog with its guards, nothing is declared yet.
  await page.keyboard.press('Escape');
  await (await openPalette(page)).box.fill(target.id);
  await expect.poll(() => activeOption(page)).toContain(target.id);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => activeOption(page)).toContain(`Declare an incident on ${target.id}…`);
  await page.keyboard.press('Enter');
  const declare = page.getByRole('dialog', { name: `Declare an incident on ${target.id}` });
  await expect(declare).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(declare).toHaveCount(0);
  const incidents = (await host.call('incidents.list', {})).value as { items: unknown[] };
  expect(incidents.items).toHaveLength(0);

  // Escape closes the palette and gives focus back to where it was.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Alerts' }).focus();
  const last = await openPalette(page);
  await page.keyboard.press('Escape');
  await expect(last.palette).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Alerts' })).toBeFocused();
});
