import { expect, test, type Page } from '@playwright/test';
import type { FleetSnapshot } from '../../shared/contract/index.js';
import { healthyProduction } from '../support/fleet-snapshot-fixture.js';
import { hostForFile, type RunningHost } from './browser-host.js';

let host: RunningHost;

hostForFile(['--seed', '7', '--size', '60'], (started) => {
  host = started;
});

/** Signs in with the printed address, then opens a link as a person pasting it into the address bar would. */
async function openLink(page: Page, route: string): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  await page.goto(`${new URL(host.url).origin}/#${route}`);
}

test('#environment/<id> opens that environment in the fleet view', async ({ page }) => {
  const snapshot = await host.call('fleet.snapshot', {});
  const target = healthyProduction(snapshot.value as FleetSnapshot);
  await openLink(page, `environment/${target.id}`);
  const detail = page.getByRole('dialog');
  await expect(detail.getByRole('heading', { level: 2 })).toBeVisible();
  await expect(detail).toContainText(target.id);
});

test('#calendar/<date> opens the calendar on that date, also on a fresh load', async ({ page }) => {
  await openLink(page, 'calendar/2028-02-29');
  await expect(page.getByRole('heading', { level: 1, name: 'Calendar' })).toBeVisible();
  await expect(page.locator('input[type="date"]')).toHaveValue('2028-02-29');
  await page.reload();
  await expect(page.locator('input[type="date"]')).toHaveValue('2028-02-29');
});

test('#deployment/<id> opens the deploys view on that deployment', async ({ page }) => {
  await openLink(page, 'deployment/dep-unknown-1');
  await expect(page.getByRole('heading', { level: 1, name: 'Deploys' })).toBeVisible();
});

test('#incident/<id> opens that incident\'s page', async ({ page }) => {
  const declared = await host.call('incidents.declare', {
    idempotencyKey: 'e2e-deep-link-declare',
    title: 'Deep-linked incident',
    severity: 'sev3',
    impact: { customers: [], environments: [], regions: [], features: 'Exports' },
    commander: 'Ana Ops',
  });
  expect(declared.ok, JSON.stringify(declared.error)).toBe(true);
  const incidentId = (declared.value as { id: string }).id;
  await openLink(page, `incident/${incidentId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(incidentId);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Deep-linked incident');
});

test("an incident's page pops out into a window of its own, signed in and showing the same incident", async ({ page }) => {
  const declared = await host.call('incidents.declare', {
    idempotencyKey: 'e2e-pop-out-declare',
    title: 'Popped-out incident',
    severity: 'sev3',
    impact: { customers: [], environments: [], regions: [], features: 'Reports' },
    commander: 'Ana Ops',
  });
  expect(declared.ok, JSON.stringify(declared.error)).toBe(true);
  const incidentId = (declared.value as { id: string }).id;
  await openLink(page, `incident/${incidentId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Popped-out incident');
  const opened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Open in a new window' }).click();
  const popUp = await opened;
  await expect(popUp.getByRole('heading', { level: 1 })).toContainText(`${incidentId}: Popped-out incident`);
  // Signed in: the incident's facts come from the core, not only its id from the address.
  await expect(popUp.getByText('Ana Ops').first()).toBeVisible();
});

test('a malformed link says why it was not opened and opens nothing', async ({ page }) => {
  await openLink(page, 'environment/%3Cscript%3E');
  const banner = page.getByRole('alert').filter({ hasText: 'This link could not be opened.' });
  await expect(banner).toContainText('expected an id of letters');
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
