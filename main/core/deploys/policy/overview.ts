import type { DeploysOverview } from '../../../../shared/contract/deploys.js';
import type { RolloutPlanDefinition } from '../../../../shared/fleet-definition/deploys.js';
import type { DeployFacts } from '../deploy-facts.js';
import { deploymentIndex } from './deployment-index.js';
import { fleetIndex, type FleetIndex } from './fleet-index.js';
import { releaseViews } from './release-view.js';
import { stageEnvironments } from './stage-environments.js';
import { planView, type CompletedStage } from './stage-views.js';
import { versionMatrix } from './version-matrix.js';
import { OccurrenceLookup, windowIndex } from './window-index.js';

/** Releases, the environment-by-version matrix and the rollout plans with their gates; everything indexed once per call. */
export function deploysOverview(facts: DeployFacts): Pick<DeploysOverview, 'releases' | 'matrix' | 'plans'> {
  const index = fleetIndex(facts.definition, facts.view);
  const deployments = deploymentIndex(facts.deployments);
  const context = { facts, index, deployments, windows: windowIndex(facts.definition), lookup: new OccurrenceLookup() };
  const completed: CompletedStage[] = [];
  const plans = facts.definition.deploys.plans.map((plan) => planView(plan, context, completed));
  return {
    releases: releaseViews(facts.definition.deploys.releases),
    matrix: versionMatrix(facts, index, deployments, completed, rolloutMembers(facts.definition.deploys.plans, index)),
    plans,
  };
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
