import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APAC_REGION_YAML } from '../support/fleet-yaml.js';
import { removeDir, startBrowserHost, type RunningHost } from './browser-host.js';

/**
 * Decommissioning from the Deploys view, on a fleet file of the simulated backend: Harbour went
 * live on 2026-01-10, so its training environment (temporary, 30 days) is long due; Coral goes
 * live on 2026-12-01, so its training is kept through 2026-12-31 and ends at 2027-01-01 00:00
 * in Sydney (AEDT). A simulated decommission takes about 13 s of real time (four steps).
 */

const DUE = 'harbour-train';
const EARLY = 'coral-train';

function fleetYaml(): string {
  return `version: 1
name: Decommission drill
backends:
  - { id: sim, kind: sandbox, seed: 3, tickMs: 1000, faultRate: 0 }
${APAC_REGION_YAML}
tenants:
  - id: harbour
    name: Harbour
    region: apac
    goLive: 2026-01-10
    environments:
      - { id: harbour-prod, name: Harbour production, kind: production, site: apac-syd, watchedBy: sim, deployedBy: sim }
      # Training ends 30 days after go-live.
      - { id: ${DUE}, name: Harbour training, kind: training, site: apac-syd, watchedBy: sim, deployedBy: sim }
  - id: coral
    name: Coral
    region: apac
    goLive: 2026-12-01
    environments:
      - { id: ${EARLY}, name: Coral training, kind: training, site: apac-syd, watchedBy: sim, deployedBy: sim }
`;
}

let host: RunningHost;
let fleetFile: string;
let workDir: string;

test.beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'watchfloor-e2e-decommission-'));
  fleetFile = join(workDir, 'fleet.yaml');
  writeFileSync(fleetFile, fleetYaml());
  host = await startBrowserHost(['--fleet', fleetFile], join(workDir, 'data'));
});

test.afterAll(async () => {
  await host.stop();
  removeDir(workDir);
});

async function openDecommission(page: Page, environmentId: string) {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Deploys' }).click();
  await page.getByLabel('Find environment').fill(environmentId);
  const matrix = page.getByRole('table', { name: 'Environments by version' });
  await matrix.locator(`[role="row"][data-env-id="${environmentId}"]`).getByRole('button', { name: `Decommission ${environmentId}…` }).click();
  return page.getByRole('dialog', { name: `Decommission ${environmentId}` });
}

function guardItem(dialog: ReturnType<Page['getByRole']>, label: string) {
  return dialog.getByRole('list', { name: 'Guards' }).getByRole('listitem').filter({ hasText: label });
}

test('a due training environment is decommissioned with its name typed, marked in the fleet file and gone from the matrix', async ({ page }) => {
  const dialog = await openDecommission(page, DUE);
  await dialog.getByLabel('Reason (kept in the audit trail)').fill('e2e: training ended 30 days after go-live');
  await expect(guardItem(dialog, 'Lifecycle ended')).toContainText('Passes');
  await expect(guardItem(dialog, 'Not a production environment')).toContainText('Passes');
  await expect(dialog.getByRole('region', { name: 'What cannot be undone' })).toContainText('cannot be rolled back');
  const start = dialog.getByRole('button', { name: 'Decommission', exact: true });
  await expect(start).toBeDisabled();
  const typed = dialog.getByLabel('Type Harbour training to confirm');
  await typed.fill('Harbour trainin');
  await expect(start).toBeDisabled();
  await typed.fill('Harbour training');
  await expect(start).toBeEnabled();
  await start.click();
  // The dialog gives way to the deployment's detail, which has the same title.
  await expect(typed).toHaveCount(0);

  const detail = page.getByRole('dialog', { name: `Decommission ${DUE}` });
  await expect(detail).toContainText('Harbour training is decommissioned', { timeout: 60_000 });

  // The file keeps its comment and gains the mark on the environment's own line.
  await expect.poll(() => readFileSync(fleetFile, 'utf8'), { timeout: 15_000 }).toMatch(new RegExp(`id: ${DUE},.*, decommissioned: \\d{4}-\\d{2}-\\d{2} \\}`));
  expect(readFileSync(fleetFile, 'utf8')).toContain('      # Training ends 30 days after go-live.\n');

  await page.reload();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Deploys' }).click();
  const matrix = page.getByRole('table', { name: 'Environments by version' });
  await expect(matrix.locator('[role="row"][data-env-id="harbour-prod"]')).toBeVisible();
  await expect(matrix.locator(`[role="row"][data-env-id="${DUE}"]`)).toHaveCount(0);

  const again = await host.call('deploys.preview', { request: { action: 'deploy', target: { by: 'environments', ids: [DUE] }, version: '2026.12.1' } });
  expect(JSON.stringify(again)).toContain('Harbour training (decommissioned');
});

test('an early decommission is refused until a written override, then needs the name typed', async ({ page }) => {
  const refused = await host.call('deploys.start', {
    request: { action: 'decommission', target: { by: 'environments', ids: [EARLY] }, reason: 'e2e', confirmation: 'Coral training' },
    idempotencyKey: 'e2e-early-decommission',
  });
  expect(refused.ok).toBe(false);
  expect(refused.error?.message).toContain('Lifecycle ended: not due yet: Coral training ends 2027-01-01 00:00 AEDT (may be overridden with a written reason)');

  const dialog = await openDecommission(page, EARLY);
  const guard = guardItem(dialog, 'Lifecycle ended');
  await expect(guard).toContainText('Fails');
  await expect(guard).toContainText('not due yet: Coral training ends 2027-01-01 00:00 AEDT');
  const start = dialog.getByRole('button', { name: 'Decommission', exact: true });
  await expect(dialog.getByText(/^A guard fails/)).toBeVisible();
  await expect(start).toBeDisabled();

  await guard.getByRole('button', { name: 'Override Lifecycle ended…' }).click();
  const why = guard.getByLabel('Why override “Lifecycle ended” (kept in the audit trail)');
  await why.fill('too short');
  await expect(start).toBeDisabled();
  await why.fill('Coral closed the project early; written request CR-88');
  await expect(guard).toContainText('Overridden');
  await expect(start).toBeDisabled();
  await dialog.getByLabel('Type Coral training to confirm').fill('Coral training');
  await expect(start).toBeEnabled();
});
