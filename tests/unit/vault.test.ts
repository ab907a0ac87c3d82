import { describe, expect, it } from 'vitest';
import type { Keytar } from '../../main/core/vault/keytar-module.js';
import { Redactor } from '../../main/core/vault/redactor.js';
import { KEYCHAIN_SERVICE, Vault } from '../../main/core/vault/vault.js';
import { VaultError } from '../../main/core/vault/vault-error.js';

/** An in-memory keychain that counts its calls. */
function memoryKeytar() {
  const entries = new Map<string, string>();
  const calls: string[] = [];
  const keytar: Keytar = {
    getPassword: async (service, account) => {
      calls.push(`get ${account}`);
      return entries.get(`${service}|${account}`) ?? null;
    },
    setPassword: async (service, account, password) => {
      calls.push(`set ${account}`);
      entries.set(`${service}|${account}`, password);
    },
    deletePassword: async (service, account) => {
      calls.push(`delete ${account}`);
      return entries.delete(`${service}|${account}`);
    },
  };
  return { keytar, entries, calls };
}

function failingKeytar(message: string): Keytar {
  const fail = async (): Promise<never> => {
    throw new Error(message);
  };
  return { getPassword: fail, setPassword: fail, deletePassword: fail };
}

function vault(keytar: Keytar | (() => Promise<Keytar>), extra: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) {
  return new Vault({
    redactor: new Redactor(),
    loadKeytar: typeof keytar === 'function' ? keytar : async () => keytar,
    platform: 'linux',
    ...extra,
  });
}

async function vaultError(promise: Promise<unknown>): Promise<VaultError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

describe('vault', () => {
  it('keeps secrets in the keychain under the Watchfloor service and reads them back from memory', async () => {
    const memory = memoryKeytar();
    const subject = vault(memory.keytar);
    await subject.put('prom-au/password', 'hunter2-long');
    expect(memory.entries.get(`${KEYCHAIN_SERVICE}|prom-au/password`)).toBe('hunter2-long');
    memory.calls.length = 0;
    expect(await subject.read({ store: 'keychain', account: 'prom-au/password' })).toBe('hunter2-long');
    expect(memory.calls).toEqual([]);

    await subject.delete('prom-au/password');
    expect(memory.entries.size).toBe(0);
    const missing = await vaultError(subject.read({ store: 'keychain', account: 'prom-au/password' }));
    expect(missing.kind).toBe('missing');
    expect(missing.message).toContain('the OS keychain has no entry "prom-au/password"');
    expect(await subject.isPresent({ store: 'keychain', account: 'prom-au/password' })).toBe(false);
  });

  it('reads an environment variable when asked, and names it when it is not set', async () => {
    const subject = vault(memoryKeytar().keytar, { env: { WATCHFLOOR_PROM_TOKEN: 'from-env-1' } });
    expect(await subject.read({ store: 'env', variable: 'WATCHFLOOR_PROM_TOKEN' })).toBe('from-env-1');
    const missing = await vaultError(subject.read({ store: 'env', variable: 'WATCHFLOOR_DD_KEY' }));
    expect(missing.kind).toBe('missing');
    expect(missing.message).toBe('the environment variable WATCHFLOOR_DD_KEY is not set in the environment Watchfloor was started from');
  });

  it('reports a writable keychain as available', async () => {
    const memory = memoryKeytar();
    expect(await vault(memory.keytar).status()).toEqual({ available: true, backend: 'Secret Service (gnome-keyring)', problem: null });
    expect(memory.entries.size).toBe(0);
  });

  it('gives up on a keychain that never answers, says so, and does not queue more calls behind it', async () => {
    let calls = 0;
    const silent: Keytar = {
      getPassword: () => {
        calls += 1;
        return new Promise(() => undefined);
      },
      setPassword: () => {
        calls += 1;
        return new Promise(() => undefined);
      },
      deletePassword: () => {
        calls += 1;
        return new Promise(() => undefined);
      },
    };
    const subject = vault(silent);
    const started = Date.now();
    const pending = subject.put('prom-au/password', 'value-1234');
    const fast = vault(silent, { timeoutMs: 200 });
    const error = await vaultError(fast.read({ store: 'keychain', account: 'x/token' }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('the OS keychain did not answer within 0.2 s; is a Secret Service (gnome-keyring) running and unlocked?');

    const callsBefore = calls;
    const again = await vaultError(fast.put('x/token', 'value-5678'));
    expect(again.kind).toBe('timeout');
    expect(calls).toBe(callsBefore);
    expect(await fast.status()).toMatchObject({ available: false, problem: error.message });

    const slow = await vaultError(pending);
    expect(slow.message).toBe('the OS keychain did not answer within 5 s; is a Secret Service (gnome-keyring) running and unlocked?');
  }, 10_000);

  it('explains a locked keyring and never falls back to plain text', async () => {
    const subject = vault(failingKeytar('Cannot create an item in a locked collection'));
    const status = await subject.status();
    expect(status.available).toBe(false);
    expect(status.problem).toContain('the keyring is locked');
    expect(status.problem).toContain('gnome-keyring-daemon --unlock');
    expect(status.problem).toContain('environment-variable references');
    const error = await vaultError(subject.put('prom-au/password', 'value-1234'));
    expect(error.kind).toBe('locked');
  });

  it('explains a missing D-Bus session and a missing Secret Service', async () => {
    const noBus = await vault(failingKeytar('Cannot autolaunch D-Bus without X11 $DISPLAY')).status();
    expect(noBus.problem).toContain('the D-Bus session bus cannot be reached');
    expect(noBus.problem).toContain('dbus-run-session');
    const noService = await vault(
      failingKeytar('The name org.freedesktop.secrets was not provided by any .service files'),
    ).status();
    expect(noService.problem).toContain('no Secret Service is running');
    expect(noService.problem).toContain('apt-get install gnome-keyring');
  });

  it('turns a keytar that is not installed into a problem to fix, not a crash', async () => {
    const notInstalled = async (): Promise<Keytar> => {
      throw Object.assign(new Error("Cannot find package 'keytar'"), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    const subject = vault(notInstalled);
    const status = await subject.status();
    expect(status).toMatchObject({ available: false, backend: 'Secret Service (gnome-keyring)' });
    expect(status.problem).toContain('keytar, the OS keychain module, is not installed');
    expect(status.problem).toContain('libsecret-1-dev');
    expect((await vaultError(subject.put('a/password', 'value-1234'))).kind).toBe('unavailable');
    expect(await subject.read({ store: 'env', variable: 'PATH' })).toBe(process.env.PATH);
  });
});
