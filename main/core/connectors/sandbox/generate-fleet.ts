import { Temporal } from 'temporal-polyfill';
import type { EnvironmentDefinition, FleetDefinition, RegionDefinition, TenantDefinition } from '../../../../shared/fleet-definition/schema.js';
import { defaultIncidents } from '../../../../shared/fleet-definition/incidents.js';
import { LifecycleSettings } from '../../../../shared/fleet-definition/lifecycle.js';
import { defaultCalendar } from './default-calendar.js';
import { defaultDeploys, sandboxDeployment } from './default-deploys.js';
import { stageLifecycles } from './lifecycle-stages.js';
import { pick, seededRandom, type Random } from './random.js';

export const SANDBOX_BACKEND_ID = 'sandbox';
export const DEFAULT_SANDBOX_SIZE = 600;
export const DEFAULT_SANDBOX_SEED = 1;

/** Every simulated environment takes its alerts and error logs from the simulation too; one object shared by all. */
const SANDBOX_WATCH: NonNullable<EnvironmentDefinition['watch']> = {
  alertsFrom: [SANDBOX_BACKEND_ID],
  logs: { from: SANDBOX_BACKEND_ID, index: 'logs-*' },
};

/** Every simulated environment is deployed by the simulation and checked by its error rate; one object shared by all. */
const SANDBOX_DEPLOYMENT = sandboxDeployment(SANDBOX_BACKEND_ID);

export interface SandboxFleetOptions {
  seed: number;
  /** About how many environments to generate (the ring-deployed regions add a few). */
  size: number;
  /** The date go-live dates are counted from, so a seed gives the same fleet on any day. */
  epoch?: string;
  /** When the simulated rollout's customer groups start: each region's group n is booked for the week n − 1 weeks on. Without it, groups book no week. */
  rolloutFrom?: number;
}

/** Model A (DOMAIN.md): a shared service in cloud regions, released through rings, with staging slots. */
const CLOUD_REGIONS: ReadonlyArray<Omit<RegionDefinition, 'sites'> & { site: string }> = [
  { id: 'cloud-eu-west', name: 'Cloud EU West', timeZone: 'Europe/Dublin', residency: 'EU', cloud: 'public', site: 'Dublin' },
  { id: 'cloud-us-east', name: 'Cloud US East', timeZone: 'America/New_York', residency: 'US', cloud: 'public', site: 'Virginia' },
  { id: 'cloud-ap-southeast', name: 'Cloud AP Southeast', timeZone: 'Asia/Singapore', residency: 'SG', cloud: 'public', site: 'Singapore' },
];

/** Model B: isolated environments per customer in two regions, each with primary, DR and backup sites. */
const CUSTOMER_REGIONS: readonly RegionDefinition[] = [
  {
    id: 'apac',
    name: 'APAC',
    timeZone: 'Australia/Sydney',
    residency: 'AU',
    sites: [
      { id: 'apac-syd', name: 'Sydney primary', role: 'primary', location: 'Sydney' },
      { id: 'apac-mel', name: 'Melbourne DR', role: 'disaster-recovery', location: 'Melbourne' },
      { id: 'apac-bne', name: 'Brisbane backup', role: 'backup', location: 'Brisbane' },
    ],
  },
  {
    id: 'uk',
    name: 'UK',
    timeZone: 'Europe/London',
    residency: 'UK',
    sites: [
      { id: 'uk-lon', name: 'London primary', role: 'primary', location: 'London' },
      { id: 'uk-man', name: 'Manchester DR', role: 'disaster-recovery', location: 'Manchester' },
      { id: 'uk-car', name: 'Cardiff backup', role: 'backup', location: 'Cardiff' },
    ],
  },
];

const NAME_FIRST = [
  'Acacia', 'Banksia', 'Harbour', 'Northgate', 'Riverside', 'Kestrel', 'Wattle', 'Thames', 'Pennine', 'Coral',
  'Summit', 'Meridian', 'Bluegum', 'Ironbark', 'Ashford', 'Windsor', 'Lakeside', 'Granite', 'Highland', 'Seaview',
  'Orchard', 'Kingsway', 'Redfern', 'Marlow', 'Eastwood', 'Westbury', 'Silverton', 'Oakleigh', 'Fernhill', 'Clearwater',
];
const NAME_SECOND = [
  'Health', 'Logistics', 'Care', 'Retail', 'Hospitality', 'Security', 'Facilities', 'Aged Care', 'Mining', 'Transport',
  'Education', 'Council', 'Foods', 'Hotels', 'Clinics', 'Services', 'Group', 'Partners', 'Staffing', 'Events',
];

const RINGS: ReadonlyArray<{ suffix: string; ring: EnvironmentDefinition['ring']; kind: EnvironmentDefinition['kind'] }> = [
  { suffix: 'hourly', ring: 'internal', kind: 'internal' },
  { suffix: 'nightly', ring: 'internal', kind: 'internal' },
  { suffix: 'early-access', ring: 'early-access', kind: 'production' },
  { suffix: 'beta', ring: 'beta', kind: 'production' },
  { suffix: 'prod', ring: 'production', kind: 'production' },
];

/** The embedded default fleet: deterministic for a seed, exercising both operating models. */
export function generateSandboxFleet(options: SandboxFleetOptions): FleetDefinition {
  const random = seededRandom(options.seed);
  const epoch = Date.parse(`${options.epoch ?? '2026-01-01'}T00:00:00Z`);

  const cloudRegions: RegionDefinition[] = CLOUD_REGIONS.map(({ site, ...region }) => ({
    ...region,
    sites: [{ id: `${region.id}-1`, name: `${site} zone 1`, role: 'primary', location: site }],
  }));
  const sharedTenants: TenantDefinition[] = cloudRegions.map((region) => ({
    id: `shared-${region.id}`,
    name: `Shared service (${region.name})`,
    region: region.id,
    environments: RINGS.map(({ suffix, ring, kind }) => ({
      id: `${region.id}-${suffix}`,
      name: `${region.name} ${suffix}`,
      kind,
      ring,
      site: `${region.id}-1`,
      watchedBy: SANDBOX_BACKEND_ID,
      deployedBy: SANDBOX_BACKEND_ID,
      deployment: SANDBOX_DEPLOYMENT,
      watch: SANDBOX_WATCH,
      servers: ring === 'production' ? 8 : 3,
      // Production rings take a release with zero downtime: into the staging slot, then swapped.
      ...(kind === 'production' ? { slots: ['production' as const, 'staging' as const] } : {}),
    })),
  }));

  const customerTenants: TenantDefinition[] = [];
  const usedNames = new Map<string, number>();
  let environments = sharedTenants.reduce((sum, tenant) => sum + tenant.environments.length, 0);
  while (environments < options.size) {
    const region = CUSTOMER_REGIONS[customerTenants.length % CUSTOMER_REGIONS.length];
    if (!region) break;
    const tenant = customerTenant(random, region, uniqueName(random, usedNames), epoch, options.size - environments);
    customerTenants.push(tenant);
    environments += tenant.environments.length;
  }

  const lifecycle = LifecycleSettings.parse({});
  // Counted from the rollout's day when there is one (the running console's today), so the stages are current.
  stageLifecycles(customerTenants, CUSTOMER_REGIONS, lifecycle, options.rolloutFrom ?? epoch);

  return {
    version: 1,
    name: 'Simulated fleet',
    backends: [{ id: SANDBOX_BACKEND_ID, kind: 'sandbox', name: 'Simulated fleet', seed: options.seed, tickMs: 1000, faultRate: 0.01 }],
    regions: [...cloudRegions, ...CUSTOMER_REGIONS],
    tenants: [...sharedTenants, ...customerTenants],
    calendar: defaultCalendar(SANDBOX_BACKEND_ID),
    deploys: defaultDeploys(customerTenants, cloudRegions.map((region) => region.id), bookingWeeks(options.rolloutFrom)),
    lifecycle,
    incidents: defaultIncidents(),
  };
}

/** A customer group's booked week, as its region's date: the rollout's first day there, plus a week per group before it. */
function bookingWeeks(rolloutFrom: number | undefined): ((regionId: string, week: number) => string) | null {
  if (rolloutFrom === undefined) return null;
  const start = Temporal.Instant.fromEpochMilliseconds(rolloutFrom);
  return (regionId, week) => {
    const timeZone = CUSTOMER_REGIONS.find((region) => region.id === regionId)?.timeZone ?? 'UTC';
    return start.toZonedDateTimeISO(timeZone).toPlainDate().add({ weeks: week }).toString();
  };
}

function uniqueName(random: Random, used: Map<string, number>): string {
  const base = `${pick(random, NAME_FIRST)} ${pick(random, NAME_SECOND)}`;
  const count = (used.get(base) ?? 0) + 1;
  used.set(base, count);
  return count === 1 ? base : `${base} ${count}`;
}

function customerTenant(random: Random, region: RegionDefinition, name: string, epoch: number, room: number): TenantDefinition {
  const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const primary = region.sites.find((site) => site.role === 'primary') ?? region.sites[0];
  if (!primary) throw new Error(`region ${region.id} has no site`);
  const goLiveDay = Math.floor(random() * 730);
  const goLive = isoDate(epoch - goLiveDay * 86_400_000);
  const common = { site: primary.id, watchedBy: SANDBOX_BACKEND_ID, deployedBy: SANDBOX_BACKEND_ID, deployment: SANDBOX_DEPLOYMENT, watch: SANDBOX_WATCH, goLive };
  const envs: EnvironmentDefinition[] = [
    { id: `${id}-prod`, name: `${name} production`, kind: 'production', servers: 4 + Math.floor(random() * 4), ...common },
  ];
  // Temporary environments end 30 days after go-live (the rule) unless the customer pays to keep them.
  const paid = { lifecycle: { kind: 'permanent-paid' as const, agreement: `HA-${id}` } };
  if (envs.length < room && random() < 0.5) {
    envs.push({ id: `${id}-uat`, name: `${name} UAT`, kind: 'uat', servers: 2, ...common, ...(random() < 0.7 ? {} : paid) });
  }
  if (envs.length < room && random() < 0.3) {
    envs.push({ id: `${id}-training`, name: `${name} training`, kind: 'training', servers: 2, ...common, ...(random() < 0.7 ? {} : paid) });
  }
  return { id, name, region: region.id, environments: envs };
}

function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
