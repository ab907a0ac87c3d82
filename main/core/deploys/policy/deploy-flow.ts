import type { BackendDefinition } from '../../../../shared/fleet-definition/schema.js';
import type { EnvEntry } from './fleet-index.js';

export interface DeployRoute {
  /** The deploy backend; null when the environment names none. */
  backendId: string | null;
  /** The backend that swaps its slots, in the staging-slot flow. */
  swapBy: string | null;
  flow: 'direct' | 'staging-slot';
}

/** Whether a backend can swap a staging slot into production: Azure App Service, the sandbox, a command with a swap command. */
function offersSwap(backend: BackendDefinition | undefined): boolean {
  if (!backend) return false;
  if (backend.kind === 'command') return backend.swap !== undefined;
  return backend.kind === 'azure-app-service' || backend.kind === 'sandbox';
}

/** Staging-slot flow where the environment has a staging slot and a backend that swaps it; direct otherwise. */
export function deployRoute(entry: EnvEntry, backends: ReadonlyMap<string, BackendDefinition>): DeployRoute {
  const backendId = entry.definition.deployedBy ?? null;
  const swapper = entry.definition.deployment?.swapBy ?? backendId;
  const staging = entry.definition.slots?.includes('staging') ?? false;
  if (backendId !== null && staging && swapper !== null && offersSwap(backends.get(swapper))) return { backendId, swapBy: swapper, flow: 'staging-slot' };
  return { backendId, swapBy: null, flow: 'direct' };
}
