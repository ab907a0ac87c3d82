import type { AuditResult } from '../../../shared/contract/audit.js';
import { FINISHED_STATES, type CheckResult, type DeploymentState, type DeploymentView, type DeployRequest } from '../../../shared/contract/deploys.js';
import { zonedTime } from '../../../shared/time/zoned-time.js';
import type { DeploymentRecord } from '../store/deployment-repo.js';
import type { PlannedTarget } from './deploy-facts.js';

export function isFinished(state: DeploymentState): boolean {
  return FINISHED_STATES.includes(state);
}

/** What may be done with it next, worked out from its state so the view never says otherwise. */
export function withAbilities(view: DeploymentView): DeploymentView {
  const rollbackable = (view.state === 'succeeded' || view.state === 'failed') && view.action === 'deploy';
  return {
    ...view,
    // Every state before the end: on the backend where it runs there, else here (see DeploymentRunner.cancel).
    canCancel: !isFinished(view.state),
    canRollback: rollbackable && (view.previousVersion !== null || view.flow === 'staging-slot'),
  };
}

/** "acme-prod (Acme, apac)": how the trail names where a deployment went. */
export function placeOf(view: Pick<DeploymentView, 'environmentName' | 'tenantName' | 'regionId' | 'environmentId'>): string {
  return `${view.environmentName} [${view.environmentId}] (${view.tenantName}, ${view.regionId})`;
}

export function auditResultOf(state: DeploymentState): AuditResult {
  if (state === 'succeeded') return 'succeeded';
  if (state === 'cancelled') return 'cancelled';
  return 'failed';
}

export function describeChecks(checks: readonly CheckResult[]): string {
  return checks.map((check) => `${check.name} on ${check.slot}: ${check.state} (${check.detail})`).join('; ');
}

export interface NewDeployment {
  id: string;
  target: PlannedTarget;
  request: DeployRequest;
  releaseType: DeploymentView['releaseType'];
  tenantName: string;
  /** The zone of the environment's region: a scheduled start is also shown in it. */
  timeZone: string | null;
  requestedBy: string;
  now: number;
}

/** The record of one planned environment, written before the backend hears of it. */
export function newDeploymentRecord({ id, target, request, releaseType, tenantName, timeZone, requestedBy, now }: NewDeployment): DeploymentRecord {
  const scheduled = target.scheduledFor !== null && target.scheduledFor > now;
  const view: DeploymentView = withAbilities({
    id,
    action: request.action,
    version: target.version,
    previousVersion: target.previousVersion,
    releaseType,
    environmentId: target.environment.id,
    environmentName: target.environment.name,
    tenantName,
    regionId: target.environment.regionId,
    backendId: target.backendId,
    remoteId: null,
    flow: target.flow,
    state: scheduled ? 'scheduled' : 'starting',
    progress: null,
    step: scheduled ? 'waiting for its slot' : 'starting',
    interruption: null,
    checks: [],
    requestedBy,
    requestedAt: now,
    scheduledFor: target.scheduledFor,
    scheduledLocal: target.scheduledFor !== null && timeZone !== null ? zonedTime(target.scheduledFor, timeZone) : null,
    startedAt: null,
    finishedAt: null,
    reason: request.reason,
    incident: request.incident ?? null,
    overrides: request.overrides,
    message: null,
    planId: target.planId,
    stageId: target.stageId,
    canCancel: true,
    canRollback: false,
  });
  return {
    key: `watchfloor-${id}`,
    view,
    target: {
      remoteName: target.deployTarget.remoteName,
      remoteTenant: target.deployTarget.remoteTenant,
      variables: { ...target.deployTarget.variables },
      swapBy: target.swapBy,
      swapBack: target.swapBack,
      checks: [...target.checks],
      noRunAfter: target.noRunAfter,
    },
    remoteLogCount: 0,
    swapped: false,
    soakUntil: null,
    lastAnswerAt: null,
    startSentAt: null,
    swapSentAt: null,
  };
}
