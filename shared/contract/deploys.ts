import { z } from 'zod';
import { ReleaseType, ReleaseVersion } from '../fleet-definition/deploys.js';
import { EnvironmentKind, Id, Ring } from '../fleet-definition/ids.js';
import { ZonedTime } from './calendar.js';
import { HealthStatus } from './health.js';
import { strictObject } from './strict-object.js';

/**
 * Releases, rollouts and deployments as the renderer sees them. Instants are epoch
 * milliseconds; local times carry their zone. Every write goes through deploys.preview
 * first: what it touches, the guards that apply and how it must be confirmed.
 */

export { ReleaseType } from '../fleet-definition/deploys.js';

export const ReleaseView = z.object({
  version: z.string(),
  type: ReleaseType,
  notes: z.string(),
  irreversible: z.array(z.string()),
  incident: z.string().nullable(),
  /** The release listed before it: what a rollback goes back to by default. */
  previous: z.string().nullable(),
});
export type ReleaseView = z.infer<typeof ReleaseView>;

/** Which environments an action is for, by the ids of the fleet file (a longer or malformed id cannot name anything). */
export const DeployTargetSelector = z.discriminatedUnion('by', [
  strictObject({ by: z.literal('environments'), ids: z.array(Id).min(1, 'expected at least one environment').max(5000) }),
  /** A customer group: every environment of a tenant. */
  strictObject({ by: z.literal('tenant'), id: Id }),
  strictObject({ by: z.literal('ring'), ring: Ring, regionId: Id.optional() }),
  strictObject({ by: z.literal('stage'), planId: Id, stageId: Id }),
]);
export type DeployTargetSelector = z.infer<typeof DeployTargetSelector>;

/**
 * What a deploy-grade action does: deploy a release, roll back, or decommission the environment
 * (its deploy backend tears it down; the fleet file then marks it gone).
 */
export const DeployAction = z.enum(['deploy', 'rollback', 'decommission']);
export type DeployAction = z.infer<typeof DeployAction>;

export const GuardId = z.enum([
  'allowed-slot',
  'freeze',
  'critical',
  'sev1-incident',
  'gate',
  'running',
  'offline',
  'hotfix-reference',
  /** Decommission: not before the environment's lifecycle end. */
  'lifecycle-end',
  /** Decommission: never a production environment. */
  'production',
  /** Decommission: never an environment kept on a hosting agreement. */
  'permanent-paid',
]);
export type GuardId = z.infer<typeof GuardId>;

/** A written reason to go past a failing guard; it is kept in the audit trail. */
export const GuardOverride = strictObject({
  guard: GuardId,
  reason: z.string().trim().min(10, 'expected a written reason of at least 10 characters').max(1000),
});
export type GuardOverride = z.infer<typeof GuardOverride>;

export const DeployRequest = strictObject({
  action: DeployAction,
  /** The release to deploy; for a rollback, the version to go back to (default: what each environment ran before). */
  version: ReleaseVersion.optional(),
  target: DeployTargetSelector,
  /** Now, or at the start of each environment's next allowed upgrade slot. */
  when: z.enum(['now', 'next-slot']).default('now'),
  /** Why: shown to colleagues and kept in the audit trail. */
  reason: z.string().trim().max(1000).default(''),
  /** A hotfix's severity-one reference (e.g. INC-2291); required for a hotfix. */
  incident: z.string().trim().max(100).optional(),
  overrides: z.array(GuardOverride).max(10).default([]),
  /** What the operator typed to confirm, where the confirmation asks for it. */
  confirmation: z.string().max(200).optional(),
  /** The operator ticked "I have checked the blast radius", where the confirmation asks for it. */
  blastRadiusChecked: z.boolean().optional(),
});
export type DeployRequest = z.infer<typeof DeployRequest>;

export const GuardResult = z.object({
  id: GuardId,
  label: z.string(),
  state: z.enum(['pass', 'fail', 'overridden']),
  /** Why it passes or fails, naming the environments, windows or alerts. */
  message: z.string(),
  /** Whether a written reason may go past it (offline and a deploy already running may not). */
  overridable: z.boolean(),
  environmentIds: z.array(z.string()),
});
export type GuardResult = z.infer<typeof GuardResult>;

export const BlastEnvironment = z.object({
  id: z.string(),
  name: z.string(),
  kind: EnvironmentKind,
  ring: Ring.nullable(),
  tenantId: z.string(),
  tenantName: z.string(),
  regionId: z.string(),
  regionName: z.string(),
  residency: z.string(),
  /** Now (or at the scheduled start) in the region's zone. */
  localTime: ZonedTime,
  scheduledFor: z.number().int().nullable(),
  currentVersion: z.string().nullable(),
  /** What a rollback would do here: swap back to a warm slot, or redeploy a version. */
  rollback: z.string(),
  health: HealthStatus,
});
export type BlastEnvironment = z.infer<typeof BlastEnvironment>;

export const BlastRadius = z.object({
  environmentCount: z.number().int(),
  customerCount: z.number().int(),
  /** At most 200 environments are listed; the counts are whole. */
  environments: z.array(BlastEnvironment),
  regions: z.array(z.object({ id: z.string(), name: z.string(), residency: z.string(), environmentCount: z.number().int(), localTime: ZonedTime })),
  kinds: z.record(EnvironmentKind, z.number().int()),
});
export type BlastRadius = z.infer<typeof BlastRadius>;

/** How the click must be confirmed: grows with the risk. */
export const Confirmation = z.object({
  level: z.enum(['click', 'confirm', 'type']),
  /** The name to type (an environment, a customer group, a ring or stage) when level is "type". */
  phrase: z.string().nullable(),
  why: z.string(),
});
export type Confirmation = z.infer<typeof Confirmation>;

export const DeployPreview = z.object({
  action: DeployAction,
  version: z.string().nullable(),
  release: ReleaseView.nullable(),
  targetLabel: z.string(),
  blastRadius: BlastRadius,
  guards: z.array(GuardResult),
  /** True when every guard passes or is overridden; the start is refused otherwise. */
  allowed: z.boolean(),
  confirmation: Confirmation,
  /** Direct, or through the staging slot (deploy to staging, check, swap, verify, swap back on failure). */
  flow: z.enum(['direct', 'staging-slot', 'mixed']),
  /** What a rollback cannot undo (database migrations and the like), from the releases involved. */
  irreversible: z.array(z.string()),
  /** Problems that make the request impossible as asked (unknown release, no deployer), in words. */
  problems: z.array(z.string()),
});
export type DeployPreview = z.infer<typeof DeployPreview>;

export const DeploymentState = z.enum([
  'scheduled',
  'starting',
  'queued',
  'running',
  'paused',
  'checking',
  'swapping',
  'verifying',
  'swapping-back',
  'soaking',
  /**
   * The start was sent (or the remote id is known) and the reachable backend shows no such
   * deployment: the console keeps asking, and an operator adopts what the backend shows or abandons it.
   */
  'lost-track',
  'succeeded',
  'failed',
  'cancelled',
  'rolled-back',
]);
export type DeploymentState = z.infer<typeof DeploymentState>;

export const FINISHED_STATES: readonly DeploymentState[] = ['succeeded', 'failed', 'cancelled', 'rolled-back'];

export const CheckResult = z.object({
  name: z.string(),
  type: z.enum(['http', 'metric']),
  slot: z.enum(['production', 'staging']),
  state: z.enum(['passed', 'failed', 'skipped']),
  /** What was seen: the status and a snippet, the value against its bound, or why it was skipped. */
  detail: z.string(),
  at: z.number().int(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const InterruptionView = z.object({
  id: z.string(),
  title: z.string(),
  message: z.string(),
  answers: z.array(z.enum(['retry', 'ignore', 'abort', 'proceed'])),
});
export type InterruptionView = z.infer<typeof InterruptionView>;

export const DeploymentView = z.object({
  id: z.string(),
  action: DeployAction,
  version: z.string(),
  previousVersion: z.string().nullable(),
  releaseType: ReleaseType.nullable(),
  environmentId: z.string(),
  environmentName: z.string(),
  tenantName: z.string(),
  regionId: z.string(),
  backendId: z.string(),
  remoteId: z.string().nullable(),
  flow: z.enum(['direct', 'staging-slot']),
  state: DeploymentState,
  progress: z.number().min(0).max(100).nullable(),
  /** The step or phase now, in words. */
  step: z.string().nullable(),
  interruption: InterruptionView.nullable(),
  checks: z.array(CheckResult),
  requestedBy: z.string(),
  requestedAt: z.number().int(),
  scheduledFor: z.number().int().nullable(),
  /** The scheduled start in the environment's region's zone, as its customers will see it. */
  scheduledLocal: ZonedTime.nullable(),
  startedAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
  reason: z.string(),
  incident: z.string().nullable(),
  overrides: z.array(GuardOverride),
  /** The result or the failure in words. */
  message: z.string().nullable(),
  planId: z.string().nullable(),
  stageId: z.string().nullable(),
  canCancel: z.boolean(),
  canRollback: z.boolean(),
});
export type DeploymentView = z.infer<typeof DeploymentView>;

/** A deployment as the deploy backend lists it for an environment: what an operator may adopt when the console lost track. */
export const RemoteRunView = z.object({
  remoteId: z.string(),
  /** The backend's name of where it deploys. */
  target: z.string(),
  version: z.string().nullable(),
  /** The console's key it carries; null when it was started outside the console. */
  key: z.string().nullable(),
  state: z.enum(['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled']).nullable(),
  createdAt: z.number().int().nullable(),
  /** It carries this deployment's key and deploys its release to its environment. */
  matches: z.boolean(),
});
export type RemoteRunView = z.infer<typeof RemoteRunView>;

/** How an operator ends a lost track: adopt a deployment the backend lists for the environment, or stop following it. */
export const LostTrackResolution = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('adopt'), remoteId: z.string().trim().min(1, 'expected the remote id of a deployment the backend lists').max(200) }),
  z.strictObject({ action: z.literal('abandon') }),
]);
export type LostTrackResolution = z.infer<typeof LostTrackResolution>;

export const DeploymentLogLine = z.object({ at: z.number().int(), level: z.enum(['info', 'warning', 'error']), text: z.string() });
export type DeploymentLogLine = z.infer<typeof DeploymentLogLine>;

export const DeploymentDetail = z.object({
  deployment: DeploymentView,
  log: z.array(DeploymentLogLine),
  /** Pass it as `after` to fetch only newer lines. */
  logCount: z.number().int(),
});
export type DeploymentDetail = z.infer<typeof DeploymentDetail>;

export const Drift = z.enum(['none', 'behind', 'ahead', 'unknown', 'differs']);
export type Drift = z.infer<typeof Drift>;

/**
 * One environment's row of the version matrix: only what the fleet snapshot does not say (its
 * name, kind, ring, customer and region come from there), so tens of thousands of rows stay small.
 */
export const MatrixRow = z.object({
  environmentId: z.string(),
  backendId: z.string().nullable(),
  version: z.string().nullable(),
  /** The version its ring's peers (or its plan stage) run: what it should run. */
  expected: z.string().nullable(),
  drift: Drift,
  /** Drift in words, e.g. "runs 2026.10.1; its ring runs 2026.11.2". */
  driftReason: z.string().nullable(),
  deployedAt: z.number().int().nullable(),
  lastState: DeploymentState.nullable(),
});
export type MatrixRow = z.infer<typeof MatrixRow>;

export const GateView = z.object({
  state: z.enum(['pass', 'fail', 'pending', 'not-applicable']),
  checksGreen: z.boolean(),
  healthSteady: z.boolean(),
  /** Soak time still to run; 0 once served. */
  soakRemainingMs: z.number().int(),
  message: z.string(),
});
export type GateView = z.infer<typeof GateView>;

export const StageView = z.object({
  id: z.string(),
  name: z.string(),
  environmentCount: z.number().int(),
  environmentIds: z.array(z.string()),
  customerCount: z.number().int(),
  /** The stage's next upgrade slot in its group's local time; null when it has none. */
  slot: z
    .object({ windowId: z.string(), title: z.string(), start: z.number().int(), end: z.number().int(), local: ZonedTime })
    .nullable(),
  uatFirst: z.boolean(),
  state: z.enum(['waiting', 'ready', 'running', 'soaking', 'done', 'failed']),
  deployedCount: z.number().int(),
  /** What must pass before this stage may start: the previous stage's gate. */
  gatedBy: GateView,
  /** This stage's own gate, which the next stage waits on. */
  gate: GateView,
});
export type StageView = z.infer<typeof StageView>;

export const RolloutPlanView = z.object({
  id: z.string(),
  name: z.string(),
  release: z.string(),
  soakMinutes: z.number().int(),
  stages: z.array(StageView),
});
export type RolloutPlanView = z.infer<typeof RolloutPlanView>;

export const DeploysOverview = z.object({
  releases: z.array(ReleaseView),
  plans: z.array(RolloutPlanView),
  /** Running and scheduled first, then the most recent finished (at most 100). */
  deployments: z.array(DeploymentView),
  /** Why versions could not be read from a deploy backend, if they could not. */
  problems: z.array(z.string()),
});
export type DeploysOverview = z.infer<typeof DeploysOverview>;

export const VersionMatrix = z.object({ rows: z.array(MatrixRow) });
export type VersionMatrix = z.infer<typeof VersionMatrix>;
