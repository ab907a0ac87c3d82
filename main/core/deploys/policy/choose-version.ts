import type { DeploymentIndex } from './deployment-index.js';
import type { EnvEntry, FleetIndex } from './fleet-index.js';

export interface VersionChoice {
  version: string;
  previousVersion: string | null;
  swapBack: boolean;
  /** What a rollback does (for a rollback) or would do afterwards (for a deploy), in words. */
  rollback: string;
}

export interface VersionFacts {
  index: FleetIndex;
  deployments: DeploymentIndex;
  /** The version the environment runs, if known. */
  current: string | null;
  flow: 'direct' | 'staging-slot';
}

/** What a rollback after this deploy would do: swap back where the staging slot keeps the old version, else redeploy it. */
export function deployChoice(version: string, facts: VersionFacts): VersionChoice {
  const { current, flow } = facts;
  const rollback =
    current === null
      ? 'nothing known to roll back to: the version it runs now is not known'
      : flow === 'staging-slot'
        ? `swap back to the staging slot, which keeps ${current} warm`
        : `redeploy ${current}`;
  return { version, previousVersion: current, swapBack: false, rollback };
}

function releaseBefore(version: string | null, index: FleetIndex): string | null {
  if (version === null) return null;
  const position = index.releases.get(version)?.position;
  if (position === undefined || position === 0) return null;
  return [...index.releases.values()].find((entry) => entry.position === position - 1)?.release.version ?? null;
}

/**
 * The rollback of one environment: swap back where its last deploy went through the staging
 * slot and nothing has been deployed since (the old version is still warm there), else
 * redeploy the version asked for, or what it ran before its last deploy, or the release
 * listed before the one it runs.
 */
export function rollbackChoice(entry: EnvEntry, requested: string | undefined, facts: VersionFacts): VersionChoice | { problem: string } {
  const { current, deployments, index, flow } = facts;
  const name = entry.watched.view.name;
  const id = entry.definition.id;
  const last = deployments.latest.get(id);
  const warm =
    flow === 'staging-slot' &&
    last !== undefined &&
    last.state === 'succeeded' &&
    last.action === 'deploy' &&
    last.flow === 'staging-slot' &&
    last.previousVersion !== null &&
    (current === null || current === last.version) &&
    (requested === undefined || requested === last.previousVersion);
  if (warm) {
    const previous = last.previousVersion ?? '';
    return { version: previous, previousVersion: current ?? last.version, swapBack: true, rollback: `swap back to the warm staging slot running ${previous}` };
  }
  const succeeded = deployments.latestSucceeded.get(id);
  const fromLastDeploy =
    succeeded && succeeded.action === 'deploy' && (current === null || current === succeeded.version) ? succeeded.previousVersion : null;
  const target = requested ?? fromLastDeploy ?? releaseBefore(current, index);
  if (target === null) return { problem: `${name} has nothing to roll back to: the version it ran before is not known` };
  if (target === current) return { problem: `${name} already runs ${target}: nothing to roll back` };
  return { version: target, previousVersion: current, swapBack: false, rollback: `redeploy ${target}` };
}
