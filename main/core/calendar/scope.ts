import type { WindowScope } from '../../../shared/fleet-definition/calendar.js';
import type { FleetDefinition, RegionDefinition, TenantDefinition } from '../../../shared/fleet-definition/schema.js';

/** What a window's scope reaches: environments, their tenants (customers) and regions, in fleet-file order. */
export interface ResolvedScope {
  environments: string[];
  /** Ids named by the scope and the regions, sites and tenants of every environment reached: what a status page maps to components. */
  scopeIds: string[];
  regions: RegionDefinition[];
  tenants: Array<{ tenant: TenantDefinition; region: RegionDefinition; environments: string[] }>;
}

interface FleetIndex {
  regions: Map<string, RegionDefinition>;
  entries: Array<{ env: string; site: string; tenant: TenantDefinition; region: RegionDefinition }>;
}

const indexes = new WeakMap<FleetDefinition, FleetIndex>();

function indexOf(definition: FleetDefinition): FleetIndex {
  let index = indexes.get(definition);
  if (!index) {
    const regions = new Map(definition.regions.map((region) => [region.id, region]));
    const entries: FleetIndex['entries'] = [];
    for (const tenant of definition.tenants) {
      const region = regions.get(tenant.region);
      if (!region) continue;
      for (const env of tenant.environments) entries.push({ env: env.id, site: env.site, tenant, region });
    }
    index = { regions, entries };
    indexes.set(definition, index);
  }
  return index;
}

export function resolveScope(definition: FleetDefinition, scope: WindowScope): ResolvedScope {
  const { regions, entries } = indexOf(definition);
  const wanted = {
    regions: new Set(scope.regions ?? []),
    sites: new Set(scope.sites ?? []),
    tenants: new Set(scope.tenants ?? []),
    environments: new Set(scope.environments ?? []),
  };
  const environments: string[] = [];
  const scopeIds = new Set<string>([...wanted.regions, ...wanted.sites, ...wanted.tenants, ...wanted.environments]);
  const reachedRegions = new Map<string, RegionDefinition>();
  const tenants = new Map<string, ResolvedScope['tenants'][number]>();
  for (const entry of entries) {
    const inScope =
      wanted.regions.has(entry.region.id) || wanted.sites.has(entry.site) || wanted.tenants.has(entry.tenant.id) || wanted.environments.has(entry.env);
    if (!inScope) continue;
    environments.push(entry.env);
    scopeIds.add(entry.region.id).add(entry.site).add(entry.tenant.id).add(entry.env);
    reachedRegions.set(entry.region.id, entry.region);
    let tenant = tenants.get(entry.tenant.id);
    if (!tenant) {
      tenant = { tenant: entry.tenant, region: entry.region, environments: [] };
      tenants.set(entry.tenant.id, tenant);
    }
    tenant.environments.push(entry.env);
  }
  // A region named by the scope counts even when it has no environment yet.
  for (const id of wanted.regions) {
    const region = regions.get(id);
    if (region) reachedRegions.set(id, region);
  }
  return { environments, scopeIds: [...scopeIds], regions: [...reachedRegions.values()], tenants: [...tenants.values()] };
}
