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
  // By environment, then version: a lookup builds no key string, and most environments have no deployment at all.
  const byVersion = new Map<string, Map<string, DeploymentView>>();
  for (const deployment of deployments) {
    const env = deployment.environmentId;
    if (!latest.has(env)) latest.set(env, deployment);
    if (deployment.state === 'succeeded' && !latestSucceeded.has(env)) latestSucceeded.set(env, deployment);
    if (!isFinished(deployment)) {
      const list = active.get(env);
      if (list) list.push(deployment);
      else active.set(env, [deployment]);
    }
    let versions = byVersion.get(env);
    if (!versions) byVersion.set(env, (versions = new Map()));
    if (!versions.has(deployment.version)) versions.set(deployment.version, deployment);
  }
  return { latest, latestSucceeded, active, latestOf: (env, version) => byVersion.get(env)?.get(version) };
}
