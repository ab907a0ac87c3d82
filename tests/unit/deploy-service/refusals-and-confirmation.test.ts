import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { MethodInput, RawTransport } from '../../../shared/contract/index.js';
import { STORE_FILE } from '../../../main/core/store/database.js';
import { call, shouldRetry } from '../../../renderer/src/api/call.js';
import { createOpsClient } from '../../../renderer/src/api/ops-client.js';
import { ScriptedDeployer } from '../../support/scripted-deployer.js';
import { useTempDirs } from '../../support/temp.js';
import { confirmed, deployRequest, freshKey, keepServer, OLD, startDeployCore, startSlotPages, writeDeployFleet, type DeployCore } from './deploy-core.js';

const tempDir = useTempDirs();

/** The deploy test fleet with a customer UAT environment beside the training one: deploying there asks for the ticked box. */
async function setup() {
  const dir = tempDir();
  const scripted = new ScriptedDeployer();
  scripted.setSlots('harbour-train', OLD, OLD);
  scripted.setSlots('harbour-uat', OLD, OLD);
  scripted.setSlots('harbour-prod', OLD, OLD);
  const pages = await startSlotPages(scripted);
  keepServer(pages);
  const fleetFile = writeDeployFleet(dir, pages.url);
  const training = '      - { id: harbour-train, name: Harbour training, kind: training, site: apac-syd, watchedBy: sim, deployedBy: sim, servers: 1 }\n';
  const fleet = readFileSync(fleetFile, 'utf8');
  if (!fleet.includes(training)) throw new Error('the deploy test fleet changed: no harbour-train line');
  writeFileSync(fleetFile, fleet.replace(training, `${training}      - { id: harbour-uat, name: Harbour UAT, kind: uat, site: apac-syd, watchedBy: sim, deployedBy: sim, servers: 1 }\n`));
  const deploy = startDeployCore({ dir, fleetFile, scripted });
  return { dir, scripted, deploy };
}

/** The audit rows as the store holds them, read from its file, not through the console. */
function auditRows(dir: string, result: string): number {
  const db = new Database(join(dir, STORE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM audit WHERE result = ?').get(result) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** deploys.start sent as the renderer sends it: its client over a transport to the core, tried again as its query client's retry rule says. */
function rendererStart(deploy: DeployCore, transport: Partial<RawTransport> = {}) {
  const client = createOpsClient({ invoke: (method, input) => deploy.core.dispatch(method, input), subscribe: () => () => {}, ...transport }, () => {});
  return async (input: MethodInput<'deploys.start'>) => {
    for (let failures = 0; ; failures++) {
      try {
        return { ok: true as const, value: await call(client, 'deploys.start', input) };
      } catch (error) {
        if (!(error instanceof Error) || !shouldRetry(failures, error)) return { ok: false as const, error };
      }
    }
  };
}

describe('a refusal is a final answer', () => {
  it('is sent once by the renderer, answered again from the store for the same key, and leaves one audit row', async () => {
    const { dir, scripted, deploy } = await setup();
    scripted.unreachable = true;
    const sent: string[] = [];
    const start = rendererStart(deploy, {
      invoke: (method, input) => {
        sent.push(method);
        return deploy.core.dispatch(method, input);
      },
    });
    const input = { request: deployRequest('harbour-train'), idempotencyKey: freshKey() };

    const refused = await start(input);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'unavailable', message: expect.stringContaining('ECONNREFUSED') } });
    expect(sent).toEqual(['deploys.start']);
    expect(auditRows(dir, 'refused')).toBe(1);

    // Even once the backend is back, the same key gets the same refusal: a new attempt is a new key.
    scripted.unreachable = false;
    expect(await deploy.call('deploys.start', { request: input.request }, input.idempotencyKey)).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(auditRows(dir, 'refused')).toBe(1);
    expect(scripted.deployments.size).toBe(0);
  });

  it('a call lost on the way back is retried with the same key, and the core starts one deployment', async () => {
    const { dir, scripted, deploy } = await setup();
    let lost = 0;
    const start = rendererStart(deploy, {
      invoke: async (method, input) => {
        const answer = await deploy.core.dispatch(method, input);
        if (lost++ === 0) throw new Error('socket hang up');
        return answer;
      },
    });
    const started = await start({ request: await confirmed(deploy, deployRequest('harbour-train')), idempotencyKey: freshKey() });
    expect(started).toMatchObject({ ok: true });
    expect(lost).toBe(2);
    const id = started.ok ? (started.value.deployments[0]?.id ?? '') : '';
    await deploy.until(id, (view) => view.state === 'succeeded');
    expect(scripted.deployments.size).toBe(1);
    expect(auditRows(dir, 'started')).toBe(1);
  });
});

describe('the ticked box is checked by the core', () => {
  it('refuses a start to customer UAT that skips it, saying what to tick, and starts one that gives it', async () => {
    const { dir, scripted, deploy } = await setup();
    const request = deployRequest('harbour-uat');
    const preview = await deploy.value('deploys.preview', { request });
    expect(preview.confirmation).toMatchObject({ level: 'confirm', phrase: null });

    const skipped = await deploy.call('deploys.start', { request });
    expect(skipped).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: expect.stringContaining(`tick "I have checked the blast radius" (blastRadiusChecked) to confirm, because it touches customers' UAT`) },
    });
    const unticked = await deploy.call('deploys.start', { request: { ...request, blastRadiusChecked: false } });
    expect(unticked).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(scripted.deployments.size).toBe(0);
    expect(auditRows(dir, 'refused')).toBe(2);

    const ticked = await deploy.call('deploys.start', { request: { ...request, blastRadiusChecked: true } });
    expect(ticked).toMatchObject({ ok: true, value: { deployments: [expect.objectContaining({ environmentId: 'harbour-uat' })] } });
  });
});
