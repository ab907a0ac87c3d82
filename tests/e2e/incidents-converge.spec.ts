import { expect, test, type Browser, type Page } from '@playwright/test';
import type { IncidentDetail } from '../../shared/contract/incidents.js';
import { startRedmine, type RedmineServer } from '../support/redmine.js';
import { removeDir, startRedmineHost, type RunningHost } from './browser-host.js';

/**
 * Two consoles, each its own core and data dir, on one real Redmine: what one does to an incident
 * shows on the other's Incident page within one read of Redmine. The hosts read Redmine every
 * second (`--incident-poll-ms`); the default 10 s would never meet the few seconds allowed here.
 */

const POLL_MS = 1000;
/** One read of Redmine, plus the change's own write to it and the page's refetch. */
const WITHIN_ONE_POLL_MS = POLL_MS + 4000;

let redmine: RedmineServer | undefined;
const hosts: RunningHost[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  redmine = await startRedmine();
  hosts.push(await startRedmineHost(redmine, POLL_MS), await startRedmineHost(redmine, POLL_MS));
});

test.afterAll(async () => {
  for (const host of hosts) {
    await host.stop();
    removeDir(host.dataDir);
  }
  await redmine?.stop();
});

function fact(page: Page, label: string) {
  return page.locator('.incident-facts dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
}

async function incidentPage(browser: Browser, host: RunningHost, incidentId: string, title: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: /^Incidents/ }).click();
  await page.getByRole('table', { name: 'Incidents' }).locator(`[data-incident-id="${incidentId}"]`).getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${incidentId}: ${title}`);
  return page;
}

test('a status change in one console and a note in the other each show on the other console’s Incident page within one read of Redmine', async ({ browser }) => {
  test.setTimeout(120_000);
  const [first, second] = hosts;
  if (!first || !second) throw new Error('the two browser hosts did not start');
  const title = 'Checkout failing';
  const declared = await first.call('incidents.declare', {
    idempotencyKey: 'e2e-converge-declare',
    title,
    severity: 'sev2',
    impact: { customers: ['drill'], environments: ['drill-prod'], regions: ['apac'], features: 'Checkout' },
    commander: 'Ana Ops',
  });
  expect(declared.ok, JSON.stringify(declared.error)).toBe(true);
  const incidentId = (declared.value as { id: string }).id;
  // The second console learns of the incident from its ticket in Redmine, not from the first console.
  await expect
    .poll(async () => {
      const found = await second.call('incidents.get', { id: incidentId });
      return found.ok ? (found.value as IncidentDetail).ticket?.id ?? null : null;
    }, { timeout: 20_000 })
    .not.toBeNull();

  const pageOne = await incidentPage(browser, first, incidentId, title);
  const pageTwo = await incidentPage(browser, second, incidentId, title);
  await expect(fact(pageTwo, 'Status')).toContainText('Triage');

  // The first console moves it to investigating; the second's page shows it.
  await pageOne.getByRole('button', { name: 'Update status…' }).click();
  const statusDialog = pageOne.getByRole('dialog', { name: `Update the status of ${incidentId}` });
  await statusDialog.getByLabel('Status').selectOption('investigating');
  await statusDialog.getByRole('button', { name: 'Update status' }).click();
  await expect(fact(pageOne, 'Status')).toContainText('Investigating');
  await expect(fact(pageTwo, 'Status')).toContainText('Investigating', { timeout: WITHIN_ONE_POLL_MS });

  // The second console adds a note; the first's timeline shows it.
  const note = 'Payment provider confirms an outage on their side';
  await pageTwo.getByRole('button', { name: 'Add note…' }).click();
  const noteDialog = pageTwo.getByRole('dialog', { name: `Add a note to ${incidentId}` });
  await noteDialog.getByRole('textbox', { name: 'Note' }).fill(note);
  await noteDialog.getByRole('button', { name: 'Add note' }).click();
  await expect(noteDialog).toHaveCount(0);
  await expect(pageTwo.getByRole('table', { name: 'Timeline' })).toContainText(note);
  await expect(pageOne.getByRole('table', { name: 'Timeline' })).toContainText(note, { timeout: WITHIN_ONE_POLL_MS });
  await pageOne.screenshot({ path: 'test-results/incidents-converge.png' });
  for (const page of [pageOne, pageTwo]) await page.context().close();
});
