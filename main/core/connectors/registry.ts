import type { BackendDefinition } from '../../../shared/fleet-definition/schema.js';
import type { Connector } from './capabilities.js';
import type { Clock } from '../clock.js';
import { SandboxConnector } from './sandbox/sandbox-connector.js';

/** One connector per backend in the fleet definition; a new kind of backend adds a case here. */
export function createConnectors(backends: readonly BackendDefinition[], clock: Clock): Map<string, Connector> {
  const connectors = new Map<string, Connector>();
  for (const backend of backends) {
    switch (backend.kind) {
      case 'sandbox':
        connectors.set(backend.id, new SandboxConnector(backend, clock));
        break;
    }
  }
  return connectors;
}
