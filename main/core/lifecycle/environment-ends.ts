import type { OccurrenceView } from '../../../shared/contract/calendar.js';
import type { LifecyclePlan } from '../../../shared/contract/lifecycle.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import { zonedTime } from '../../../shared/time/zoned-time.js';
import { planLifecycle } from './lifecycle-plan.js';

/** An end is an instant; the calendar draws it as a short entry so it can be seen and opened. */
export const END_ENTRY_MS = 30 * 60_000;

export interface EnvironmentEnd {
  environmentId: string;
  environmentName: string;
  kind: string;
  tenantId: string;
  tenantName: string;
  regionId: string;
  plan: LifecyclePlan & { endsAt: number; endDate: string };
}

/** Environments whose end falls in [from, to): those not yet marked decommissioned. */
export function environmentEnds(fleet: Pick<FleetDefinition, 'regions' | 'tenants' | 'lifecycle'>, range: { from: number; to: number }): EnvironmentEnd[] {
  const zones = new Map(fleet.regions.map((region) => [region.id, region.timeZone]));
  const ends: EnvironmentEnd[] = [];
  for (const tenant of fleet.tenants) {
    const timeZone = zones.get(tenant.region) ?? 'UTC';
    for (const env of tenant.environments) {
      const plan = planLifecycle(env, tenant, timeZone, fleet.lifecycle);
      const { endsAt, endDate } = plan;
      if (endsAt === null || endDate === null || plan.decommissioned !== null || endsAt < range.from || endsAt >= range.to) continue;
      ends.push({
        environmentId: env.id,
        environmentName: env.name ?? `${tenant.name} ${env.kind}`,
        kind: env.kind,
        tenantId: tenant.id,
        tenantName: tenant.name,
        regionId: tenant.region,
        plan: { ...plan, endsAt, endDate },
      });
    }
  }
  return ends.sort((a, b) => a.plan.endsAt - b.plan.endsAt || (a.environmentId < b.environmentId ? -1 : 1));
}

/** The end as a calendar entry: scope that environment, its customer with the time on the region's clock. */
export function endOccurrence(end: EnvironmentEnd): OccurrenceView {
  const { plan } = end;
  const start = zonedTime(plan.endsAt, plan.timeZone);
  const finish = zonedTime(plan.endsAt + END_ENTRY_MS, plan.timeZone);
  return {
    key: `end:${end.environmentId}@${plan.endDate}`,
    windowId: `end:${end.environmentId}`,
    kind: 'environment-end',
    title: `${end.environmentName} ends`,
    start: plan.endsAt,
    end: plan.endsAt + END_ENTRY_MS,
    localStart: start,
    localEnd: finish,
    adjustment: null,
    crossesOffsetChange: false,
    regions: [end.regionId],
    environments: [end.environmentId],
    environmentCount: 1,
    customers: [{ tenantId: end.tenantId, name: end.tenantName, regionId: end.regionId, environments: [end.environmentId], start, end: finish }],
    customerCount: 1,
    notice: { state: 'not-required', requiredDays: 0, announceBy: null, reason: null },
    publications: [],
    conflicts: [],
    environmentEnd: { environmentId: end.environmentId, environmentName: end.environmentName, tenantName: end.tenantName, lifecycle: plan },
  };
}
