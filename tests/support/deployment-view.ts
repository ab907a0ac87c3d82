import type { DeploymentView } from '../../shared/contract/deploys.js';

/** A deployment as the contract shows it, for tests and benchmarks: a plain finished deploy unless told otherwise. */
export function deploymentView(input: Partial<DeploymentView> & Pick<DeploymentView, 'id' | 'environmentId' | 'version' | 'state'>): DeploymentView {
  return {
    action: 'deploy',
    previousVersion: null,
    releaseType: null,
    environmentName: input.environmentId,
    tenantName: 'tenant',
    regionId: 'apac',
    backendId: 'sandbox',
    remoteId: null,
    flow: 'direct',
    progress: null,
    step: null,
    interruption: null,
    checks: [],
    requestedBy: 'ops',
    requestedAt: 0,
    scheduledFor: null,
    scheduledLocal: null,
    startedAt: 0,
    finishedAt: 0,
    reason: '',
    incident: null,
    overrides: [],
    message: null,
    planId: null,
    stageId: null,
    canCancel: false,
    canRollback: false,
    ...input,
  };
}
