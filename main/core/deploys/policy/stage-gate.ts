import type { GateView } from '../../../../shared/contract/deploys.js';
import type { DeployFacts } from '../deploy-facts.js';
import { isFinished, type DeploymentIndex } from './deployment-index.js';
import type { EnvEntry } from './fleet-index.js';
import { nameList } from './name-list.js';

const MINUTE_MS = 60_000;

function minutes(ms: number): string {
  const whole = Math.ceil(ms / MINUTE_MS);
  return `${whole} min`;
}

/**
 * A stage's gate, which the next stage waits on: every environment's latest deployment of
 * the release succeeded with no check failed, the soak time has run since the last of them
 * finished, and no environment of the stage is critical or warning now.
 */
export function stageGate(
  environments: readonly EnvEntry[],
  release: string,
  soakMinutes: number,
  facts: Pick<DeployFacts, 'now' | 'health' | 'versions'>,
  deployments: DeploymentIndex,
): GateView {
  const soakMs = soakMinutes * MINUTE_MS;
  if (environments.length === 0) {
    return { state: 'not-applicable', checksGreen: false, healthSteady: true, soakRemainingMs: 0, message: 'the stage takes no environment' };
  }
  const failedDeploys: string[] = [];
  const failedChecks: string[] = [];
  const waiting: string[] = [];
  const degraded: string[] = [];
  let lastFinished = 0;
  for (const entry of environments) {
    const id = entry.definition.id;
    const name = entry.watched.view.name;
    const health = facts.health(id);
    if (health === 'critical' || health === 'warning') degraded.push(`${name} (${health})`);
    const deployment = deployments.latestOf(id, release);
    if (!deployment) {
      // Deployed outside the console: no checks to read, its soak counts from when it was seen on the release.
      const running = facts.versions.get(id);
      if (running?.version === release) lastFinished = Math.max(lastFinished, running.at ?? 0);
      else waiting.push(name);
      continue;
    }
    if (!isFinished(deployment)) {
      waiting.push(name);
      continue;
    }
    if (deployment.state !== 'succeeded') {
      failedDeploys.push(`${name} (${deployment.state})`);
      continue;
    }
    const failed = deployment.checks.filter((check) => check.state === 'failed');
    if (failed.length > 0) failedChecks.push(`${name} (${failed.map((check) => check.name).join(', ')})`);
    lastFinished = Math.max(lastFinished, deployment.finishedAt ?? 0);
  }
  const checksGreen = failedDeploys.length === 0 && failedChecks.length === 0 && waiting.length === 0;
  const healthSteady = degraded.length === 0;
  const soakRemainingMs = waiting.length > 0 ? soakMs : Math.max(0, lastFinished + soakMs - facts.now);
  const gate = { checksGreen, healthSteady, soakRemainingMs };
  if (failedDeploys.length > 0) return { ...gate, state: 'fail', message: `the deploy of ${release} did not succeed on ${nameList(failedDeploys, 3)}` };
  if (failedChecks.length > 0) return { ...gate, state: 'fail', message: `post-deploy checks failed on ${nameList(failedChecks, 3)}` };
  if (!healthSteady) return { ...gate, state: 'fail', message: `health degraded on ${nameList(degraded, 3)}` };
  if (waiting.length > 0) {
    return { ...gate, state: 'pending', message: `${waiting.length} of ${environments.length} environments do not yet run ${release}: ${nameList(waiting, 3)}` };
  }
  if (soakRemainingMs > 0) {
    return { ...gate, state: 'pending', message: `checks green; soaking, ${minutes(soakRemainingMs)} of ${minutes(soakMs)} left` };
  }
  return { ...gate, state: 'pass', message: `checks green on all ${environments.length} environments and health steady for ${minutes(soakMs)}` };
}

/** The soak time of a stage: its own, else its plan's, else the fleet's. */
export function soakMinutesOf(stage: { soakMinutes?: number | undefined }, plan: { soakMinutes?: number | undefined }, fleet: { soakMinutes: number }): number {
  return stage.soakMinutes ?? plan.soakMinutes ?? fleet.soakMinutes;
}
