import type { Incident, IncidentImpact } from '../../../shared/contract/incidents.js';
import { durationMs, type IncidentsDefinition } from '../../../shared/fleet-definition/incidents.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';

const HOUR_MS = 3_600_000;

/**
 * The environments an incident's impact reaches. An environment is in scope when it is named;
 * a customer named counts with all its environments unless some of them are named too; a region
 * named counts with all its environments unless some of its customers or environments are named.
 * The declare dialog fills in an environment's customer and region beside it (for their local
 * times), and that must not widen the incident to the whole region.
 */
export function scopeEnvironments(definition: FleetDefinition, impact: IncidentImpact): Set<string> {
  const environments = new Set(impact.environments);
  const customers = new Set(impact.customers);
  const regions = new Set(impact.regions);
  const narrowedTenants = new Set<string>();
  const narrowedRegions = new Set<string>();
  for (const tenant of definition.tenants) {
    const named = tenant.environments.some((env) => environments.has(env.id));
    if (named) narrowedTenants.add(tenant.id);
    if (named || customers.has(tenant.id)) narrowedRegions.add(tenant.region);
  }
  const scope = new Set<string>();
  for (const tenant of definition.tenants) {
    const wholeTenant = customers.has(tenant.id) && !narrowedTenants.has(tenant.id);
    const wholeRegion = regions.has(tenant.region) && !narrowedRegions.has(tenant.region);
    for (const env of tenant.environments) {
      if (environments.has(env.id) || wholeTenant || wholeRegion) scope.add(env.id);
    }
  }
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
