import type { DeployRequest, GateView, GuardId, GuardResult } from '../../../../../shared/contract/deploys.js';
import type { ReleaseDefinition } from '../../../../../shared/fleet-definition/deploys.js';
import type { DeployFacts } from '../../deploy-facts.js';
import type { DeploymentIndex } from '../deployment-index.js';
import type { ExpectedDuration } from '../expected-duration.js';
import type { EnvEntry } from '../fleet-index.js';
import type { Schedule } from '../schedule.js';
import type { OccurrenceLookup, WindowIndex } from '../window-index.js';

/** One environment of the action as the guards see it. */
export interface GuardTarget {
  entry: EnvEntry;
  backendId: string;
  swapBy: string | null;
  /** The deployer's name for it: what a backend's freeze lists. */
  remoteName: string;
  schedule: Schedule;
  /** How long its deploy is expected to take; null when neither the release nor its history can say. */
  expected: ExpectedDuration | null;
}

export interface GuardContext {
  facts: DeployFacts;
  request: DeployRequest;
  /** The release deployed; null for a rollback. */
  release: ReleaseDefinition | null;
  /** The severity-one reference of a hotfix, from the request or the release. */
  incident: string | null;
  targets: readonly GuardTarget[];
  deployments: DeploymentIndex;
  windows: WindowIndex;
  lookup: OccurrenceLookup;
  /** For a plan stage: the stage before it and its gate; null when the target is not a stage or it is the first. */
  previousStage: { name: string; gate: GateView } | null;
  isStage: boolean;
}

export type Guard = (context: GuardContext) => GuardResult;

/** A guard's verdict naming the environments concerned: those that fail it, or those it passed on. */
export function guardResult(id: GuardId, label: string, passes: boolean, concerned: readonly GuardTarget[], message: string, overridable = true): GuardResult {
  return { id, label, state: passes ? 'pass' : 'fail', message, overridable, environmentIds: concerned.map((target) => target.entry.definition.id) };
}

export function namesOf(targets: readonly GuardTarget[]): string[] {
  return targets.map((target) => target.entry.watched.view.name);
}
