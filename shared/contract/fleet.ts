import { z } from 'zod';
import { CheckName, EnvironmentKind, Ring, SiteRole } from '../fleet-definition/schema.js';
import { Health, HealthStatus, StatusCounts } from './health.js';
import { EndNoticeTicket, LifecyclePlan } from './lifecycle.js';

/** What the renderer is shown of the fleet: the definition flattened, plus live state. */

const EpochMs = z.number().int().nonnegative();

export const RegionView = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  residency: z.string(),
  cloud: z.string().optional(),
  sites: z.array(z.object({ id: z.string(), name: z.string(), role: SiteRole })),
});
export type RegionView = z.infer<typeof RegionView>;

export const TenantView = z.object({ id: z.string(), name: z.string(), regionId: z.string() });
export type TenantView = z.infer<typeof TenantView>;

export const EnvironmentView = z.object({
  id: z.string(),
  name: z.string(),
  tenantId: z.string(),
  regionId: z.string(),
  siteId: z.string(),
  kind: EnvironmentKind,
  ring: Ring.optional(),
  slots: z.array(z.string()).optional(),
  goLive: z.string().optional(),
  lifecycle: LifecyclePlan,
  watchedBy: z.string(),
  servers: z.number().int().positive(),
});
export type EnvironmentView = z.infer<typeof EnvironmentView>;

export const EnvironmentState = z.object({
  id: z.string(),
  /** What the console shows: the health, or why it shows something else: `maintenance` (a silence covers it) or `stale` (the data is too old to trust). */
  status: HealthStatus,
  /** The health underneath, kept under a silence and when the data turns stale: what the deploy rules read. */
  health: Health,
  reason: z.string(),
  observedAt: EpochMs.nullable(),
  changedAt: EpochMs,
});
export type EnvironmentState = z.infer<typeof EnvironmentState>;

export const RollupScope = z.enum(['region', 'site', 'tenant']);
export type RollupScope = z.infer<typeof RollupScope>;

export const Rollup = z.object({
  scope: RollupScope,
  id: z.string(),
  status: HealthStatus,
  counts: StatusCounts,
});
export type Rollup = z.infer<typeof Rollup>;

export const SourceStatus = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  state: z.enum(['connecting', 'up', 'down']),
  lastSuccessAt: EpochMs.nullable(),
  lastError: z.string().nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  environments: z.number().int().nonnegative(),
});
export type SourceStatus = z.infer<typeof SourceStatus>;

/**
 * A column of 50,000 values, checked by one loop over the array instead of a zod schema per
 * element: several times faster on a cold page, and the parsed value is the array itself, not a
 * copy. Numbers are positions in another table of the snapshot, status codes or times; whether
 * each is whole and lands in its table is checked once per column (see columnProblem).
 */
function column<T>(description: string, isValue: (value: unknown) => value is T) {
  return z
    .custom<T[]>((value) => Array.isArray(value) && value.every(isValue), { message: `expected an array of ${description}` })
    .describe(`array of ${description}`);
}
const Numbers = column('numbers', (value): value is number => typeof value === 'number');
const NumbersOrNull = column('numbers or null', (value): value is number | null => value === null || typeof value === 'number');
const Strings = column('strings', (value): value is string => typeof value === 'string');

/** How many status codes there are: a status travels as its place in HealthStatus.options (worst first), one digit instead of a word. */
export const STATUS_CODES = HealthStatus.options.length;

/** Tenants as columns, one entry per tenant in each; `region` points into `regions`. */
export const TenantColumns = z.object({
  id: Strings,
  name: Strings,
  region: Numbers,
});
export type TenantColumns = z.infer<typeof TenantColumns>;

/** What many environments have in common (kind, ring, size, dates, watcher): sent once, pointed at by each. */
export const EnvironmentProfile = EnvironmentView.pick({ kind: true, ring: true, slots: true, goLive: true, lifecycle: true, watchedBy: true, servers: true });
export type EnvironmentProfile = z.infer<typeof EnvironmentProfile>;

/**
 * Environments as columns, one entry per environment in each, ordered by tenant name, then id:
 * the order every sort falls back to.
 */
export const EnvironmentColumns = z.object({
  id: Strings,
  name: Strings,
  /** Into `tenants`. */
  tenant: Numbers,
  /** Into the sites of `regions`, taken region by region in order. */
  site: Numbers,
  /** Into `profiles`. */
  profile: Numbers,
  profiles: z.array(EnvironmentProfile),
});
export type EnvironmentColumns = z.infer<typeof EnvironmentColumns>;

/** Live state as columns, aligned with the environment columns; times are ms from `timeBase`. */
export const StateColumns = z.object({
  timeBase: EpochMs,
  /** Status codes. */
  status: Numbers,
  health: Numbers,
  /** Into `reasons`: most environments share a handful of reasons ("All 25 checks OK"). */
  reason: Numbers,
  reasons: z.array(z.string()),
  observedAt: NumbersOrNull,
  changedAt: Numbers,
});
export type StateColumns = z.infer<typeof StateColumns>;

/**
 * The whole fleet in columns: a few large arrays of small values instead of two objects per
 * environment, so 50,000 environments parse, validate and index in tens of milliseconds.
 * Group rollups are not sent: they follow from the statuses, and the renderer counts them
 * under its filters anyway.
 */
export const FleetSnapshot = z
  .object({
    name: z.string(),
    revision: z.number().int().nonnegative(),
    generatedAt: EpochMs,
    regions: z.array(RegionView),
    tenants: TenantColumns,
    environments: EnvironmentColumns,
    states: StateColumns,
    sources: z.array(SourceStatus),
  })
  .superRefine((snapshot, ctx) => {
    const problem = columnProblem(snapshot);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });
export type FleetSnapshot = z.infer<typeof FleetSnapshot>;

type ColumnCheck = [path: string[], values: ReadonlyArray<number | null>, min: number, end: number];

/** Columns must line up, and their numbers must be whole and land in their tables. */
function columnProblem(snapshot: FleetSnapshot): { path: string[]; message: string } | null {
  const { tenants, environments: envs, states } = snapshot;
  const rows = envs.id.length;
  const siteCount = snapshot.regions.reduce((sum, region) => sum + region.sites.length, 0);
  const checks: ColumnCheck[] = [
    [['tenants', 'region'], tenants.region, 0, snapshot.regions.length],
    [['environments', 'tenant'], envs.tenant, 0, tenants.id.length],
    [['environments', 'site'], envs.site, 0, siteCount],
    [['environments', 'profile'], envs.profile, 0, envs.profiles.length],
    [['states', 'status'], states.status, 0, STATUS_CODES],
    [['states', 'health'], states.health, 0, STATUS_CODES],
    [['states', 'reason'], states.reason, 0, states.reasons.length],
    [['states', 'observedAt'], states.observedAt, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    [['states', 'changedAt'], states.changedAt, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ];
  if (tenants.name.length !== tenants.id.length) return { path: ['tenants', 'name'], message: `expected ${tenants.id.length} entries, got ${tenants.name.length}` };
  if (envs.name.length !== rows) return { path: ['environments', 'name'], message: `expected ${rows} entries, got ${envs.name.length}` };
  for (const [path, values, min, end] of checks) {
    const expected = path[0] === 'tenants' ? tenants.id.length : rows;
    if (values.length !== expected) return { path, message: `expected ${expected} entries, got ${values.length}` };
    for (let row = 0; row < values.length; row++) {
      const value = values[row];
      if (value === null && path[1] === 'observedAt') continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value >= end) {
        return { path: [...path, String(row)], message: `expected a whole number from ${min} to ${end - 1}, got ${String(value)}` };
      }
    }
  }
  return null;
}

/**
 * A batch of changes since `revision - 1`; a gap in revisions means: fetch a new snapshot. When a
 * batch would carry a large part of the fleet (the first scrape, a source coming back), the core
 * sends an empty delta two revisions on instead: the snapshot says the same in far fewer bytes.
 */
export const FleetDelta = z.object({
  revision: z.number().int().positive(),
  at: EpochMs,
  states: z.array(EnvironmentState),
  rollups: z.array(Rollup),
  sources: z.array(SourceStatus),
});
export type FleetDelta = z.infer<typeof FleetDelta>;

/** Defined with the fleet file, whose Prometheus backends name checks; re-exported as part of the contract. */
export { CheckName };

export const CheckResult = z.object({
  check: CheckName,
  status: HealthStatus,
  value: z.number().nullable(),
  unit: z.string(),
  summary: z.string(),
  /** When this check last answered: older than its environment's other checks when a round left it out. */
  observedAt: EpochMs.nullable(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const ServerView = z.object({
  name: z.string(),
  role: z.string(),
  status: HealthStatus,
  checks: z.array(CheckResult),
});
export type ServerView = z.infer<typeof ServerView>;

export const EnvironmentDetail = z.object({
  environment: EnvironmentView,
  tenant: TenantView,
  region: RegionView,
  state: EnvironmentState,
  servers: z.array(ServerView),
  /** Servers are only known while the source is live; offline, the detail says so. */
  serversAsOf: EpochMs.nullable(),
  canSimulateFaults: z.boolean(),
  /** The runbook page of each check the fleet file names one for (a Confluence page id per check). */
  runbooks: z.array(z.object({ check: CheckName, url: z.string() })),
  /** The account team's ticket about this environment's end, once the console has made it. */
  endNotice: EndNoticeTicket.nullable(),
});
export type EnvironmentDetail = z.infer<typeof EnvironmentDetail>;

export const DefinitionProblem = z.object({
  file: z.string(),
  line: z.number().int().positive().nullable(),
  column: z.number().int().positive().nullable(),
  path: z.string(),
  message: z.string(),
});
export type DefinitionProblem = z.infer<typeof DefinitionProblem>;

/** `file:line:column path: message`, the way an editor jumps to it; the same in logs and on screen. */
export function describeProblem(problem: DefinitionProblem): string {
  const where = problem.line === null ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path ? `${where} ${problem.path}: ${problem.message}` : `${where} ${problem.message}`;
}

export const DefinitionStatus = z.object({
  source: z.enum(['embedded-sandbox', 'file']),
  file: z.string().nullable(),
  loadedAt: EpochMs,
  /** Problems in the file as it is now; the console keeps running on the last good definition. */
  problems: z.array(DefinitionProblem),
});
export type DefinitionStatus = z.infer<typeof DefinitionStatus>;
