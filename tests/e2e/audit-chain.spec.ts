import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { AuditPage, ChainedAuditEntry } from '../../shared/contract/audit.js';
import { removeDir, startBrowserHost, type RunningHost } from './browser-host.js';

/**
 * The browser host asks who is at the console before anything is done, and the trail names them;
 * the Audit view says the chain is intact, exports it, and names the row edited behind its back.
 */

let host: RunningHost;

test.beforeAll(async () => {
  host = await startBrowserHost(['--size', '20'], undefined, { askOperator: true });
});

test.afterAll(async () => {
  await host.stop();
  removeDir(host.dataDir);
});

test('asks for the operator, names them on the trail, verifies and exports the chain, and names an edited row', async ({ page }) => {
  await page.goto(host.url);
  const prompt = page.getByRole('dialog', { name: 'Who is at this console?' });
  await expect(prompt).toBeVisible();
  await prompt.getByLabel('Your name').fill('Grace Hopper');
  await prompt.getByLabel('Your email').fill('grace');
  await prompt.getByRole('button', { name: 'Save' }).click();
  await expect(prompt.getByText('enter an email address')).toBeVisible();
  await prompt.getByLabel('Your email').fill('grace@example.com');
  await prompt.getByRole('button', { name: 'Save' }).click();
  await expect(prompt).toBeHidden();

  const listed = await host.call('audit.list', { query: { limit: 1 } });
  expect(listed.ok).toBe(true);
  expect((listed.value as AuditPage).entries[0]).toMatchObject({ who: 'Grace Hopper <grace@example.com>', host: 'browser', action: 'settings.saveOperator' });

  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Audit' }).click();
  // The refused save was never run (its input was invalid): one row.
  await expect(page.getByText(/^Chain intact, 1 row/)).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as JSON Lines' }).click();
  const saved = await (await download).path();
  const rows = readFileSync(saved, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as ChainedAuditEntry);
  expect(rows.map((row) => [row.who, row.host, row.prevHash])).toEqual([['Grace Hopper <grace@example.com>', 'browser', null]]);
  expect(rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);

  const db = new Database(join(host.dataDir, 'watchfloor.sqlite'));
  db.prepare("UPDATE audit SET who = 'nobody' WHERE id = 1").run();
  db.close();
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Row 1 breaks the chain: its content does not match its hash' })).toBeVisible();
});
