import type { DeploymentState, DeploymentView } from '../../../shared/contract/deploys.js';

export interface DeployNotice {
  title: string;
  body: string;
  /** One notification per deployment and state: a repeat replaces it rather than piling up. */
  tag: string;
}

/** The states a person must hear about wherever they are looking: it failed, it was swapped back, it waits for an answer. */
const NOTICED: ReadonlySet<DeploymentState> = new Set(['failed', 'rolled-back', 'paused']);

/**
 * What to notify when a deployment moves: only on arriving at a noticed state (not on each step
 * while it stays there), and only for a deployment this console has seen before, so a reload
 * does not replay old news.
 */
export function deployNotice(previous: DeploymentState | undefined, deployment: DeploymentView): DeployNotice | null {
  if (previous === undefined || previous === deployment.state || !NOTICED.has(deployment.state)) return null;
  const what =
    deployment.action === 'decommission'
      ? `Decommission of ${deployment.environmentName}`
      : `${deployment.action === 'rollback' ? 'Rollback' : 'Deploy'} of ${deployment.version} to ${deployment.environmentName}`;
  const title =
    deployment.state === 'failed'
      ? `Failed: ${what}`
      : deployment.state === 'rolled-back'
        ? `Swapped back: ${what}`
        : `Waiting for an answer: ${what}`;
  const body = deployment.state === 'paused' ? (deployment.interruption?.title ?? deployment.step ?? 'paused for manual intervention') : (deployment.message ?? '');
  return { title, body, tag: `deploy:${deployment.id}:${deployment.state}` };
}
