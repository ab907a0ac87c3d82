import type { ConnectionAuth } from '../../shared/contract/connections.js';
import type { BackendDefinition } from '../../shared/fleet-definition/schema.js';
import { createConnectors } from '../../main/core/connectors/registry.js';
import type { RemoteBackend } from '../../main/core/connections/effective-backends.js';
import { systemClock } from '../../main/core/clock.js';
import { HttpBackendClient } from '../../main/core/http/http-backend-client.js';
import type { Resilience } from '../../main/core/http/resilience.js';
import { Redactor } from '../../main/core/vault/redactor.js';

/** Credentials as the vault would hand them over, for a test that does not need a keychain. */
export type TestAuth =
  | { type: 'none' }
  | { type: 'datadog'; apiKey: string; applicationKey: string }
  | { type: 'api-key'; key: string }
  | { type: 'oauth-key'; key: string }
  | { type: 'octopus'; apiKey: string };

/**
 * The app's own HTTP client (auth headers, per-attempt timeout, retries that honour the
 * backend's wait, circuit breaker) for a backend of a test, its secrets kept in memory under
 * environment-variable references instead of the keychain.
 */
export function backendClient(backend: RemoteBackend, auth: TestAuth, timeoutMs = 5000, resilience?: Partial<Resilience>): HttpBackendClient {
  const secrets = new Map<string, string>();
  const ref = (name: string, value: string) => {
    secrets.set(name, value);
    return { store: 'env' as const, variable: name };
  };
  const connectionAuth: ConnectionAuth =
    auth.type === 'datadog'
      ? { type: 'datadog', apiKey: ref('TEST_DD_API_KEY', auth.apiKey), applicationKey: ref('TEST_DD_APP_KEY', auth.applicationKey) }
      : auth.type === 'api-key'
        ? { type: 'api-key', key: ref('TEST_API_KEY', auth.key) }
        : auth.type === 'oauth-key'
          ? { type: 'oauth-key', key: ref('TEST_OAUTH_KEY', auth.key) }
          : auth.type === 'octopus'
            ? { type: 'octopus', apiKey: ref('TEST_OCTOPUS_KEY', auth.apiKey) }
            : { type: 'none' };
  return new HttpBackendClient({
    connectionId: backend.id,
    kind: backend.kind,
    baseUrl: backend.url,
    auth: connectionAuth,
    timeoutMs,
    secrets: async (secret) => (secret.store === 'env' ? (secrets.get(secret.variable) ?? '') : ''),
    redactor: new Redactor(),
    clock: systemClock,
    log: () => undefined,
    ...(resilience ? { resilience } : {}),
  });
}

/**
 * The connectors the registry builds for fleet-file backends, each with the app's own HTTP client
 * and every secret it asks for answered with `secret` (an API key, a token, a password): for a
 * test of one backend whose secret is known. `timeoutMs` overrides the backend's own.
 */
export function connectorsWithSecret(
  backends: BackendDefinition[],
  secret: string,
  options: { timeoutMs?: number; resilience?: Partial<Resilience> } = {},
): ReturnType<typeof createConnectors> {
  return createConnectors(backends, {
    clock: systemClock,
    log: () => undefined,
    client: (remote) =>
      new HttpBackendClient({
        connectionId: remote.id,
        kind: remote.kind,
        baseUrl: remote.url,
        auth: remote.auth,
        timeoutMs: options.timeoutMs ?? remote.timeoutMs,
        secrets: async () => secret,
        redactor: new Redactor(),
        clock: systemClock,
        log: () => undefined,
        ...(options.resilience ? { resilience: options.resilience } : {}),
      }),
  });
}
