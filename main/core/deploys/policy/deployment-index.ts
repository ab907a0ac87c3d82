import { FINISHED_STATES, type DeploymentView } from '../../../../shared/contract/deploys.js';

/** The console's deployments indexed by environment, newest first as the facts give them. */
export interface DeploymentIndex {
  /** The newest deployment of each environment, whatever its state. */
  latest: ReadonlyMap<string, DeploymentView>;
  latestSucceeded: ReadonlyMap<string, DeploymentView>;
  /** Deployments scheduled or running, by environment. */
  active: ReadonlyMap<string, DeploymentView[]>;
  /** The newest deployment of a version on an environment. */
  latestOf(environmentId: string, version: string): DeploymentView | undefined;
}

const finished: ReadonlySet<string> = new Set(FINISHED_STATES);

export function isFinished(deployment: DeploymentView): boolean {
  return finished.has(deployment.state);
}

export function deploymentIndex(deployments: readonly DeploymentView[]): DeploymentIndex {
  const latest = new Map<string, DeploymentView>();
  const latestSucceeded = new Map<string, DeploymentView>();
  const active = new Map<string, DeploymentView[]>();
  const byVersion = new Map<string, DeploymentView>();
  for (const deployment of deployments) {
    const env = deployment.environmentId;
    if (!latest.has(env)) latest.set(env, deployment);
    if (deployment.state === 'succeeded' && !latestSucceeded.has(env)) latestSucceeded.set(env, deployment);
    if (!isFinished(deployment)) {
      const list = active.get(env);
      if (list) list.push(deployment);
      else active.set(env, [deployment]);
    }
    const key = `${env}\u0000${deployment.version}`;
    if (!byVersion.has(key)) byVersion.set(key, deployment);
  }
  return { latest, latestSucceeded, active, latestOf: (env, version) => byVersion.get(`${env}\u0000${version}`) };
}
