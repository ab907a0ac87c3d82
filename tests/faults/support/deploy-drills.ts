import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { z } from 'zod';
import { DeploysOverview, FINISHED_STATES, type DeploymentView } from '../../../shared/contract/deploys.js';
import type { OctopusFake } from '../../support/fakes/octopus-fake.js';
import type { ServeProcess } from '../../support/serve-process.js';
import { callOrNothing } from './core-process.js';

/** What deploy drills share: the request a user sends, and waiting until the core is done with it. */

export function deployInput(environmentId: string, version: string): Record<string, unknown> {
  return { request: { action: 'deploy', version, target: { by: 'environments', ids: [environmentId] }, reason: 'fault drill' } };
}

/** Over, or waiting on the operator (a lost track): the console does nothing more on its own. */
export function isFinished(view: DeploymentView): boolean {
  return FINISHED_STATES.includes(view.state) || lostTrack(view);
}

/** The backend took it (the console holds its remote id) or it is over: nothing more will be started for it. */
export function isSettledStart(view: DeploymentView): boolean {
  return view.remoteId !== null || isFinished(view);
}

export async function deployments(core: ServeProcess): Promise<DeploymentView[]> {
  const answer = await callOrNothing(core, 'deploys.overview', {});
  if (!answer?.ok) return [];
  return DeploysOverview.parse(answer.value).deployments;
}

/**
 * Polls the overview until every deployment there is `done` (and there is one), or the deadline
 * passes. Counting follows either way: a deployment that never settles shows up as a lost or a
 * doubled effect.
 */
export async function settleDeployments(core: ServeProcess, deadline: number, done: (view: DeploymentView) => boolean): Promise<void> {
  while (Date.now() < deadline) {
    const views = await deployments(core);
    if (views.length > 0 && views.every(done)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A deployment the console lost track of: it sent the start, and the backend does not list it. */
function lostTrack(view: DeploymentView): boolean {
  return String(view.state) === 'lost-track';
}

/**
 * The operator at a lost track: adopts the run the backend lists for it (it carries the
 * deployment's key), or, when there is none, abandons it and deploys again (a new click).
 * Returns whether it deployed again.
 */
export async function resolveLostTracks(core: ServeProcess, clickAgain: () => Promise<unknown>): Promise<boolean> {
  let again = false;
  for (const view of (await deployments(core)).filter(lostTrack)) {
    const listed = await callOrNothing(core, 'deploys.remoteRuns', { id: view.id });
    const runs = listed?.ok ? z.object({ runs: z.array(z.object({ remoteId: z.string(), matches: z.boolean() })) }).parse(listed.value).runs : [];
    const match = runs.find((run) => run.matches);
    const resolution = match ? { action: 'adopt', remoteId: match.remoteId } : { action: 'abandon' };
    const reason = match ? 'the backend lists it with our key' : 'the backend never got the start';
    const resolved = await callOrNothing(core, 'deploys.resolveLostTrack', { id: view.id, resolution, reason, idempotencyKey: `faults-${randomUUID()}` });
    if (!resolved?.ok) throw new Error(`resolving the lost track of ${view.id} failed: ${resolved?.error?.message ?? 'no answer'}`);
    if (!match) again = true;
  }
  if (again) await clickAgain();
  return again;
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
