import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { LifecycleFacts } from './deploy-facts.js';

const PERMANENT: LifecycleFacts = { kind: 'permanent', endsAt: null, endDate: null, agreement: null, decommissioned: null };

/** Each environment's lifecycle, as the deploy rules read it, derived once per definition. */
export function lifecycleFactsOf(definition: FleetDefinition): (environmentId: string) => LifecycleFacts {
  const facts = new Map<string, LifecycleFacts>();
  for (const tenant of definition.tenants) {
    for (const env of tenant.environments) {
      if (env.decommission === undefined) continue;
      facts.set(env.id, { kind: 'temporary', endsAt: Date.parse(`${env.decommission}T00:00:00Z`), endDate: env.decommission, agreement: null, decommissioned: null });
    }
  }
  return (environmentId) => facts.get(environmentId) ?? PERMANENT;
}
