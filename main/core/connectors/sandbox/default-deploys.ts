import type { EnvironmentView } from '../../../../shared/contract/fleet.js';
import type { DeploysDefinition, EnvironmentDeployment, ReleaseDefinition, RolloutStage } from '../../../../shared/fleet-definition/deploys.js';
import type { TenantDefinition } from '../../../../shared/fleet-definition/schema.js';
import { hashOf } from './random.js';

/**
 * The simulated fleet's releases and rollout plan (DOMAIN.md): an enhancement, two planned
 * service patches and a hotfix, and the newest patch on its way through the rings and then
 * to the customer groups in their weekly upgrade timeslots (default-calendar.ts).
 */

export const DEFAULT_RELEASES: readonly ReleaseDefinition[] = [
  {
    version: '2026.10.0',
    type: 'enhancement',
    notes: 'Rostering board redesign, shift swap approvals on mobile, payroll export to the new tax format.',
    irreversible: [],
  },
  {
    version: '2026.10.3',
    type: 'service-patch',
    notes: 'Fixes duplicate timesheet lines after a shift swap and slow report delivery for large sites.',
    irreversible: [],
  },
  {
    version: '2026.10.4',
    type: 'hotfix',
    notes: 'Award interpretation skipped overtime on public holidays.',
    irreversible: [],
    incident: 'INC-2291',
  },
  {
    version: '2026.11.1',
    type: 'service-patch',
    notes: 'Faster roster publishing; message parsing retries on transient mail server errors.',
    irreversible: [
      'database migration 0142 adds a NOT NULL column to roster_shift and backfills it',
      'message parsing queue entries are re-keyed; older releases cannot read the new keys',
    ],
  },
];

const NEWEST = '2026.11.1';
const CURRENT = '2026.10.4';

/** Every simulated environment is checked after a deploy by the same error-rate query, answered by the simulation. */
export function sandboxDeployment(backendId: string): EnvironmentDeployment {
  return {
    variables: {},
    checks: [{ type: 'metric', name: 'Error rate', from: backendId, query: 'error_rate{environment="{environment}"}', below: 0.05 }],
  };
}

/** Customer groups per region; in APAC the first group takes the release on its UAT environments first. */
const CUSTOMER_GROUPS: ReadonlyArray<{ region: string; slot: string; groups: number; label: string; uatFirst: boolean }> = [
  { region: 'apac', slot: 'apac-upgrade-slots', groups: 3, label: 'APAC', uatFirst: true },
  { region: 'uk', slot: 'uk-upgrade-slot', groups: 2, label: 'UK', uatFirst: false },
];

/**
 * Releases and a plan for the newest one: rings first, cloud production region by region, then
 * customer groups (the first one with UAT first), each booked for a week of its own when
 * `bookedWeek` says which date that week starts on in the group's region.
 */
export function defaultDeploys(
  customerTenants: readonly TenantDefinition[],
  cloudRegions: readonly string[],
  bookedWeek: ((regionId: string, week: number) => string) | null = null,
): DeploysDefinition {
  const ringStages: RolloutStage[] = [
    { id: 'internal', name: 'Internal (hourly and nightly)', targets: { rings: ['internal'] }, uatFirst: false },
    { id: 'early-access', name: 'Early access', targets: { rings: ['early-access'] }, uatFirst: false },
    { id: 'beta', name: 'Beta', targets: { rings: ['beta'] }, uatFirst: false },
    ...cloudRegions.map((region) => ({
      id: `production-${region}`,
      name: `Production ${region}`,
      targets: { rings: ['production' as const], regions: [region] },
      uatFirst: false,
    })),
  ];
  const groupStages: RolloutStage[][] = CUSTOMER_GROUPS.map(({ region, slot, groups, label, uatFirst }) => {
    const tenants = customerTenants.filter((tenant) => tenant.region === region).map((tenant) => tenant.id);
    const size = Math.ceil(tenants.length / groups);
    return Array.from({ length: groups }, (_, index) => ({
      id: `${region}-group-${index + 1}`,
      name: `${label} customers, group ${index + 1}${uatFirst && index === 0 ? ' (UAT first)' : ''}`,
      targets: { tenants: tenants.slice(index * size, (index + 1) * size) },
      slot,
      ...(bookedWeek ? { from: bookedWeek(region, index) } : {}),
      uatFirst: uatFirst && index === 0,
    })).filter((stage) => stage.targets.tenants.length > 0);
  });
  // Interleaved so the weeks alternate between regions: APAC 1, UK 1, APAC 2, UK 2, APAC 3.
  const customerStages: RolloutStage[] = [];
  for (let index = 0; groupStages.some((stages) => index < stages.length); index++) {
    for (const stages of groupStages) {
      const stage = stages[index];
      if (stage) customerStages.push(stage);
    }
  }
  return {
    soakMinutes: 30,
    releases: [...DEFAULT_RELEASES],
    plans: [{ id: `rollout-${NEWEST}`, name: `Rollout of ${NEWEST}`, release: NEWEST, soakMinutes: 60, stages: [...ringStages, ...customerStages] }],
  };
}

/**
 * The version an environment runs when the simulation starts: the internal ring already
 * took the newest release, the rest run the hotfix, and a few drift behind it.
 */
export function startingVersion(seed: number, environment: Pick<EnvironmentView, 'id' | 'ring'>): string {
  if (environment.ring === 'internal') return NEWEST;
  const roll = hashOf(seed, `version:${environment.id}`) % 100;
  if (roll < 2) return '2026.10.0';
  if (roll < 8) return '2026.10.3';
  return CURRENT;
}
