import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionInput } from '../../shared/contract/connections.js';
import { STORE_FILE } from '../../main/core/store/database.js';
import { closedPort, startBackend, type BackendServer } from '../support/backend-server.js';
import { fakePrometheus, lockedKeytar, memoryKeytar, startCore, writeConnectionsFleet, type TestCore } from '../support/connections-core.js';
import { startAzureFake } from '../support/fakes/azure-fake.js';
import { startOctopusFake } from '../support/fakes/octopus-fake.js';
import { useTempDirs } from '../support/temp.js';
import { APAC_REGION_YAML } from '../support/fleet-yaml.js';

const TOKEN_VARIABLE = 'WATCHFLOOR_TEST_CONNECTIONS_TOKEN';
const TOKEN = 'file-token-3c9e0b';
const PASSWORD = 'au-password-81f2d7';
const basic = (password: string) => `Basic ${Buffer.from(`watch:${password}`).toString('base64')}`;

const tempDir = useTempDirs();
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  delete process.env[TOKEN_VARIABLE];
});

async function setup(keytar = memoryKeytar()) {
  let promPassword = PASSWORD;
  const server: BackendServer = await startBackend(fakePrometheus(() => basic(promPassword)));
  const fileServer = await startBackend(fakePrometheus(() => `Bearer ${TOKEN}`));
  const dir = tempDir();
  const fleetFile = writeConnectionsFleet(dir, fileServer.url, TOKEN_VARIABLE);
  const test: TestCore = startCore(join(dir, 'data'), fleetFile, keytar);
  cleanups.push(() => server.close(), () => fileServer.close(), () => test.core.close());
  return {
    ...test,
    server,
    fileServer,
    keytar,
    fleetFile,
    dataDir: join(dir, 'data'),
    setPassword: (next: string) => {
      promPassword = next;
    },
  };
}

function promAu(baseUrl: string, password: ConnectionInput['auth'] extends infer A ? A : never = {
  type: 'basic',
  username: 'watch',
  password: { store: 'keychain', value: PASSWORD },
}): ConnectionInput {
  return { id: 'prom-au', kind: 'prometheus', name: 'Prometheus APAC', baseUrl, timeoutMs: 2000, auth: password };
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('connections', () => {
  it('lists the fleet file connection read-only, with where its secret lives, and the keychain status', async () => {
    const { call } = await setup();
    const unset = await call('connections.list', {});
    if (!unset.ok) throw new Error(unset.error.message);
    expect(unset.value.vault).toEqual({ available: true, backend: 'Secret Service (gnome-keyring)', problem: null });
    // prom-au has no URL until Settings gives it one, so it is not a connection yet.
    expect(unset.value.connections.map((connection) => [connection.id, connection.origin])).toEqual([['prom-file', 'fleet-file']]);
    expect(unset.value.connections[0]?.auth).toEqual({ type: 'bearer', token: { store: 'env', reference: TOKEN_VARIABLE, present: false } });

    process.env[TOKEN_VARIABLE] = TOKEN;
    const set = await call('connections.list', {});
    expect(set.ok && set.value.connections[0]?.auth).toEqual({ type: 'bearer', token: { store: 'env', reference: TOKEN_VARIABLE, present: true } });
  });

  it('saves a typed password to the keychain, stores only its reference, and rebuilds the connectors with it', async () => {
    const { call, server, keytar, events, dataDir } = await setup();
    const saved = await call('connections.save', { connection: promAu(server.url) });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value).toMatchObject({
      id: 'prom-au',
      origin: 'settings',
      auth: { type: 'basic', username: 'watch', password: { store: 'keychain', reference: 'prom-au/password', present: true } },
    });
    expect(keytar.entries.get('Watchfloor|prom-au/password')).toBe(PASSWORD);
    expect(events.some((event) => event.event === 'fleet.reloaded')).toBe(true);

    const db = new Database(join(dataDir, STORE_FILE), { readonly: true });
    const row = db.prepare('SELECT config_json AS json FROM connection WHERE id = ?').get('prom-au') as { json: string };
    db.close();
    expect(JSON.parse(row.json).auth).toEqual({ type: 'basic', username: 'watch', password: { store: 'keychain', account: 'prom-au/password' } });

    // The environment watched by prom-au is now polled, with the password from the keychain.
    await until(() => server.requests.some((request) => request.path.startsWith('/api/v1/query')), 'a health query');
    expect(server.requests.every((request) => request.headers.authorization === basic(PASSWORD))).toBe(true);
  });

  it('keeps the secret it has when asked to, and refuses to keep one it does not have', async () => {
    const { call, server, keytar } = await setup();
    const missing = await call('connections.save', { connection: promAu(server.url, { type: 'basic', username: 'watch', password: { store: 'keep' } }) });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(!missing.ok && missing.error.message).toContain('has no password to keep yet');

    await call('connections.save', { connection: promAu(server.url) });
    const renamed = await call('connections.save', {
      connection: { ...promAu(server.url, { type: 'basic', username: 'watch', password: { store: 'keep' } }), name: 'Renamed' },
    });
    expect(renamed.ok && renamed.value).toMatchObject({ name: 'Renamed', auth: { password: { reference: 'prom-au/password', present: true } } });
    expect(keytar.entries.get('Watchfloor|prom-au/password')).toBe(PASSWORD);

    // Switching to an env variable deletes the keychain entry nothing uses any more.
    await call('connections.save', { connection: promAu(server.url, { type: 'bearer', token: { store: 'env', variable: 'WATCHFLOOR_AU_TOKEN' } }) });
    expect(keytar.entries.has('Watchfloor|prom-au/password')).toBe(false);
  });

  it('refuses to change what the fleet file sets, naming the file', async () => {
    const { call, server, fleetFile } = await setup();
    const fileOwned = await call('connections.save', { connection: { ...promAu(server.url), id: 'prom-file' } });
    expect(fileOwned).toMatchObject({ ok: false, error: { kind: 'conflict', message: `connection "prom-file" is declared with its URL in the fleet file ${fleetFile}; change it there` } });
    const sandbox = await call('connections.save', { connection: { ...promAu(server.url), id: 'sim' } });
    expect(sandbox).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    const otherKind = await call('connections.save', { connection: { ...promAu(server.url), kind: 'alertmanager' } });
    expect(!otherKind.ok && otherKind.error.message).toContain(`declares "prom-au" as a prometheus backend, not alertmanager`);
    const removeFileOwned = await call('connections.remove', { id: 'prom-file' });
    expect(removeFileOwned).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(!removeFileOwned.ok && removeFileOwned.error.message).toContain(fleetFile);
  });

  it('removes a connection and its keychain secret, and rebuilds the connectors', async () => {
    const { call, server, keytar, events } = await setup();
    await call('connections.save', { connection: promAu(server.url) });
    const reloads = events.filter((event) => event.event === 'fleet.reloaded').length;
    expect(await call('connections.remove', { id: 'prom-au' })).toEqual({ ok: true, value: { id: 'prom-au' } });
    expect(keytar.entries.size).toBe(0);
    expect(events.filter((event) => event.event === 'fleet.reloaded').length).toBe(reloads + 1);
    const listed = await call('connections.list', {});
    expect(listed.ok && listed.value.connections.map((connection) => connection.id)).toEqual(['prom-file']);
    expect(await call('connections.remove', { id: 'prom-au' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('tests saved connections and drafts, and names each failure', async () => {
    const { call, server, fileServer, keytar } = await setup();
    process.env[TOKEN_VARIABLE] = TOKEN;
    const file = await call('connections.test', { target: { by: 'id', id: 'prom-file' } });
    expect(file.ok && file.value).toMatchObject({ ok: true, failure: null, version: 'Prometheus 2.53.0 · 1/1 targets up · 0 alert rules' });
    expect(file.ok && file.value.latencyMs).toBeGreaterThanOrEqual(0);
    expect(fileServer.requests.some((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);

    const wrong = await call('connections.test', {
      target: { by: 'draft', connection: promAu(server.url, { type: 'basic', username: 'watch', password: { store: 'keychain', value: 'not-the-password' } }) },
    });
    expect(wrong.ok && wrong.value).toMatchObject({ ok: false, failure: 'unauthorized' });
    // A draft's secret is used in memory only.
    expect(keytar.entries.size).toBe(0);

    const right = await call('connections.test', { target: { by: 'draft', connection: promAu(server.url) } });
    expect(right.ok && right.value).toMatchObject({ ok: true, version: expect.stringContaining('Prometheus 2.53.0') });

    const noVariable = await call('connections.test', {
      target: { by: 'draft', connection: promAu(server.url, { type: 'bearer', token: { store: 'env', variable: 'WATCHFLOOR_NOT_SET_ANYWHERE' } }) },
    });
    expect(noVariable.ok && noVariable.value).toMatchObject({ ok: false, failure: 'secret-missing' });
    expect(noVariable.ok && noVariable.value.message).toContain('WATCHFLOOR_NOT_SET_ANYWHERE is not set');

    const port = await closedPort();
    const refused = await call('connections.test', { target: { by: 'draft', connection: promAu(`http://127.0.0.1:${port}`) } });
    expect(refused.ok && refused.value).toMatchObject({ ok: false, failure: 'refused', latencyMs: null, version: null });
    expect(refused.ok && refused.value.message).toContain(`127.0.0.1:${port}`);

    const notPrometheus = await startBackend((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>It works!</html>');
    });
    cleanups.push(() => notPrometheus.close());
    const wrongKind = await call('connections.test', { target: { by: 'draft', connection: promAu(notPrometheus.url) } });
    expect(wrongKind.ok && wrongKind.value).toMatchObject({ ok: false, failure: 'wrong-kind' });

    const dns = await call('connections.test', { target: { by: 'draft', connection: promAu('http://prometheus.watchfloor-test.invalid:9090') } });
    expect(dns.ok && dns.value).toMatchObject({ ok: false, failure: 'dns' });

    expect(await call('connections.test', { target: { by: 'id', id: 'prom-au' } })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('shows the live health of a connection the fleet polls', async () => {
    const { call, server, setPassword } = await setup();
    setPassword('rotated-elsewhere');
    await call('connections.save', { connection: promAu(server.url) });
    await until(() => server.requests.length > 0, 'a poll');
    const listed = await call('connections.list', {});
    const health = listed.ok ? listed.value.connections.find((connection) => connection.id === 'prom-au')?.health : undefined;
    expect(health).toMatchObject({ state: 'down', lastSuccessAt: null });
    expect(health?.lastError).toContain('refused the credentials (HTTP 401 Unauthorized)');
    expect(health?.lastAttemptAt).not.toBeNull();
  });

  it('says why a keychain secret cannot be saved when the keyring is locked, and stores nothing', async () => {
    const { call, server } = await setup(Object.assign(lockedKeytar(), { entries: new Map<string, string>() }));
    const listed = await call('connections.list', {});
    expect(listed.ok && listed.value.vault.available).toBe(false);
    expect(listed.ok && listed.value.vault.problem).toContain('the keyring is locked');
    const saved = await call('connections.save', { connection: promAu(server.url) });
    expect(saved).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(!saved.ok && saved.error.message).toContain('the password was not saved, and is not kept anywhere else: the keyring is locked');
    const after = await call('connections.list', {});
    expect(after.ok && after.value.connections.map((connection) => connection.id)).toEqual(['prom-file']);
  });
});

const OCTOPUS_KEY = 'API-WATCHFLOOR0SETTINGS00000001';
const PROJECT = 'Watchfloor App';
const AZURE = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  clientSecret: 'Xq8~settings.secret-91c0d2e7f3a4b5c6',
  subscriptionId: '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345',
  resourceGroup: 'rg-acme-au',
};

async function octopusServer() {
  const fake = await startOctopusFake({
    apiKey: OCTOPUS_KEY,
    spaces: [
      { Id: 'Spaces-1', Name: 'Default' },
      { Id: 'Spaces-2', Name: 'Payments' },
    ],
    environments: ['Production AU'],
    projects: [{ name: PROJECT, releases: ['2026.11.1'] }],
  });
  cleanups.push(() => fake.close());
  return fake;
}

async function azureServer() {
  const slot = (version: string) => ({ version, appSettings: {}, connectionStrings: {} });
  const fake = await startAzureFake({ ...AZURE, sites: { 'acme-au-web': { production: slot('2026.11.1'), staging: slot('2026.12.0') } } });
  cleanups.push(() => fake.close());
  return fake;
}

function octopusConnection(baseUrl: string, fields: { project?: string; space?: string } = { project: PROJECT }): ConnectionInput {
  return { id: 'octo', kind: 'octopus', name: 'Octopus AU', baseUrl, timeoutMs: 2000, ...fields, auth: { type: 'octopus', apiKey: { store: 'keychain', value: OCTOPUS_KEY } } };
}

function azureConnection(
  urls: { arm: string; login: string },
  fields: { subscriptionId?: string; resourceGroup?: string } = { subscriptionId: AZURE.subscriptionId, resourceGroup: AZURE.resourceGroup },
): ConnectionInput {
  return {
    id: 'azure-au',
    kind: 'azure-app-service',
    name: 'App Service AU',
    baseUrl: urls.arm,
    timeoutMs: 2000,
    ...fields,
    auth: { type: 'entra', tenantId: AZURE.tenantId, clientId: AZURE.clientId, clientSecret: { store: 'keychain', value: AZURE.clientSecret }, authority: urls.login },
  };
}

describe('deploy connections added in Settings only', () => {
  it('tests an Octopus draft, saves it with its project and space, lists it without the key, and tests it saved', async () => {
    const { call, keytar, outputs, logs } = await setup();
    const octopus = await octopusServer();

    const draft = await call('connections.test', { target: { by: 'draft', connection: octopusConnection(octopus.url) } });
    expect(draft.ok && draft.value).toMatchObject({ ok: true, failure: null, version: expect.stringContaining(`project "${PROJECT}" in space "Default"`) });
    expect(octopus.http.requests.some((request) => request.headers['x-octopus-apikey'] === OCTOPUS_KEY)).toBe(true);
    expect(keytar.entries.size).toBe(0);

    const otherSpace = await call('connections.test', { target: { by: 'draft', connection: octopusConnection(octopus.url, { project: PROJECT, space: 'Spaces-2' }) } });
    expect(otherSpace.ok && otherSpace.value).toMatchObject({ ok: true, version: expect.stringContaining('in space "Payments"') });
    const noSpace = await call('connections.test', { target: { by: 'draft', connection: octopusConnection(octopus.url, { project: PROJECT, space: 'Spaces-9' }) } });
    expect(noSpace.ok && noSpace.value).toMatchObject({ ok: false, failure: 'http', message: expect.stringContaining('no space "Spaces-9"') });

    const saved = await call('connections.save', { connection: octopusConnection(octopus.url, { project: PROJECT, space: 'Spaces-2' }) });
    expect(saved).toMatchObject({
      ok: true,
      value: { id: 'octo', kind: 'octopus', origin: 'settings', project: PROJECT, space: 'Spaces-2', auth: { type: 'octopus', apiKey: { store: 'keychain', reference: 'octo/apiKey', present: true } } },
    });
    expect(keytar.entries.get('Watchfloor|octo/apiKey')).toBe(OCTOPUS_KEY);

    const listed = await call('connections.list', {});
    expect(listed.ok && listed.value.connections.find((connection) => connection.id === 'octo')).toMatchObject({
      origin: 'settings',
      baseUrl: octopus.url,
      project: PROJECT,
      space: 'Spaces-2',
      auth: { type: 'octopus', apiKey: { store: 'keychain', reference: 'octo/apiKey', present: true } },
    });

    const tested = await call('connections.test', { target: { by: 'id', id: 'octo' } });
    expect(tested.ok && tested.value).toMatchObject({ ok: true, version: expect.stringContaining(`project "${PROJECT}" in space "Payments"`) });
    expect([...outputs, ...logs].filter((text) => text.includes(OCTOPUS_KEY))).toEqual([]);
  });

  it('tests an Azure App Service draft, saves it with its subscription and resource group, lists it without the secret, and tests it saved', async () => {
    const { call, keytar, outputs, logs } = await setup();
    const azure = await azureServer();
    const urls = { arm: azure.arm.url, login: azure.login.url };

    const draft = await call('connections.test', { target: { by: 'draft', connection: azureConnection(urls) } });
    expect(draft.ok && draft.value).toMatchObject({ ok: true, failure: null, version: `Azure App Service: 1 site in resource group "${AZURE.resourceGroup}"` });
    expect(keytar.entries.size).toBe(0);
    const otherGroup = await call('connections.test', {
      target: { by: 'draft', connection: azureConnection(urls, { subscriptionId: AZURE.subscriptionId, resourceGroup: 'rg-typo' }) },
    });
    expect(otherGroup.ok && otherGroup.value).toMatchObject({ ok: false, failure: 'http', message: expect.stringContaining(`resource group "rg-typo" of subscription ${AZURE.subscriptionId} was not found`) });

    const saved = await call('connections.save', { connection: azureConnection(urls) });
    expect(saved).toMatchObject({
      ok: true,
      value: {
        id: 'azure-au',
        kind: 'azure-app-service',
        origin: 'settings',
        subscriptionId: AZURE.subscriptionId,
        resourceGroup: AZURE.resourceGroup,
        auth: { type: 'entra', tenantId: AZURE.tenantId, clientSecret: { store: 'keychain', reference: 'azure-au/clientSecret', present: true } },
      },
    });
    expect(keytar.entries.get('Watchfloor|azure-au/clientSecret')).toBe(AZURE.clientSecret);

    const listed = await call('connections.list', {});
    expect(listed.ok && listed.value.connections.find((connection) => connection.id === 'azure-au')).toMatchObject({
      origin: 'settings',
      subscriptionId: AZURE.subscriptionId,
      resourceGroup: AZURE.resourceGroup,
      auth: { type: 'entra', clientSecret: { store: 'keychain', reference: 'azure-au/clientSecret', present: true } },
    });

    const tested = await call('connections.test', { target: { by: 'id', id: 'azure-au' } });
    expect(tested.ok && tested.value).toMatchObject({ ok: true, version: `Azure App Service: 1 site in resource group "${AZURE.resourceGroup}"` });
    expect([...outputs, ...logs].filter((text) => text.includes(AZURE.clientSecret))).toEqual([]);
  });

  it('refuses an Octopus connection without its project and an Azure one without its subscription or resource group, naming the field', async () => {
    const { call, keytar } = await setup();
    const urls = { arm: 'https://management.azure.com', login: 'https://login.microsoftonline.com' };
    const noProject = await call('connections.save', { connection: octopusConnection('https://octopus.example.net', { space: 'Spaces-1' }) });
    expect(noProject).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(!noProject.ok && noProject.error.message).toContain('connection.project: expected the Octopus project name');

    const noSubscription = await call('connections.save', { connection: azureConnection(urls, { resourceGroup: AZURE.resourceGroup }) });
    expect(!noSubscription.ok && noSubscription.error.message).toContain('connection.subscriptionId: expected the Azure subscription id');
    expect(!noSubscription.ok && noSubscription.error.message).not.toContain('resourceGroup');
    const noGroup = await call('connections.test', { target: { by: 'draft', connection: azureConnection(urls, { subscriptionId: AZURE.subscriptionId }) } });
    expect(noGroup).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(!noGroup.ok && noGroup.error.message).toContain('connection.resourceGroup: expected the resource group of the sites');

    expect(keytar.entries.size).toBe(0);
    const listed = await call('connections.list', {});
    expect(listed.ok && listed.value.connections.map((connection) => connection.id)).toEqual(['prom-file']);
  });

  it('completes an Octopus backend the fleet file declares without a URL: Settings gives the URL and key, the file keeps its project', async () => {
    const octopus = await octopusServer();
    const dir = tempDir();
    const fleetFile = join(dir, 'fleet.yaml');
    writeFileSync(
      fleetFile,
      `version: 1
name: Deploy connections test fleet
backends:
  - { id: sim, kind: sandbox }
  - { id: octo, kind: octopus, project: "${PROJECT}", space: Spaces-2 }
${APAC_REGION_YAML}
tenants:
  - id: harbour
    name: Harbour Health
    region: apac
    environments:
      - { id: harbour-uat, kind: uat, site: apac-syd, watchedBy: sim, servers: 1 }
`,
    );
    const { call, core } = startCore(join(dir, 'data'), fleetFile, memoryKeytar());
    cleanups.push(() => core.close());
    // Settings must name a project, but the one the file declares is the one deployed to.
    const settings = octopusConnection(octopus.url, { project: 'Billing' });

    const draft = await call('connections.test', { target: { by: 'draft', connection: settings } });
    expect(draft.ok && draft.value).toMatchObject({ ok: true, version: expect.stringContaining(`project "${PROJECT}" in space "Payments"`) });
    const saved = await call('connections.save', { connection: settings });
    expect(saved).toMatchObject({ ok: true, value: { id: 'octo', origin: 'settings', baseUrl: octopus.url, project: PROJECT, space: 'Spaces-2' } });
    const listed = await call('connections.list', {});
    expect(listed.ok && listed.value.connections.map((connection) => [connection.id, connection.project, connection.space])).toEqual([['octo', PROJECT, 'Spaces-2']]);
    const tested = await call('connections.test', { target: { by: 'id', id: 'octo' } });
    expect(tested.ok && tested.value).toMatchObject({ ok: true, version: expect.stringContaining(`project "${PROJECT}" in space "Payments"`) });
  });
});
