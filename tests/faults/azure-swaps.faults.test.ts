import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzureFake, type AzureFake } from '../support/fakes/azure-fake.js';
import { startOctopusFake, type OctopusFake } from '../support/fakes/octopus-fake.js';
import { AZURE, DRILL_SECRETS, OCTOPUS_PROJECT, RELEASES, writeDrillFleet } from './support/drill-fleet.js';
import { deployInput, deployments, describeDeployments, finishOctopusTasks, isFinished, releaseCounter, resolveLostTracks, settleDeployments } from './support/deploy-drills.js';
import { explain, runDrill, type Drill, type KillPoint } from './support/drill.js';
import { FaultProxy, type Fault, type TapStage } from './support/fault-proxy.js';

/**
 * The staging-slot flow: Octopus deploys to the staging slot, then Azure App Service (the local
 * Entra ID and Resource Manager fake) swaps it into production. The core is killed before the
 * swap reaches Azure, after Azure accepted it, after the answer, while the swap's long-running
 * operation is polled, during the swap with preview and at the core's own failpoints; then Azure
 * misbehaves on the swap. Counted: Octopus's deployments to the site plus Azure's completed
 * swaps (every operation Azure accepted is run to its end first, as Azure does on its own).
 * One click, one deployment and one swap.
 */

const FILE = 'azure slot swaps';
const SITE_PATH = `/subscriptions/${AZURE.subscriptionId}/resourceGroups/${AZURE.resourceGroup}/providers/Microsoft.Web/sites/${AZURE.site}`;
const SWAP = new RegExp(`^${SITE_PATH}/slots/staging/slotsswap$`, 'i');
const APPLY = new RegExp(`^${SITE_PATH}/applySlotConfig$`, 'i');
const OPERATION = /\/providers\/Microsoft\.Web\/locations\/[^/]+\/operations\/[^/]+$/i;

let octopus: OctopusFake;
let azure: AzureFake;
let octopusProxy: FaultProxy;
let armProxy: FaultProxy;
const nextRelease = releaseCounter(RELEASES);

beforeAll(async () => {
  octopus = await startOctopusFake({
    apiKey: DRILL_SECRETS.FAULTS_OCTOPUS_KEY,
    environments: [AZURE.site],
    projects: [{ name: OCTOPUS_PROJECT, releases: [...RELEASES] }],
  });
  azure = await startAzureFake({
    tenantId: AZURE.tenantId,
    clientId: AZURE.clientId,
    clientSecret: DRILL_SECRETS.FAULTS_AZURE_SECRET,
    subscriptionId: AZURE.subscriptionId,
    resourceGroup: AZURE.resourceGroup,
    pollsToComplete: 2,
    sites: {
      [AZURE.site]: {
        production: { version: '2026.11.1', appSettings: { ENVIRONMENT_NAME: 'production' }, connectionStrings: {} },
        staging: { version: '2026.11.1', appSettings: { ENVIRONMENT_NAME: 'staging' }, connectionStrings: {} },
        sticky: ['ENVIRONMENT_NAME'],
      },
    },
  });
  octopusProxy = await FaultProxy.start(octopus.url);
  armProxy = await FaultProxy.start(azure.arm.url);
});

afterAll(async () => {
  await armProxy?.close();
  await octopusProxy?.close();
  await azure?.close();
  await octopus?.close();
});

function effects(): number {
  azure.completeOperations();
  return octopus.deployments.length + azure.swaps;
}

/** A swap Azure refused is no swap: then the console must say the deployment failed, and one effect (the deployment) is right. */
async function effectsTheConsoleClaims(core: Parameters<NonNullable<Drill['expectedFromConsole']>>[0]): Promise<number> {
  const views = await deployments(core);
  return views.filter((view) => view.remoteId !== null).length + views.filter((view) => view.state === 'succeeded').length;
}

function drill(name: string, options: { kill?: KillPoint; fault?: { path: RegExp; method: string; fault: Fault }; refused?: boolean }): Drill {
  return {
    file: FILE,
    name,
    fleet: (dir) => writeDrillFleet(dir, { octopus: octopusProxy.url, azure: { arm: armProxy.url, login: azure.login.url } }),
    method: 'deploys.start',
    input: deployInput('drill-web', nextRelease()),
    startCounting: () => {
      const before = effects();
      return async () => effects() - before;
    },
    expected: 2,
    ...(options.kill ? { kill: options.kill } : {}),
    ...(options.fault ? { misbehave: () => armProxy.arm(options.fault?.method ?? 'POST', options.fault?.path ?? SWAP, options.fault?.fault as Fault, 1) } : {}),
    ...(options.refused ? { expectedFromConsole: effectsTheConsoleClaims } : {}),
    tick: () => finishOctopusTasks(octopus),
    settle: (core, deadline) => settleDeployments(core, deadline, isFinished),
    describe: describeDeployments,
    operator: resolveLostTracks,
    proxies: () => [octopusProxy, armProxy],
  };
}

const tap = (label: string, method: string, path: RegExp, stage: TapStage): KillPoint => ({ proxy: () => armProxy, method, path, stage, label });

const drills: Drill[] = [
  drill('killed before the swap reaches Azure', { kill: tap('swap held before Azure', 'POST', SWAP, 'before-forward') }),
  drill('killed after Azure accepted the swap, before the answer', { kill: tap('swap accepted, answer held', 'POST', SWAP, 'after-forward') }),
  drill('killed right after Azure accepted the swap', { kill: tap('swap accepted', 'POST', SWAP, 'after-answer') }),
  drill('killed mid-swap, the poll held before Azure', { kill: tap('operation poll held before Azure', 'GET', OPERATION, 'before-forward') }),
  drill('killed mid-swap, the poll answered, the answer held', { kill: tap('operation poll answered, answer held', 'GET', OPERATION, 'after-forward') }),
  drill('killed mid-swap, right after a poll answered', { kill: tap('operation poll answered', 'GET', OPERATION, 'after-answer') }),
  drill('killed during the swap with preview', { kill: tap('production settings applied, answer held', 'POST', APPLY, 'after-forward') }),
  drill('killed at deploy.before-swap', { kill: { failpoint: 'deploy.before-swap' } }),
  drill('killed at deploy.after-swap', { kill: { failpoint: 'deploy.after-swap' } }),
  drill('Azure answers 503 to the swap without acting', { fault: { method: 'POST', path: SWAP, fault: { kind: 'status', status: 503 } }, refused: true }),
  drill('Azure accepts the swap and answers 500', { fault: { method: 'POST', path: SWAP, fault: { kind: 'forward-then-status', status: 500 } } }),
  drill('Azure accepts the swap and the connection drops', { fault: { method: 'POST', path: SWAP, fault: { kind: 'drop-answer' } } }),
  drill('Azure hangs on a poll of the swap', { fault: { method: 'GET', path: OPERATION, fault: { kind: 'forward-then-hang' } } }),
  drill('Azure answers a poll of the swap with malformed JSON', { fault: { method: 'GET', path: OPERATION, fault: { kind: 'malformed' } } }),
];

describe('Staging-slot deploys with Azure swaps under faults: one click, one deployment and one swap', () => {
  for (const entry of drills) {
    it(entry.name, async () => {
      const outcome = await runDrill(entry);
      expect(outcome.counted, explain(entry, outcome)).toBe(outcome.expected);
    });
  }
});
