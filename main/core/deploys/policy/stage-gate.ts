import type { GateView } from '../../../../shared/contract/deploys.js';
import { readingNote, untrustedBecause } from '../../fleet/health-reading.js';
import type { DeployFacts } from '../deploy-facts.js';
import { isFinished, type DeploymentIndex } from './deployment-index.js';
import type { EnvEntry } from './fleet-index.js';
import { nameList } from './name-list.js';

const MINUTE_MS = 60_000;

/** Time still to run, rounded up: "1 min" left is never already over. */
function minutes(ms: number): string {
  const whole = Math.ceil(ms / MINUTE_MS);
  return `${whole} min`;
}

/** Time that has run, rounded down: "steady for 30 min" is never claimed early. */
function wholeMinutes(ms: number): string {
  return `${Math.floor(ms / MINUTE_MS)} min`;
}

/**
 * A stage's gate, which the next stage waits on: every environment's latest deployment of
 * the release succeeded with no check failed, and the health of the stage has stayed steady
 * for the whole soak time: none critical or warning (a silence hides an alert, not the
 * state), none stale or unknown, and no alert fired on it since its deploy. The soak counts
 * from the latest of the last deploy, the last change of health and the newest alert.
 */
export function stageGate(
  environments: readonly EnvEntry[],
  release: string,
  soakMinutes: number,
  facts: Pick<DeployFacts, 'now' | 'health' | 'versions' | 'alerts'>,
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
  const unknown: string[] = [];
  let lastFinished = 0;
  let steadySince = 0;
  for (const entry of environments) {
    const id = entry.definition.id;
    const name = entry.watched.view.name;
    const reading = facts.health(id);
    const note = readingNote(reading, facts.now);
    if (reading.health === 'critical' || reading.health === 'warning') degraded.push(`${name} (${reading.health}${note === null ? '' : `, ${note}`})`);
    else if (untrustedBecause(reading) !== null) unknown.push(`${name} (${note ?? reading.health})`);
    steadySince = Math.max(steadySince, reading.healthSince);
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
  const ids = new Set(environments.map((entry) => entry.definition.id));
  const names = new Map(environments.map((entry) => [entry.definition.id, entry.watched.view.name]));
  const newAlerts = facts.alerts.filter((alert) => alert.environmentId !== null && ids.has(alert.environmentId) && alert.severity !== 'info' && alert.startsAt >= lastFinished);
  for (const alert of newAlerts) steadySince = Math.max(steadySince, alert.startsAt);
  const checksGreen = failedDeploys.length === 0 && failedChecks.length === 0 && waiting.length === 0;
  const healthSteady = degraded.length === 0 && unknown.length === 0 && (waiting.length > 0 || newAlerts.length === 0);
  const soakStart = Math.max(lastFinished, steadySince);
  const soakRemainingMs = waiting.length > 0 ? soakMs : Math.max(0, soakStart + soakMs - facts.now);
  const gate = { checksGreen, healthSteady, soakRemainingMs };
  if (failedDeploys.length > 0) return { ...gate, state: 'fail', message: `the deploy of ${release} did not succeed on ${nameList(failedDeploys, 3)}` };
  if (failedChecks.length > 0) return { ...gate, state: 'fail', message: `post-deploy checks failed on ${nameList(failedChecks, 3)}` };
  if (degraded.length > 0) return { ...gate, state: 'fail', message: `health degraded on ${nameList(degraded, 3)}` };
  if (unknown.length > 0) return { ...gate, state: 'fail', message: `health not known on ${nameList(unknown, 3)}` };
  if (waiting.length > 0) {
    return { ...gate, state: 'pending', message: `${waiting.length} of ${environments.length} environments do not yet run ${release}: ${nameList(waiting, 3)}` };
  }
  if (newAlerts.length > 0) {
    const named = newAlerts.map((alert) => `${names.get(alert.environmentId ?? '') ?? alert.environmentId ?? ''} (${alert.summary})`);
    return { ...gate, state: 'fail', message: `new alert since the deploy on ${nameList(named, 3)}` };
  }
  const steadyFor = `health steady for ${wholeMinutes(facts.now - soakStart)}`;
  if (soakRemainingMs > 0) {
    const since = steadySince > lastFinished ? `${steadyFor}; ` : '';
    return { ...gate, state: 'pending', message: `checks green; ${since}soaking, ${minutes(soakRemainingMs)} of ${minutes(soakMs)} left` };
  }
  return { ...gate, state: 'pass', message: `checks green on all ${environments.length} environments and ${steadyFor}` };
}

/** The soak time of a stage: its own, else its plan's, else the fleet's. */
export function soakMinutesOf(stage: { soakMinutes?: number | undefined }, plan: { soakMinutes?: number | undefined }, fleet: { soakMinutes: number }): number {
  return stage.soakMinutes ?? plan.soakMinutes ?? fleet.soakMinutes;
}
