import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScriptedDeployer } from '../../support/scripted-deployer.js';
import { useTempDirs } from '../../support/temp.js';
import { confirmed, deployRequest, freshKey, keepServer, NEW, OLD, OPERATOR, startDeployCore, startSlotPages, writeDeployFleet } from './deploy-core.js';

const tempDir = useTempDirs();

async function setup(prepare: (scripted: ScriptedDeployer) => void = () => {}) {
  const dir = tempDir();
  const scripted = new ScriptedDeployer();
  prepare(scripted);
  scripted.setSlots('harbour-train', OLD, OLD);
  scripted.setSlots('harbour-prod', OLD, OLD);
  const pages = await startSlotPages(scripted);
  keepServer(pages);
  const fleetFile = writeDeployFleet(dir, pages.url);
  const deploy = startDeployCore({ dir, fleetFile, scripted });
  return { dir, fleetFile, scripted, pages, deploy };
}

describe('starting a deployment', () => {
  it('creates exactly one deployment on the backend, follows it to the end, and keeps its log and its trail', async () => {
    const { scripted, deploy } = await setup();
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-train')) });
    expect(started.deployments).toHaveLength(1);
    const [first] = started.deployments;
    if (!first) throw new Error('no deployment');
    expect(first).toMatchObject({ environmentId: 'harbour-train', version: NEW, previousVersion: OLD, state: 'starting', requestedBy: OPERATOR, flow: 'direct' });

    const done = await deploy.until(first.id, (view) => view.state === 'succeeded');
    expect(done).toMatchObject({ remoteId: 'Deployments-1', progress: 100, canCancel: false, canRollback: true, message: `${NEW} is live on Harbour training` });
    expect(scripted.deploymentsTo('harbour-train')).toHaveLength(1);
    expect(scripted.deploymentsTo('harbour-train')[0]?.order).toMatchObject({ key: `watchfloor-${first.id}`, version: NEW, requestedBy: OPERATOR, target: { slot: 'production', remoteName: 'harbour-train' } });
    expect(deploy.changes.map((view) => view.state)).toEqual(expect.arrayContaining(['starting', 'running', 'succeeded']));

    const detail = await deploy.value('deploys.deployment', { id: first.id, after: 0 });
    expect(detail.log.map((line) => line.text)).toEqual(expect.arrayContaining([`queued watchfloor-${first.id}`, `deploying ${NEW} to production`, 'deployment succeeded']));
    const newer = await deploy.value('deploys.deployment', { id: first.id, after: detail.logCount - 1 });
    expect(newer.log).toHaveLength(1);

    // The matrix says how it ended; names, kind, ring, customer and region are the fleet snapshot's to say.
    const row = (await deploy.value('deploys.matrix', {})).rows.find((entry) => entry.environmentId === 'harbour-train');
    expect(row).toMatchObject({ lastState: 'succeeded' });
    expect(Object.keys(row ?? {}).sort()).toEqual(['backendId', 'deployedAt', 'drift', 'driftReason', 'environmentId', 'expected', 'lastState', 'version']);

    const trail = (await deploy.audit()).filter((entry) => entry.deploymentId === first.id);
    expect(trail.map((entry) => [entry.action, entry.result, entry.who])).toEqual([
      ['deploy', 'succeeded', OPERATOR],
      ['deploy', 'started', OPERATOR],
    ]);
    expect(trail[1]).toMatchObject({ target: 'Harbour training [harbour-train] (Harbour Health, apac)', why: 'November patch for Harbour' });
    expect(trail[1]?.detail).toContain(`deploy ${NEW} (was ${OLD})`);
    expect(trail[0]?.at).toBe(deploy.clock.now());
  });

  it('gives a repeated idempotency key the first answer: a double click or a retry makes one deployment', async () => {
    const { scripted, deploy } = await setup();
    const request = await confirmed(deploy, deployRequest('harbour-train'));
    const key = freshKey();
    const [a, b] = await Promise.all([deploy.call('deploys.start', { request }, key), deploy.call('deploys.start', { request }, key)]);
    const c = await deploy.call('deploys.start', { request }, key);
    if (!a.ok || !b.ok || !c.ok) throw new Error('a start was refused');
    const id = a.value.deployments[0]?.id ?? '';
    expect(b.value.deployments.map((view) => view.id)).toEqual([id]);
    expect(c.value.deployments.map((view) => view.id)).toEqual([id]);
    await deploy.until(id, (view) => view.state === 'succeeded');
    expect(scripted.deployments.size).toBe(1);
    expect((await deploy.audit()).filter((entry) => entry.result === 'started')).toHaveLength(1);
  });

  it('lets only one of two starts with different keys (two windows clicking at once) deploy to an environment', async () => {
    const { scripted, deploy } = await setup();
    const request = await confirmed(deploy, deployRequest('harbour-train'));
    const [a, b] = await Promise.all([deploy.call('deploys.start', { request }, freshKey()), deploy.call('deploys.start', { request }, freshKey())]);
    const answers = [a, b];
    const started = answers.filter((answer) => answer.ok);
    const refused = answers.flatMap((answer) => (answer.ok ? [] : [answer.error]));
    expect(started).toHaveLength(1);
    expect(refused).toEqual([expect.objectContaining({ kind: 'conflict', message: expect.stringContaining('already scheduled or running on harbour-train') })]);
    const id = started[0]?.ok ? (started[0].value.deployments[0]?.id ?? '') : '';
    await deploy.until(id, (view) => view.state === 'succeeded');
    expect(scripted.deployments.size).toBe(1);
  });

  it('adopts the deployment the backend created when the answer to start was lost, instead of starting another', async () => {
    const { scripted, deploy } = await setup();
    scripted.loseNextStartAnswer = true;
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-train')) });
    const id = started.deployments[0]?.id ?? '';
    const done = await deploy.until(id, (view) => view.state === 'succeeded');
    expect(done.remoteId).toBe('Deployments-1');
    expect(scripted.deployments.size).toBe(1);
    const { log } = await deploy.value('deploys.deployment', { id, after: 0 });
    expect(log.map((line) => line.text)).toEqual(expect.arrayContaining([expect.stringContaining('the answer to start was lost; found on'), expect.stringContaining('socket hang up')]));
  });

  it('fails a deployment whose backend cannot be reached at start, and never sends it later', async () => {
    const { scripted, deploy } = await setup();
    const request = await confirmed(deploy, deployRequest('harbour-train'));
    // The preview saw it reachable a moment ago; the backend goes away just as the click lands.
    scripted.unreachable = true;
    const started = await deploy.value('deploys.start', { request });
    const id = started.deployments[0]?.id ?? '';
    const failed = await deploy.until(id, (view) => view.state === 'failed');
    expect(failed.message).toMatch(/could not be reached, so nothing was started: .*ECONNREFUSED/);
    scripted.unreachable = false;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(scripted.deployments.size).toBe(0);
    expect((await deploy.value('deploys.deployment', { id, after: 0 })).deployment.state).toBe('failed');
  });
});

describe('a restart in the middle of a start', () => {
  it('finds the deployment the backend already has and adopts it: one deployment on the backend', async () => {
    const { dir, fleetFile, scripted, deploy } = await setup();
    scripted.hangStarts = true;
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-train')) });
    const id = started.deployments[0]?.id ?? '';
    while (scripted.deployments.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await deploy.value('deploys.deployment', { id, after: 0 })).deployment.state).toBe('starting');
    deploy.close();

    scripted.hangStarts = false;
    const again = startDeployCore({ dir, fleetFile, scripted });
    const done = await again.until(id, (view) => view.state === 'succeeded');
    expect(done.remoteId).toBe('Deployments-1');
    expect(scripted.deployments.size).toBe(1);
    const { log } = await again.value('deploys.deployment', { id, after: 0 });
    expect(log.map((line) => line.text)).toContain('found on Simulated fleet and adopted; not started again');
  });

  it('never sends the start again when the backend shows nothing for it: it has lost track, for a person to resolve', async () => {
    const { dir, fleetFile, scripted, deploy } = await setup();
    scripted.hangStarts = true;
    scripted.createWhileHanging = false;
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-train')) });
    const id = started.deployments[0]?.id ?? '';
    while (scripted.startsAsked.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    deploy.close();
    expect(scripted.deployments.size).toBe(0);

    // The start was sent: the previous console cannot tell whether the backend will still take it.
    scripted.hangStarts = false;
    const again = startDeployCore({ dir, fleetFile, scripted });
    const lost = await again.until(id, (view) => view.state === 'lost-track');
    expect(lost.message).toContain('the start was sent to Simulated fleet');
    expect(scripted.startsAsked).toHaveLength(1);

    await again.value('deploys.resolveLostTrack', { id, resolution: { action: 'abandon' }, reason: 'nothing ran on the backend' });
    const next = await again.value('deploys.start', { request: await confirmed(again, deployRequest('harbour-train')) });
    await again.until(next.deployments[0]?.id ?? '', (view) => view.state === 'succeeded');
    expect(scripted.deployments.size).toBe(1);
  });
});

describe('guards and confirmation', () => {
  it('refuses a production deploy outside an upgrade slot, audited as refused, and lets it through with a written reason', async () => {
    const { scripted, deploy } = await setup();
    const plain = deployRequest('harbour-prod');
    const preview = await deploy.value('deploys.preview', { request: plain });
    expect(preview.guards.find((guard) => guard.id === 'allowed-slot')).toMatchObject({ state: 'fail', overridable: true });
    const refused = await deploy.call('deploys.start', { request: { ...plain, confirmation: 'Harbour production' } });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(!refused.ok && refused.error.message).toMatch(/^deploy refused: Inside an allowed upgrade slot: outside an upgrade slot now/);
    expect(scripted.deployments.size).toBe(0);
    const [refusal] = await deploy.audit('refused');
    expect(refusal).toMatchObject({ who: OPERATOR, action: 'deploy', result: 'refused', why: 'November patch for Harbour', deploymentId: null });
    expect(refusal?.detail).toContain('outside an upgrade slot now');

    const reason = 'Harbour asked for the fix before their Monday';
    const request = await confirmed(deploy, plain, reason);
    const started = await deploy.value('deploys.start', { request });
    const id = started.deployments[0]?.id ?? '';
    expect(started.deployments[0]?.overrides).toEqual([{ guard: 'allowed-slot', reason }]);
    await deploy.until(id, (view) => view.state === 'succeeded');
    expect(scripted.deployments.size).toBe(1);
    const overridden = await deploy.audit('override guard');
    expect(overridden[0]).toMatchObject({ action: 'override guard', why: reason, who: OPERATOR });
    const [start] = (await deploy.audit()).filter((entry) => entry.deploymentId === id && entry.result === 'started');
    expect(start?.detail).toContain(`allowed-slot overridden: ${reason}`);
  });

  it('refuses a production deploy whose name was not typed as asked', async () => {
    const { scripted, deploy } = await setup();
    const request = await confirmed(deploy, deployRequest('harbour-prod'));
    expect(request.confirmation).toBe('Harbour production');
    const wrong = await deploy.call('deploys.start', { request: { ...request, confirmation: 'Harbour' } });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const none = await deploy.call('deploys.start', { request: { ...request, confirmation: undefined } });
    expect(none).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(scripted.deployments.size).toBe(0);
    expect((await deploy.audit('refused')).length).toBe(2);
  });

  it('refuses while the deploy backend is offline, and queues nothing for later', async () => {
    const { scripted, deploy } = await setup();
    scripted.unreachable = true;
    const request = deployRequest('harbour-train');
    const preview = await deploy.value('deploys.preview', { request });
    expect(preview.allowed).toBe(false);
    expect(preview.guards.find((guard) => guard.id === 'offline')).toMatchObject({ state: 'fail', overridable: false });
    const refused = await deploy.call('deploys.start', { request });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(!refused.ok && refused.error.message).toContain('ECONNREFUSED');
    scripted.unreachable = false;
    deploy.clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(scripted.deployments.size).toBe(0);
    expect((await deploy.value('deploys.overview', {})).deployments).toEqual([]);
    expect((await deploy.audit('refused'))[0]?.detail).toContain('ECONNREFUSED');
  });
});

describe('the staging-slot flow', () => {
  it('deploys to staging, checks it, swaps it in, and swaps back on its own when production fails its checks', async () => {
    const { scripted, pages, deploy } = await setup();
    pages.poison(NEW);
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-prod')) });
    const id = started.deployments[0]?.id ?? '';
    expect(started.deployments[0]?.flow).toBe('staging-slot');
    const done = await deploy.until(id, (view) => view.state === 'rolled-back');
    expect(scripted.deploymentsTo('harbour-prod')[0]?.order.target.slot).toBe('staging');
    expect(scripted.swaps).toEqual(['harbour-prod', 'harbour-prod']);
    expect(scripted.slots.get('harbour-prod')).toEqual({ production: OLD, staging: NEW });
    expect(done.checks.map((check) => [check.slot, check.state])).toEqual([
      ['staging', 'passed'],
      ['production', 'failed'],
    ]);
    expect(done.message).toMatch(new RegExp(`^checks failed on production after the swap: home page on production: failed .*answered 500.*; swapped back automatically, production runs ${OLD} again$`));
    expect(deploy.changes.filter((view) => view.id === id).map((view) => view.state)).toEqual(
      expect.arrayContaining(['checking', 'swapping', 'verifying', 'swapping-back', 'rolled-back']),
    );
    const [last] = (await deploy.audit()).filter((entry) => entry.deploymentId === id);
    expect(last).toMatchObject({ result: 'failed', action: 'deploy' });
    expect(last?.detail).toContain('rolled-back');
  });

  it('leaves production untouched when the staging slot fails its checks', async () => {
    const { scripted, pages, deploy } = await setup();
    pages.poison(NEW, 'staging');
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-prod')) });
    const id = started.deployments[0]?.id ?? '';
    const done = await deploy.until(id, (view) => view.state === 'failed');
    expect(done.message).toMatch(/^checks failed on the staging slot, so it was not swapped in; production is untouched: home page on staging: failed/);
    expect(scripted.swaps).toEqual([]);
    expect(scripted.slots.get('harbour-prod')).toEqual({ production: OLD, staging: NEW });
  });

  it('swaps a release that passes its checks into production', async () => {
    const { scripted, deploy } = await setup();
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-prod')) });
    const id = started.deployments[0]?.id ?? '';
    const done = await deploy.until(id, (view) => view.state === 'succeeded');
    expect(done.checks.map((check) => [check.slot, check.state])).toEqual([
      ['staging', 'passed'],
      ['production', 'passed'],
    ]);
    expect(done.canRollback).toBe(true);
    expect(scripted.swaps).toEqual(['harbour-prod']);
    expect(scripted.slots.get('harbour-prod')).toEqual({ production: NEW, staging: OLD });
  });
});

describe('the staging-slot flow with swap with preview', () => {
  const preview = (scripted: ScriptedDeployer) => {
    scripted.offersPreview = true;
    scripted.slotDifferences = ['app setting FEATURE_ROSTER_V2: off in production, on in staging'];
  };

  it("warms staging up with production's settings, logs what the swap will change, and completes the swap", async () => {
    const { scripted, deploy } = await setup(preview);
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-prod')) });
    const id = started.deployments[0]?.id ?? '';
    await deploy.until(id, (view) => view.state === 'succeeded');
    expect(scripted.previewSteps).toEqual(['apply harbour-prod']);
    expect(scripted.swaps).toEqual(['harbour-prod']);
    const { log } = await deploy.value('deploys.deployment', { id, after: 0 });
    const texts = log.map((line) => line.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        'the swap will change: app setting FEATURE_ROSTER_V2: off in production, on in staging',
        "production's settings applied to the staging slot (swap with preview): it warms up and is checked as it will run",
      ]),
    );
    expect(texts.findIndex((text) => text.startsWith('production'))).toBeLessThan(texts.findIndex((text) => text.startsWith('check home page on staging')));
  });

  it('gives staging its own settings back when it fails its checks, and never swaps', async () => {
    const { scripted, pages, deploy } = await setup(preview);
    pages.poison(NEW, 'staging');
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-prod')) });
    const id = started.deployments[0]?.id ?? '';
    await deploy.until(id, (view) => view.state === 'failed');
    expect(scripted.previewSteps).toEqual(['apply harbour-prod', 'reset harbour-prod']);
    expect(scripted.swaps).toEqual([]);
    expect(scripted.slots.get('harbour-prod')).toEqual({ production: OLD, staging: NEW });
  });
});

describe('rollback', () => {
  it('swaps back to the warm staging slot without a new deployment, and redeploys where no slot is warm', async () => {
    const { scripted, deploy } = await setup();
    const deployed = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-prod')) });
    await deploy.until(deployed.deployments[0]?.id ?? '', (view) => view.state === 'succeeded');
    deploy.clock.advance(10_000);

    const rollback = await confirmed(deploy, { action: 'rollback', target: { by: 'environments', ids: ['harbour-prod'] }, when: 'now', reason: 'login errors after the patch', overrides: [] });
    const started = await deploy.value('deploys.start', { request: rollback });
    const [view] = started.deployments;
    expect(view).toMatchObject({ action: 'rollback', version: OLD, previousVersion: NEW });
    const done = await deploy.until(view?.id ?? '', (candidate) => candidate.state === 'succeeded');
    expect(done.message).toBe(`swapped back: ${OLD} serves production on Harbour production`);
    expect(scripted.deployments.size).toBe(1);
    expect(scripted.swaps).toEqual(['harbour-prod', 'harbour-prod']);
    expect(scripted.slots.get('harbour-prod')).toEqual({ production: OLD, staging: NEW });

    const train = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-train')) });
    await deploy.until(train.deployments[0]?.id ?? '', (candidate) => candidate.state === 'succeeded');
    deploy.clock.advance(10_000);
    const redeploy = await deploy.value('deploys.start', {
      request: await confirmed(deploy, { action: 'rollback', target: { by: 'environments', ids: ['harbour-train'] }, when: 'now', reason: 'training needs the old screens', overrides: [] }),
    });
    await deploy.until(redeploy.deployments[0]?.id ?? '', (candidate) => candidate.state === 'succeeded');
    const [last] = scripted.deploymentsTo('harbour-train').slice(-1);
    expect(last?.order).toMatchObject({ action: 'rollback', version: OLD, previousVersion: NEW });
    expect(scripted.slots.get('harbour-train')?.production).toBe(OLD);
  });
});

describe('cancel and manual intervention', () => {
  it('cancels a running deployment on the backend and keeps who and why', async () => {
    const { scripted, deploy } = await setup();
    scripted.script('harbour-train', 'hold');
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-train')) });
    const id = started.deployments[0]?.id ?? '';
    await deploy.until(id, (view) => view.state === 'running');
    const cancelled = await deploy.value('deploys.cancel', { id, reason: 'wrong release picked' });
    expect(cancelled.step).toBe('cancel requested');
    const done = await deploy.until(id, (view) => view.state === 'cancelled');
    expect(done).toMatchObject({ canCancel: false, canRollback: false, message: 'cancelled on request' });
    expect(scripted.deploymentsTo('harbour-train')[0]?.cancelRequested).toBe(true);
    const trail = (await deploy.audit()).filter((entry) => entry.deploymentId === id);
    expect(trail.map((entry) => [entry.action, entry.result])).toEqual([
      ['deploy', 'cancelled'],
      ['cancel deployment', 'succeeded'],
      ['deploy', 'started'],
    ]);
    expect(trail[1]).toMatchObject({ who: OPERATOR, why: 'wrong release picked' });
    const again = await deploy.call('deploys.cancel', { id, reason: '' });
    expect(again).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  });

  it('shows an interruption and passes the answer to the backend', async () => {
    const { scripted, deploy } = await setup();
    scripted.script('harbour-train', 'pause');
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-train')) });
    const id = started.deployments[0]?.id ?? '';
    const paused = await deploy.until(id, (view) => view.state === 'paused');
    expect(paused.interruption).toMatchObject({ title: 'Run migrations failed', answers: ['retry', 'ignore', 'abort'] });
    const interruptionId = paused.interruption?.id ?? '';
    const wrong = await deploy.call('deploys.answer', { id, interruptionId, answer: 'proceed', notes: 'just go on' });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    await deploy.value('deploys.answer', { id, interruptionId, answer: 'retry', notes: 'the database was restarted' });
    await deploy.until(id, (view) => view.state === 'succeeded');
    expect(scripted.deploymentsTo('harbour-train')[0]?.answers).toEqual([{ interruptionId, answer: 'retry', notes: 'the database was restarted' }]);
    const [answer] = await deploy.audit('answer interruption');
    expect(answer).toMatchObject({ who: OPERATOR, why: 'the database was restarted', result: 'succeeded', deploymentId: id });
    expect(answer?.detail).toBe('answered "retry" to "Run migrations failed"');
  });

  it('asks the backend before answering again: an answer whose acknowledgement was lost, retried with its key, reaches the backend once', async () => {
    const { scripted, deploy } = await setup();
    scripted.script('harbour-train', 'pause');
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-train')) });
    const id = started.deployments[0]?.id ?? '';
    const paused = await deploy.until(id, (view) => view.state === 'paused');
    const interruptionId = paused.interruption?.id ?? '';
    scripted.loseNextAnswerAnswer = true;
    const key = freshKey();
    const input = { id, interruptionId, answer: 'retry' as const, notes: 'the database was restarted' };
    const first = await deploy.call('deploys.answer', input, key);
    expect(first).toMatchObject({ ok: false, error: { kind: 'in-doubt' } });
    const again = await deploy.call('deploys.answer', input, key);
    expect(again).toMatchObject({ ok: true });
    await deploy.until(id, (view) => view.state === 'succeeded');
    // Counted on the backend: the interruption was answered once.
    expect(scripted.deploymentsTo('harbour-train')[0]?.answers).toEqual([{ interruptionId, answer: 'retry', notes: 'the database was restarted' }]);
    const detail = await deploy.value('deploys.deployment', { id, after: 0 });
    expect(detail.log.map((line) => line.text)).toEqual(expect.arrayContaining([expect.stringContaining('no longer waits for an answer to "Run migrations failed"')]));
  });

  it('says when the backend has not answered for minutes, without guessing at the state', async () => {
    const { scripted, deploy } = await setup();
    scripted.script('harbour-train', 'hold');
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-train')) });
    const id = started.deployments[0]?.id ?? '';
    await deploy.until(id, (view) => view.state === 'running');
    scripted.unreachable = true;
    deploy.clock.advance(4 * 60_000);
    const silent = await deploy.until(id, (view) => view.message !== null);
    expect(silent.state).toBe('running');
    expect(silent.message).toMatch(/^no answer from Simulated fleet since 2026-11-23T03:00:00.000Z: /);
    const { log } = await deploy.value('deploys.deployment', { id, after: 0 });
    expect(log.filter((line) => line.text.startsWith('no answer from'))).toHaveLength(1);
  });
});

describe('a deployment inside a freeze', () => {
  /** Harbour training on the old release, inside a two-day APAC deploy freeze. */
  async function coreInPayrollFreeze(): Promise<{ deploy: ReturnType<typeof startDeployCore>; scripted: ScriptedDeployer }> {
    const dir = tempDir();
    const scripted = new ScriptedDeployer();
    scripted.setSlots('harbour-train', OLD, OLD);
    const pages = await startSlotPages(scripted);
    keepServer(pages);
    const fleetFile = writeDeployFleet(dir, pages.url);
    appendFileSync(
      fleetFile,
      `calendar:
  windows:
    - { id: payroll-freeze, kind: deploy-freeze, title: Payroll run freeze, scope: { regions: [apac] }, start: 2026-11-23T00:00, timeZone: Australia/Sydney, duration: P2D }
`,
    );
    return { deploy: startDeployCore({ dir, fleetFile, scripted }), scripted };
  }

  it('goes through only with the freeze overridden, and the calendar shows it on the freeze with the reason', async () => {
    const { deploy } = await coreInPayrollFreeze();
    const plain = deployRequest('harbour-train');
    const preview = await deploy.value('deploys.preview', { request: plain });
    expect(preview.guards.find((guard) => guard.id === 'freeze')).toMatchObject({ state: 'fail', overridable: true, environmentIds: ['harbour-train'] });

    const reason = 'payroll fix must land before the run';
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, plain, reason) });
    const id = started.deployments[0]?.id ?? '';
    await deploy.until(id, (view) => view.state === 'succeeded');

    const calendar = await deploy.value('calendar.view', { range: { from: Date.parse('2026-11-22T00:00:00Z'), to: Date.parse('2026-11-26T00:00:00Z') } });
    const freeze = calendar.occurrences.find((occurrence) => occurrence.windowId === 'payroll-freeze');
    expect(freeze?.conflicts).toEqual([
      {
        kind: 'deploy-in-freeze',
        message: `Deploy of ${NEW} to Harbour training inside this freeze; the freeze was overridden: "${reason}"`,
        otherKey: null,
        environments: ['harbour-train'],
      },
    ]);
  });

  it('lets a rollback through without an override, and keeps the freeze it ran in on the trail', async () => {
    const { deploy, scripted } = await coreInPayrollFreeze();
    const started = await deploy.value('deploys.start', { request: await confirmed(deploy, deployRequest('harbour-train'), 'payroll fix must land before the run') });
    await deploy.until(started.deployments[0]?.id ?? '', (view) => view.state === 'succeeded');

    const rollback = { action: 'rollback' as const, target: { by: 'environments' as const, ids: ['harbour-train'] }, when: 'now' as const, reason: 'the payroll fix broke payslips', overrides: [] };
    const preview = await deploy.value('deploys.preview', { request: rollback });
    expect(preview.guards.find((guard) => guard.id === 'freeze')).toMatchObject({ state: 'pass', environmentIds: ['harbour-train'] });
    const back = await deploy.value('deploys.start', { request: await confirmed(deploy, rollback) });
    const id = back.deployments[0]?.id ?? '';
    await deploy.until(id, (view) => view.state === 'succeeded');
    const [entry] = (await deploy.audit()).filter((row) => row.deploymentId === id && row.result === 'started');
    expect(entry?.detail).toContain('inside a deploy freeze "Payroll run freeze" until 2026-11-25 00:00 AEDT');
    expect(scripted.slots.get('harbour-train')?.production).toBe(OLD);
  });
});
