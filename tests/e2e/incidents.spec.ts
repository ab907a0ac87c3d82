import { expect, test, type Locator, type Page } from '@playwright/test';
import type { FleetSnapshot } from '../../shared/contract/fleet.js';
import { statusOfCode } from '../../shared/contract/fleet-snapshot.js';
import type { DeploysOverview, VersionMatrix } from '../../shared/contract/deploys.js';
import type { IncidentDetail, IncidentSummary } from '../../shared/contract/incidents.js';
import { hostForFile, type RunningHost } from './browser-host.js';

/**
 * The incident process in the Incidents view against the simulated fleet, its ticketing backend and its
 * status page: an alert fires, a Sev1 is declared from its row, the ticket is opened, customers are told
 * on the status page, the incident is resolved, closing is refused without the review and allowed with it.
 * At 1280×800, the smallest screen the console is built for.
 */

const VIEWER_ZONE = 'America/New_York';

test.use({ timezoneId: VIEWER_ZONE, locale: 'en-US', viewport: { width: 1280, height: 800 } });

let host: RunningHost;

hostForFile(['--seed', '11', '--size', '120'], (started) => {
  host = started;
});

/** Customers' production environments that are healthy now, so a fault on one is news; each test takes its own. */
const taken = new Set<string>();

async function healthyProduction(): Promise<{ id: string; tenant: string }> {
  const snapshot = await host.call('fleet.snapshot', {});
  if (!snapshot.ok) throw new Error(`fleet.snapshot failed: ${JSON.stringify(snapshot.error)}`);
  const { environments, tenants, states } = snapshot.value as FleetSnapshot;
  const position = environments.id.findIndex((id, row) => {
    const profile = environments.profiles[environments.profile[row] ?? -1];
    const tenantId = tenants.id[environments.tenant[row] ?? -1] ?? 'shared';
    return profile?.kind === 'production' && statusOfCode(states.status[row] ?? -1) === 'ok' && !tenantId.startsWith('shared') && !taken.has(id);
  });
  const id = environments.id[position];
  const tenant = tenants.name[environments.tenant[position] ?? -1];
  if (id === undefined || tenant === undefined) throw new Error('no healthy production environment is left in the simulated fleet');
  taken.add(id);
  return { id, tenant };
}

async function injectCritical(environmentId: string, check: string): Promise<void> {
  const fault = await host.call('sandbox.injectFault', { environmentId, check, severity: 'critical', durationSeconds: 900, idempotencyKey: `e2e-incident-${environmentId}-${check}` });
  expect(fault.ok, JSON.stringify(fault.error)).toBe(true);
}

function alertRows(page: Page, environmentId: string): Locator {
  return page.getByRole('table', { name: 'Alert feed' }).locator('[role="row"][data-alert-key]').filter({ hasText: environmentId });
}

async function incident(id: string): Promise<IncidentDetail> {
  const result = await host.call('incidents.get', { id });
  if (!result.ok) throw new Error(`incidents.get failed: ${JSON.stringify(result.error)}`);
  return result.value as IncidentDetail;
}

/** The value beside a label of the incident page's header. */
function fact(page: Page, label: string): Locator {
  return page.locator('.incident-facts dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
}

test('an alert fires → Sev1 declared from its row → ticket → status page → resolved → close refused without the review → review with an action item → closed', async ({ page }) => {
  test.setTimeout(120_000);
  const { id: environmentId } = await healthyProduction();
  await injectCritical(environmentId, 'disk');

  await page.goto(host.url);
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: /^Alerts/ }).click();
  const alertRow = alertRows(page, environmentId).first();
  await expect(alertRow).toContainText('Critical', { timeout: 30_000 });
  await alertRow.getByRole('button', { name: /^Declare an incident from / }).click();

  // The scope comes pre-filled from the alert, each member with its region's local time and zone.
  const declare = page.getByRole('dialog', { name: 'Declare an incident from an alert' });
  const scope = declare.getByRole('table', { name: 'Scope of the new incident' });
  await expect(scope).toContainText(environmentId);
  await expect(scope).toContainText(/(Australia\/Sydney|Europe\/London)/);
  await expect(scope).toContainText(/\d\d:\d\d (GMT|BST|AEDT|AEST)/);
  await expect(declare.getByLabel('Title')).not.toHaveValue('');
  // Field errors stand next to their field.
  await declare.getByLabel('Commander').fill('');
  await declare.getByRole('button', { name: 'Declare incident' }).click();
  await expect(declare.getByText('Name the incident commander')).toBeVisible();
  await declare.getByLabel('Commander').fill('Ana Ops');
  await declare.getByRole('radio', { name: /^Sev1/ }).check();
  await declare.getByLabel('Features affected, in words').fill('Checkout and invoicing fail for all users');
  await page.screenshot({ path: 'test-results/incidents-declare.png' });
  await declare.getByRole('button', { name: 'Declare incident' }).click();
  await expect(declare).toHaveCount(0);

  // The incident's page, at its own address.
  await expect(page).toHaveURL(/#\/incidents\/[^/]+$/);
  const incidentId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
  await expect(fact(page, 'Severity')).toHaveText('Sev1');
  await expect(fact(page, 'Status')).toContainText('Triage');
  await expect(fact(page, 'Commander')).toContainText('Ana Ops');
  await expect(fact(page, 'SLA')).toContainText(/Response: \d+ min left/);
  await expect(fact(page, 'SLA')).toContainText(/Resolution: \d h \d\d min left/);
  await expect(page.getByRole('table', { name: 'Timeline' })).toContainText('Declared');
  await expect(nav.getByRole('link', { name: /^Incidents/ })).toContainText(/1 open, 1 Sev1/);

  // The ticket is opened in the simulated ticketing backend and linked in the header.
  await expect.poll(async () => (await incident(incidentId)).ticket?.displayKey ?? null, { timeout: 20_000 }).not.toBeNull();
  const ticketKey = (await incident(incidentId)).ticket?.displayKey ?? '';
  await expect(fact(page, 'Ticket')).toContainText(ticketKey);
  await page.screenshot({ path: 'test-results/incidents-page.png' });

  // Customers are told on the status page, after a confirmation that says it reaches them.
  await page.getByRole('button', { name: 'Post to status page…' }).click();
  const publish = page.getByRole('dialog', { name: `Post ${incidentId} to the status page` });
  await expect(publish.getByRole('textbox', { name: 'Message' })).not.toHaveValue('');
  // A draft is kept first (on the ticket as an internal note, never on the page): the dialog says when.
  await publish.getByRole('textbox', { name: 'Message' }).fill('We are looking into failed sign-ins.');
  await publish.getByRole('button', { name: 'Save as draft' }).click();
  await expect(publish).toContainText(/Draft saved \d+ s ago/);
  await expect.poll(async () => (await incident(incidentId)).statusDraft?.body ?? null).toBe('We are looking into failed sign-ins.');
  await expect.poll(async () => (await incident(incidentId)).statusPage).toBeNull();
  await publish.getByRole('button', { name: 'Review and post…' }).click();
  const confirmPost = page.getByRole('dialog', { name: 'Post to the status page?' });
  await expect(confirmPost).toContainText('This reaches customers');
  await page.screenshot({ path: 'test-results/incidents-post-confirm.png' });
  await confirmPost.getByRole('button', { name: 'Post to customers' }).click();
  await expect(publish).toHaveCount(0);
  await expect(fact(page, 'Status page')).not.toContainText('Not posted');
  await expect.poll(async () => (await incident(incidentId)).statusPage?.id ?? null).not.toBeNull();

  // Triage may not jump to resolved: investigating first, then resolve.
  await expect(page.getByRole('button', { name: 'Resolve…' })).toBeDisabled();
  await page.getByRole('button', { name: 'Update status…' }).click();
  const statusDialog = page.getByRole('dialog', { name: `Update the status of ${incidentId}` });
  await statusDialog.getByLabel('Status').selectOption('investigating');
  await statusDialog.getByRole('button', { name: 'Update status' }).click();
  await expect(fact(page, 'Status')).toContainText('Investigating');
  await page.getByRole('button', { name: 'Resolve…' }).click();
  await page.getByRole('dialog', { name: `Update the status of ${incidentId}` }).getByRole('button', { name: 'Resolve' }).click();
  await expect(fact(page, 'Status')).toContainText('Resolved');

  // Closing is refused without the review; the core names what is missing.
  await page.getByRole('button', { name: 'Close…' }).click();
  const closeDialog = page.getByRole('dialog', { name: `Close ${incidentId}?` });
  await closeDialog.getByRole('button', { name: 'Close incident' }).click();
  await expect(closeDialog.getByRole('alert')).toContainText('The incident was not closed');
  await expect(page.getByRole('list', { name: 'What closing still needs' })).toContainText(/review/i);
  await page.screenshot({ path: 'test-results/incidents-close-refused.png' });
  await closeDialog.getByRole('button', { name: 'Keep it open' }).click();
  expect((await incident(incidentId)).incident.status).toBe('resolved');

  // The review, with its timeline pre-filled from the incident's and one action item with a ticket.
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  const review = page.getByRole('form', { name: 'Lessons-learnt review' });
  const rows = await review.getByRole('textbox', { name: /^Timeline row \d+ what happened$/ }).all();
  const said = await Promise.all(rows.map((row) => row.inputValue()));
  expect(said.some((text) => text.includes('firing'))).toBe(true);
  expect(said.some((text) => text.includes('Declared'))).toBe(true);
  await review.getByLabel('Summary').fill('The database disk filled up and checkout failed for 20 minutes.');
  await review.getByLabel('Root cause', { exact: true }).fill('Log rotation was turned off by the last upgrade.');
  await review.getByLabel('What went well').fill('The alert fired within a minute and the ticket opened at once.');
  await review.getByLabel('What went badly').fill('Nobody owned log rotation.');
  await review.getByLabel(/^Root cause for customers/).fill('A storage limit was reached on one database server; it has been raised and is now monitored.');
  await review.getByRole('button', { name: 'Add action item' }).click();
  await review.getByLabel('Action item 1 title').fill('Turn log rotation back on and alert on it');
  await review.getByLabel('Action item 1 owner').fill('Ben');
  await review.getByLabel('Action item 1 due date').fill('2026-12-21');
  await review.getByRole('button', { name: 'Save and create tickets' }).click();
  await expect(review.getByLabel('Action item 1 ticket')).not.toHaveValue('', { timeout: 20_000 });
  await expect(page.getByRole('list', { name: 'What closing still needs' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/incidents-review.png' });

  await page.getByRole('button', { name: 'Close…' }).click();
  await page.getByRole('dialog', { name: `Close ${incidentId}?` }).getByRole('button', { name: 'Close incident' }).click();
  await expect(fact(page, 'Status')).toContainText('Closed');
  expect((await incident(incidentId)).incident.status).toBe('closed');

  // Back on the list: closed incidents show under "All".
  await page.getByRole('link', { name: '← All incidents' }).click();
  const list = page.getByRole('table', { name: 'Incidents' });
  await expect(list.locator(`[data-incident-id="${incidentId}"]`)).toHaveCount(0);
  await page.getByLabel('Status').selectOption('all');
  await expect(list.locator(`[data-incident-id="${incidentId}"]`)).toContainText('Closed');
  await expect(list.locator(`[data-incident-id="${incidentId}"]`)).toContainText(ticketKey);
  await page.screenshot({ path: 'test-results/incidents-list.png' });
});

test('several chosen alerts open one incident; declaring again from one of them offers that incident; an environment’s detail declares with its scope', async ({ page }) => {
  const first = await healthyProduction();
  const second = await healthyProduction();
  await injectCritical(first.id, 'disk');
  await injectCritical(second.id, 'memory');

  await page.goto(host.url);
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: /^Alerts/ }).click();
  const firstRow = alertRows(page, first.id).first();
  const secondRow = alertRows(page, second.id).first();
  await expect(firstRow).toBeVisible({ timeout: 30_000 });
  await expect(secondRow).toBeVisible({ timeout: 30_000 });
  await firstRow.getByRole('checkbox').check();
  await secondRow.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Declare an incident from 2 chosen alerts…' }).click();

  const declare = page.getByRole('dialog', { name: 'Declare an incident from 2 alerts' });
  const scope = declare.getByRole('table', { name: 'Scope of the new incident' });
  await expect(scope).toContainText(first.id);
  await expect(scope).toContainText(second.id);
  await declare.getByLabel('Title').fill('Two customers degraded at once');
  await declare.getByLabel('Commander').fill('Ana Ops');
  await declare.getByRole('radio', { name: /^Sev2/ }).check();
  await declare.getByRole('button', { name: 'Declare incident' }).click();
  await expect(page).toHaveURL(/#\/incidents\/[^/]+$/);
  const incidentId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
  await expect(fact(page, 'Severity')).toHaveText('Sev2');
  await expect.poll(async () => (await incident(incidentId)).incident.alertIds.length).toBe(2);

  // One alert group never opens two incidents: the dialog says so and offers the open one.
  await nav.getByRole('link', { name: /^Alerts/ }).click();
  await alertRows(page, first.id).first().getByRole('button', { name: /^Declare an incident from / }).click();
  const again = page.getByRole('dialog', { name: 'Declare an incident from an alert' });
  await expect(again.getByRole('alert')).toContainText(`Incident ${incidentId} is already open`);
  await again.getByRole('link', { name: `Open ${incidentId}` }).click();
  await expect(again).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(incidentId);

  // The light theme, whole at 1280×800.
  await page.evaluate("localStorage.setItem('watchfloor.theme', 'light')");
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(fact(page, 'Severity')).toHaveText('Sev2');
  const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
  expect(width).toBeLessThanOrEqual(1280);
  await page.screenshot({ path: 'test-results/incidents-page-light.png' });

  // From an environment's detail in the Fleet view, the scope is that environment with its customer and region.
  const third = await healthyProduction();
  await nav.getByRole('link', { name: 'Fleet' }).click();
  await page.getByLabel('Search tenants').fill(third.tenant);
  await page.locator(`[role="row"][data-env-id="${third.id}"]`).click();
  await page.getByRole('dialog', { name: /./ }).getByRole('button', { name: 'Declare incident…' }).click();
  const fromFleet = page.getByRole('dialog', { name: `Declare an incident on ${third.id}` });
  await expect(fromFleet.getByRole('table', { name: 'Scope of the new incident' })).toContainText(third.tenant);
  await fromFleet.getByRole('button', { name: 'Cancel' }).click();
  await expect(fromFleet).toHaveCount(0);
});

test('a suspected deployment is rolled back from the incident page through the deploy dialog, with its blast radius and guards', async ({ page }) => {
  test.setTimeout(150_000);
  const NEWEST = '2026.11.1';
  const HOTFIX = '2026.10.4';
  const matrix = await host.call('deploys.matrix', {});
  if (!matrix.ok) throw new Error(`deploys.matrix failed: ${JSON.stringify(matrix.error)}`);
  const snapshot = (await host.call('fleet.snapshot', {})).value as FleetSnapshot;
  const training = new Set(snapshot.environments.id.filter((_, row) => snapshot.environments.profiles[snapshot.environments.profile[row] ?? -1]?.kind === 'training'));
  const target = (matrix.value as VersionMatrix).rows.find((row) => training.has(row.environmentId) && row.version === HOTFIX && row.backendId !== null);
  if (target === undefined) throw new Error('no training environment on the hotfix');
  const environmentId = target.environmentId;

  // The deployment that will be the suspect: the newest release, through the deploy backend, to success.
  const started = await host.call('deploys.start', {
    request: { action: 'deploy', version: NEWEST, target: { by: 'environments', ids: [environmentId] }, reason: 'e2e: the suspect' },
    idempotencyKey: `e2e-incident-suspect-${environmentId}`,
  });
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  const deploymentId = (started.value as { deployments: Array<{ id: string }> }).deployments[0]?.id ?? '';
  await expect
    .poll(async () => ((await host.call('deploys.overview', {})).value as DeploysOverview).deployments.find((deployment) => deployment.id === deploymentId)?.state, { timeout: 60_000 })
    .toBe('succeeded');

  const declared = await host.call('incidents.declare', {
    title: `Errors on ${environmentId} since the upgrade`,
    severity: 'sev3',
    impact: { customers: [], environments: [environmentId], regions: [], features: 'Reports fail to render' },
    commander: 'Ana Ops',
    idempotencyKey: `e2e-incident-rollback-${environmentId}`,
  });
  expect(declared.ok, JSON.stringify(declared.error)).toBe(true);
  const incidentId = (declared.value as IncidentSummary).id;

  await page.goto(host.url);
  await page.evaluate(`window.location.hash = ${JSON.stringify(`#/incidents/${encodeURIComponent(incidentId)}`)}`);
  const changes = page.getByRole('table', { name: 'Changes before the first alert' });
  const row = changes.getByRole('row').filter({ hasText: environmentId });
  // The core lists the deployment in scope before the incident began, with how long before.
  await expect(row).toContainText(/\d+ (s|min) before first alert/);
  await row.getByRole('button', { name: /^Roll back / }).click();

  // The app's one deploy dialog, in rollback mode, pre-filled: its preview, guards and confirmation apply.
  const dialog = page.getByRole('dialog', { name: `Roll back ${environmentId}` });
  await expect(dialog.getByLabel('Environment ids')).toHaveValue(environmentId);
  await expect(dialog.getByLabel('Go back to')).toHaveValue('');
  await expect(dialog.getByRole('table', { name: 'Environments touched' })).toContainText(`${NEWEST} → ${HOTFIX}`);
  await expect(dialog.getByText('A rollback cannot undo:')).toBeVisible();
  await page.screenshot({ path: 'test-results/incidents-rollback-dialog.png' });
  await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Deploys' })).toBeVisible();
  await expect(page.getByRole('dialog', { name: `Rollback ${HOTFIX} to ${environmentId}` }).getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 60_000 });
});

test('the Incidents view works by keyboard: the nav, the declare dialog (focus kept inside, Escape returns it), an incident by its link', async ({ page }) => {
  const declared = await host.call('incidents.declare', {
    idempotencyKey: 'e2e-keyboard-declare',
    title: 'Keyboard walk',
    severity: 'sev3',
    impact: { customers: [], environments: [], regions: [], features: 'Reports' },
    commander: 'Ana Ops',
  });
  expect(declared.ok, JSON.stringify(declared.error)).toBe(true);
  const id = (declared.value as IncidentSummary).id;
  await page.goto(host.url);
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: /^Incidents/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents' })).toBeVisible();

  const declare = page.getByRole('button', { name: 'Declare incident…' });
  await declare.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  expect(await dialog.evaluate((element) => element.contains(element.ownerDocument.activeElement))).toBe(true);
  // The page under a modal <dialog> is inert: Tab cycles through the dialog (and, past its end, the browser's own
  // controls, which leaves the document's body active), never to a control behind it.
  for (let step = 0; step < 12; step++) {
    await page.keyboard.press('Tab');
    const where = await dialog.evaluate((element) => {
      const active = element.ownerDocument.activeElement;
      return active === null || active === element.ownerDocument.body ? 'browser' : element.contains(active) ? 'dialog' : 'behind';
    });
    expect(where).not.toBe('behind');
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(declare).toBeFocused();

  const link = page.getByRole('table', { name: 'Incidents' }).locator(`[data-incident-id="${id}"]`).getByRole('link', { name: 'Keyboard walk' });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(id);
});
