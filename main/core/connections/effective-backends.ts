import type { ConnectionConfig, ConnectionKind } from '../../../shared/contract/connections.js';
import { BackendDefinition } from '../../../shared/fleet-definition/schema.js';

/** A backend reached over HTTP with a URL and credentials; the sandbox and the command deployer run in the console itself. */
export type RemoteBackend = Exclude<BackendDefinition, { kind: 'sandbox' | 'command' }>;

export function isRemote(backend: BackendDefinition): backend is RemoteBackend {
  return backend.kind !== 'sandbox' && backend.kind !== 'command';
}

type KindFields = Pick<ConnectionConfig, 'site' | 'pageId' | 'space' | 'project' | 'subscriptionId' | 'resourceGroup'>;

/**
 * The fields only one kind has, of a connection or a backend: Datadog's site, Statuspage's page,
 * Octopus's space and project, Azure's subscription and resource group. Another kind's are dropped.
 */
export function kindFields(from: KindFields & { kind: ConnectionKind }): KindFields {
  const given = <K extends keyof KindFields>(field: K): KindFields => (from[field] === undefined ? {} : { [field]: from[field] });
  switch (from.kind) {
    case 'datadog':
      return given('site');
    case 'statuspage':
      return given('pageId');
    case 'octopus':
      return { ...given('space'), ...given('project') };
    case 'azure-app-service':
      return { ...given('subscriptionId'), ...given('resourceGroup') };
    default:
      return {};
  }
}

/** A connection seen as a backend, its defaults (poll interval, Octopus space and so on) filled in by the fleet file's schema. */
export function backendOf(config: ConnectionConfig): RemoteBackend {
  const backend = BackendDefinition.parse({
    id: config.id,
    kind: config.kind,
    name: config.name,
    url: config.baseUrl,
    auth: config.auth,
    timeoutMs: config.timeoutMs,
    ...kindFields(config),
  });
  if (!isRemote(backend)) throw new Error(`connection "${config.id}" parsed as a sandbox backend`);
  return backend;
}

/**
 * A URL-less fleet-file backend completed by its Settings connection: Settings gives the URL, the
 * credentials and the timeout (and Datadog's site); what the file declares itself (an Octopus
 * project and space, an Azure subscription and resource group, a Statuspage page) wins.
 */
function withSettings(backend: RemoteBackend, config: ConnectionConfig): RemoteBackend {
  const merged = { ...backend, name: backend.name ?? config.name, url: config.baseUrl, auth: config.auth, timeoutMs: config.timeoutMs };
  return merged.kind === 'datadog' && config.site ? { ...merged, site: config.site } : merged;
}

/** The URL-less fleet-file backend a Settings connection completes: same id, same kind. */
function completedBy(fileBackends: readonly BackendDefinition[], config: ConnectionConfig): RemoteBackend | undefined {
  const declared = fileBackends.find((backend) => backend.id === config.id);
  return declared && isRemote(declared) && declared.url === undefined && declared.kind === config.kind ? declared : undefined;
}

/** A Settings connection as the connectors use it: completing the fleet file's backend of its id, or on its own. */
export function settingsBackend(fileBackends: readonly BackendDefinition[], config: ConnectionConfig): RemoteBackend {
  const declared = completedBy(fileBackends, config);
  return declared ? withSettings(declared, config) : backendOf(config);
}

/** The connection as the user sees it, from a backend the fleet file declares with its URL. */
export function configOf(backend: RemoteBackend & { url: string }): ConnectionConfig {
  return {
    id: backend.id,
    kind: backend.kind,
    name: backend.name ?? backend.id,
    baseUrl: backend.url,
    timeoutMs: backend.timeoutMs,
    auth: backend.auth,
    ...kindFields(backend),
  };
}

/** Whether Settings may hold a connection with this id and kind; null when it may, else why not. */
export function settingsConflict(fileBackends: readonly BackendDefinition[], id: string, kind: string, file: string | null): string | null {
  const declared = fileBackends.find((backend) => backend.id === id);
  if (!declared) return null;
  const where = file ? `the fleet file ${file}` : 'the embedded fleet';
  if (!isRemote(declared)) return `"${id}" is a ${declared.kind} backend in ${where}; choose another id`;
  if (declared.url !== undefined) return `connection "${id}" is declared with its URL in ${where}; change it there`;
  if (declared.kind !== kind) return `${where} declares "${id}" as a ${declared.kind} backend, not ${kind}`;
  return null;
}

/**
 * The backends to build connectors for: the fleet file's, with a URL-less backend's URL and
 * credentials taken from the Settings connection of the same id, then the connections added
 * only in Settings. Where the file sets a URL, the file wins.
 */
export function effectiveBackends(fileBackends: readonly BackendDefinition[], stored: readonly ConnectionConfig[]): BackendDefinition[] {
  const byId = new Map(stored.map((config) => [config.id, config]));
  const declared = new Set(fileBackends.map((backend) => backend.id));
  const merged = fileBackends.map((backend) => {
    if (!isRemote(backend) || backend.url !== undefined) return backend;
    const config = byId.get(backend.id);
    return config && config.kind === backend.kind ? withSettings(backend, config) : backend;
  });
  return [...merged, ...stored.filter((config) => !declared.has(config.id)).map(backendOf)];
}

export interface ConnectionEntry {
  config: ConnectionConfig;
  origin: 'fleet-file' | 'settings';
}

/** A Settings connection showing the fields its fleet-file backend declares, which are the ones used. */
export function asUsed(fileBackends: readonly BackendDefinition[], config: ConnectionConfig): ConnectionConfig {
  const declared = completedBy(fileBackends, config);
  return declared ? { ...config, ...kindFields(withSettings(declared, config)) } : config;
}

/**
 * The connections the user sees: the file's backends that carry a URL (read-only here),
 * then the Settings connections the file leaves room for.
 */
export function connectionEntries(fileBackends: readonly BackendDefinition[], stored: readonly ConnectionConfig[], file: string | null): ConnectionEntry[] {
  const fromFile = fileBackends.flatMap((backend): ConnectionEntry[] =>
    isRemote(backend) && backend.url !== undefined ? [{ config: configOf({ ...backend, url: backend.url }), origin: 'fleet-file' }] : [],
  );
  const fromSettings = stored
    .filter((config) => settingsConflict(fileBackends, config.id, config.kind, file) === null)
    .map((config): ConnectionEntry => ({ config: asUsed(fileBackends, config), origin: 'settings' }));
  return [...fromFile, ...fromSettings];
}
