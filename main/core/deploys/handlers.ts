import type { AreaHandlers } from '../api/handlers.js';
import type { DeployService } from './deploy-service.js';

export function deployHandlers(
  deploys: DeployService,
): AreaHandlers<'deploys.overview' | 'deploys.matrix' | 'deploys.preview' | 'deploys.start' | 'deploys.deployment' | 'deploys.cancel' | 'deploys.answer' | 'deploys.remoteRuns' | 'deploys.resolveLostTrack' | 'sandbox.deployFault'> {
  return {
    'deploys.overview': () => deploys.overview(),
    'deploys.matrix': () => deploys.matrix(),
    'deploys.preview': ({ request }) => deploys.preview(request),
    'deploys.start': ({ request }) => deploys.start(request),
    'deploys.deployment': ({ id, after }) => deploys.deployment(id, after),
    'deploys.cancel': ({ id, reason }) => deploys.cancel(id, reason),
    'deploys.answer': ({ id, interruptionId, answer, notes }) => deploys.answer(id, interruptionId, answer, notes),
    'deploys.remoteRuns': ({ id }) => deploys.remoteRuns(id),
    'deploys.resolveLostTrack': ({ id, resolution, reason }) => deploys.resolveLostTrack(id, resolution, reason),
    'sandbox.deployFault': ({ environmentId, fault }) => deploys.deployFault(environmentId, fault),
  };
}
