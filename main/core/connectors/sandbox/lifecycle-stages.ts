import { Temporal } from 'temporal-polyfill';
import type { LifecycleSettings } from '../../../../shared/fleet-definition/lifecycle.js';
import type { EnvironmentDefinition, RegionDefinition, TenantDefinition } from '../../../../shared/fleet-definition/schema.js';
import { planLifecycle } from '../../lifecycle/lifecycle-plan.js';

/**
 * Customers at every stage of the lifecycle, so a newcomer sees the feature on `npm start`: the
 * first customers with a UAT go live so many days before the reference day (a go-live 25 days
 * ago leaves 5 of the 30, inside the 14-day warning). Of every other customer's temporary
 * environments long past their end, the first few were decommissioned a few days after it and
 * the rest are kept on a hosting agreement, as most customers who keep using one do.
 */
const DECOMMISSIONED_SHOWN = 3;
const STAGES: ReadonlyArray<{ daysAgo: number; lifecycle?: (today: Temporal.PlainDate) => EnvironmentDefinition['lifecycle'] }> = [
  { daysAgo: 25 }, // ending soon
  { daysAgo: 33 }, // due: ended 3 days ago, inside the grace days
  { daysAgo: 60 }, // should be gone: ended a month ago and still answers
  { daysAgo: 200, lifecycle: () => ({ kind: 'permanent-paid', agreement: 'HA-2291' }) },
  { daysAgo: 400, lifecycle: (today) => ({ kind: 'release-temporary', release: '2026.11.1', end: today.add({ days: 20 }).toString() }) },
  { daysAgo: 5 }, // active: went live this week
];

export function stageLifecycles(tenants: TenantDefinition[], regions: readonly RegionDefinition[], settings: LifecycleSettings, reference: number): void {
  const zones = new Map(regions.map((region) => [region.id, region.timeZone]));
  const staged = tenants.filter((tenant) => tenant.environments.some((env) => env.kind === 'uat' && env.lifecycle === undefined)).slice(0, STAGES.length);
  staged.forEach((tenant, index) => {
    const stage = STAGES[index];
    if (!stage) return;
    const today = Temporal.Instant.fromEpochMilliseconds(reference).toZonedDateTimeISO(zones.get(tenant.region) ?? 'UTC').toPlainDate();
    const goLive = today.subtract({ days: stage.daysAgo }).toString();
    for (const env of tenant.environments) {
      env.goLive = goLive;
      if (env.kind === 'uat' && stage.lifecycle) env.lifecycle = stage.lifecycle(today);
    }
  });
  let decommissioned = 0;
  for (const tenant of tenants) {
    if (staged.includes(tenant)) continue;
    for (const env of tenant.environments) {
      const plan = planLifecycle(env, tenant, zones.get(tenant.region) ?? 'UTC', settings);
      if (plan.endDate === null || plan.goneAfter === null || plan.goneAfter > reference) continue;
      if (decommissioned++ < DECOMMISSIONED_SHOWN) env.decommissioned = Temporal.PlainDate.from(plan.endDate).add({ days: 1 + (env.id.length % 5) }).toString();
      else env.lifecycle = { kind: 'permanent-paid', agreement: `HA-${2300 + decommissioned}` };
    }
  }
}
