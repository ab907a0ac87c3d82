import type { IncidentImpact } from '../../../shared/contract/incidents.js';
import type { FleetDefinition, RegionDefinition } from '../../../shared/fleet-definition/schema.js';
import { resolveScope } from '../calendar/scope.js';

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
