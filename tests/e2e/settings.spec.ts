import { createServer } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { startOctopusFake } from '../support/fakes/octopus-fake.js';
import { removeDir, startBrowserHost, type RunningHost } from './browser-host.js';
import { expectButtonsReachable, SCREENS } from './reachable.js';

/** Known secrets: they live in the core's environment and the keychain form, and must never reach the page. */
const ENV_SECRET_NAME = 'WATCHFLOOR_E2E_PROM_TOKEN';
const ENV_SECRET_VALUE = 'e2e-env-secret-5f1c9a';
const TYPED_SECRET = 'e2e-typed-secret-7d2b4e';
const OCTOPUS_KEY_NAME = 'WATCHFLOOR_E2E_OCTOPUS_KEY';
const OCTOPUS_KEY = 'API-WATCHFLOOR0E2E0SETTINGS001';

let host: RunningHost;

test.beforeAll(async () => {
  // The core reads the variable; no session bus means no keyring, whatever the machine running the tests has.
  const saved = { token: process.env[ENV_SECRET_NAME], octopus: process.env[OCTOPUS_KEY_NAME], bus: process.env.DBUS_SESSION_BUS_ADDRESS };
  process.env[ENV_SECRET_NAME] = ENV_SECRET_VALUE;
  process.env[OCTOPUS_KEY_NAME] = OCTOPUS_KEY;
  process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/watchfloor-e2e-bus';
  try {
    host = await startBrowserHost(['--size', '40']);
  } finally {
    restore(ENV_SECRET_NAME, saved.token);
    restore(OCTOPUS_KEY_NAME, saved.octopus);
    restore('DBUS_SESSION_BUS_ADDRESS', saved.bus);
  }
});

test.afterAll(async () => {
  await host.stop();
  removeDir(host.dataDir);
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function openConnections(page: Page): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Connections' })).toBeVisible();
}

async function expectNoSecretInPage(page: Page): Promise<void> {
  const html = await page.content();
  expect(html).not.toContain(ENV_SECRET_VALUE);
  expect(html).not.toContain(TYPED_SECRET);
  expect(html).not.toContain(OCTOPUS_KEY);
}

test('adds a Prometheus connection whose token is an environment variable, edits it and removes it after confirming', async ({ page }) => {
  await openConnections(page);
  await page.getByRole('button', { name: 'Add connection' }).click();
  const form = page.getByRole('form', { name: 'Add connection' });
  await form.getByLabel('Kind').selectOption({ label: 'Prometheus' });
  // On a laptop and on the NOC monitor, every control of Settings and the open form is whole and in sight.
  for (const screen of SCREENS) {
    await page.setViewportSize(screen);
    expect(await expectButtonsReachable(page.locator('.view-settings'))).toBeGreaterThanOrEqual(3);
  }
  await form.getByLabel('Id', { exact: true }).fill('prom-e2e');
  await form.getByLabel('Name', { exact: true }).fill('Prometheus e2e');
  await form.getByLabel('Base URL').fill(`http://127.0.0.1:${await closedPort()}`);
  await form.getByLabel('Authentication').selectOption({ label: 'Bearer token' });
  await form.getByLabel('Token stored in').selectOption({ label: 'Environment variable' });
  await form.getByLabel('Token variable').fill(ENV_SECRET_NAME);
  await form.getByRole('button', { name: 'Save connection' }).click();

  await expect(page.getByText('Saved connection Prometheus e2e (prom-e2e).')).toBeVisible();
  await expect(form).toHaveCount(0);
  const row = page.locator('tr[data-connection-id="prom-e2e"]');
  await expect(row).toContainText('Prometheus e2e');
  await expect(row).toContainText('Settings');
  await expect(row).toContainText(`env: ${ENV_SECRET_NAME} ✓ set`);
  await page.screenshot({ path: 'test-results/settings-connections.png' });

  // Editing keeps the reference; only the name changes.
  await row.getByRole('button', { name: 'Edit Prometheus e2e' }).click();
  const edit = page.getByRole('form', { name: 'Edit connection prom-e2e' });
  await expect(edit.getByLabel('Token variable')).toHaveValue(ENV_SECRET_NAME);
  await edit.getByLabel('Name', { exact: true }).fill('Prometheus e2e renamed');
  await edit.getByRole('button', { name: 'Save connection' }).click();
  await expect(row).toContainText('Prometheus e2e renamed');
  await expect(row).toContainText(`env: ${ENV_SECRET_NAME} ✓ set`);

  await row.getByRole('button', { name: 'Test Prometheus e2e renamed' }).click();
  await expect(page.locator('.connection-test-row')).toContainText('Connection refused');
  await expectNoSecretInPage(page);

  await row.getByRole('button', { name: 'Remove Prometheus e2e renamed' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove Prometheus e2e renamed?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Remove Prometheus e2e renamed' }).click();
  await confirm.getByRole('button', { name: 'Remove connection' }).click();
  await expect(page.getByText('Removed connection prom-e2e.')).toBeVisible();
  await expect(row).toHaveCount(0);
});

test('a draft is checked field by field, and a test against a closed port names the failure', async ({ page }) => {
  await openConnections(page);
  await page.getByRole('button', { name: 'Add connection' }).click();
  const form = page.getByRole('form', { name: 'Add connection' });
  await form.getByLabel('Kind').selectOption({ label: 'Alertmanager' });
  await form.getByLabel('Id', { exact: true }).fill('Not An Id');
  await form.getByLabel('Name', { exact: true }).fill('Alertmanager draft');
  await form.getByLabel('Base URL').fill('alertmanager:9093');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByLabel('Base URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('expected an http:// or https:// URL')).toBeVisible();
  await expect(form.getByText('expected an id of lowercase letters')).toBeVisible();
  await expect(form.getByRole('status').filter({ hasText: 'Not tested' })).toBeVisible();

  const port = await closedPort();
  await form.getByLabel('Id', { exact: true }).fill('am-draft');
  await form.getByLabel('Base URL').fill(`http://127.0.0.1:${port}`);
  await form.getByRole('button', { name: 'Test connection' }).click();
  const result = form.getByRole('status').filter({ hasText: 'Connection refused' });
  await expect(result).toBeVisible();
  await expect(result).toContainText(String(port));
  await expect(form.getByLabel('Base URL')).not.toHaveAttribute('aria-invalid', 'true');
  // A draft is only tried, never saved.
  await expect(page.locator('tr[data-connection-id="am-draft"]')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/settings-draft-test.png' });
});

test('without a keyring the vault says exactly what is missing, and a keychain secret is refused with that reason', async ({ page }) => {
  const listed = await host.call('connections.list', {});
  const vault = (listed.value as { vault: { available: boolean; problem: string | null } }).vault;
  expect(vault.available).toBe(false);
  expect(vault.problem).toBeTruthy();
  const problem = vault.problem ?? '';

  await openConnections(page);
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be used' })).toContainText(problem);

  await page.getByRole('button', { name: 'Add connection' }).click();
  const form = page.getByRole('form', { name: 'Add connection' });
  await form.getByLabel('Id', { exact: true }).fill('prom-keychain');
  await form.getByLabel('Name', { exact: true }).fill('Prometheus keychain');
  await form.getByLabel('Base URL').fill('http://127.0.0.1:9090');
  await form.getByLabel('Authentication').selectOption({ label: 'Basic (user name and password)' });
  await form.getByLabel('User name').fill('watch');
  // Not offered as the default when it cannot be used; the reason is said once, in the banner.
  await expect(form.getByLabel('Password stored in')).toHaveValue('env');
  await expect(page.getByText(problem)).toHaveCount(1);
  await form.getByLabel('Password stored in').selectOption({ label: 'OS keychain (cannot be used)' });
  await expect(form.getByText('The OS keychain cannot be used (the reason is given above)')).toBeVisible();
  await expect(page.getByText(problem)).toHaveCount(1);
  await form.getByLabel('Password', { exact: true }).fill(TYPED_SECRET);
  await form.getByRole('button', { name: 'Save connection' }).click();

  await expect(form.getByRole('alert')).toContainText('The connection was not saved');
  await expect(form.getByRole('alert')).toContainText(problem);
  await expect(page.locator('tr[data-connection-id="prom-keychain"]')).toHaveCount(0);
  await expectNoSecretInPage(page);
  await page.screenshot({ path: 'test-results/settings-vault-problem.png' });
});

test('adds an Octopus Deploy connection in Settings only: its project is asked for, the draft is tested, and the row shows project and space', async ({ page }) => {
  const octopus = await startOctopusFake({ apiKey: OCTOPUS_KEY, environments: ['Production AU'], projects: [{ name: 'Watchfloor App', releases: ['2026.11.1'] }] });
  try {
    await openConnections(page);
    await page.getByRole('button', { name: 'Add connection' }).click();
    const form = page.getByRole('form', { name: 'Add connection' });
    await form.getByLabel('Kind').selectOption({ label: 'Octopus Deploy' });
    await form.getByLabel('Id', { exact: true }).fill('octo-e2e');
    await form.getByLabel('Name', { exact: true }).fill('Octopus e2e');
    await form.getByLabel('Base URL').fill(octopus.url);
    await expect(form.getByLabel('Space id (default Spaces-1)')).toHaveValue('');
    await form.getByLabel('API key (X-Octopus-ApiKey) stored in').selectOption({ label: 'Environment variable' });
    await form.getByLabel('API key (X-Octopus-ApiKey) variable').fill(OCTOPUS_KEY_NAME);

    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByLabel('Octopus project name')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText('expected the Octopus project name')).toBeVisible();

    await form.getByLabel('Octopus project name').fill('Watchfloor App');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Reachable' })).toContainText('project "Watchfloor App" in space "Default"');

    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(page.getByText('Saved connection Octopus e2e (octo-e2e).')).toBeVisible();
    const row = page.locator('tr[data-connection-id="octo-e2e"]');
    await expect(row).toContainText('project Watchfloor App · space Spaces-1');
    await expect(row).toContainText(`env: ${OCTOPUS_KEY_NAME} ✓ set`);
    await expectNoSecretInPage(page);

    await row.getByRole('button', { name: 'Remove Octopus e2e' }).click();
    await page.getByRole('dialog', { name: 'Remove Octopus e2e?' }).getByRole('button', { name: 'Remove connection' }).click();
    await expect(row).toHaveCount(0);
  } finally {
    await octopus.close();
  }
});
