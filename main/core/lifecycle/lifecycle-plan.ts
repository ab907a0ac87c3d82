import { Temporal } from 'temporal-polyfill';
import type { LifecyclePlan } from '../../../shared/contract/lifecycle.js';
import { lifecycleOfKind, type EnvironmentLifecycle, type LifecycleSettings } from '../../../shared/fleet-definition/lifecycle.js';
import type { EnvironmentDefinition, FleetDefinition, TenantDefinition } from '../../../shared/fleet-definition/schema.js';

/**
 * An environment's end, as an instant in its region's zone. The end date is the last day it is
 * kept (go-live plus the rule's days, or the date the file gives), so an environment is never
 * removed before that day is over where its customer is: it ends at the start of the next local
 * day. Go-live + 30 days is calendar arithmetic on dates (month lengths), and the instant comes
 * from the zone's rules for that day (DST), never from counting 24-hour days.
 */
export function planLifecycle(
  env: Pick<EnvironmentDefinition, 'kind' | 'goLive' | 'lifecycle' | 'decommissioned'>,
  tenant: Pick<TenantDefinition, 'goLive'>,
  timeZone: string,
  settings: LifecycleSettings,
): LifecyclePlan {
  const lifecycle = lifecycleOfKind(env.kind, env.lifecycle, settings);
  const goLive = env.goLive ?? tenant.goLive ?? null;
  const end = endDateOf(lifecycle, goLive, settings);
  const base = {
    kind: lifecycle.kind,
    goLive,
    agreement: lifecycle.kind === 'permanent-paid' ? lifecycle.agreement : null,
    release: lifecycle.kind === 'release-temporary' ? lifecycle.release : null,
    timeZone,
    decommissioned: env.decommissioned ?? null,
  };
  if (end === null) return { ...base, endDate: null, endSource: null, endsAt: null, warnFrom: null, goneAfter: null };
  const endsAt = end.date.add({ days: 1 }).toZonedDateTime({ timeZone });
  return {
    ...base,
    endDate: end.date.toString(),
    endSource: end.source,
    endsAt: endsAt.epochMilliseconds,
    warnFrom: endsAt.subtract({ days: settings.warningDays }).epochMilliseconds,
    goneAfter: endsAt.add({ days: settings.graceDays }).epochMilliseconds,
  };
}

function endDateOf(lifecycle: EnvironmentLifecycle, goLive: string | null, settings: LifecycleSettings): { date: Temporal.PlainDate; source: 'rule' | 'explicit' } | null {
  if (lifecycle.kind === 'permanent' || lifecycle.kind === 'permanent-paid') return null;
  if (lifecycle.end !== undefined) return { date: Temporal.PlainDate.from(lifecycle.end), source: 'explicit' };
  if (goLive === null) return null;
  return { date: Temporal.PlainDate.from(goLive).add({ days: settings.daysAfterGoLive }), source: 'rule' };
}

/** Every environment's plan, by environment id. */
export function planFleetLifecycles(fleet: Pick<FleetDefinition, 'regions' | 'tenants' | 'lifecycle'>): Map<string, LifecyclePlan> {
  const zones = new Map(fleet.regions.map((region) => [region.id, region.timeZone]));
  const plans = new Map<string, LifecyclePlan>();
  for (const tenant of fleet.tenants) {
    const timeZone = zones.get(tenant.region) ?? 'UTC';
    for (const env of tenant.environments) plans.set(env.id, planLifecycle(env, tenant, timeZone, fleet.lifecycle));
  }
  return plans;
}
