import type { AlertView } from '../../../shared/contract/alerts.js';
import type { CheckResult, DeploymentView, DeployPreview, DeployRequest } from '../../../shared/contract/deploys.js';
import type { EnvironmentView } from '../../../shared/contract/fleet.js';
import type { LifecyclePlan } from '../../../shared/contract/lifecycle.js';
import type { PostDeployCheck } from '../../../shared/fleet-definition/deploys.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { DeployTarget, RemoteFreeze } from '../connectors/capabilities.js';
import type { HealthReading } from '../fleet/health-reading.js';
import type { FleetView } from '../fleet/fleet-view.js';

/**
 * What the deploy rules decide from: the seam between the rules (policy/, pure and
 * synchronous) and the deploy service, which gathers these facts from the fleet, the
 * alerts, the deploy backends and its own records.
 */
export interface DeployFacts {
  now: number;
  definition: FleetDefinition;
  view: FleetView;
  /** Health now, by environment id: the health underneath, never hidden by a silence, and whether it is stale. */
  health(environmentId: string): HealthReading;
  /** The alert feed: a critical, unsilenced alert on an environment stands for an open severity-one incident (there is no incident model yet). */
  alerts: readonly AlertView[];
  /** The version each environment runs, from its deploy backend or else the console's own record. */
  versions: ReadonlyMap<string, { version: string; at: number | null }>;
  /** The console's deployments, newest first (running, scheduled and finished). */
  deployments: readonly DeploymentView[];
  /** Deploy backends that cannot be reached now, with why: deploys through them are refused, never queued. */
  unreachable: ReadonlyMap<string, string>;
  /** Freezes the deploy backends themselves hold, by backend id. */
  remoteFreezes: ReadonlyMap<string, readonly RemoteFreeze[]>;
  /** Each environment's lifecycle: what decommissions are guarded by, and what deploys and drift leave out. */
  lifecycle(environmentId: string): LifecycleFacts;
}

/** What the deploy rules read of an environment's lifecycle (main/core/lifecycle plans it from the fleet file). */
export type LifecycleFacts = Pick<LifecyclePlan, 'kind' | 'endsAt' | 'endDate' | 'agreement' | 'decommissioned'>;

/** One environment of a previewed action, with everything the service needs to run it. */
export interface PlannedTarget {
  environment: EnvironmentView;
  /** The deploy backend. */
  backendId: string;
  /** The backend that swaps slots in the staging-slot flow; null for a direct deploy. */
  swapBy: string | null;
  flow: 'direct' | 'staging-slot';
  version: string;
  previousVersion: string | null;
  /** Start of its next allowed slot when the request says next-slot; null = now. */
  scheduledFor: number | null;
  /** End of that slot: the deployment must not start after it. */
  noRunAfter: number | null;
  /** Rollback only: swap back to the warm slot rather than redeploy. */
  swapBack: boolean;
  deployTarget: Omit<DeployTarget, 'slot'>;
  checks: readonly PostDeployCheck[];
  planId: string | null;
  stageId: string | null;
}

export interface PlannedAction {
  preview: DeployPreview;
  targets: PlannedTarget[];
}

/** Runs the post-deploy checks of one environment against one slot. */
export type RunChecks = (request: {
  environmentId: string;
  version: string;
  slot: 'production' | 'staging';
  checks: readonly PostDeployCheck[];
  signal: AbortSignal;
}) => Promise<CheckResult[]>;

export type { DeployRequest };
