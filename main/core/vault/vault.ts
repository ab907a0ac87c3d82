import type { SecretRef, VaultStatus } from '../../../shared/contract/connections.js';
import { loadKeytar, type Keytar, type KeytarLoader } from './keytar-module.js';
import type { Redactor } from './redactor.js';
import { keychainFailure, keychainName, keychainTimeout, keytarLoadError, VaultError } from './vault-error.js';

/** The keychain service every Watchfloor secret is kept under; the account names the connection and field. */
export const KEYCHAIN_SERVICE = 'Watchfloor';
/** Written and deleted again to learn whether the keychain takes writes: reads cannot tell, a locked keyring just answers "no such entry". */
const CHECK_ACCOUNT = 'watchfloor-keychain-check';

export interface VaultOptions {
  redactor: Redactor;
  loadKeytar?: KeytarLoader;
  /** Every keychain call gives up after this long. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** How long a keychain check stands before status() asks the keychain again. */
  statusTtlMs?: number;
  now?: () => number;
}

/**
 * Credentials by reference: the OS keychain (through keytar) or an environment variable,
 * read when needed. Keychain values are cached in memory, in the core only. There is no
 * plain-text fallback: when the keychain cannot be used, every call says why and how to fix it.
 */
export class Vault {
  private readonly load: KeytarLoader;
  private readonly timeoutMs: number;
  private readonly env: NodeJS.ProcessEnv;
  private readonly platform: NodeJS.Platform;
  private readonly statusTtlMs: number;
  private readonly now: () => number;
  private keytar: Promise<Keytar> | undefined;
  private readonly cache = new Map<string, string>();
  /** Calls that timed out and have not come back: while one hangs, new calls fail at once instead of tying up more of libuv's few threads. */
  private hung = 0;
  private checked: { at: number; status: VaultStatus } | undefined;
  private checking: Promise<VaultStatus> | undefined;

  constructor(private readonly options: VaultOptions) {
    this.load = options.loadKeytar ?? loadKeytar;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.env = options.env ?? process.env;
    this.platform = options.platform ?? process.platform;
    this.statusTtlMs = options.statusTtlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The secret's value; throws a VaultError that says what is missing. */
  async read(ref: SecretRef): Promise<string> {
    const value = ref.store === 'env' ? this.readEnv(ref.variable) : await this.readKeychain(ref.account);
    this.options.redactor.remember(value);
    return value;
  }

  /** Whether the secret can be read now; a keychain that cannot be used counts as "not present". */
  async isPresent(ref: SecretRef): Promise<boolean> {
    try {
      await this.read(ref);
      return true;
    } catch (error) {
      if (error instanceof VaultError) return false;
      throw error;
    }
  }

  async put(account: string, value: string): Promise<void> {
    this.options.redactor.remember(value);
    await this.call((keytar) => keytar.setPassword(KEYCHAIN_SERVICE, account, value));
    this.cache.set(account, value);
  }

  async delete(account: string): Promise<void> {
    this.cache.delete(account);
    await this.call((keytar) => keytar.deletePassword(KEYCHAIN_SERVICE, account));
  }

  /** Whether the keychain takes writes, checked at most once per statusTtlMs (and learnt from every call in between). */
  async status(): Promise<VaultStatus> {
    if (this.checked && this.now() - this.checked.at < this.statusTtlMs) return this.checked.status;
    this.checking ??= this.check().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async check(): Promise<VaultStatus> {
    try {
      await this.call((keytar) => keytar.setPassword(KEYCHAIN_SERVICE, CHECK_ACCOUNT, 'a keychain check, not a secret'));
      await this.call((keytar) => keytar.deletePassword(KEYCHAIN_SERVICE, CHECK_ACCOUNT));
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
    }
    return this.currentStatus();
  }

  private currentStatus(): VaultStatus {
    return this.checked?.status ?? { available: false, backend: keychainName(this.platform), problem: 'the OS keychain has not been checked yet' };
  }

  private readEnv(variable: string): string {
    const value = this.env[variable];
    if (value === undefined || value === '') {
      throw new VaultError('missing', `the environment variable ${variable} is not set in the environment Watchfloor was started from`);
    }
    return value;
  }

  private async readKeychain(account: string): Promise<string> {
    const cached = this.cache.get(account);
    if (cached !== undefined) return cached;
    const value = await this.call((keytar) => keytar.getPassword(KEYCHAIN_SERVICE, account), { readOnly: true });
    if (value === null) {
      const problem = this.checked?.status.problem;
      throw new VaultError(
        'missing',
        `the OS keychain has no entry "${account}" (service ${KEYCHAIN_SERVICE})` +
          (problem ? `; ${problem}` : '; enter the secret again in Settings'),
      );
    }
    this.cache.set(account, value);
    return value;
  }

  /** One keychain call, with its timeout; the outcome updates the vault's status. */
  private async call<T>(run: (keytar: Keytar) => Promise<T>, { readOnly = false } = {}): Promise<T> {
    try {
      const keytar = await this.module();
      if (this.hung > 0) throw keychainTimeout(this.timeoutMs, this.platform);
      const result = await this.withTimeout(run(keytar));
      // A read that works says nothing about writes (a locked keyring reads as empty).
      if (!readOnly) this.record(null);
      return result;
    } catch (error) {
      const failure = error instanceof VaultError ? error : keychainFailure(error);
      this.record(failure);
      throw failure;
    }
  }

  private module(): Promise<Keytar> {
    this.keytar ??= this.load().catch((error: unknown) => {
      throw keytarLoadError(error);
    });
    return this.keytar;
  }

  private withTimeout<T>(pending: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        this.hung += 1;
        reject(keychainTimeout(this.timeoutMs, this.platform));
      }, this.timeoutMs);
      pending.then(
        (value) => {
          clearTimeout(timer);
          if (timedOut) this.hung -= 1;
          else resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (timedOut) this.hung -= 1;
          else reject(error);
        },
      );
    });
  }

  private record(failure: VaultError | null): void {
    if (failure?.kind === 'missing') return;
    this.checked = {
      at: this.now(),
      status: { available: failure === null, backend: keychainName(this.platform), problem: failure?.message ?? null },
    };
  }
}
