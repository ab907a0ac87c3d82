import { z } from 'zod';
import { EnvironmentKind, Id, Ring } from './ids.js';

/**
 * Releases, rollout plans and how each environment is deployed, as a team keeps them in
 * the fleet file. The deploy backends themselves (octopus, azure-app-service, command,
 * sandbox) are declared among the backends.
 */

export const ReleaseType = z.enum(['enhancement', 'service-patch', 'hotfix']);
export type ReleaseType = z.infer<typeof ReleaseType>;

const Version = z
  .string()
  .regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/, 'expected a release version such as "2026.11.2" or "5.4.1-hotfix.1"');

export const ReleaseDefinition = z.object({
  version: Version,
  type: ReleaseType,
  notes: z.string().default(''),
  /** Things a rollback of this release cannot undo, shown before a rollback is confirmed. */
  irreversible: z
    .array(z.string().min(1))
    .default([])
    .describe('what a rollback of this release cannot undo, e.g. "database migration 0142 adds a NOT NULL column"'),
  /** A hotfix answers a severity-one issue; its reference is required. */
  incident: z.string().min(1).optional().describe('the severity-one reference a hotfix answers, e.g. "INC-2291"'),
  /** How long a deploy of it takes: the guards fit the whole deploy, not its start, into slots and around freezes. */
  expectedMinutes: z
    .number()
    .int()
    .min(1)
    .max(10_080)
    .optional()
    .describe("how long a deploy of this release takes, in minutes; default the median of the environment's last deployments"),
});
export type ReleaseDefinition = z.infer<typeof ReleaseDefinition>;

/** An HTTP or metric check run on an environment after a deploy (and on its staging slot before a swap). */
export const PostDeployCheck = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('http'),
    name: z.string().min(1).optional(),
    url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
    /** The same page on the staging slot, checked before a swap. */
    stagingUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
    expectStatus: z.number().int().min(100).max(599).default(200),
    /** Text the answer must contain, e.g. the release version. `{version}` is replaced by the version deployed. */
    contains: z.string().min(1).optional(),
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  }),
  z.object({
    type: z.literal('metric'),
    name: z.string().min(1).optional(),
    /** A prometheus (or sandbox) backend. */
    from: Id,
    /** PromQL; `{environment}` is replaced by the environment id. Every series of the answer must be within bounds. */
    query: z.string().min(1),
    below: z.number().optional(),
    above: z.number().optional(),
  }),
]);
export type PostDeployCheck = z.infer<typeof PostDeployCheck>;

/** How one environment is deployed, beside `deployedBy` (the deploy backend). */
export const EnvironmentDeployment = z.object({
  /** The deployer's name for it: an Octopus environment, an Azure App Service site, the TARGET of a command. Default the environment id. */
  name: z.string().min(1).optional(),
  /** An Octopus tenant name for tenanted deployments; default the untenanted deployment. */
  tenant: z.string().min(1).optional(),
  /** The backend that swaps its staging and production slots (azure-app-service, command or sandbox); default the deployer. */
  swapBy: Id.optional(),
  variables: z.record(z.string(), z.string()).default({}),
  checks: z.array(PostDeployCheck).default([]),
});
export type EnvironmentDeployment = z.infer<typeof EnvironmentDeployment>;

/** Which environments a stage of a plan takes: everything that matches every part given. */
export const StageTargets = z.object({
  rings: z.array(Ring).optional(),
  regions: z.array(Id).optional(),
  tenants: z.array(Id).optional(),
  environments: z.array(Id).optional(),
  kinds: z.array(EnvironmentKind).optional(),
});
export type StageTargets = z.infer<typeof StageTargets>;

export const RolloutStage = z.object({
  id: Id,
  name: z.string().min(1),
  targets: StageTargets,
  /** An upgrade-slot window of the calendar: the stage runs in its occurrences, in the group's local time. */
  slot: Id.optional(),
  /** The week the group is booked for: it takes the first occurrence of its slot on or after this date (in the slot's zone). */
  from: z.iso.date('expected a date as YYYY-MM-DD').optional().describe('the group is booked into its first slot on or after this date, e.g. 2026-12-03'),
  /** The customers' UAT environments take the release before their production. */
  uatFirst: z.boolean().default(false),
  /** Minutes the stage's health must hold after its checks pass before the next stage may start; default the plan's. */
  soakMinutes: z.number().int().min(0).max(10_080).optional(),
});
export type RolloutStage = z.infer<typeof RolloutStage>;

export const RolloutPlanDefinition = z.object({
  id: Id,
  name: z.string().min(1),
  release: Version,
  soakMinutes: z.number().int().min(0).max(10_080).optional(),
  stages: z.array(RolloutStage).min(1, 'expected at least one stage'),
});
export type RolloutPlanDefinition = z.infer<typeof RolloutPlanDefinition>;

export const DeploysDefinition = z.object({
  /** Minutes a stage's health must hold after its checks pass (the gate's soak time). */
  soakMinutes: z.number().int().min(0).max(10_080).default(30),
  releases: z.array(ReleaseDefinition).default([]),
  plans: z.array(RolloutPlanDefinition).default([]),
});
export type DeploysDefinition = z.infer<typeof DeploysDefinition>;

export { Version as ReleaseVersion };
