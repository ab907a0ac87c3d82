import { FINISHED_STATES, type DeploymentView } from '../../../shared/contract/deploys.js';
import type { CorrelatedChange } from '../../../shared/contract/incidents.js';
import type { MaintenanceOccurrence } from './timeline.js';

export interface CorrelationInput {
  /** The incident's first alert (see firstSignalAt). */
  firstAlertAt: number;
  /** The fleet file's correlationLookback. */
  lookbackMs: number;
  now: number;
  /** The environments in the incident's scope. */
  scope: ReadonlySet<string>;
  /** Every deployment the console knows, also those after the first alert: a later one on the same environment means the suspect no longer runs there. */
  deployments: readonly DeploymentView[];
  maintenance: readonly MaintenanceOccurrence[];
}

/** Where a deploy may still be rolled back: it got under way or finished, and has not already been undone by the swap back of its own flow. */
const ROLLBACK_STATES = new Set<DeploymentView['state']>(['starting', 'queued', 'running', 'paused', 'checking', 'swapping', 'verifying', 'soaking', 'lost-track', 'succeeded', 'failed']);

/**
 * The suspects: deployments, rollbacks and maintenance in the incident's scope that were under
 * way at some time in the lookback before its first alert (started before the alert, and not
 * finished before the lookback began), newest first, each with how long before the alert it
 * started. A deploy that may still be rolled back gets `rollback` filled: it started or finished,
 * the console knows what to go back to (its previous release, or the warm slot of the
 * staging-slot flow), and no later deployment has replaced it on its environment.
 */
export function correlate(input: CorrelationInput): CorrelatedChange[] {
  const { firstAlertAt, lookbackMs, now, scope } = input;
  const since = firstAlertAt - lookbackMs;
  const inWindow = (start: number, end: number | null) => start <= firstAlertAt && (end === null || end >= since);
  const changes: CorrelatedChange[] = [];
  for (const deployment of input.deployments) {
    const startedAt = deployment.startedAt;
    if (startedAt === null || !scope.has(deployment.environmentId) || !inWindow(startedAt, deployment.finishedAt)) continue;
    const rollback = deployment.action === 'rollback';
    changes.push({
      kind: rollback ? 'rollback' : 'deployment',
      id: deployment.id,
      title: rollback
        ? `Rollback to ${deployment.version} on ${deployment.environmentName}`
        : `Deploy of ${deployment.version} to ${deployment.environmentName}`,
      environmentIds: [deployment.environmentId],
      startedAt,
      finishedAt: deployment.finishedAt,
      beforeFirstAlertMs: firstAlertAt - startedAt,
      state: deployment.state,
      rollback: rollbackOffer(deployment, input.deployments),
    });
  }
  for (const occurrence of input.maintenance) {
    const environmentIds = occurrence.environmentIds.filter((env) => scope.has(env));
    if (environmentIds.length === 0 || !inWindow(occurrence.start, occurrence.end)) continue;
    changes.push({
      kind: 'maintenance',
      id: occurrence.key,
      title: occurrence.title,
      environmentIds,
      startedAt: occurrence.start,
      finishedAt: occurrence.end,
      beforeFirstAlertMs: firstAlertAt - occurrence.start,
      state: occurrence.end <= now ? 'ended' : 'in progress',
      rollback: null,
    });
  }
  return changes.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function rollbackOffer(deployment: DeploymentView, all: readonly DeploymentView[]): CorrelatedChange['rollback'] {
  if (deployment.action !== 'deploy' || !ROLLBACK_STATES.has(deployment.state)) return null;
  if (deployment.previousVersion === null && deployment.flow !== 'staging-slot') return null;
  const startedAt = deployment.startedAt ?? deployment.requestedAt;
  const replaced = all.some(
    (other) =>
      other.id !== deployment.id &&
      other.environmentId === deployment.environmentId &&
      other.startedAt !== null &&
      other.startedAt > startedAt &&
      !(FINISHED_STATES.includes(other.state) && other.state !== 'succeeded'),
  );
  return replaced ? null : { environmentIds: [deployment.environmentId], fromRelease: deployment.version };
}
