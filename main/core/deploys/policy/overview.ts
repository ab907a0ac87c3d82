import type { DeploysOverview, MatrixRow } from '../../../../shared/contract/deploys.js';
import type { RolloutPlanDefinition } from '../../../../shared/fleet-definition/deploys.js';
import type { DeployFacts } from '../deploy-facts.js';
import { deploymentIndex, type DeploymentIndex } from './deployment-index.js';
import { fleetIndex, type FleetIndex } from './fleet-index.js';
import { releaseViews } from './release-view.js';
import { stageEnvironments } from './stage-environments.js';
import { completedStages, planView } from './stage-views.js';
import { versionMatrix } from './version-matrix.js';
import { OccurrenceLookup, windowIndex } from './window-index.js';

/** What the overview and the matrix both start from: the fleet's index is cached per definition, the deployments are indexed once per call. */
function indexesOf(facts: DeployFacts): { index: FleetIndex; deployments: DeploymentIndex } {
  return { index: fleetIndex(facts.definition, facts.view), deployments: deploymentIndex(facts.deployments) };
}

/** Releases and the rollout plans with their gates; everything indexed once per call. */
export function deploysOverview(facts: DeployFacts): Pick<DeploysOverview, 'releases' | 'plans'> {
  const { index, deployments } = indexesOf(facts);
  const context = { facts, index, deployments, windows: windowIndex(facts.definition), lookup: new OccurrenceLookup() };
  return {
    releases: releaseViews(facts.definition.deploys.releases),
    plans: facts.definition.deploys.plans.map((plan) => planView(plan, context)),
  };
}

/** The environment-by-version matrix: what the plans completed and where they take environments set what each should run. */
export function versionMatrixOf(facts: DeployFacts): MatrixRow[] {
  const { index, deployments } = indexesOf(facts);
  const { plans } = facts.definition.deploys;
  return versionMatrix(facts, index, deployments, completedStages(plans, facts, index, deployments), rolloutMembers(plans, index));
}

/** By release, the environments a rollout plan of it takes: running that release is where the plan puts them. */
function rolloutMembers(plans: readonly RolloutPlanDefinition[], index: FleetIndex): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  for (const plan of plans) {
    let ids = members.get(plan.release);
    if (!ids) members.set(plan.release, (ids = new Set()));
    for (const stage of plan.stages) for (const entry of stageEnvironments(stage, index)) ids.add(entry.definition.id);
  }
  return members;
}
