import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { DeployTarget } from '../connectors/capabilities.js';
import type { FleetView } from '../fleet/fleet-view.js';

/** Each deployed environment as its deploy backend knows it, by backend id (production slot). */
export function deployTargetsByBackend(definition: FleetDefinition, view: FleetView): Map<string, DeployTarget[]> {
  const watched = new Map(view.watched.map((env) => [env.view.id, env]));
  const byBackend = new Map<string, DeployTarget[]>();
  for (const tenant of definition.tenants) {
    for (const env of tenant.environments) {
      const environment = watched.get(env.id);
      // Decommissioned: its backend is no longer asked what it runs.
      if (env.deployedBy === undefined || env.decommissioned !== undefined || !environment) continue;
      const targets = byBackend.get(env.deployedBy) ?? [];
      targets.push({
        environment,
        remoteName: env.deployment?.name ?? env.id,
        remoteTenant: env.deployment?.tenant ?? null,
        slot: 'production',
        variables: env.deployment?.variables ?? {},
      });
      byBackend.set(env.deployedBy, targets);
    }
  }
  return byBackend;
}
