import type { EnvironmentView, RegionView, TenantView } from '../../../shared/contract/fleet.js';
import { bindingOf, type EnvironmentDefinition, type FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { WatchedEnvironment } from '../connectors/capabilities.js';

export interface FleetView {
  name: string;
  regions: RegionView[];
  tenants: TenantView[];
  environments: EnvironmentView[];
  /** Each environment with its backend bindings, in the same order; stays in the core. */
  watched: WatchedEnvironment[];
}

/** How many servers an environment runs on when the fleet file does not say. */
export function defaultServerCount(kind: EnvironmentDefinition['kind']): number {
  return kind === 'production' ? 4 : 2;
}

/** The definition flattened into what the console shows and indexes. */
export function toFleetView(definition: FleetDefinition): FleetView {
  const regions: RegionView[] = definition.regions.map((region) => ({
    id: region.id,
    name: region.name,
    timeZone: region.timeZone,
    residency: region.residency,
    ...(region.cloud ? { cloud: region.cloud } : {}),
    sites: region.sites.map((site) => ({ id: site.id, name: site.name, role: site.role })),
  }));
  const tenants: TenantView[] = definition.tenants.map((tenant) => ({ id: tenant.id, name: tenant.name, regionId: tenant.region }));
  const watched: WatchedEnvironment[] = definition.tenants.flatMap((tenant) =>
    tenant.environments.map((env) => ({
      binding: bindingOf(env),
      view: {
      id: env.id,
      name: env.name ?? `${tenant.name} ${env.kind}`,
      tenantId: tenant.id,
      regionId: tenant.region,
      siteId: env.site,
      kind: env.kind,
      ...(env.ring ? { ring: env.ring } : {}),
      ...(env.slots ? { slots: env.slots } : {}),
      ...(env.goLive ? { goLive: env.goLive } : {}),
      ...(env.decommission ? { decommission: env.decommission } : {}),
      watchedBy: env.watchedBy,
      servers: env.hosts?.length ?? env.servers ?? defaultServerCount(env.kind),
      },
    })),
  );
  return { name: definition.name, regions, tenants, environments: watched.map((env) => env.view), watched };
}
