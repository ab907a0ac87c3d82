import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DeploymentView } from '../../../shared/contract/deploys.js';
import { APAC_REGION_YAML } from '../../support/fleet-yaml.js';
import type { Deployer } from '../../../main/core/connectors/capabilities.js';
import { ConnectorError } from '../../../main/core/http/backend-client.js';
import { ScriptedDeployer } from '../../support/scripted-deployer.js';
import { useTempDirs } from '../../support/temp.js';
import { confirmed, deployRequest, keepServer, NEW, OLD, OPERATOR, startDeployCore, startSlotPages, untilClosed, writeDeployFleet, type DeployCore } from './deploy-core.js';

/**
 * A deployment is tracked by what the backend says, never by the console's memory: across
 * connector rebuilds, restarts, lost answers and backends that do not have it. Effects are
 * counted on the backend (the simulated backend's own file, the scripted backend's deployments).
 */

const tempDir = useTempDirs();
/** The simulated deploy steps take 24 s of simulated time. */
const DEPLOY_MS = 30_000;

function sandboxFleet(dir: string, tickMs = 1000): string {
  const file = join(dir, 'fleet.yaml');
  writeFileSync(
    file,
    `version: 1
name: Tracking fleet
backends:
  - { id: sim, kind: sandbox, faultRate: 0, tickMs: ${tickMs} }
${APAC_REGION_YAML}
tenants:
  - id: harbour
    name: Harbour Health
    region: apac
    environments:
      - { id: harbour-train, name: Harbour training, kind: training, site: apac-syd, watchedBy: sim, deployedBy: sim, servers: 1 }
      - { id: harbour-test, name: Harbour test, kind: training, site: apac-syd, watchedBy: sim, deployedBy: sim, servers: 1 }
deploys:
  soakMinutes: 0
  releases:
    - { version: ${OLD}, type: enhancement, notes: November release }
    - { version: ${NEW}, type: enhancement, notes: November patch }
`,
  );
  return file;
}

interface BackendRow {
  id: string;
  environment_id: string;
  version: string;
  state: string;
}

/** What the simulated backend itself holds, read from its file. */
function sandboxRows(dir: string): BackendRow[] {
  const file = join(dir, 'sandbox-backend.sqlite');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, environment_id, version, state FROM sandbox_deployment ORDER BY created_at, id').all() as BackendRow[];
  } finally {
    db.close();
  }
}

async function startOn(deploy: DeployCore, environmentId: string): Promise<string> {
  const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest(environmentId)) });
  const id = started.deployments[0]?.id;
  if (!id) throw new Error('no deployment');
  return id;
}

/** A fleet-file edit that changes the backend: the core closes every connector and builds new ones. */
async function rebuildConnectors(deploy: DeployCore, fleetFile: string, tickMs: number): Promise<void> {
  let reloaded = false;
  const stop = deploy.core.subscribe('fleet.reloaded', () => {
    reloaded = true;
  });
  const text = readFileSync(fleetFile, 'utf8');
  writeFileSync(fleetFile, text.includes('tickMs:') ? text.replace(/tickMs: \d+/, `tickMs: ${tickMs}`) : text.replace('kind: sandbox, faultRate: 0', `kind: sandbox, faultRate: 0, tickMs: ${tickMs}`));
  await expect.poll(() => reloaded, { timeout: 5000 }).toBe(true);
  stop();
}

async function logOf(deploy: DeployCore, id: string): Promise<string[]> {
  return (await deploy.value('deploys.deployment', { id, after: 0 })).log.map((line) => line.text);
}

const hasRemote = (view: DeploymentView) => view.remoteId !== null;

describe('the simulated backend outlives rebuilds and restarts', () => {
  it('gives a deployment started after a rebuild its own remote id, and each follows its own run to the end', async () => {
    const dir = tempDir();
    const fleetFile = sandboxFleet(dir);
    const deploy = startDeployCore({ dir, fleetFile, scripted: null });
    const first = await startOn(deploy, 'harbour-train');
    const firstRemote = (await deploy.until(first, hasRemote)).remoteId;

    await rebuildConnectors(deploy, fleetFile, 2000);
    const second = await startOn(deploy, 'harbour-test');
    const secondRemote = (await deploy.until(second, hasRemote)).remoteId;
    expect(secondRemote).not.toBe(firstRemote);

    deploy.clock.advance(DEPLOY_MS);
    const done = await deploy.until(first, (view) => view.state === 'succeeded');
    await deploy.until(second, (view) => view.state === 'succeeded');
    expect(done.remoteId).toBe(firstRemote);
    const firstLog = await logOf(deploy, first);
    expect(firstLog).toEqual(expect.arrayContaining([expect.stringContaining(`is now in the production slot of harbour-train`)]));
    expect(firstLog.filter((text) => text.includes('harbour-test'))).toEqual([]);

    // Counted on the backend: one run per environment, each with its own id.
    const rows = sandboxRows(dir);
    expect(rows.map((row) => [row.id, row.environment_id, row.version, row.state])).toEqual([
      [firstRemote, 'harbour-train', NEW, 'succeeded'],
      [secondRemote, 'harbour-test', NEW, 'succeeded'],
    ]);
    const matrix = (await deploy.value('deploys.matrix', {})).rows.filter((row) => row.environmentId.startsWith('harbour-'));
    expect(matrix.map((row) => [row.environmentId, row.version])).toEqual(
      expect.arrayContaining([
        ['harbour-train', NEW],
        ['harbour-test', NEW],
      ]),
    );
  });

  it('follows a deployment through a rebuild and a restart to the end, never starting it again', async () => {
    const dir = tempDir();
    const fleetFile = sandboxFleet(dir);
    const deploy = startDeployCore({ dir, fleetFile, scripted: null });
    const id = await startOn(deploy, 'harbour-train');
    const remoteId = (await deploy.until(id, hasRemote)).remoteId;
    await rebuildConnectors(deploy, fleetFile, 2000);
    deploy.clock.advance(10_000);
    await deploy.until(id, (view) => view.state === 'running' && (view.progress ?? 0) > 0);
    deploy.close();

    const again = startDeployCore({ dir, fleetFile, scripted: null, clock: deploy.clock });
    again.clock.advance(DEPLOY_MS);
    const done = await again.until(id, (view) => view.state === 'succeeded');
    expect(done.remoteId).toBe(remoteId);
    expect((await logOf(again, id)).filter((text) => text.startsWith('no answer from'))).toEqual([]);
    expect(sandboxRows(dir)).toHaveLength(1);
  });

  it('cancels a deployment after a rebuild on the backend, and the environment takes the next deployment', async () => {
    const dir = tempDir();
    const fleetFile = sandboxFleet(dir);
    const deploy = startDeployCore({ dir, fleetFile, scripted: null });
    await deploy.value('sandbox.deployFault', { environmentId: 'harbour-train', fault: 'slow' });
    const id = await startOn(deploy, 'harbour-train');
    await deploy.until(id, hasRemote);
    await rebuildConnectors(deploy, fleetFile, 2000);

    const cancel = await deploy.call('deploys.cancel', { id, reason: 'wrong release picked' });
    expect(cancel.ok).toBe(true);
    const cancelled = await deploy.until(id, (view) => view.state === 'cancelled');
    expect(cancelled.message).toContain('Cancelled during');
    expect(sandboxRows(dir).map((row) => row.state)).toEqual(['cancelled']);

    // The running guard lets the environment go again.
    const next = await startOn(deploy, 'harbour-train');
    deploy.clock.advance(DEPLOY_MS);
    await deploy.until(next, (view) => view.state === 'succeeded');
    expect(sandboxRows(dir).map((row) => row.state)).toEqual(['cancelled', 'succeeded']);
  });
});

async function scriptedSetup(extra: { callTimeoutMs?: number; soakMinutes?: number } = {}) {
  const dir = tempDir();
  const scripted = new ScriptedDeployer();
  scripted.setSlots('harbour-train', OLD, OLD);
  scripted.setSlots('harbour-prod', OLD, OLD);
  const pages = await startSlotPages(scripted);
  keepServer(pages);
  const fleetFile = writeDeployFleet(dir, pages.url);
  if (extra.soakMinutes !== undefined) writeFileSync(fleetFile, readFileSync(fleetFile, 'utf8').replace('soakMinutes: 0', `soakMinutes: ${extra.soakMinutes}`));
  const options = { pollMs: 5, callTimeoutMs: extra.callTimeoutMs ?? 2000 };
  const deploy = startDeployCore({ dir, fleetFile, scripted, extra: { deploys: options } });
  const restart = () => startDeployCore({ dir, fleetFile, scripted, clock: deploy.clock, extra: { deploys: options } });
  return { dir, fleetFile, scripted, deploy, restart };
}

describe('only the backend says whether a start was taken', () => {
  it('keeps asking after a restart when the backend cannot be reached, and adopts the deployment once it answers', async () => {
    const { scripted, deploy, restart } = await scriptedSetup();
    scripted.hangStarts = true;
    const id = await startOn(deploy, 'harbour-train');
    while (scripted.deployments.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    deploy.close();

    scripted.hangStarts = false;
    scripted.unreachable = true;
    const again = restart();
    again.clock.advance(4 * 60_000);
    const waiting = await again.until(id, (view) => view.message !== null);
    expect(waiting.state).toBe('starting');
    expect(waiting.step).toBe('start sent at 2026-11-23T03:00:00.000Z; no answer from Simulated fleet since 2026-11-23T03:00:00.000Z; asking again');
    expect(waiting.message).toMatch(/^no answer from Simulated fleet since 2026-11-23T03:00:00.000Z: .*ECONNREFUSED/);
    expect(await logOf(again, id)).not.toEqual(expect.arrayContaining([expect.stringContaining('nothing was started')]));

    scripted.unreachable = false;
    const done = await again.until(id, (view) => view.state === 'succeeded');
    expect(done.remoteId).toBe('Deployments-1');
    expect(scripted.deploymentsTo('harbour-train')).toHaveLength(1);
  });

  it('does not take one empty search after a start that timed out for "not taken": it loses track, blocks a second deployment, and adopts the run once the backend shows it', async () => {
    const { scripted, deploy } = await scriptedSetup({ callTimeoutMs: 100 });
    scripted.hangStarts = true;
    scripted.createWhileHanging = false;
    const id = await startOn(deploy, 'harbour-train');
    const lost = await deploy.until(id, (view) => view.state === 'lost-track');
    expect(lost).toMatchObject({ remoteId: null, canCancel: true });
    expect(lost.message).toContain('the start was sent to Simulated fleet at 2026-11-23T03:00:00.000Z');
    expect(lost.message).toContain(`lists no deployment with key watchfloor-${id}`);
    expect(lost.message).toContain('did not answer start within 0.1 s');

    scripted.hangStarts = false;
    const second = await deploy.call('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-train')) });
    expect(second).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(scripted.deployments.size).toBe(0);

    // The backend took the start after all (its answer was only slow): the console, still asking, finds it under its key.
    const [asked] = scripted.startsAsked;
    if (!asked) throw new Error('start was never asked');
    scripted.inject(asked);
    const done = await deploy.until(id, (view) => view.state === 'succeeded');
    expect(done.remoteId).toBe('Deployments-1');
    expect(await logOf(deploy, id)).toEqual(expect.arrayContaining([expect.stringContaining('found on Simulated fleet after all (Deployments-1) and adopted')]));
    expect(scripted.deployments.size).toBe(1);
    expect(scripted.startsAsked).toHaveLength(1);
  });

  it('never adopts a run that carries its key but deploys another environment or release', async () => {
    const { scripted, deploy } = await scriptedSetup({ callTimeoutMs: 100 });
    scripted.hangStarts = true;
    scripted.createWhileHanging = false;
    const id = await startOn(deploy, 'harbour-train');
    await deploy.until(id, (view) => view.state === 'lost-track');
    const [asked] = scripted.startsAsked;
    if (!asked) throw new Error('start was never asked');
    const elsewhere = scripted.inject({ ...asked, target: { ...asked.target, remoteName: 'harbour-prod' } });

    const refused = await deploy.until(id, (view) => view.message?.includes(elsewhere) === true);
    expect(refused).toMatchObject({ state: 'lost-track', remoteId: null });
    expect(refused.message).toContain(`${elsewhere}, which deploys to harbour-prod, not harbour-train; it was not adopted`);

    scripted.forget(elsewhere);
    const otherRelease = scripted.inject({ ...asked, version: OLD });
    const refusedAgain = await deploy.until(id, (view) => view.message?.includes(otherRelease) === true);
    expect(refusedAgain.message).toContain(`deploys ${OLD}, not ${NEW}`);
    expect(refusedAgain).toMatchObject({ state: 'lost-track', remoteId: null });
    // Never followed: a status call would have moved it on.
    expect(scripted.deployments.get(otherRelease)?.status.state).toBe('queued');
  });
});

describe('a lost track, resolved by an operator', () => {
  async function lostOne() {
    const setup = await scriptedSetup({ callTimeoutMs: 100 });
    setup.scripted.hangStarts = true;
    setup.scripted.createWhileHanging = false;
    const id = await startOn(setup.deploy, 'harbour-train');
    await setup.deploy.until(id, (view) => view.state === 'lost-track');
    setup.scripted.hangStarts = false;
    return { ...setup, id };
  }

  it('adopts a run the backend lists for the environment, follows it, and keeps who and why in the trail', async () => {
    const { scripted, deploy, id } = await lostOne();
    const [asked] = scripted.startsAsked;
    if (!asked) throw new Error('start was never asked');
    // Someone started it by hand on the backend, without the console's key.
    const byHand = scripted.inject({ ...asked, key: 'started-by-hand' });
    scripted.inject({ ...asked, key: 'other', target: { ...asked.target, remoteName: 'harbour-prod' } });
    const { runs } = await deploy.value('deploys.remoteRuns', { id });
    expect(runs).toEqual([expect.objectContaining({ remoteId: byHand, target: 'harbour-train', version: NEW, key: 'started-by-hand', matches: false })]);

    const elsewhere = await deploy.call('deploys.resolveLostTrack', { id, resolution: { action: 'adopt', remoteId: 'Deployments-2' }, reason: 'that is the run I started by hand' });
    expect(elsewhere).toMatchObject({ ok: false, error: { kind: 'conflict', message: expect.stringContaining(`lists no deployment "Deployments-2" for Harbour training; it lists ${byHand}`) } });
    const short = await deploy.call('deploys.resolveLostTrack', { id, resolution: { action: 'adopt', remoteId: byHand }, reason: 'mine' });
    expect(short).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });

    const adopted = await deploy.value('deploys.resolveLostTrack', { id, resolution: { action: 'adopt', remoteId: byHand }, reason: 'that is the run I started by hand' });
    expect(adopted).toMatchObject({ remoteId: byHand, state: 'queued' });
    const done = await deploy.until(id, (view) => view.state === 'succeeded');
    expect(done.remoteId).toBe(byHand);
    // Only the two runs made outside the console: it started nothing of its own after the first start.
    expect(scripted.deployments.size).toBe(2);
    expect(scripted.startsAsked).toHaveLength(1);

    const trail = (await deploy.audit()).filter((entry) => entry.deploymentId === id && entry.action === 'adopt remote deployment');
    expect(trail.map((entry) => [entry.result, entry.who, entry.why])).toEqual([
      ['succeeded', OPERATOR, 'that is the run I started by hand'],
      ['failed', OPERATOR, 'that is the run I started by hand'],
    ]);
    expect(trail[0]?.detail).toContain(`adopted ${byHand}`);
    expect(trail[0]?.detail).toContain('not the one the console ordered');
  });

  it('abandons it: the console stops following, changes nothing on the backend, and the environment takes a new deployment', async () => {
    const { scripted, deploy, id } = await lostOne();
    const abandoned = await deploy.value('deploys.resolveLostTrack', { id, resolution: { action: 'abandon' }, reason: 'checked the backend: nothing ran' });
    expect(abandoned).toMatchObject({ state: 'failed', canCancel: false });
    expect(abandoned.message).toContain(`abandoned by ${OPERATOR}: checked the backend: nothing ran`);
    const [entry] = (await deploy.audit()).filter((row) => row.deploymentId === id && row.action === 'abandon deployment');
    expect(entry).toMatchObject({ who: OPERATOR, why: 'checked the backend: nothing ran', result: 'succeeded' });
    expect(scripted.deployments.size).toBe(0);

    const again = await deploy.call('deploys.resolveLostTrack', { id, resolution: { action: 'abandon' }, reason: 'checked the backend: nothing ran' });
    expect(again).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    const next = await startOn(deploy, 'harbour-train');
    await deploy.until(next, (view) => view.state === 'succeeded');
    expect(scripted.deploymentsTo('harbour-train')).toHaveLength(1);
  });

  it('loses track of a known remote id the backend no longer has (404), says so, and keeps asking', async () => {
    const { scripted, deploy } = await scriptedSetup();
    scripted.script('harbour-train', 'hold');
    const id = await startOn(deploy, 'harbour-train');
    const running = await deploy.until(id, (view) => view.state === 'running');
    scripted.forget(running.remoteId ?? '');
    const lost = await deploy.until(id, (view) => view.state === 'lost-track');
    expect(lost.message).toContain('answered that it has no deployment Deployments-1');
    expect((await logOf(deploy, id)).filter((text) => text.startsWith('no answer from'))).toEqual([]);
  });

  it('never follows a run of another environment that a restored backend gave the same id: it stays lost until the backend shows its own run', async () => {
    const { scripted, deploy } = await scriptedSetup();
    scripted.script('harbour-train', 'hold');
    scripted.script('harbour-prod', 'hold');
    const id = await startOn(deploy, 'harbour-train');
    const { remoteId } = await deploy.until(id, (view) => view.state === 'running');
    scripted.restoreEmpty();
    await deploy.until(id, (view) => view.state === 'lost-track');

    const other = await startOn(deploy, 'harbour-prod');
    const otherView = await deploy.until(other, (view) => view.state === 'running');
    expect(otherView.remoteId).toBe(remoteId);
    scripted.end(otherView.remoteId ?? '', 'succeeded');
    await deploy.until(other, (view) => isFinishedState(view.state));

    const lost = await deploy.until(id, (view) => view.state !== 'running' && view.state !== 'queued');
    expect(lost.state).toBe('lost-track');
    expect((await logOf(deploy, id)).filter((text) => text.includes('harbour-prod') || text === 'deployment succeeded')).toEqual([]);
  });
});

describe('cancel in every state before the end', () => {
  it('while only the backend can say whether it took the start: sent once it answers', async () => {
    const { scripted, deploy } = await scriptedSetup({ callTimeoutMs: 100 });
    scripted.hangStarts = true;
    const id = await startOn(deploy, 'harbour-train');
    while (scripted.deployments.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    scripted.unreachable = true;
    await deploy.until(id, (view) => view.state === 'starting' && view.step?.includes('no answer from Simulated fleet since') === true);
    const asked = await deploy.value('deploys.cancel', { id, reason: 'wrong release picked' });
    expect(asked.step).toContain('cancel requested');
    scripted.hangStarts = false;
    scripted.unreachable = false;
    const done = await deploy.until(id, (view) => view.state === 'cancelled');
    expect(done.remoteId).toBe('Deployments-1');
    expect(scripted.deploymentsTo('harbour-train')[0]?.cancelRequested).toBe(true);
    expect(scripted.deploymentsTo('harbour-train')[0]?.status.state).toBe('cancelled');
  });

  it('when lost track: ended here, saying nothing was stopped on the backend', async () => {
    const { scripted, deploy } = await scriptedSetup({ callTimeoutMs: 100 });
    scripted.hangStarts = true;
    scripted.createWhileHanging = false;
    const id = await startOn(deploy, 'harbour-train');
    await deploy.until(id, (view) => view.state === 'lost-track');
    await deploy.value('deploys.cancel', { id, reason: 'giving up on this one' });
    const done = await deploy.until(id, (view) => view.state === 'cancelled');
    expect(done.message).toContain('nothing was stopped there');
    const [entry] = (await deploy.audit()).filter((row) => row.deploymentId === id && row.action === 'cancel deployment');
    expect(entry).toMatchObject({ who: OPERATOR, why: 'giving up on this one', result: 'succeeded' });
  });

  it('while paused for an answer: on the backend', async () => {
    const { scripted, deploy } = await scriptedSetup();
    scripted.script('harbour-train', 'pause');
    const id = await startOn(deploy, 'harbour-train');
    await deploy.until(id, (view) => view.state === 'paused');
    await deploy.value('deploys.cancel', { id, reason: 'the migration needs a person' });
    await deploy.until(id, (view) => view.state === 'cancelled');
    expect(scripted.deploymentsTo('harbour-train')[0]?.status.state).toBe('cancelled');
  });

  it('while it soaks in production: ended, the release stays, nothing is swapped back', async () => {
    const { scripted, deploy } = await scriptedSetup({ soakMinutes: 30 });
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-prod')) });
    const id = started.deployments[0]?.id ?? '';
    await deploy.until(id, (view) => view.state === 'soaking');
    const cancelled = await deploy.value('deploys.cancel', { id, reason: 'soak watched by hand instead' });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.message).toBe(`cancelled after ${NEW} went live on Harbour production; it stays there (nothing was rolled back)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(scripted.swaps).toEqual(['harbour-prod']);
    expect(scripted.slots.get('harbour-prod')?.production).toBe(NEW);
    expect((await deploy.value('deploys.deployment', { id, after: 0 })).deployment.state).toBe('cancelled');
  });
});

describe('a call out when the connectors are rebuilt', () => {
  it('is asked again of the new connector, not taken for a backend that does not answer', async () => {
    const dir = tempDir();
    const scripted = new ScriptedDeployer();
    scripted.setSlots('harbour-train', OLD, OLD);
    const pages = await startSlotPages(scripted);
    keepServer(pages);
    const fleetFile = writeDeployFleet(dir, pages.url);
    const deploy = startDeployCore({
      dir,
      fleetFile,
      scripted,
      wrap: (base, build) => {
        if (build > 1) return base;
        // The first build's status calls hang until its connector closes.
        const closed = new AbortController();
        const deployer: Deployer = {
          find: (order) => scripted.find(order),
          runs: (target) => scripted.runs(target),
          start: (order, signal) => scripted.start(order, signal),
          log: (remoteId, after) => scripted.log(remoteId, after),
          cancel: (remoteId) => scripted.cancel(remoteId),
          answer: (remoteId, interruptionId, answer, notes) => scripted.answer(remoteId, interruptionId, answer, notes),
          currentVersions: (targets) => scripted.currentVersions(targets),
          status: () => untilClosed(closed.signal),
        };
        return { ...base, deployer, close: () => (closed.abort(), base.close()) };
      },
    });
    const id = await startOn(deploy, 'harbour-train');
    await deploy.until(id, (view) => view.state === 'queued' && view.remoteId !== null);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await rebuildConnectors(deploy, fleetFile, 2000);
    await deploy.until(id, (view) => view.state === 'succeeded');
    expect((await logOf(deploy, id)).filter((text) => text.startsWith('no answer from'))).toEqual([]);
    expect(scripted.deployments.size).toBe(1);
  });
});

describe('a command deployment across a connector rebuild', () => {
  it('records the exit of the command that ran through the rebuild: succeeded, run once', async () => {
    const dir = tempDir();
    const work = tempDir();
    const fleetFile = join(dir, 'fleet.yaml');
    const script = 'require("fs").appendFileSync("count", process.env.WATCHFLOOR_RELEASE + "\\n"); setTimeout(() => {}, 700)';
    writeFileSync(
      fleetFile,
      `version: 1
name: Command fleet
backends:
  - { id: sim, kind: sandbox, faultRate: 0, tickMs: 1000 }
  - { id: cmd, kind: command, deploy: [${JSON.stringify(process.execPath)}, "-e", ${JSON.stringify(script)}], workingDirectory: ${JSON.stringify(work)} }
${APAC_REGION_YAML}
tenants:
  - id: harbour
    name: Harbour Health
    region: apac
    environments:
      - { id: harbour-train, name: Harbour training, kind: training, site: apac-syd, watchedBy: sim, deployedBy: cmd, servers: 1 }
deploys:
  soakMinutes: 0
  releases:
    - { version: ${OLD}, type: enhancement, notes: November release }
    - { version: ${NEW}, type: enhancement, notes: November patch }
`,
    );
    const deploy = startDeployCore({ dir, fleetFile, scripted: null });
    const id = await startOn(deploy, 'harbour-train');
    await deploy.until(id, (view) => view.state === 'running');
    await rebuildConnectors(deploy, fleetFile, 2000);
    const done = await deploy.until(id, (view) => isFinishedState(view.state));
    expect(done.state).toBe('succeeded');
    expect(await logOf(deploy, id)).toEqual(expect.arrayContaining([`${NEW} deployed to harbour-train`]));
    // Counted on the target: the command ran once.
    expect(readFileSync(join(work, 'count'), 'utf8')).toBe(`${NEW}\n`);
  });
});

function isFinishedState(state: DeploymentView['state']): boolean {
  return ['succeeded', 'failed', 'cancelled', 'rolled-back'].includes(state);
}

describe('a deployment recorded by an earlier build', () => {
  it('is taken as possibly sent when it has no remote id (that build saved it, then called start): never "nothing was started"', async () => {
    const { dir, scripted, deploy, restart } = await scriptedSetup();
    scripted.hangStarts = true;
    scripted.createWhileHanging = false;
    const id = await startOn(deploy, 'harbour-train');
    while (scripted.startsAsked.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    deploy.close();
    const db = new Database(join(dir, 'watchfloor.sqlite'));
    const row = db.prepare('SELECT record_json FROM deployment WHERE id = ?').get(id) as { record_json: string };
    const legacy = JSON.parse(row.record_json) as Record<string, unknown>;
    delete legacy.startSentAt;
    db.prepare('UPDATE deployment SET record_json = ? WHERE id = ?').run(JSON.stringify(legacy), id);
    db.close();

    scripted.hangStarts = false;
    scripted.unreachable = true;
    const again = restart();
    await again.until(id, () => scripted.startsAsked.length === 1);
    await expect.poll(async () => (await logOf(again, id)).some((text) => text.startsWith('no answer from Simulated fleet'))).toBe(true);
    expect((await again.value('deploys.deployment', { id, after: 0 })).deployment.state).toBe('starting');
    scripted.unreachable = false;
    await again.until(id, (view) => view.state === 'lost-track');
    expect(scripted.startsAsked).toHaveLength(1);
  });
});

describe('a swap out when the connectors are rebuilt', () => {
  it('is never sent twice: the swapper is asked whether it swapped, and the deployment carries on from there', async () => {
    const dir = tempDir();
    const scripted = new ScriptedDeployer();
    scripted.setSlots('harbour-prod', OLD, OLD);
    const pages = await startSlotPages(scripted);
    keepServer(pages);
    const fleetFile = writeDeployFleet(dir, pages.url);
    let swapping = false;
    const deploy = startDeployCore({
      dir,
      fleetFile,
      scripted,
      wrap: (base, build) => {
        if (build > 1 || !base.slots) return base;
        // The first build's swap completes on the backend, but its answer never comes back before the connector closes.
        const closed = new AbortController();
        const slots = {
          ...base.slots,
          swap: async (target: Parameters<typeof scripted.swap>[0]) => {
            await scripted.swap(target);
            swapping = true;
            return untilClosed<void>(closed.signal);
          },
        };
        return { ...base, slots, close: () => (closed.abort(), base.close()) };
      },
    });
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-prod')) });
    const id = started.deployments[0]?.id ?? '';
    await expect.poll(() => swapping, { timeout: 5000 }).toBe(true);
    await rebuildConnectors(deploy, fleetFile, 2000);
    const done = await deploy.until(id, (view) => view.state === 'succeeded');
    expect(done.message).toBe(`${NEW} is live on Harbour production`);
    const log = await logOf(deploy, id);
    expect(log.some((text) => text.startsWith('the connectors were rebuilt during the swap'))).toBe(true);
    expect(log.some((text) => /^Simulated fleet says the swap sent at .* completed at .*; not sent again$/.test(text))).toBe(true);
    // Counted on the backend: one swap.
    expect(scripted.swaps).toEqual(['harbour-prod']);
  });
});

describe('a swap whose answer is lost', () => {
  it('is never taken for "did not complete": the backend is asked which release production serves, and the deployment carries on from there', async () => {
    const { scripted, deploy } = await scriptedSetup();
    scripted.loseNextSwapAnswer = true;
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-prod')) });
    const id = started.deployments[0]?.id ?? '';
    const done = await deploy.until(id, (view) => isFinishedState(view.state));
    expect(done).toMatchObject({ state: 'succeeded', message: `${NEW} is live on Harbour production` });
    // Counted on the backend: one swap, never sent again.
    expect(scripted.swaps).toEqual(['harbour-prod']);
    expect(scripted.slots.get('harbour-prod')?.production).toBe(NEW);
  });

  it('is never called "did not complete" without asking the backend, nor sent twice, when the backend did not carry it out', async () => {
    const { scripted, deploy } = await scriptedSetup();
    scripted.loseNextSwapAnswer = true;
    const swap = scripted.swap.bind(scripted);
    // The backend fails before it swaps, with an answer that does not say so: a 502 from a proxy in front of it.
    scripted.swap = async (target) => {
      if (!scripted.loseNextSwapAnswer) return swap(target);
      scripted.loseNextSwapAnswer = false;
      throw new ConnectorError('http', 'scripted: HTTP 502 Bad Gateway', 502);
    };
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-prod')) });
    const id = started.deployments[0]?.id ?? '';
    const done = await deploy.until(id, (view) => isFinishedState(view.state) || view.state === 'soaking');
    // Asked, the backend shows production still on the old release: said as not known, or sent once now that it is known not done.
    expect(done.message ?? '').not.toContain('did not complete');
    if (done.state === 'failed') expect(done.message).toContain(`says production runs ${OLD}`);
    expect(scripted.swaps.length).toBeLessThanOrEqual(1);
  });
});
