import { expect, test, type Page } from '@playwright/test';
import type { AuditPage } from '../../shared/contract/audit.js';
import type { VersionMatrix } from '../../shared/contract/deploys.js';
import type { FleetSnapshot } from '../../shared/contract/fleet.js';
import { environmentAt } from '../../shared/contract/fleet-snapshot.js';
import { hostForFile, type RunningHost } from './browser-host.js';
import { expectButtonsReachable, SCREENS } from './reachable.js';

/**
 * The Audit view against the simulated fleet: deploys started and refused through the core land
 * in the trail with who, what, where, why and the result; new ones arrive on top while it is open.
 */

const NEWEST = '2026.11.1';

test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

let host: RunningHost;

hostForFile(['--size', '120'], (started) => {
  host = started;
});

/** Customers' environments (no ring) of a kind, from the version matrix and the kinds and rings of the fleet snapshot. */
async function environments(kind: 'training' | 'production'): Promise<string[]> {
  const [matrix, snapshot] = await Promise.all([host.call('deploys.matrix', {}), host.call('fleet.snapshot', {})]);
  if (!matrix.ok) throw new Error(`deploys.matrix failed: ${JSON.stringify(matrix.error)}`);
  if (!snapshot.ok) throw new Error(`fleet.snapshot failed: ${JSON.stringify(snapshot.error)}`);
  const fleet = snapshot.value as FleetSnapshot;
  const positions = new Map(fleet.environments.id.map((id, position) => [id, position]));
  return (matrix.value as VersionMatrix).rows
    .map((row) => row.environmentId)
    .filter((id) => {
      const position = positions.get(id);
      if (position === undefined) return false;
      const environment = environmentAt(fleet, position);
      return environment.kind === kind && environment.ring === undefined;
    });
}

/** Text matched as it is inside a RegExp. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let sequence = 0;

/** A start the core refuses: production, with no override of the slot guard and nothing typed. */
async function refusedStart(environmentId: string, reason: string): Promise<void> {
  sequence += 1;
  const result = await host.call('deploys.start', {
    request: { action: 'deploy', version: NEWEST, target: { by: 'environments', ids: [environmentId] }, reason },
    idempotencyKey: `e2e-audit-refused-${sequence}`,
  });
  expect(result.ok).toBe(false);
}

async function openAudit(page: Page): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
}

function trailRows(page: Page) {
  return page.getByRole('table', { name: 'Audit trail' }).locator('[role="row"][data-audit-id]');
}

test('deploys started and refused are in the trail with who, where, why and the result; new ones arrive on top', async ({ page }) => {
  const training = (await environments('training'))[0];
  const production = (await environments('production'))[0];
  if (training === undefined || production === undefined) throw new Error('no training or production environment');
  const started = await host.call('deploys.start', {
    request: { action: 'deploy', version: NEWEST, target: { by: 'environments', ids: [training] }, reason: 'e2e audit: training refresh' },
    idempotencyKey: 'e2e-audit-start',
  });
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  await refusedStart(production, 'e2e audit: refused attempt');
  const listed = await host.call('audit.list', { query: {} });
  const who = (listed.value as AuditPage).entries[0]?.who ?? '';
  expect(who).not.toBe('');

  await openAudit(page);
  const rows = trailRows(page);
  const startedRow = rows.filter({ hasText: 'e2e audit: training refresh' }).filter({ hasText: 'Started' });
  await expect(startedRow).toHaveCount(1);
  // A sentence a person reads, not an action name and ids; the ids stay in the cell's title.
  const sentence = startedRow.getByRole('cell').nth(1);
  await expect(sentence).toHaveText(new RegExp(`^${literal(who)} deployed ${literal(NEWEST)} to [A-Z][^[(]+ — started$`));
  await expect(sentence).not.toContainText(training);
  await expect(sentence).toHaveAttribute('title', new RegExp(training));
  // When, in the viewer's time with its zone.
  await expect(startedRow.getByRole('cell').first()).toHaveText(/\d\d:\d\d:\d\d E[SD]T$/);
  const refusedRow = rows.filter({ hasText: 'e2e audit: refused attempt' });
  await expect(refusedRow).toContainText('Refused');
  await expect(refusedRow).toContainText('Inside an allowed upgrade slot');
  await page.screenshot({ path: 'test-results/audit-trail.png' });

  // Live: a new entry lands on top without a reload.
  await refusedStart(production, 'e2e audit: arrived live');
  await expect(rows.first()).toContainText('e2e audit: arrived live');
  await expect(rows.filter({ hasText: 'e2e audit: refused attempt' })).toHaveCount(1);

  await page.getByLabel('Filter the trail').fill('refused attempt');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('e2e audit: refused attempt');
  await page.getByLabel('Filter the trail').fill('');

  // The deployment's end is recorded with its result.
  const ended = rows.filter({ hasText: 'e2e audit: training refresh' }).filter({ hasText: 'Succeeded' });
  await expect(ended).toHaveCount(1, { timeout: 50_000 });
  await expect(ended.getByRole('cell').nth(1)).toHaveText(new RegExp(`deployed ${literal(NEWEST)} to .+ — succeeded$`));
  await page.screenshot({ path: 'test-results/audit-succeeded.png' });

  // On a laptop and on the NOC monitor, every control of the trail (the deployment links, paging) is whole and in sight.
  for (const screen of SCREENS) {
    await page.setViewportSize(screen);
    expect(await expectButtonsReachable(page.locator('.view-audit'))).toBeGreaterThanOrEqual(1);
    const frame = await page.getByRole('table', { name: 'Audit trail' }).boundingBox();
    const detail = await ended.getByRole('cell').last().boundingBox();
    if (frame === null || detail === null) throw new Error('the trail or its detail is not laid out');
    expect(detail.x + detail.width).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
    await page.screenshot({ path: `test-results/audit-controls-${screen.width}.png` });
  }
});

test('older entries are loaded a page at a time', async ({ page }) => {
  const production = (await environments('production'))[1];
  if (production === undefined) throw new Error('no production environment');
  for (let index = 0; index < 105; index++) await refusedStart(production, `e2e audit: paging ${index}`);
  const first = await host.call('audit.list', { query: {} });
  const total = (first.value as AuditPage).entries.length;
  expect(total).toBe(100);

  await openAudit(page);
  await expect(page.getByText(/^100 entries shown$/)).toBeVisible();
  await page.getByRole('button', { name: 'Load older entries' }).click();
  await expect(page.getByText(/^1\d\d entries shown$/)).toBeVisible();
  await expect(page.getByText('The start of the trail is shown.')).toBeVisible();
  // The oldest paging entry is reachable at the end of the list.
  await page.getByRole('table', { name: 'Audit trail' }).hover();
  await page.mouse.wheel(0, 100_000);
  await expect(trailRows(page).filter({ hasText: 'e2e audit: paging 0' })).toHaveCount(1);
});
