import type { DeployTargetSelector } from '../../../../shared/contract/deploys.js';
import type { RolloutPlanDefinition, RolloutStage } from '../../../../shared/fleet-definition/deploys.js';
import type { EnvEntry, FleetIndex } from './fleet-index.js';
import { nameList, plural } from './name-list.js';
import { stageEnvironments } from './stage-environments.js';

export interface ResolvedTarget {
  environments: readonly EnvEntry[];
  /** What the target is called in the preview: "Acme production", "customer group Acme", "production ring in APAC". */
  label: string;
  /** What a typed confirmation asks for when more than one environment is touched. */
  groupName: string;
  plan: RolloutPlanDefinition | null;
  stage: { stage: RolloutStage; position: number } | null;
  problems: string[];
}

function unresolved(label: string, problem: string): ResolvedTarget {
  return { environments: [], label, groupName: label, plan: null, stage: null, problems: [problem] };
}

/** Which environments a selector names; unknown ids become problems in words, never a throw. */
export function resolveTarget(selector: DeployTargetSelector, index: FleetIndex, plans: readonly RolloutPlanDefinition[]): ResolvedTarget {
  switch (selector.by) {
    case 'environments': {
      const environments: EnvEntry[] = [];
      const unknown: string[] = [];
      for (const id of new Set(selector.ids)) {
        const entry = index.byId.get(id);
        if (entry) environments.push(entry);
        else unknown.push(`"${id}"`);
      }
      const tenants = new Set(environments.map((entry) => entry.tenant.id));
      const only = environments.length === 1 ? environments[0] : undefined;
      const label = only ? only.watched.view.name : plural(environments.length, 'environment');
      const groupName = only ? only.watched.view.name : tenants.size === 1 ? (environments[0]?.tenant.name ?? label) : label;
      const problems = unknown.length > 0 ? [`unknown ${unknown.length === 1 ? 'environment' : 'environments'} ${nameList(unknown)}`] : [];
      return { environments, label, groupName, plan: null, stage: null, problems };
    }
    case 'tenant': {
      const tenant = index.tenants.get(selector.id);
      if (!tenant) return unresolved(selector.id, `unknown customer group "${selector.id}"`);
      return { environments: index.byTenant.get(tenant.id) ?? [], label: `customer group ${tenant.name}`, groupName: tenant.name, plan: null, stage: null, problems: [] };
    }
    case 'ring': {
      const region = selector.regionId;
      const name = `${selector.ring} ring`;
      const label = region === undefined ? name : `${name} in ${region}`;
      const environments = index.environments.filter((entry) => entry.definition.ring === selector.ring && (region === undefined || entry.tenant.region === region));
      const problems = environments.length === 0 ? [`no environment is in the ${label}`] : [];
      return { environments, label, groupName: label, plan: null, stage: null, problems };
    }
    case 'stage': {
      const plan = plans.find((candidate) => candidate.id === selector.planId);
      if (!plan) return unresolved(selector.stageId, `unknown rollout plan "${selector.planId}"`);
      const position = plan.stages.findIndex((stage) => stage.id === selector.stageId);
      const stage = plan.stages[position];
      if (!stage) return { ...unresolved(selector.stageId, `rollout plan ${plan.name} has no stage "${selector.stageId}"`), plan };
      const environments = stageEnvironments(stage, index);
      const problems = environments.length === 0 ? [`stage ${stage.name} of ${plan.name} takes no environment`] : [];
      return { environments, label: `${plan.name}: ${stage.name}`, groupName: stage.name, plan, stage: { stage, position }, problems };
    }
  }
}
