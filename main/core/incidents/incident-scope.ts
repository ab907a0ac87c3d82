import type { IncidentImpact } from '../../../shared/contract/incidents.js';
import type { FleetDefinition, RegionDefinition, TenantDefinition } from '../../../shared/fleet-definition/schema.js';
import { resolveScope } from '../calendar/scope.js';

interface ScopeIndex {
  tenantOfEnvironment: Map<string, TenantDefinition>;
  tenants: Map<string, TenantDefinition>;
  tenantsByRegion: Map<string, TenantDefinition[]>;
}

const indexes = new WeakMap<FleetDefinition, ScopeIndex>();

/** Built once per definition, so a scope costs what it reaches rather than a walk of the whole fleet. */
function indexOf(definition: FleetDefinition): ScopeIndex {
  let index = indexes.get(definition);
  if (!index) {
    index = { tenantOfEnvironment: new Map(), tenants: new Map(), tenantsByRegion: new Map() };
    for (const tenant of definition.tenants) {
      index.tenants.set(tenant.id, tenant);
      for (const env of tenant.environments) index.tenantOfEnvironment.set(env.id, tenant);
      const inRegion = index.tenantsByRegion.get(tenant.region);
      if (inRegion) inRegion.push(tenant);
      else index.tenantsByRegion.set(tenant.region, [tenant]);
    }
    indexes.set(definition, index);
  }
  return index;
}

/**
 * The environments an incident's impact reaches. An environment is in scope when it is named;
 * a customer named counts with all its environments unless some of them are named too; a region
 * named counts with all its environments unless some of its customers or environments are named.
 * The declare dialog fills in an environment's customer and region beside it (for their local
 * times), and that must not widen the incident to the whole region.
 */
export function scopeEnvironments(definition: FleetDefinition, impact: IncidentImpact): Set<string> {
  const index = indexOf(definition);
  const scope = new Set<string>();
  const narrowedTenants = new Set<string>();
  const narrowedRegions = new Set<string>();
  for (const id of impact.environments) {
    const tenant = index.tenantOfEnvironment.get(id);
    if (!tenant) continue;
    scope.add(id);
    narrowedTenants.add(tenant.id);
    narrowedRegions.add(tenant.region);
  }
  const wholeTenants: TenantDefinition[] = [];
  for (const id of impact.customers) {
    const tenant = index.tenants.get(id);
    if (!tenant) continue;
    narrowedRegions.add(tenant.region);
    if (!narrowedTenants.has(id)) wholeTenants.push(tenant);
  }
  for (const id of impact.regions) {
    if (!narrowedRegions.has(id)) wholeTenants.push(...(index.tenantsByRegion.get(id) ?? []));
  }
  for (const tenant of wholeTenants) for (const env of tenant.environments) scope.add(env.id);
  return scope;
}

/** An incident's impact by name, for what customers read: the status page's messages and the product's banners. */
export interface IncidentScopeNames {
  /** Every region the impact reaches (named, or holding a named customer or environment), in fleet-file order. */
  regions: RegionDefinition[];
  /** The customers named, and those of the environments named; not every customer of a named region. */
  customers: string[];
  environments: string[];
}

export function incidentScope(definition: FleetDefinition, impact: IncidentImpact): IncidentScopeNames {
  const reached = resolveScope(definition, { regions: impact.regions, tenants: impact.customers, environments: impact.environments });
  const named = resolveScope(definition, { tenants: impact.customers, environments: impact.environments });
  const wanted = new Set(impact.environments);
  const environments = definition.tenants.flatMap((tenant) => tenant.environments.filter((env) => wanted.has(env.id)).map((env) => env.name ?? env.id));
  const regionIds = new Set(reached.regions.map((region) => region.id));
  return {
    regions: definition.regions.filter((region) => regionIds.has(region.id)),
    customers: named.tenants.map((entry) => entry.tenant.name),
    environments,
  };
}

/** The ids of the regions, sites, customers and environments the impact reaches: what a status page maps to its components (StatusPost.scopeIds). */
export function incidentScopeIds(definition: FleetDefinition, impact: IncidentImpact): string[] {
  return resolveScope(definition, { regions: impact.regions, tenants: impact.customers, environments: impact.environments }).scopeIds;
}
