import type { RolloutStage } from '../../../../shared/fleet-definition/deploys.js';
import type { EnvEntry, FleetIndex } from './fleet-index.js';

/** Per fleet index (so per definition), the environments of each stage: an overview would otherwise scan the whole fleet once per stage on every call. */
const cache = new WeakMap<FleetIndex, WeakMap<RolloutStage, readonly EnvEntry[]>>();

/**
 * The environments a plan stage takes: every environment that matches every part of its
 * targets given. With uatFirst, the UAT environments of the customers it reaches come
 * first (added when the targets name only production), so they take the release before
 * their production does. Shared between calls on the same definition: never modify it.
 */
export function stageEnvironments(stage: RolloutStage, index: FleetIndex): readonly EnvEntry[] {
  let stages = cache.get(index);
  if (!stages) cache.set(index, (stages = new WeakMap()));
  let found = stages.get(stage);
  if (!found) {
    found = matchStage(stage, index);
    stages.set(stage, found);
  }
  return found;
}

function matchStage(stage: RolloutStage, index: FleetIndex): EnvEntry[] {
  const { rings, regions, tenants, environments, kinds } = stage.targets;
  const sets = {
    rings: rings && new Set<string>(rings),
    regions: regions && new Set(regions),
    tenants: tenants && new Set(tenants),
    environments: environments && new Set(environments),
    kinds: kinds && new Set<string>(kinds),
  };
  const matched = index.environments.filter(
    ({ definition, tenant }) =>
      (!sets.rings || (definition.ring !== undefined && sets.rings.has(definition.ring))) &&
      (!sets.regions || sets.regions.has(tenant.region)) &&
      (!sets.tenants || sets.tenants.has(tenant.id)) &&
      (!sets.environments || sets.environments.has(definition.id)) &&
      (!sets.kinds || sets.kinds.has(definition.kind)),
  );
  if (!stage.uatFirst) return matched;
  const customers = new Set(matched.map((entry) => entry.tenant.id));
  const uat: EnvEntry[] = [];
  for (const id of customers) for (const entry of index.byTenant.get(id) ?? []) if (entry.definition.kind === 'uat') uat.push(entry);
  const first = new Set(uat.map((entry) => entry.definition.id));
  return [...uat, ...matched.filter((entry) => !first.has(entry.definition.id))];
}
