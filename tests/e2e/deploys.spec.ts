import { expect, test, type Locator, type Page } from '@playwright/test';
import type { DeployPreview, DeploysOverview, MatrixRow, VersionMatrix } from '../../shared/contract/deploys.js';
import type { EnvironmentView, FleetSnapshot } from '../../shared/contract/fleet.js';
import { environmentAt, statusOfCode } from '../../shared/contract/fleet-snapshot.js';
import { zonedTime } from '../../shared/time/zoned-time.js';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hostForFile, type RunningHost } from './browser-host.js';
import { expectButtonsReachable, SCREENS } from './reachable.js';

/**
 * The Deploys view against the simulated fleet: its releases, the version matrix, the rollout
 * plan, and deployments started from the view, from the Fleet view's environment detail, and
 * through the core (for faults armed on the simulated deployer). A simulated deployment takes
 * about 24 s of real time (six steps); each test uses environments no other test touches.
 */

const NEWEST = '2026.11.1';
const HOTFIX = '2026.10.4';
const PROGRESS_TIMEOUT = { timeout: 50_000 };
const VIEWER_ZONE = 'America/New_York';
/** How long the alert a rollback is opened from lasts. */
const ALERT_SECONDS = 15;

test.use({ timezoneId: VIEWER_ZONE, locale: 'en-US' });

let host: RunningHost;
/** A matrix row with what the tests choose environments by, from the fleet snapshot as the view joins it. */
interface EnvironmentRow extends MatrixRow {
  environment: EnvironmentView;
  tenantName: string;
}

let trainings: EnvironmentRow[];
/** Environments a test chose at run time, so that a later test chooses another. */
const taken = new Set<string>();

hostForFile(['--size', '120'], (started) => {
  host = started;
});

test.beforeAll(async () => {
  trainings = (await matrix()).filter((row) => row.environment.kind === 'training' && row.version === HOTFIX);
  if (trainings.length < 4) throw new Error('the simulated fleet has fewer than 4 training environments on the hotfix');
});

async function overview(): Promise<DeploysOverview> {
  const result = await host.call('deploys.overview', {});
  if (!result.ok) throw new Error(`deploys.overview failed: ${JSON.stringify(result.error)}`);
  return result.value as DeploysOverview;
}

async function snapshot(): Promise<FleetSnapshot> {
  const result = await host.call('fleet.snapshot', {});
  if (!result.ok) throw new Error(`fleet.snapshot failed: ${JSON.stringify(result.error)}`);
  return result.value as FleetSnapshot;
}

/** deploys.matrix joined with the fleet snapshot's names, kinds, rings and customers. */
async function matrix(fleet?: FleetSnapshot): Promise<EnvironmentRow[]> {
  const result = await host.call('deploys.matrix', {});
  if (!result.ok) throw new Error(`deploys.matrix failed: ${JSON.stringify(result.error)}`);
  const known = fleet ?? (await snapshot());
  const positions = new Map(known.environments.id.map((id, position) => [id, position]));
  return (result.value as VersionMatrix).rows.flatMap((row) => {
    const position = positions.get(row.environmentId);
    if (position === undefined) return [];
    const tenantName = known.tenants.name[known.environments.tenant[position] ?? -1] ?? '';
    return [{ ...row, environment: environmentAt(known, position), tenantName }];
  });
}

async function preview(request: unknown): Promise<DeployPreview> {
  const result = await host.call('deploys.preview', { request });
  if (!result.ok) throw new Error(`deploys.preview failed: ${JSON.stringify(result.error)}`);
  return result.value as DeployPreview;
}

/** Opens the deploy dialog from an environment's row of the version matrix, with a release chosen. */
async function deployDialog(page: Page, environmentId: string, version: string): Promise<Locator> {
  await (await matrixRow(page, environmentId)).getByRole('button', { name: `Deploy to ${environmentId}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Deploy to ${environmentId}` });
  await dialog.getByLabel('Release').selectOption(version);
  return dialog;
}

/** Customers' production environments (no ring) no test has chosen yet, that are healthy now. */
async function healthyCustomerProduction(): Promise<EnvironmentRow[]> {
  const fleet = await snapshot();
  const { environments, states } = fleet;
  const healthy = new Set(environments.id.filter((_, position) => statusOfCode(states.status[position] ?? -1) === 'ok'));
  return (await matrix(fleet)).filter(
    (row) => row.environment.kind === 'production' && row.environment.ring === undefined && row.backendId !== null && healthy.has(row.environmentId) && !taken.has(row.environmentId),
  );
}

async function armFault(environmentId: string, fault: 'guided-failure' | 'fail-verification' | 'slow'): Promise<void> {
  const result = await host.call('sandbox.deployFault', { environmentId, fault, idempotencyKey: `e2e-fault-${environmentId}-${fault}` });
  expect(result.ok, JSON.stringify(result.error)).toBe(true);
}

async function openDeploys(page: Page): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Deploys' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Deploys' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Environments by version' })).toBeVisible();
}

/** The matrix narrowed to one environment, as a person would find it. */
async function matrixRow(page: Page, environmentId: string): Promise<Locator> {
  await page.getByLabel('Find environment').fill(environmentId);
  const row = page.getByRole('table', { name: 'Environments by version' }).locator(`[role="row"][data-env-id="${environmentId}"]`);
  await expect(row).toBeVisible();
  return row;
}

function deploymentRows(page: Page, environmentId: string): Locator {
  return page.getByRole('table', { name: 'Deployments' }).locator('tr[data-deployment-id]').filter({ hasText: environmentId });
}

test('releases, the version matrix with drift, and the rollout plan in each group’s local time', async ({ page }) => {
  const data = await overview();
  await openDeploys(page);

  const releases = page.getByRole('table', { name: 'Releases' });
  await expect(releases.getByRole('row').filter({ hasText: HOTFIX })).toContainText('Hotfix');
  await expect(releases.getByRole('row').filter({ hasText: HOTFIX })).toContainText('INC-2291');
  await expect(releases.getByRole('row').filter({ hasText: NEWEST })).toContainText('database migration 0142');

  const plan = data.plans[0];
  if (plan === undefined) throw new Error('no rollout plan');
  const stages = page.getByRole('table', { name: `Stages of ${plan.name}` });
  await expect(stages.getByRole('row')).toHaveCount(plan.stages.length + 1);
  const booked = plan.stages.find((stage) => stage.slot !== null);
  if (booked?.slot == null) throw new Error('no stage has a slot');
  // The slot in the group's own zone, with that date's abbreviation (AEDT or AEST, GMT or BST).
  const bookedRow = stages.getByRole('row').filter({ hasText: booked.name });
  await expect(bookedRow).toContainText(`${booked.slot.local.local.slice(11, 16)} ${booked.slot.local.abbreviation}`);
  await expect(stages.getByRole('row').nth(1)).toContainText(/Gate (passed|pending|failed)|No gate/);
  await expect(stages.getByRole('row').nth(2)).toContainText(/checks (green|not green)/);
  await page.screenshot({ path: 'test-results/deploys-overview.png' });
  await stages.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/deploys-plans.png' });

  // One internal environment taken back to the hotfix drifts behind its ring, and says so in words.
  const nightly = (await matrix()).find((row) => row.environment.ring === 'internal' && row.version === NEWEST);
  if (nightly === undefined) throw new Error('no internal environment on the newest release');
  const row = await matrixRow(page, nightly.environmentId);
  await expect(row).toContainText('In step');
  const started = await host.call('deploys.start', {
    request: { action: 'deploy', version: HOTFIX, target: { by: 'environments', ids: [nightly.environmentId] }, reason: 'e2e: drift' },
    idempotencyKey: `e2e-drift-${nightly.environmentId}`,
  });
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  await expect(row).toContainText('Behind', PROGRESS_TIMEOUT);
  await expect(row).toContainText(HOTFIX);
  await expect(row.getByRole('cell').nth(7)).not.toHaveText('');
  await page.getByLabel('Drift').selectOption({ label: 'Any drift' });
  await expect(row).toBeVisible();
  await page.screenshot({ path: 'test-results/deploys-drift.png' });
});

test('a training environment takes a release in one click, with live progress and log, to success', async ({ page }) => {
  const target = trainings[0];
  if (target === undefined) throw new Error('no training environment');
  const id = target.environmentId;
  await openDeploys(page);
  const row = await matrixRow(page, id);
  await row.getByRole('button', { name: `Deploy to ${id}…` }).click();

  const dialog = page.getByRole('dialog', { name: `Deploy to ${id}` });
  const deploy = dialog.getByRole('button', { name: 'Deploy', exact: true });
  await expect(deploy).toBeDisabled();
  await expect(dialog.getByText('Choose the release to deploy.')).toBeVisible();
  await dialog.getByLabel('Release').selectOption(NEWEST);
  await expect(dialog.getByRole('table', { name: 'Environments touched' })).toContainText(`${HOTFIX} → ${NEWEST}`);
  await expect(dialog.getByText('A rollback cannot undo:')).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Guards' }).getByRole('listitem').filter({ hasText: 'Fails' })).toHaveCount(0);
  // A training environment: one click, no box to tick, nothing to type.
  await expect(dialog.getByRole('checkbox')).toHaveCount(0);
  await expect(deploy).toBeEnabled();
  await page.screenshot({ path: 'test-results/deploys-dialog-training.png' });
  await deploy.click();
  await expect(dialog).toHaveCount(0);

  const detail = page.getByRole('dialog', { name: `Deploy ${NEWEST} to ${id}` });
  await expect(detail).toBeVisible();
  await expect(detail.locator('.deploy-progress-text')).toHaveText(/^[1-9]\d? %$/, { timeout: 20_000 });
  await expect(detail.getByRole('log', { name: 'Deployment log' })).toContainText('Step 1/6');
  await expect(deploymentRows(page, id).first()).toContainText(/Running|Checking|Verifying/);
  await page.screenshot({ path: 'test-results/deploys-running.png' });
  await expect(detail.getByText('Succeeded', { exact: true })).toBeVisible(PROGRESS_TIMEOUT);
  await expect(detail.locator('.deploy-progress-text')).toHaveText('100 %');
  await expect(detail.getByRole('log', { name: 'Deployment log' })).toContainText(`${NEWEST} is now in the production slot`);
  await expect(detail.getByRole('table', { name: 'Check results' })).toContainText('Passed');
  await expect(row).toContainText(NEWEST);
  await page.screenshot({ path: 'test-results/deploys-succeeded.png' });
});

test('a customer’s UAT environment asks for the blast radius to be checked, and Deploy is on only while the box is ticked', async ({ page }) => {
  let target: EnvironmentRow | undefined;
  for (const row of (await matrix()).filter((candidate) => candidate.environment.kind === 'uat' && candidate.version !== NEWEST && !taken.has(candidate.environmentId))) {
    const answer = await preview({ action: 'deploy', version: NEWEST, target: { by: 'environments', ids: [row.environmentId] } });
    if (answer.allowed && answer.confirmation.level === 'confirm') {
      target = row;
      break;
    }
  }
  if (target === undefined) throw new Error('no UAT environment may take the newest release with only a box to tick');
  const id = target.environmentId;
  taken.add(id);

  await openDeploys(page);
  const dialog = await deployDialog(page, id, NEWEST);
  await expect(dialog.getByRole('table', { name: 'Environments touched' })).toContainText(`${target.version ?? ''} → ${NEWEST}`);
  const checked = dialog.getByRole('checkbox', { name: 'I have checked the blast radius' });
  await expect(checked).not.toBeChecked();
  await expect(dialog).toContainText("it touches customers' UAT (1 environment)");
  // Nothing to type: a UAT environment is not production.
  await expect(dialog.getByLabel(/^Type .* to confirm$/)).toHaveCount(0);
  const deploy = dialog.getByRole('button', { name: 'Deploy', exact: true });
  await expect(deploy).toBeDisabled();
  // The button says why it is off, to a screen reader too.
  await expect(deploy).toHaveAccessibleDescription('Tick “I have checked the blast radius” to confirm.');

  await checked.check();
  await expect(deploy).toBeEnabled();
  await expect(dialog.getByText('Tick “I have checked the blast radius” to confirm.')).toHaveCount(0);
  // The ticked box above the footer, in view for the picture.
  await dialog.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await page.screenshot({ path: 'test-results/deploys-dialog-confirm.png' });
  await checked.uncheck();
  await expect(deploy).toBeDisabled();
  await checked.check();
  await deploy.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: `Deploy ${NEWEST} to ${id}` })).toBeVisible();
  await expect(deploymentRows(page, id)).toHaveCount(1);
});

test('a production deploy shows its blast radius, is blocked by a failing guard until overridden in writing, and wants the name typed', async ({ page }) => {
  // Whichever region is outside its upgrade slot now: the slot guard fails there.
  let chosen: { row: EnvironmentRow; preview: DeployPreview } | undefined;
  for (const row of (await matrix()).filter((candidate) => candidate.environment.kind === 'production' && candidate.environment.ring === undefined)) {
    const answer = await preview({ action: 'deploy', version: NEWEST, target: { by: 'environments', ids: [row.environmentId] } });
    if (answer.guards.some((guard) => guard.id === 'allowed-slot' && guard.state === 'fail') && answer.allowed === false && answer.guards.filter((guard) => guard.state === 'fail').length === 1) {
      chosen = { row, preview: answer };
      break;
    }
  }
  if (chosen === undefined) throw new Error('no production environment is outside its slot with only that guard failing');
  const { row: target, preview: expected } = chosen;
  const id = target.environmentId;
  taken.add(id);
  const region = expected.blastRadius.regions[0];
  const phrase = expected.confirmation.phrase;
  if (region === undefined || phrase === null) throw new Error('the preview names no region or no phrase');

  await openDeploys(page);
  await (await matrixRow(page, id)).getByRole('button', { name: `Deploy to ${id}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Deploy to ${id}` });
  await dialog.getByLabel('Release').selectOption(NEWEST);
  await dialog.getByLabel('Reason (kept in the audit trail)').fill('e2e: customer asked for the fix before their payroll run');

  const regions = dialog.getByRole('table', { name: 'Regions touched' });
  await expect(regions.getByRole('row').filter({ hasText: region.name })).toContainText(new RegExp(`\\d\\d:\\d\\d ${region.localTime.abbreviation}`));
  await expect(regions.getByRole('row').filter({ hasText: region.name })).toContainText(region.residency);
  await expect(dialog.getByText(/^1 customer$/)).toBeVisible();

  const slotGuard = dialog.getByRole('list', { name: 'Guards' }).getByRole('listitem').filter({ hasText: 'Inside an allowed upgrade slot' });
  await expect(slotGuard).toContainText('Fails');
  await expect(slotGuard).toContainText('outside an upgrade slot now');
  // Production is said as loudly as the name it asks to be typed.
  await expect(dialog.getByRole('note')).toContainText('Production');
  await expect(dialog.getByRole('note')).toContainText(`Type ${phrase} below to confirm`);
  const deploy = dialog.getByRole('button', { name: 'Deploy', exact: true });
  await expect(deploy).toBeDisabled();
  await expect(dialog.getByText(/^A guard fails/)).toBeVisible();
  await page.screenshot({ path: 'test-results/deploys-guard-fails.png' });

  await slotGuard.getByRole('button', { name: 'Override Inside an allowed upgrade slot…' }).click();
  const why = slotGuard.getByLabel('Why override “Inside an allowed upgrade slot” (kept in the audit trail)');
  await why.fill('too short');
  await expect(slotGuard.getByText('expected a written reason of at least 10 characters')).toBeVisible();
  await expect(deploy).toBeDisabled();
  await why.fill('Customer signed off an out-of-slot upgrade, ticket CS-4412');
  await expect(slotGuard).toContainText('Overridden');

  const typed = dialog.getByLabel(`Type ${phrase} to confirm`);
  await expect(deploy).toBeDisabled();
  await typed.fill(phrase.slice(0, -1));
  await expect(deploy).toBeDisabled();
  await typed.fill(phrase);
  await expect(deploy).toBeEnabled();
  await page.screenshot({ path: 'test-results/deploys-production-confirm.png' });
  await deploy.click();
  await expect(dialog).toHaveCount(0);

  const detail = page.getByRole('dialog', { name: `Deploy ${NEWEST} to ${id}` });
  await expect(detail).toContainText(/Starting|Queued|Running/);
  await expect(detail).toContainText('Customer signed off an out-of-slot upgrade, ticket CS-4412');

  // Cancelled with a reason: the environment keeps what it ran.
  await detail.getByRole('button', { name: 'Cancel deployment…' }).click();
  const cancel = page.getByRole('dialog', { name: `Cancel the deployment of ${NEWEST} to ${id}?` });
  await cancel.getByLabel('Reason (kept in the audit trail)').fill('e2e: the customer changed their mind');
  await cancel.getByRole('button', { name: 'Cancel deployment' }).click();
  await expect(cancel).toHaveCount(0);
  await expect(detail.getByText('Cancelled', { exact: true })).toBeVisible();
});

test('a production deploy put into the next allowed slot shows that slot in the region’s time, waits as Scheduled, and can be cancelled', async ({ page }) => {
  let chosen: { row: EnvironmentRow; preview: DeployPreview; scheduledFor: number } | undefined;
  // From the end of the list: the production deploy test above chose from its start.
  for (const row of (await healthyCustomerProduction()).reverse()) {
    const answer = await preview({ action: 'deploy', version: NEWEST, when: 'next-slot', target: { by: 'environments', ids: [row.environmentId] } });
    const scheduledFor = answer.blastRadius.environments[0]?.scheduledFor;
    // A slot going on now starts at once: the test wants one ahead, whenever it runs.
    if (answer.allowed && scheduledFor != null && scheduledFor > Date.now() + 30 * 60_000) {
      chosen = { row, preview: answer, scheduledFor };
      break;
    }
  }
  if (chosen === undefined) throw new Error('no production environment has an allowed slot ahead with every guard passing');
  const { row: target, preview: expected, scheduledFor } = chosen;
  const id = target.environmentId;
  taken.add(id);
  const phrase = expected.confirmation.phrase;
  const local = expected.blastRadius.environments[0]?.localTime;
  if (phrase === null || local === undefined) throw new Error('the preview names no phrase or no local time');

  await openDeploys(page);
  const dialog = await deployDialog(page, id, NEWEST);
  await dialog.getByLabel('Reason (kept in the audit trail)').fill('e2e: the customer’s planned upgrade');
  const slotGuard = dialog.getByRole('list', { name: 'Guards' }).getByRole('listitem').filter({ hasText: 'Inside an allowed upgrade slot' });
  await dialog.getByRole('radio', { name: 'Next allowed slot' }).check();

  // The slot in the region's own zone, with that date's abbreviation.
  const touched = dialog.getByRole('table', { name: 'Environments touched' }).getByRole('row').filter({ hasText: id });
  await expect(touched).toContainText(`${local.local.slice(11, 16)} ${local.abbreviation}`);
  await expect(slotGuard).toContainText('Passes');
  await expect(slotGuard).toContainText(`scheduled into the next upgrade slot: ${target.tenantName} production in`);
  await expect(slotGuard).toContainText(`at ${local.local.replace('T', ' ')} ${local.abbreviation}`);
  const schedule = dialog.getByRole('button', { name: 'Schedule deploy', exact: true });
  await expect(schedule).toBeDisabled();
  await dialog.getByLabel(`Type ${phrase} to confirm`).fill(phrase);
  await expect(schedule).toBeEnabled();
  await page.screenshot({ path: 'test-results/deploys-next-slot.png' });
  await schedule.click();
  await expect(dialog).toHaveCount(0);

  // The same instant, in the viewer's zone.
  const viewer = zonedTime(scheduledFor, VIEWER_ZONE);
  const viewerDay = new Intl.DateTimeFormat('en-US', { timeZone: VIEWER_ZONE, month: 'short', day: 'numeric' }).format(scheduledFor);
  const viewerClock = `${viewer.local.slice(11, 16)}:00 ${viewer.abbreviation}`;
  const detail = page.getByRole('dialog', { name: `Deploy ${NEWEST} to ${id}` });
  await expect(detail.getByText('Scheduled', { exact: true })).toBeVisible();
  const scheduledText = detail.locator('dt:text-is("Scheduled for") + dd');
  await expect(scheduledText).toContainText(viewerDay);
  await expect(scheduledText).toContainText(viewerClock);
  // And in the region's own zone, as its customers will see it: in the detail and in the table.
  const regionClock = `${local.local.slice(11, 16)} ${local.abbreviation}`;
  await expect(scheduledText).toContainText(`${regionClock} (region time)`);
  const row = deploymentRows(page, id);
  await expect(row).toContainText('Scheduled');
  await expect(row).toContainText(regionClock);
  const recorded = (await overview()).deployments.filter((deployment) => deployment.environmentId === id);
  expect(recorded.map((deployment) => [deployment.state, deployment.scheduledFor])).toEqual([['scheduled', scheduledFor]]);

  await detail.getByRole('button', { name: 'Cancel deployment…' }).click();
  const cancel = page.getByRole('dialog', { name: `Cancel the deployment of ${NEWEST} to ${id}?` });
  await cancel.getByLabel('Reason (kept in the audit trail)').fill('e2e: the customer moved their upgrade');
  await cancel.getByRole('button', { name: 'Cancel deployment' }).click();
  await expect(cancel).toHaveCount(0);
  await expect(detail.getByText('Cancelled', { exact: true })).toBeVisible();
  await expect(row).toContainText('Cancelled');
  await expect.poll(async () => (await overview()).deployments.find((deployment) => deployment.environmentId === id)?.state).toBe('cancelled');
});

test('a deployment paused for manual intervention is answered with retry and a note, then succeeds', async ({ page }) => {
  const target = trainings[1];
  if (target === undefined) throw new Error('no training environment');
  const id = target.environmentId;
  await armFault(id, 'guided-failure');
  await openDeploys(page);
  await (await matrixRow(page, id)).getByRole('button', { name: `Deploy to ${id}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Deploy to ${id}` });
  await dialog.getByLabel('Release').selectOption(NEWEST);
  await dialog.getByRole('button', { name: 'Deploy', exact: true }).click();

  const detail = page.getByRole('dialog', { name: `Deploy ${NEWEST} to ${id}` });
  await expect(detail.getByText('Paused: needs an answer', { exact: true })).toBeVisible(PROGRESS_TIMEOUT);
  const interruption = detail.getByRole('region', { name: /^Needs an answer:/ });
  await expect(interruption).toContainText('migration 0142 failed');
  await expect(detail.getByRole('log', { name: 'Deployment log' })).toContainText('Waiting for manual intervention');
  await page.screenshot({ path: 'test-results/deploys-paused.png' });

  await interruption.getByRole('radio', { name: 'Retry the step' }).check();
  await interruption.getByRole('button', { name: 'Send answer' }).click();
  await expect(interruption.getByText(/expected a note of at least 3 characters/)).toBeVisible();
  await interruption.getByLabel('Note (required)').fill('lock released by the DBA, retrying');
  await interruption.getByRole('button', { name: 'Send answer' }).click();
  await expect(interruption).toHaveCount(0);
  await expect(detail.getByRole('log', { name: 'Deployment log' })).toContainText('Answered retry: lock released by the DBA, retrying');
  await expect(detail.getByText('Succeeded', { exact: true })).toBeVisible(PROGRESS_TIMEOUT);
});

test('a deployment the backend no longer has is shown as lost track, and an operator abandons it with a reason', async ({ page }) => {
  const early = new Set(trainings.slice(0, 4).map((row) => row.environmentId));
  const target = (await matrix()).find((row) => row.environment.kind === 'training' && row.version !== NEWEST && !early.has(row.environmentId) && !taken.has(row.environmentId));
  if (target === undefined) throw new Error('no fifth training environment');
  const id = target.environmentId;
  taken.add(id);
  await armFault(id, 'slow');
  const started = await host.call('deploys.start', {
    request: { action: 'deploy', version: NEWEST, target: { by: 'environments', ids: [id] }, reason: 'e2e: lost-track drill', overrides: [] },
    idempotencyKey: `e2e-lost-${id}`,
  });
  expect(started.ok, JSON.stringify(started.error)).toBe(true);
  await expect.poll(async () => (await overview()).deployments.find((deployment) => deployment.environmentId === id)?.remoteId ?? null).not.toBeNull();
  // The backend loses it (restored from an older backup): it answers 404 for the id the console follows.
  const backend = new Database(join(host.dataDir, 'sandbox-backend.sqlite'));
  backend.prepare('DELETE FROM sandbox_deployment WHERE environment_id = ?').run(id);
  backend.close();

  await openDeploys(page);
  await deploymentRows(page, id).getByRole('button', { name: id }).click();
  const detail = page.getByRole('dialog', { name: `Deploy ${NEWEST} to ${id}` });
  const lost = detail.getByRole('region', { name: /Lost track: needs a person/ });
  await expect(lost).toBeVisible(PROGRESS_TIMEOUT);
  await expect(detail).toContainText('answered that it has no deployment');
  await expect(lost).toContainText('It lists none.');
  await page.screenshot({ path: 'test-results/deploys-lost-track.png' });

  await lost.getByRole('button', { name: 'Abandon this deployment' }).click();
  await expect(lost.getByText(/expected a written reason of at least 10 characters/)).toBeVisible();
  await lost.getByLabel('Reason (required, kept in the audit trail)').fill('e2e: checked the backend, nothing is running');
  await lost.getByRole('button', { name: 'Abandon this deployment' }).click();
  await expect(lost).toHaveCount(0);
  await expect(detail.getByText('Failed', { exact: true })).toBeVisible();
  const trail = await host.call('audit.list', { query: { limit: 50, text: 'abandon deployment' } });
  expect(JSON.stringify(trail)).toContain('e2e: checked the backend, nothing is running');
});

test('a release that fails verification after the swap is swapped back automatically and shown rolled back', async ({ page }) => {
  const slotted = (await matrix()).find((row) => row.environment.ring === 'early-access' && row.version === HOTFIX);
  if (slotted === undefined) throw new Error('no early-access environment on the hotfix');
  const id = slotted.environmentId;
  await armFault(id, 'fail-verification');
  const expected = await preview({ action: 'deploy', version: NEWEST, target: { by: 'environments', ids: [id] } });
  expect(expected.flow).toBe('staging-slot');
  const started = await host.call('deploys.start', {
    request: {
      action: 'deploy',
      version: NEWEST,
      target: { by: 'environments', ids: [id] },
      reason: 'e2e: verification drill',
      overrides: expected.guards.filter((guard) => guard.state === 'fail').map((guard) => ({ guard: guard.id, reason: 'e2e drill outside the slot' })),
      confirmation: expected.confirmation.phrase ?? undefined,
    },
    idempotencyKey: `e2e-verify-${id}`,
  });
  expect(started.ok, JSON.stringify(started.error)).toBe(true);

  await openDeploys(page);
  const row = deploymentRows(page, id);
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: id }).click();
  const detail = page.getByRole('dialog', { name: `Deploy ${NEWEST} to ${id}` });
  await expect(detail).toContainText('Through the staging slot');
  await expect(row).toContainText('Rolled back', PROGRESS_TIMEOUT);
  await expect(detail.getByText('Rolled back', { exact: true })).toBeVisible();
  await expect(detail).toContainText('swapped back automatically');
  await expect(detail.getByRole('table', { name: 'Check results' })).toContainText('Failed');
  await page.screenshot({ path: 'test-results/deploys-rolled-back.png' });
});

test('an environment is rolled back in one step from its detail in the Fleet view', async ({ page }) => {
  const target = trainings[0];
  if (target === undefined) throw new Error('no training environment');
  const id = target.environmentId;
  // The first deploy test took it to the newest release; rolling back redeploys what it ran before.
  await expect.poll(async () => (await matrix()).find((row) => row.environmentId === id)?.version, PROGRESS_TIMEOUT).toBe(NEWEST);

  await page.goto(host.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  await page.getByLabel('Search tenants').fill(target.tenantName);
  await page.locator(`[role="row"][data-env-id="${id}"]`).click();
  const panel = page.getByRole('dialog', { name: target.environment.name });
  await expect(panel.getByRole('region', { name: 'Release' })).toContainText(NEWEST);
  await panel.getByRole('button', { name: `Roll back ${id}…` }).click();

  const dialog = page.getByRole('dialog', { name: `Roll back ${id}` });
  await expect(dialog.getByRole('table', { name: 'Environments touched' })).toContainText(`${NEWEST} → ${HOTFIX}`);
  await expect(dialog.getByText('A rollback cannot undo:')).toBeVisible();
  await expect(dialog).toContainText('database migration 0142');
  await page.screenshot({ path: 'test-results/deploys-rollback-dialog.png' });
  await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Deploys' })).toBeVisible();
  const detail = page.getByRole('dialog', { name: `Rollback ${HOTFIX} to ${id}` });
  await expect(detail).toBeVisible();
  await expect(detail.getByText('Succeeded', { exact: true })).toBeVisible(PROGRESS_TIMEOUT);
});

test('a rollback opened from an alert row keeps its dialog and the reason typed when the alert leaves the feed', async ({ page }) => {
  const target = (await healthyCustomerProduction())[0];
  if (target === undefined) throw new Error('no healthy production environment is left for the alert');
  const id = target.environmentId;
  taken.add(id);
  // Long enough to open the dialog and type a reason, short enough to watch the alert end.
  const fault = await host.call('sandbox.injectFault', { environmentId: id, check: 'disk', severity: 'critical', durationSeconds: ALERT_SECONDS, idempotencyKey: `e2e-deploys-alert-${id}` });
  expect(fault.ok, JSON.stringify(fault.error)).toBe(true);

  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Alerts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  const alertRow = page.getByRole('table', { name: 'Alert feed' }).locator('[role="row"][data-alert-key]').filter({ hasText: id });
  await expect(alertRow).toContainText('Critical');
  await alertRow.getByRole('button', { name: `Roll back ${id}…` }).click();

  const dialog = page.getByRole('dialog', { name: `Roll back ${id}` });
  await expect(dialog.getByLabel('Target')).toHaveValue('environments');
  await expect(dialog.getByLabel('Environment ids')).toHaveValue(id);
  await expect(dialog.getByLabel('Go back to')).toHaveValue('');
  await expect(dialog.getByRole('table', { name: 'Environments touched' })).toContainText(id);
  const reason = dialog.getByLabel('Reason (kept in the audit trail)');
  const typed = 'e2e: disk filling up since the last upgrade';
  await reason.fill(typed);

  // The fault ends, the alert resolves, and its row, with the button that opened the dialog, leaves the feed.
  await expect(alertRow).toHaveCount(0, { timeout: ALERT_SECONDS * 1000 + 15_000 });
  await expect(dialog).toBeVisible();
  await expect(reason).toHaveValue(typed);
  await expect(dialog.getByLabel('Environment ids')).toHaveValue(id);
  await expect(dialog.getByRole('table', { name: 'Environments touched' })).toContainText(id);
  await page.screenshot({ path: 'test-results/deploys-rollback-from-alert.png' });
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(dialog).toHaveCount(0);
});

test('a double click on Deploy starts exactly one deployment', async ({ page }) => {
  const target = trainings[2];
  if (target === undefined) throw new Error('no training environment');
  const id = target.environmentId;
  await openDeploys(page);
  await (await matrixRow(page, id)).getByRole('button', { name: `Deploy to ${id}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Deploy to ${id}` });
  await dialog.getByLabel('Release').selectOption(NEWEST);
  const deploy = dialog.getByRole('button', { name: 'Deploy', exact: true });
  await expect(deploy).toBeEnabled();
  await deploy.dblclick();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: `Deploy ${NEWEST} to ${id}` })).toBeVisible();
  // Counted on the core, which counts what the simulated deployer was asked for.
  await expect.poll(async () => (await overview()).deployments.filter((deployment) => deployment.environmentId === id).length).toBe(1);
  await page.waitForTimeout(1_000);
  expect((await overview()).deployments.filter((deployment) => deployment.environmentId === id)).toHaveLength(1);
  await expect(deploymentRows(page, id)).toHaveCount(1);
});

test('while the console is cut off from the core, Deploy and Roll back are off and say why', async ({ page }) => {
  // The event stream never opens: the console counts as offline, though calls still answer.
  await page.routeWebSocket(/\/api\/events/, (socket) => socket.close());
  await openDeploys(page);
  await expect(page.getByText('Disconnected from core — reconnecting')).toBeVisible();
  await expect(page.getByText('Deploy and Roll back are off: offline: deploys are never queued.')).toBeVisible();
  const id = trainings[3]?.environmentId ?? '';
  const row = await matrixRow(page, id);
  await expect(row.getByRole('button', { name: `Deploy to ${id}…` })).toBeDisabled();
  await expect(row.getByRole('button', { name: `Roll back ${id}…` })).toHaveAttribute('title', 'offline: deploys are never queued');
  await expect(page.getByRole('table', { name: 'Releases' }).getByRole('button', { name: `Deploy ${NEWEST}…` })).toBeDisabled();
  await page.screenshot({ path: 'test-results/deploys-offline.png' });
});

/** The guards' states in the order the dialog lists them. */
async function guardStates(dialog: Locator): Promise<string[]> {
  const items = dialog.getByRole('list', { name: 'Guards' }).getByRole('listitem');
  await expect(items.first()).toBeVisible();
  return (await items.allInnerTexts()).map((text) => (text.includes('Fails') ? 'fail' : text.includes('Overridden') ? 'overridden' : 'pass'));
}

test('at 1280×800 and 1600×1000 with a deployment open, every control is in sight or reachable by its table’s scroll, the matrix keeps its actions pinned right and shows the deploying row, and a failing guard comes first', async ({ page }) => {
  const target = trainings[4];
  if (target === undefined) throw new Error('the simulated fleet has fewer than 5 training environments on the hotfix');
  const id = target.environmentId;
  taken.add(id);
  await armFault(id, 'slow');
  const started = await host.call('deploys.start', {
    request: { action: 'deploy', version: NEWEST, target: { by: 'environments', ids: [id] }, reason: 'e2e: controls in sight' },
    idempotencyKey: `e2e-controls-${id}`,
  });
  expect(started.ok, JSON.stringify(started.error)).toBe(true);

  // While it runs, its matrix row says so, and a second deploy to it fails a later guard (one is
  // running there), which the dialog lists first, whole on a laptop's screen.
  await page.setViewportSize(SCREENS[0]);
  await openDeploys(page);
  await expect(await matrixRow(page, id)).toContainText(/(Running|Starting|Checking|Verifying|Swapping slots|Soaking) now/);
  await (await matrixRow(page, id)).getByRole('button', { name: `Deploy to ${id}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Deploy to ${id}` });
  await dialog.getByLabel('Release').selectOption(NEWEST);
  await expect(dialog.getByRole('list', { name: 'Guards' }).getByRole('listitem').filter({ hasText: 'Fails' }).first()).toBeVisible();
  const states = await guardStates(dialog);
  expect(states[0]).toBe('fail');
  expect(states.indexOf('pass')).toBeGreaterThan(states.lastIndexOf('fail'));
  expect(await expectButtonsReachable(dialog)).toBeGreaterThan(1);
  await page.screenshot({ path: 'test-results/deploys-dialog-failing-first.png' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  for (const screen of SCREENS) {
    await page.setViewportSize(screen);
    await openDeploys(page);
    await deploymentRows(page, id).first().getByRole('button', { name: id }).click();
    await expect(page.getByRole('dialog', { name: `Deploy ${NEWEST} to ${id}` })).toBeVisible();

    const matrixTable = page.getByRole('table', { name: 'Environments by version' });
    const first = matrixTable.locator('[role="row"][data-env-id]').first();
    await expect(first).toBeVisible();
    // Pinned: with the matrix scrolled fully left, its first row's actions are whole inside the frame.
    await matrixTable.evaluate((scroller) => scroller.scrollTo({ left: 0, top: 0 }));
    const frame = await matrixTable.boundingBox();
    for (const button of [first.getByRole('button', { name: /^Deploy to / }), first.getByRole('button', { name: /^Roll back / })]) {
      const box = await button.boundingBox();
      if (frame === null || box === null) throw new Error('the matrix or its action is not laid out');
      expect(box.x).toBeGreaterThanOrEqual(frame.x);
      expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width);
    }
    expect(await expectButtonsReachable(page.locator('.view-deploys'))).toBeGreaterThan(10);

    await page.screenshot({ path: `test-results/deploys-controls-${screen.width}.png` });
  }
});
