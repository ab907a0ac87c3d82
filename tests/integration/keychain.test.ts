import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKeytar, type Keytar } from '../../main/core/vault/keytar-module.js';
import { Redactor } from '../../main/core/vault/redactor.js';
import { KEYCHAIN_SERVICE, Vault } from '../../main/core/vault/vault.js';
import { startCore, writeConnectionsFleet } from '../support/connections-core.js';
import { useTempDirs } from '../support/temp.js';

/**
 * Against the real Secret Service: `npm run test:unit` runs vitest inside
 * tests/support/with-keyring.sh (a private D-Bus session with an unlocked gnome-keyring).
 * Without a reachable keyring these tests fail, with the vault's own explanation.
 */

const tempDir = useTempDirs();

async function realVault(): Promise<Vault> {
  const vault = new Vault({ redactor: new Redactor() });
  const status = await vault.status();
  if (!status.available) throw new Error(`no usable keyring (run the tests through tests/support/with-keyring.sh): ${status.problem}`);
  return vault;
}

describe('OS keychain (real gnome-keyring)', () => {
  it('is reachable and takes writes', async () => {
    const status = await new Vault({ redactor: new Redactor() }).status();
    expect(status).toEqual({ available: true, backend: 'Secret Service (gnome-keyring)', problem: null });
  });

  it('keeps a secret across vault instances, under the Watchfloor service, and deletes it', async () => {
    const account = `keychain-test-${randomUUID()}/password`;
    const secret = `s3cret-${randomUUID()}`;
    await (await realVault()).put(account, secret);

    const keytar = await loadKeytar();
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, account)).toBe(secret);
    const fresh = await realVault();
    expect(await fresh.read({ store: 'keychain', account })).toBe(secret);

    await fresh.delete(account);
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, account)).toBeNull();
    expect(await (await realVault()).isPresent({ store: 'keychain', account })).toBe(false);
  });

  it('stores a typed connection secret in the keychain through the core and removes it with the connection', async () => {
    const dir = tempDir();
    const keytar = await loadKeytar();
    const id = `prom-${randomUUID().slice(0, 8)}`;
    const secret = `typed-${randomUUID()}`;
    const { core, call } = startCore(join(dir, 'data'), writeConnectionsFleet(dir, 'http://127.0.0.1:9', 'WATCHFLOOR_UNUSED'), keytar);
    try {
      const saved = await call('connections.save', {
        connection: {
          id,
          kind: 'prometheus',
          name: 'Keychain test',
          baseUrl: 'http://127.0.0.1:9',
          timeoutMs: 1000,
          auth: { type: 'bearer', token: { store: 'keychain', value: secret } },
        },
      });
      expect(saved).toMatchObject({ ok: true, value: { auth: { token: { store: 'keychain', reference: `${id}/token`, present: true } } } });
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, `${id}/token`)).toBe(secret);
      expect(await call('connections.remove', { id })).toEqual({ ok: true, value: { id } });
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, `${id}/token`)).toBeNull();
    } finally {
      core.close();
    }
  });

  it('says the keychain did not answer when the module hangs, instead of hanging the console', async () => {
    const silent: Keytar = {
      getPassword: () => new Promise(() => undefined),
      setPassword: () => new Promise(() => undefined),
      deletePassword: () => new Promise(() => undefined),
    };
    const dir = tempDir();
    const { core, call } = startCore(join(dir, 'data'), writeConnectionsFleet(dir, 'http://127.0.0.1:9', 'WATCHFLOOR_UNUSED'), silent, 300);
    try {
      const started = Date.now();
      const listed = await call('connections.list', {});
      expect(Date.now() - started).toBeLessThan(2000);
      expect(listed.ok && listed.value.vault).toEqual({
        available: false,
        backend: 'Secret Service (gnome-keyring)',
        problem: 'the OS keychain did not answer within 0.3 s; is a Secret Service (gnome-keyring) running and unlocked?',
      });
    } finally {
      core.close();
    }
  });
});
