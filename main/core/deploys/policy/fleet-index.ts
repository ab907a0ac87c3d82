import type { ReleaseDefinition } from '../../../../shared/fleet-definition/deploys.js';
import type { BackendDefinition, EnvironmentDefinition, FleetDefinition, RegionDefinition, TenantDefinition } from '../../../../shared/fleet-definition/schema.js';
import type { WatchedEnvironment } from '../../connectors/capabilities.js';
import type { FleetView } from '../../fleet/fleet-view.js';

/** One environment with everything the rules look up about it. */
export interface EnvEntry {
  watched: WatchedEnvironment;
  definition: EnvironmentDefinition;
  tenant: TenantDefinition;
  region: RegionDefinition;
}

/** The fleet indexed once per definition: lookups by id instead of scans, so the rules stay linear for tens of thousands of environments. */
export interface FleetIndex {
  /** In the view's order (tenant by name, then id). */
  environments: EnvEntry[];
  byId: ReadonlyMap<string, EnvEntry>;
  byTenant: ReadonlyMap<string, EnvEntry[]>;
  tenants: ReadonlyMap<string, TenantDefinition>;
  backends: ReadonlyMap<string, BackendDefinition>;
  releases: ReadonlyMap<string, { release: ReleaseDefinition; position: number }>;
}

const cache = new WeakMap<FleetView, { definition: FleetDefinition; index: FleetIndex }>();

export function fleetIndex(definition: FleetDefinition, view: FleetView): FleetIndex {
  const cached = cache.get(view);
  if (cached && cached.definition === definition) return cached.index;
  const regions = new Map(definition.regions.map((region) => [region.id, region]));
  const tenants = new Map(definition.tenants.map((tenant) => [tenant.id, tenant]));
  const definitions = new Map<string, EnvironmentDefinition>();
  for (const tenant of definition.tenants) for (const env of tenant.environments) definitions.set(env.id, env);
  const environments: EnvEntry[] = [];
  const byId = new Map<string, EnvEntry>();
  const byTenant = new Map<string, EnvEntry[]>();
  for (const watched of view.watched) {
    const env = definitions.get(watched.view.id);
    const tenant = tenants.get(watched.view.tenantId);
    const region = regions.get(watched.view.regionId);
    // The view is built from this definition, so every reference resolves.
    if (!env || !tenant || !region) continue;
    const entry: EnvEntry = { watched, definition: env, tenant, region };
    environments.push(entry);
    byId.set(env.id, entry);
    const list = byTenant.get(tenant.id);
    if (list) list.push(entry);
    else byTenant.set(tenant.id, [entry]);
  }
  const index: FleetIndex = {
    environments,
    byId,
    byTenant,
    tenants,
    backends: new Map(definition.backends.map((backend) => [backend.id, backend])),
    releases: new Map(definition.deploys.releases.map((release, position) => [release.version, { release, position }])),
  };
  cache.set(view, { definition, index });
  return index;
}
