import type {
  ConnectionHealth,
  ConnectionConfig,
  ConnectionInput,
  ConnectionTestResult,
  ConnectionView,
  SecretRef,
  VaultStatus,
} from '../../../shared/contract/connections.js';
import { OpsFailure } from '../../../shared/contract/errors.js';
import type { BackendDefinition, FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { Clock } from '../clock.js';
import type { BackendClient } from '../http/backend-client.js';
import type { Resilience } from '../http/resilience.js';
import type { ConnectionRepo } from '../store/connection-repo.js';
import type { Redactor } from '../vault/redactor.js';
import type { Vault } from '../vault/vault.js';
import { VaultError } from '../vault/vault-error.js';
import { authView, authWithRefs, secretAccount, secretRefs, type SecretField } from './auth-secrets.js';
import { ClientPool, createClient } from './client-pool.js';
import {
  asUsed,
  connectionEntries,
  effectiveBackends,
  isRemote,
  kindFields,
  settingsBackend,
  settingsConflict,
  type ConnectionEntry,
  type RemoteBackend,
} from './effective-backends.js';
import { failedTest, probeConnection } from './probe-connection.js';

export interface ConnectionServiceOptions {
  repo: ConnectionRepo;
  vault: Vault;
  redactor: Redactor;
  clock: Clock;
  log: (line: string) => void;
  /** The fleet definition in use and the file it came from (null for the embedded fleet). */
  definition: () => { definition: FleetDefinition; file: string | null };
  /** A connection was saved or removed: rebuild the connectors. */
  changed: () => void;
  resilience?: Partial<Resilience>;
}

export type TestTarget = { by: 'id'; id: string } | { by: 'draft'; connection: ConnectionInput };

/** Typed into a draft under test: kept in memory for the test only. Connection ids cannot hold ":", so these never meet a real account. */
const DRAFT_PREFIX = 'draft:';

function keychainAccounts(config: ConnectionConfig | undefined): string[] {
  if (!config) return [];
  return secretRefs(config.auth).flatMap(({ ref }) => (ref.store === 'keychain' ? [ref.account] : []));
}

/** The reference a "keep" stands for: the stored connection's secret in the same field, if its auth is of the same type. */
function keptRef(existing: ConnectionConfig | undefined, input: ConnectionInput, field: SecretField): SecretRef | undefined {
  if (existing?.auth.type !== input.auth.type) return undefined;
  return secretRefs(existing.auth).find((entry) => entry.field === field)?.ref;
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}

/**
 * Connections to the monitoring backends: the fleet file's, and those added in Settings
 * (stored as references; typed secrets go to the OS keychain). Saving or removing one
 * rebuilds the connectors.
 */
export class ConnectionService {
  private readonly pool: ClientPool;

  constructor(private readonly options: ConnectionServiceOptions) {
    this.pool = new ClientPool(this.clientDeps((ref) => options.vault.read(ref)));
  }

  /** The backends to build connectors for, with Settings merged in. */
  backends(definition: FleetDefinition): BackendDefinition[] {
    const backends = effectiveBackends(definition.backends, this.options.repo.list());
    this.pool.keepOnly(new Set(backends.map((backend) => backend.id)));
    return backends;
  }

  client(backend: RemoteBackend): BackendClient {
    return this.pool.client(backend);
  }

  /** The live health of a backend's client: whether it can be reached now. */
  health(id: string): ConnectionHealth {
    return this.pool.health(id);
  }

  async list(): Promise<{ vault: VaultStatus; connections: ConnectionView[] }> {
    const { definition, file } = this.options.definition();
    const entries = connectionEntries(definition.backends, this.options.repo.list(), file);
    const [vault, connections] = await Promise.all([this.options.vault.status(), this.views(entries)]);
    return { vault, connections };
  }

  async save(input: ConnectionInput): Promise<ConnectionView> {
    const { definition, file } = this.options.definition();
    const conflict = settingsConflict(definition.backends, input.id, input.kind, file);
    if (conflict) throw new OpsFailure('conflict', conflict);
    const url = new URL(input.baseUrl);
    if (url.username || url.password) {
      throw new OpsFailure('invalid-input', 'connection.baseUrl: leave the user name and password out of the URL and give them as the credentials');
    }
    const existing = this.options.repo.get(input.id);
    const auth = await authWithRefs(input.auth, async (field, secret) => {
      if (secret.store === 'env') return secret;
      if (secret.store === 'keep') {
        const kept = keptRef(existing, input, field);
        if (!kept) throw new OpsFailure('invalid-input', `connection.auth.${field}: connection "${input.id}" has no ${field} to keep yet; type it or name an environment variable`);
        return kept;
      }
      const account = secretAccount(input.id, field);
      try {
        await this.options.vault.put(account, secret.value);
      } catch (error) {
        if (error instanceof VaultError) throw new OpsFailure('unavailable', `the ${field} was not saved, and is not kept anywhere else: ${error.message}`);
        throw error;
      }
      return { store: 'keychain', account };
    });
    const config: ConnectionConfig = {
      id: input.id,
      kind: input.kind,
      name: input.name,
      baseUrl: input.baseUrl,
      timeoutMs: input.timeoutMs,
      ...kindFields(input),
      auth,
    };
    this.options.repo.put(config);
    const stillUsed = new Set(keychainAccounts(config));
    for (const account of keychainAccounts(existing)) {
      if (!stillUsed.has(account)) await this.forget(account);
    }
    this.options.log(`connection "${config.id}" saved (${config.kind} at ${url.host})`);
    this.options.changed();
    const [view] = await this.views([{ config: asUsed(definition.backends, config), origin: 'settings' }]);
    if (!view) throw new Error(`connection "${config.id}" has no view`);
    return view;
  }

  async remove(id: string): Promise<{ id: string }> {
    const { definition, file } = this.options.definition();
    const declared = definition.backends.find((backend) => backend.id === id);
    if (declared && (!isRemote(declared) || declared.url !== undefined)) {
      throw new OpsFailure('conflict', `connection "${id}" is declared in ${file ? `the fleet file ${file}` : 'the embedded fleet'}; remove it there`);
    }
    const existing = this.options.repo.get(id);
    if (!existing) throw new OpsFailure('not-found', `no connection "${id}" was added in Settings`);
    for (const account of keychainAccounts(existing)) {
      try {
        await this.options.vault.delete(account);
      } catch (error) {
        if (!(error instanceof VaultError)) throw error;
        // Kept, so its secret is not left behind in the keychain with nothing pointing at it.
        throw new OpsFailure('unavailable', `connection "${id}" was not removed: its secret "${account}" could not be deleted from the keychain: ${error.message}`);
      }
    }
    this.options.repo.delete(id);
    this.options.log(`connection "${id}" removed`);
    this.options.changed();
    return { id };
  }

  async test(target: TestTarget): Promise<ConnectionTestResult> {
    const result = target.by === 'id' ? await this.testSaved(target.id) : await this.testDraft(target.connection);
    return { ...result, message: this.options.redactor.redact(result.message) };
  }

  private async testSaved(id: string): Promise<ConnectionTestResult> {
    const { definition } = this.options.definition();
    const backend = this.backends(definition).find((candidate) => candidate.id === id);
    if (!backend || !isRemote(backend) || backend.url === undefined) {
      throw new OpsFailure('not-found', `no connection "${id}" with a URL; add it in Settings`);
    }
    return this.probe(backend, (ref) => this.options.vault.read(ref));
  }

  private async testDraft(input: ConnectionInput): Promise<ConnectionTestResult> {
    const typed = new Map<string, string>();
    const existing = this.options.repo.get(input.id);
    const auth = await authWithRefs(input.auth, async (field, secret): Promise<SecretRef> => {
      if (secret.store === 'env') return secret;
      if (secret.store === 'keep') {
        const kept = keptRef(existing, input, field);
        if (!kept) throw new VaultError('missing', `no ${field} is kept for "${input.id}" yet; type it`);
        return kept;
      }
      const account = `${DRAFT_PREFIX}${secretAccount(input.id, field)}`;
      this.options.redactor.remember(secret.value);
      typed.set(account, secret.value);
      return { store: 'keychain', account };
    }).catch((error: unknown) => {
      if (error instanceof VaultError) return error;
      throw error;
    });
    if (auth instanceof VaultError) return failedTest('secret-missing', auth.message);
    // Tested as it would be used: completing a fleet-file backend, the file's own project or page wins.
    const backend = settingsBackend(this.options.definition().definition.backends, { ...input, auth });
    return this.probe(backend, async (ref) => (ref.store === 'keychain' ? typed.get(ref.account) : undefined) ?? this.options.vault.read(ref));
  }

  /** A client of its own, not the pool's: a test must reach the backend even while the live circuit is open, and must not retry for long. */
  private probe(backend: RemoteBackend, secrets: (ref: SecretRef) => Promise<string>): Promise<ConnectionTestResult> {
    const client = createClient(backend, { ...this.clientDeps(secrets), resilience: { ...this.options.resilience, retries: 0 } });
    return probeConnection(backend, client, { clock: this.options.clock, log: this.options.log });
  }

  private clientDeps(secrets: (ref: SecretRef) => Promise<string>) {
    const { redactor, clock, log, resilience } = this.options;
    return { secrets, redactor, clock, log, ...(resilience ? { resilience } : {}) };
  }

  private async views(entries: readonly ConnectionEntry[]): Promise<ConnectionView[]> {
    const refs = entries.flatMap((entry) => secretRefs(entry.config.auth).map(({ ref }) => ref));
    const key = (ref: SecretRef) => (ref.store === 'env' ? `env:${ref.variable}` : `keychain:${ref.account}`);
    const present = new Map(await Promise.all(refs.map(async (ref) => [key(ref), await this.options.vault.isPresent(ref)] as const)));
    return entries.map(({ config, origin }) => ({
      ...config,
      baseUrl: withoutCredentials(config.baseUrl),
      auth: authView(config.auth, (ref) => present.get(key(ref)) ?? false),
      origin,
      health: this.pool.health(config.id),
    }));
  }

  private async forget(account: string): Promise<void> {
    try {
      await this.options.vault.delete(account);
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      this.options.log(`the keychain entry "${account}" is no longer used but could not be deleted: ${error.message}`);
    }
  }
}
