import { z } from 'zod';
import { CheckName, EnvironmentKind, Ring, SiteRole } from '../fleet-definition/schema.js';
import { HealthStatus, StatusCounts } from './health.js';

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
  decommission: z.string().optional(),
  watchedBy: z.string(),
  servers: z.number().int().positive(),
});
export type EnvironmentView = z.infer<typeof EnvironmentView>;

export const EnvironmentState = z.object({
  id: z.string(),
  /** What the console shows: health, or `stale` when the data is too old to trust. */
  status: HealthStatus,
  /** The last measured health, kept when the status turns stale. */
  health: HealthStatus,
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

export const FleetSnapshot = z.object({
  name: z.string(),
  revision: z.number().int().nonnegative(),
  generatedAt: EpochMs,
  regions: z.array(RegionView),
  tenants: z.array(TenantView),
  environments: z.array(EnvironmentView),
  states: z.array(EnvironmentState),
  rollups: z.array(Rollup),
  sources: z.array(SourceStatus),
});
export type FleetSnapshot = z.infer<typeof FleetSnapshot>;

/** A batch of changes since `revision - 1`; a gap in revisions means: fetch a new snapshot. */
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
