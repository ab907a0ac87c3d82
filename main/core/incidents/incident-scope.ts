import type { Incident, IncidentImpact } from '../../../shared/contract/incidents.js';
import { durationMs, type IncidentsDefinition } from '../../../shared/fleet-definition/incidents.js';
import type { FleetDefinition, TenantDefinition } from '../../../shared/fleet-definition/schema.js';

const HOUR_MS = 3_600_000;

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

/** The fleet file's lookback and link window, in milliseconds. */
export function incidentWindows(incidents: IncidentsDefinition): { lookbackMs: number; linkWindowMs: number } {
  // The schema admits only fixed durations, so the fallbacks (the defaults) are never reached in practice.
  return { lookbackMs: durationMs(incidents.correlationLookback) ?? 6 * HOUR_MS, linkWindowMs: durationMs(incidents.linkWindow) ?? 2 * HOUR_MS };
}

/** When the incident began to show: its earliest linked alert that is known, or its declaration if that came first. */
export function firstSignalAt(incident: Pick<Incident, 'declaredAt' | 'alertIds'>, alerts: ReadonlyArray<{ key: string; startsAt: number }>): number {
  const linked = new Set(incident.alertIds);
  let first = incident.declaredAt;
  for (const alert of alerts) if (linked.has(alert.key) && alert.startsAt < first) first = alert.startsAt;
  return first;
}

/** When it was closed or cancelled; null while it is not. */
export function endedAt(incident: Pick<Incident, 'history'>): number | null {
  const last = incident.history[incident.history.length - 1];
  return last && (last.status === 'closed' || last.status === 'cancelled') ? last.at : null;
}

/** What the incident's timeline covers: from the lookback before its first signal to its close (or now, while it is not closed). */
export function relevantPeriod(incident: Pick<Incident, 'history'>, firstSignal: number, lookbackMs: number, now: number): { from: number; to: number } {
  return { from: firstSignal - lookbackMs, to: endedAt(incident) ?? now };
}
