import type { ConnectionHealth } from '../../../shared/contract/connections.js';
import { HttpBackendClient, type HttpClientOptions } from '../http/http-backend-client.js';
import { AZURE_RESOURCE_MANAGER } from '../connectors/azure-app-service/app-service-api.js';
import { datadogApiUrl } from '../connectors/datadog/datadog-site.js';
import type { RemoteBackend } from './effective-backends.js';

export type ClientDeps = Pick<HttpClientOptions, 'secrets' | 'redactor' | 'clock' | 'log' | 'resilience'>;

const STATUSPAGE_API = 'https://api.statuspage.io';

const IDLE: ConnectionHealth = { state: 'idle', lastSuccessAt: null, lastAttemptAt: null, latencyMs: null, lastError: null };

function defaultUrl(backend: RemoteBackend): string | undefined {
  switch (backend.kind) {
    case 'datadog':
      return datadogApiUrl(backend.site);
    case 'statuspage':
      return STATUSPAGE_API;
    case 'azure-app-service':
      return AZURE_RESOURCE_MANAGER;
    default:
      return undefined;
  }
}

export function createClient(backend: RemoteBackend, deps: ClientDeps): HttpBackendClient {
  return new HttpBackendClient({
    ...deps,
    connectionId: backend.id,
    kind: backend.kind,
    // Without a URL, a Datadog backend is found from its site; Statuspage and Azure Resource Manager each have one public API.
    baseUrl: backend.url ?? defaultUrl(backend),
    auth: backend.auth,
    timeoutMs: backend.timeoutMs,
  });
}

/**
 * One client per connection, kept across connector rebuilds while its settings stay the
 * same, so its circuit breaker and the health the user sees survive a fleet-file reload.
 */
export class ClientPool {
  private readonly clients = new Map<string, { settings: string; client: HttpBackendClient }>();

  constructor(private readonly deps: ClientDeps) {}

  client(backend: RemoteBackend): HttpBackendClient {
    const settings = JSON.stringify([backend.kind, backend.url ?? null, backend.auth, backend.timeoutMs]);
    const current = this.clients.get(backend.id);
    if (current?.settings === settings) return current.client;
    const client = createClient(backend, this.deps);
    this.clients.set(backend.id, { settings, client });
    return client;
  }

  health(id: string): ConnectionHealth {
    return this.clients.get(id)?.client.health() ?? IDLE;
  }

  /** Forgets the clients of connections that are gone. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.clients.keys()) if (!ids.has(id)) this.clients.delete(id);
  }
}
