import type { Confirmation } from '../../../../shared/contract/deploys.js';
import type { BackendDefinition } from '../../../../shared/fleet-definition/schema.js';
import type { VersionChoice } from './choose-version.js';
import type { EnvEntry } from './fleet-index.js';

/** What a rollback cannot undo: kept in the preview beside the blast radius. */
export const DECOMMISSION_IRREVERSIBLE = 'The environment is torn down by its deploy backend; a decommission cannot be rolled back';

/** Why the backend cannot tear an environment down, or null when it can. */
export function decommissionProblem(backend: BackendDefinition | undefined, backendId: string): string | null {
  if (!backend) return `"${backendId}" is not a backend of the fleet file`;
  if (backend.kind === 'sandbox') return null;
  if (backend.kind === 'command') return backend.decommission ? null : `"${backendId}" has no decommission command: add decommission: [...] to the backend`;
  // A runbook run is not a deployment of a release: until the connector runs runbooks, Octopus is not asked to tear anything down.
  if (backend.kind === 'octopus') return `"${backendId}" (octopus) cannot decommission yet: the console does not run Octopus runbooks`;
  return `"${backendId}" (${backend.kind}) cannot decommission an environment`;
}

/** A decommission removes what the environment runs now; nothing is there to go back to. */
export function decommissionChoice(current: string | null): VersionChoice {
  return { version: current ?? 'unknown', previousVersion: current, swapBack: false, rollback: 'none: a decommissioned environment is not brought back by a rollback' };
}

/** Removing an environment for good is always confirmed by typing its name (or its group's). */
export function decommissionConfirmation(environments: readonly EnvEntry[], groupName: string): Confirmation {
  const only = environments.length === 1 ? environments[0] : undefined;
  return { level: 'type', phrase: only ? only.watched.view.name : groupName, why: 'a decommission removes the environment for good' };
}
