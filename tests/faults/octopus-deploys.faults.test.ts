import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOctopusFake, type OctopusFake } from '../support/fakes/octopus-fake.js';
import { DRILL_SECRETS, OCTOPUS_PROJECT, OCTOPUS_TRAINING, RELEASES, writeDrillFleet } from './support/drill-fleet.js';
import { claimedDeployments, deployInput, describeDeployments, isSettledStart, neverSucceeded, releaseCounter, resolveLostTracks, settleDeployments } from './support/deploy-drills.js';
import { explain, runDrill, type Drill, type KillPoint } from './support/drill.js';
import { FaultProxy, type Fault } from './support/fault-proxy.js';

/**
 * Deploys through Octopus (the local fake that follows its REST API): the core is killed before
 * the create call reaches Octopus, after Octopus created the deployment but before the core has
 * the answer, after the answer, during the look-up that comes first, mid-poll, and at the core's
 * own failpoints; then Octopus misbehaves without a crash. Counted: the deployments Octopus holds
 * for the environment. One click, one deployment.
 */

const FILE = 'octopus deploys';
const CREATE = /^\/api\/Spaces-1\/deployments$/;
const TASK = /^\/api\/Spaces-1\/tasks\/[^/]+\/details$/;

let fake: OctopusFake;
let proxy: FaultProxy;
const nextRelease = releaseCounter(RELEASES);

beforeAll(async () => {
  fake = await startOctopusFake({
    apiKey: DRILL_SECRETS.FAULTS_OCTOPUS_KEY,
    environments: [OCTOPUS_TRAINING],
    projects: [{ name: OCTOPUS_PROJECT, releases: [...RELEASES] }],
  });
  proxy = await FaultProxy.start(fake.url);
});

afterAll(async () => {
  await proxy?.close();
  await fake?.close();
});

function trainingDeployments(): number {
  return fake.deployments.filter((deployment) => deployment.EnvironmentId === 'Environments-1').length;
}

function drill(name: string, options: { kill?: KillPoint; fault?: Fault; lies?: boolean; refused?: boolean }): Drill {
  return {
    file: FILE,
    name,
    fleet: (dir) => writeDrillFleet(dir, { octopus: proxy.url }),
    method: 'deploys.start',
    input: deployInput('drill-octo', nextRelease()),
    startCounting: () => {
      const before = trainingDeployments();
      return async () => trainingDeployments() - before;
    },
    expected: 1,
    ...(options.kill ? { kill: options.kill } : {}),
    ...(options.fault ? { misbehave: () => proxy.arm('POST', CREATE, options.fault as Fault, 1) } : {}),
    settle: (core, deadline) => settleDeployments(core, deadline, isSettledStart),
    ...(options.lies ? { verify: neverSucceeded } : {}),
    ...(options.refused ? { expectedFromConsole: claimedDeployments } : {}),
    describe: describeDeployments,
    operator: resolveLostTracks,
    proxies: () => [proxy],
  };
}

const tap = (label: string, method: string, path: RegExp, stage: 'before-forward' | 'after-forward' | 'after-answer'): KillPoint => ({ proxy: () => proxy, method, path, stage, label });

const drills: Drill[] = [
  drill('killed before the create call reaches Octopus', { kill: tap('create held before Octopus', 'POST', CREATE, 'before-forward') }),
  drill('killed after Octopus created it, before the answer', { kill: tap('create answered, answer held', 'POST', CREATE, 'after-forward') }),
  drill('killed right after the answer to create', { kill: tap('create answered', 'POST', CREATE, 'after-answer') }),
  drill('killed during the look-up before the start', { kill: tap('look-up held before Octopus', 'GET', CREATE, 'before-forward') }),
  drill('killed after the look-up answered, before the core has it', { kill: tap('look-up answered, answer held', 'GET', CREATE, 'after-forward') }),
  drill('killed mid-poll, the task poll held before Octopus', { kill: tap('task poll held before Octopus', 'GET', TASK, 'before-forward') }),
  drill('killed mid-poll, the task answered, the answer held', { kill: tap('task poll answered, answer held', 'GET', TASK, 'after-forward') }),
  drill('killed mid-poll, right after the task answered', { kill: tap('task poll answered', 'GET', TASK, 'after-answer') }),
  drill('killed at deploy.before-start', { kill: { failpoint: 'deploy.before-start' } }),
  drill('killed at deploy.after-start-answer', { kill: { failpoint: 'deploy.after-start-answer' } }),
  drill('killed at deploy.mid-poll', { kill: { failpoint: 'deploy.mid-poll' } }),
  drill('killed at the second deploy.mid-poll', { kill: { failpoint: 'deploy.mid-poll#2' } }),
  drill('killed at the third deploy.mid-poll', { kill: { failpoint: 'deploy.mid-poll#3' } }),
  drill('killed at command.before-run', { kill: { failpoint: 'command.before-run' } }),
  drill('Octopus hangs on create without acting', { fault: { kind: 'hang' }, refused: true }),
  drill('Octopus creates it and never answers', { fault: { kind: 'forward-then-hang' } }),
  drill('Octopus answers create after the timeout', { fault: { kind: 'delay', ms: 4000 } }),
  drill('Octopus answers 503 without acting', { fault: { kind: 'status', status: 503 }, refused: true }),
  drill('Octopus creates it and answers 500', { fault: { kind: 'forward-then-status', status: 500 } }),
  drill('Octopus creates it and answers malformed JSON', { fault: { kind: 'malformed' } }),
  drill('Octopus creates it and the connection drops', { fault: { kind: 'drop-answer' } }),
  // The console must find out (the deployment is not there), never call it a success, and the operator's resolution ends with one deployment.
  drill('Octopus says 200 and created nothing', {
    fault: { kind: 'fake-ok', body: { Id: 'Deployments-999999', TaskId: 'ServerTasks-999999', EnvironmentId: 'Environments-1', Comments: 'not really' } },
    lies: true,
  }),
];

describe('Octopus deploys under faults: one click, one deployment on Octopus', () => {
  for (const entry of drills) {
    it(entry.name, async () => {
      const outcome = await runDrill(entry);
      expect(outcome.counted, explain(entry, outcome)).toBe(outcome.expected);
    });
  }
});
