import { expect } from 'vitest';
import { DeploysOverview, FINISHED_STATES, type DeploymentView } from '../../../shared/contract/deploys.js';
import type { OctopusFake } from '../../support/fakes/octopus-fake.js';
import type { ServeProcess } from '../../support/serve-process.js';

/** What deploy drills share: the request a user sends, and waiting until the core is done with it. */

export function deployInput(environmentId: string, version: string): Record<string, unknown> {
  return { request: { action: 'deploy', version, target: { by: 'environments', ids: [environmentId] }, reason: 'fault drill' } };
}

export function isFinished(view: DeploymentView): boolean {
  return FINISHED_STATES.includes(view.state);
}

/** The backend took it (the console holds its remote id) or it is over: nothing more will be started for it. */
export function isSettledStart(view: DeploymentView): boolean {
  return view.remoteId !== null || isFinished(view);
}

export async function deployments(core: ServeProcess): Promise<DeploymentView[]> {
  const answer = await core.call('deploys.overview', {});
  if (!answer.ok) return [];
  return DeploysOverview.parse(answer.value).deployments;
}

/**
 * Polls the overview until every deployment there is `done` (and there is one), or the deadline
 * passes. Counting follows either way: a deployment that never settles shows up as a lost or a
 * doubled effect.
 */
export async function settleDeployments(core: ServeProcess, deadline: number, done: (view: DeploymentView) => boolean): Promise<void> {
  while (Date.now() < deadline) {
    const views = await deployments(core).catch(() => []);
    if (views.length > 0 && views.every(done)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Each deployment's state, remote id and message, for a failure message. */
export async function describeDeployments(core: ServeProcess): Promise<string> {
  const views = await deployments(core);
  return views.map((view) => `${view.environmentId} ${view.state} (remote ${view.remoteId ?? 'none'}): ${view.message ?? ''}`).join('; ') || 'no deployment';
}

/** The deployments the console says the backend took (it holds their remote id). */
export async function claimedDeployments(core: ServeProcess): Promise<number> {
  return (await deployments(core)).filter((view) => view.remoteId !== null).length;
}

/** A backend that said it started a deployment and did not: the console must not call it a success. */
export async function neverSucceeded(core: ServeProcess): Promise<void> {
  const views = await deployments(core);
  expect(views.map((view) => view.state)).not.toContain('succeeded');
}

/** Hands out a release per run, so no run deploys what its environment already runs. */
export function releaseCounter(releases: readonly string[]): () => string {
  let next = 0;
  return () => {
    const version = releases[next % releases.length];
    next += 1;
    if (version === undefined) throw new Error('no releases');
    return version;
  };
}

/** Octopus's tasks run when the test says: every unfinished one runs to its end, as a healthy server would. */
export function finishOctopusTasks(fake: OctopusFake): void {
  for (const task of fake.tasks.values()) if (task.State === 'Queued' || task.State === 'Executing') fake.runToEnd(task.Id);
}
