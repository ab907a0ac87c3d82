import type { DeployAction, Drift, DeploymentState, GateView, GuardResult, ReleaseType, StageView } from '../../../../shared/contract/deploys.js';
import type { HealthStatus } from '../../../../shared/contract/index.js';

/**
 * Words and icons for the Deploys view. Each state is drawn with the health icon that
 * means the same to a person watching (check, octagon, triangle, wrench, clock), and always named.
 */

export const STATE_LABELS: Readonly<Record<DeploymentState, string>> = {
  scheduled: 'Scheduled',
  starting: 'Starting',
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused: needs an answer',
  checking: 'Checking',
  swapping: 'Swapping slots',
  verifying: 'Verifying',
  'swapping-back': 'Swapping back',
  soaking: 'Soaking',
  'lost-track': 'Lost track',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  'rolled-back': 'Rolled back',
};

export const STATE_STATUS: Readonly<Record<DeploymentState, HealthStatus>> = {
  scheduled: 'stale',
  starting: 'maintenance',
  queued: 'stale',
  running: 'maintenance',
  paused: 'warning',
  checking: 'maintenance',
  swapping: 'maintenance',
  verifying: 'maintenance',
  'swapping-back': 'warning',
  soaking: 'maintenance',
  'lost-track': 'critical',
  succeeded: 'ok',
  failed: 'critical',
  cancelled: 'unknown',
  'rolled-back': 'warning',
};

export const ACTION_LABELS: Readonly<Record<DeployAction, string>> = { deploy: 'Deploy', rollback: 'Rollback', decommission: 'Decommission' };

export const RELEASE_TYPE_LABELS: Readonly<Record<ReleaseType, string>> = {
  enhancement: 'Enhancement',
  'service-patch': 'Service patch',
  hotfix: 'Hotfix',
};

export const DRIFT_LABELS: Readonly<Record<Drift, string>> = {
  none: 'In step',
  behind: 'Behind',
  ahead: 'Ahead',
  differs: 'Differs',
  unknown: 'Unknown',
};

export const DRIFT_STATUS: Readonly<Record<Drift, HealthStatus>> = {
  none: 'ok',
  behind: 'warning',
  ahead: 'maintenance',
  differs: 'warning',
  unknown: 'unknown',
};

export const GUARD_LABELS: Readonly<Record<GuardResult['state'], string>> = { pass: 'Passes', fail: 'Fails', overridden: 'Overridden' };

export const GUARD_STATUS: Readonly<Record<GuardResult['state'], HealthStatus>> = { pass: 'ok', fail: 'critical', overridden: 'warning' };

export const GATE_LABELS: Readonly<Record<GateView['state'], string>> = {
  pass: 'Gate passed',
  fail: 'Gate failed',
  pending: 'Gate pending',
  'not-applicable': 'No gate',
};

export const GATE_STATUS: Readonly<Record<GateView['state'], HealthStatus>> = { pass: 'ok', fail: 'critical', pending: 'stale', 'not-applicable': 'unknown' };

export const STAGE_LABELS: Readonly<Record<StageView['state'], string>> = {
  waiting: 'Waiting',
  ready: 'Ready',
  running: 'Running',
  soaking: 'Soaking',
  done: 'Done',
  failed: 'Failed',
};

export const STAGE_STATUS: Readonly<Record<StageView['state'], HealthStatus>> = {
  waiting: 'stale',
  ready: 'unknown',
  running: 'maintenance',
  soaking: 'maintenance',
  done: 'ok',
  failed: 'critical',
};

export const FLOW_LABELS: Readonly<Record<'direct' | 'staging-slot' | 'mixed', string>> = {
  direct: 'Direct: deployed in place',
  'staging-slot': 'Through the staging slot: deploy to staging, check, swap, verify, swap back if verification fails',
  mixed: 'Mixed: through the staging slot where an environment has one, in place elsewhere',
};
