import type { BackendDefinition } from '../../../shared/fleet-definition/schema.js';
import type { Connector } from './capabilities.js';
import type { Clock } from '../clock.js';
import type { BackendClient } from '../http/backend-client.js';
import { SandboxConnector } from './sandbox/sandbox-connector.js';

export interface ConnectorDeps {
  clock: Clock;
  log: (line: string) => void;
  /** The HTTP client of a backend, with its resolved credentials, timeout, retries and circuit breaker. */
  client(backend: Exclude<BackendDefinition, { kind: 'sandbox' }>): BackendClient;
}

/** One connector per backend; a new kind of backend adds a case here. */
export function createConnectors(backends: readonly BackendDefinition[], deps: ConnectorDeps): Map<string, Connector> {
  const connectors = new Map<string, Connector>();
  for (const backend of backends) {
    switch (backend.kind) {
      case 'sandbox':
        connectors.set(backend.id, new SandboxConnector(backend, deps.clock));
        break;
      case 'prometheus':
      case 'alertmanager':
      case 'datadog':
      case 'elasticsearch':
        // PLACEHOLDER until the connectors land.
        break;
    }
  }
  return connectors;
}
