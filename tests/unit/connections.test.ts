import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionInput } from '../../shared/contract/connections.js';
import { STORE_FILE } from '../../main/core/store/database.js';
import { closedPort, startBackend, type BackendServer } from '../support/backend-server.js';
import { fakePrometheus, lockedKeytar, memoryKeytar, startCore, writeConnectionsFleet, type TestCore } from '../support/connections-core.js';
import { useTempDirs } from '../support/temp.js';

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
