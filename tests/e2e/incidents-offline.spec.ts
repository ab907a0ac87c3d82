import { expect, test, type Page } from '@playwright/test';
import type { IncidentDetail } from '../../shared/contract/incidents.js';
import { FaultProxy } from '../faults/support/fault-proxy.js';
import { startRedmine, type RedmineServer } from '../support/redmine.js';
import { redmineJournalNotes, removeDir, startRedmineHost, type RunningHost } from './browser-host.js';

/**
 * Offline first, in the Incident page against a real Redmine behind a fault proxy: with the ticket
 * created, Redmine goes out of reach; three notes and an acknowledgement are written, wait in the
 * outbox with their age, and one note is withdrawn; Redmine comes back; and Redmine's own journals
 * hold the two kept notes once each, in order, then the acknowledgement once, and never the
 * withdrawn note. The host reads Redmine every second, so delivery follows within a few.
 */

const POLL_MS = 1000;
const NOTES = ['First look: 502s from the login pods', 'Rolled the login pods', 'Still failing after the roll'];
const WITHDRAWN = NOTES[1] ?? '';

let redmine: RedmineServer | undefined;
let proxy: FaultProxy | undefined;
let host: RunningHost | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  redmine = await startRedmine();
  proxy = await FaultProxy.start(redmine.url);
  host = await startRedmineHost(redmine, POLL_MS, proxy.url);
});

test.afterAll(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  await proxy?.close();
  await redmine?.stop();
});

async function incident(running: RunningHost, id: string): Promise<IncidentDetail> {
  const result = await running.call('incidents.get', { id });
  if (!result.ok) throw new Error(`incidents.get failed: ${JSON.stringify(result.error)}`);
  return result.value as IncidentDetail;
}

async function addNote(page: Page, incidentId: string, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Add note…' }).click();
  const dialog = page.getByRole('dialog', { name: `Add a note to ${incidentId}` });
  await dialog.getByRole('textbox', { name: 'Note' }).fill(text);
  await dialog.getByRole('button', { name: 'Add note' }).click();
  await expect(dialog).toHaveCount(0);
}

test('notes and an acknowledgement written while Redmine is unreachable wait in the outbox with their age, one is withdrawn, the rest reach Redmine once, in order', async ({ page }) => {
  test.setTimeout(120_000);
  if (!host || !proxy || !redmine) throw new Error('the browser host, Redmine or the proxy did not start');
  const running = host;
  const declared = await running.call('incidents.declare', {
    idempotencyKey: 'e2e-offline-declare',
    title: 'Sign-in failing',
    severity: 'sev2',
    impact: { customers: ['drill'], environments: ['drill-prod'], regions: ['apac'], features: 'Sign-in' },
    commander: 'Ana Ops',
  });
  expect(declared.ok, JSON.stringify(declared.error)).toBe(true);
  const incidentId = (declared.value as { id: string }).id;
  await expect.poll(async () => (await incident(running, incidentId)).ticket?.id ?? null, { timeout: 20_000 }).not.toBeNull();
  const issueId = (await incident(running, incidentId)).ticket?.id ?? '';
  const journalsBefore = (await redmineJournalNotes(redmine, issueId)).length;

  await page.goto(running.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: /^Incidents/ }).click();
  await page.getByRole('table', { name: 'Incidents' }).locator(`[data-incident-id="${incidentId}"]`).getByRole('link', { name: 'Sign-in failing' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${incidentId}: Sign-in failing`);

  // Redmine goes out of reach: the proxy in front of it stops listening, so every connection is refused.
  await proxy.unplug();
  for (const text of NOTES) await addNote(page, incidentId, text);
  await page.getByRole('button', { name: 'Acknowledge' }).click();

  const outbox = page.getByRole('list', { name: 'Outbox' });
  const entries = outbox.getByRole('listitem');
  await expect(entries).toHaveCount(4);
  for (const [index, text] of NOTES.entries()) {
    await expect(entries.nth(index)).toContainText('Note');
    await expect(entries.nth(index)).toContainText(text);
  }
  await expect(entries.nth(3)).toContainText('Acknowledgement');
  for (let index = 0; index < 4; index += 1) {
    await expect(entries.nth(index)).toContainText('Waiting to be sent');
    await expect(entries.nth(index).locator('time.age')).toHaveText(/\d+ s ago|just now/);
  }
  await page.screenshot({ path: 'test-results/incidents-offline-outbox.png' });

  await entries.filter({ hasText: WITHDRAWN }).getByRole('button', { name: /^Withdraw Note: / }).click();
  await expect(entries).toHaveCount(3);
  await expect(outbox).not.toContainText(WITHDRAWN);
  // Nothing reached Redmine while it was cut off.
  expect((await redmineJournalNotes(redmine, issueId)).length).toBe(journalsBefore);

  // Redmine is reachable again; the core's circuit breaker, opened by the failed reads, lets the next try through within 30 s.
  await proxy.plugIn();
  await expect(page.getByText('Nothing waits to be sent: the ticket has everything.')).toBeVisible({ timeout: 45_000 });

  // Counted on Redmine itself: each kept note once, in order, then one acknowledgement; the withdrawn note never.
  const notes = await redmineJournalNotes(redmine, issueId);
  const kept = [NOTES[0] ?? '', NOTES[2] ?? ''];
  expect(kept.map((text) => notes.filter((note) => note.includes(text)).length)).toEqual([1, 1]);
  expect(notes.filter((note) => note.includes(WITHDRAWN))).toHaveLength(0);
  expect(notes.filter((note) => note.includes('Acknowledged by'))).toHaveLength(1);
  const order = [...kept, 'Acknowledged by'].map((text) => notes.findIndex((note) => note.includes(text)));
  expect(order).toEqual([...order].sort((a, b) => a - b));

  // A few more reads of Redmine deliver nothing twice.
  await page.waitForTimeout(3 * POLL_MS);
  expect(await redmineJournalNotes(redmine, issueId)).toEqual(notes);
});
