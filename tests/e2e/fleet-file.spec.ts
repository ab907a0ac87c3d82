import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { removeDir, startBrowserHost } from './browser-host.js';

const example = fileURLToPath(new URL('../../resources/fleet.example.yaml', import.meta.url));

test('a broken fleet file is reported with its line, and the console keeps the last good fleet', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-fleet-'));
  const file = join(dir, 'fleet.yaml');
  copyFileSync(example, file);
  const host = await startBrowserHost(['--fleet', file], join(dir, 'data'));
  try {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
    await expect(page.locator('[role="row"][data-env-id="thames-logistics-prod"]')).toBeVisible();

    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('timeZone: Europe/London', 'timeZone: Europe/Londn'));
    const line = text.split('\n').findIndex((row) => row.includes('timeZone: Europe/London')) + 1;
    const banner = page.getByRole('alert').filter({ hasText: 'problem' });
    await expect(banner).toContainText('last good definition');
    await expect(banner).toContainText(`fleet.yaml:${line}:15`);
    await expect(banner).toContainText('regions[1].timeZone');
    await expect(banner).toContainText('got "Europe/Londn"');
    await expect(page.locator('[role="row"][data-env-id="thames-logistics-prod"]')).toBeVisible();
    await page.screenshot({ path: 'test-results/fleet-file-problem.png' });
  } finally {
    await host.stop();
    removeDir(dir);
  }
});

test('the read-only console refuses commands and says so', async ({ page }) => {
  const host = await startBrowserHost(['--read-only', '--size', '50']);
  try {
    await page.goto(host.url);
    await expect(page.getByText('Read-only').first()).toBeVisible();
    const refused = await host.call('sandbox.injectFault', {
      environmentId: 'cloud-eu-west-prod',
      check: 'disk',
      severity: 'critical',
      durationSeconds: 60,
      idempotencyKey: 'e2e-read-only',
    });
    expect(refused.error?.kind).toBe('read-only');
  } finally {
    await host.stop();
    removeDir(host.dataDir);
  }
});

test('when the core goes away the console keeps the last-known fleet and says how old it is', async ({ page }) => {
  const host = await startBrowserHost(['--size', '60']);
  try {
    await page.goto(host.url);
    const rows = page.locator('[role="row"][data-env-id]');
    await expect(rows.first()).toBeVisible();
    const first = await rows.first().getAttribute('data-env-id');
    await host.stop();
    const banner = page.getByRole('alert').filter({ hasText: 'Disconnected from core' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(/Showing last-known state from \d+ s ago/);
    await expect(page.getByRole('status').filter({ hasText: 'Reconnecting' })).toBeVisible();
    await expect(page.getByText('Core unreachable')).toBeVisible();
    await expect(page.locator(`[role="row"][data-env-id="${first}"]`)).toBeVisible();
    await page.screenshot({ path: 'test-results/fleet-disconnected.png' });
  } finally {
    await host.stop();
    removeDir(host.dataDir);
  }
});
