import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import { planFleetLifecycles } from '../lifecycle/lifecycle-plan.js';
import type { LifecycleFacts } from './deploy-facts.js';

const PERMANENT: LifecycleFacts = { kind: 'permanent', endsAt: null, endDate: null, agreement: null, decommissioned: null };

const cache = new WeakMap<FleetDefinition, (environmentId: string) => LifecycleFacts>();

/** Each environment's lifecycle as the deploy rules read it, planned once per definition. */
export function lifecycleFactsOf(definition: FleetDefinition): (environmentId: string) => LifecycleFacts {
  const cached = cache.get(definition);
  if (cached) return cached;
  const plans = planFleetLifecycles(definition);
  const lookup = (environmentId: string) => plans.get(environmentId) ?? PERMANENT;
  cache.set(definition, lookup);
  return lookup;
}
