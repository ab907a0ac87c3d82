import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { FleetDefinition } from '../../shared/fleet-definition/schema.js';
import { FleetDefinition as FleetSchema } from '../../shared/fleet-definition/schema.js';
import type { DeploymentOrder, WatchedEnvironment } from '../../main/core/connectors/capabilities.js';
import { generateSandboxFleet } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { SandboxConnector } from '../../main/core/connectors/sandbox/sandbox-connector.js';
import { toFleetView } from '../../main/core/fleet/fleet-view.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { ManualClock, useTempDirs } from '../support/temp.js';
import { SANDBOX_BACKEND_FILE } from '../../main/core/connectors/sandbox/sandbox-backend-file.js';

type SandboxDefinition = Extract<FleetDefinition['backends'][number], { kind: 'sandbox' }>;

const signal = new AbortController().signal;
const SECOND = 1000;
/** The six steps take 24 simulated seconds. */
const DEPLOY_MS = 24 * SECOND;

function sandbox(seed = 4, dataDir?: string, clock = new ManualClock()) {
  const definition = generateSandboxFleet({ seed, size: 60 });
  const connector = new SandboxConnector(definition.backends[0] as SandboxDefinition, clock, dataDir);
  const view = toFleetView(definition);
  const find = (test: (env: WatchedEnvironment) => boolean) => {
    const env = view.watched.find(test);
    if (!env) throw new Error('no such environment in the simulated fleet');
    return env;
  };
  const customer = find((env) => env.view.kind === 'production' && !env.view.tenantId.startsWith('shared-'));
  const ringProduction = find((env) => env.view.ring === 'production');
  return { clock, connector, definition, view, customer, ringProduction };
}

let sequence = 0;
function order(environment: WatchedEnvironment, version: string, extra: Partial<DeploymentOrder> = {}): DeploymentOrder {
  sequence += 1;
  return {
    key: `watchfloor-d${sequence}`,
    action: 'deploy',
    version,
    previousVersion: null,
    target: { environment, remoteName: environment.view.id, remoteTenant: null, slot: 'production', variables: {} },
    runAt: null,
    noRunAfter: null,
    guidedFailure: false,
    requestedBy: 'ana@example.com',
    reason: null,
    ...extra,
  };
}

async function versionOf(connector: SandboxConnector, environment: WatchedEnvironment): Promise<string | undefined> {
  const target = { environment, remoteName: environment.view.id, remoteTenant: null, slot: 'production' as const, variables: {} };
  return (await connector.deployer.currentVersions([target], signal)).get(environment.view.id)?.version;
}

describe('sandbox deploys', () => {
  it('runs named steps over simulated time, with progress and log, and then serves the new version', async () => {
    const { clock, connector, customer } = sandbox();
    const before = await versionOf(connector, customer);
    expect(before).toMatch(/^2026\.10\./);
    const id = await connector.deployer.start(order(customer, '2026.11.1'), signal);

    expect(await connector.deployer.status(id, signal)).toMatchObject({ state: 'running', step: 'Acquire packages', progress: 0 });
    clock.advance(12 * SECOND);
    const midway = await connector.deployer.status(id, signal);
    expect(midway).toMatchObject({ state: 'running', step: 'Deploy web' });
    expect(midway.progress).toBeGreaterThan(40);
    expect(midway.progress).toBeLessThan(60);
    expect(await versionOf(connector, customer)).toBe(before);

    clock.advance(12 * SECOND);
    expect(await connector.deployer.status(id, signal)).toMatchObject({ state: 'succeeded', progress: 100, message: null });
    expect(await versionOf(connector, customer)).toBe('2026.11.1');
    const log = await connector.deployer.log(id, 0, signal);
    expect(log.map((line) => line.text)).toContain('Step 3/6: Run database migrations');
    expect(log.at(-1)?.text).toContain('2026.11.1 is now in the production slot');
    expect(await connector.deployer.log(id, log.length, signal)).toEqual([]);
  });

  it('finds a deployment by its key, and starting the same order twice creates one deployment', async () => {
    const { connector, customer } = sandbox();
    const first = order(customer, '2026.11.1');
    expect(await connector.deployer.find(first, signal)).toBeNull();
    const id = await connector.deployer.start(first, signal);
    expect((await connector.deployer.find(first, signal))?.remoteId).toBe(id);
    expect(await connector.deployer.start(first, signal)).toBe(id);
    expect(await connector.deployer.find(order(customer, '2026.11.1'), signal)).toBeNull();
  });

  it('fails "Run database migrations" when fail-step is armed, for the next deployment only', async () => {
    const { clock, connector, customer } = sandbox();
    const before = await versionOf(connector, customer);
    connector.deployFaults.arm(customer.view.id, 'fail-step');
    const failing = await connector.deployer.start(order(customer, '2026.11.1'), signal);
    clock.advance(DEPLOY_MS);
    const status = await connector.deployer.status(failing, signal);
    expect(status).toMatchObject({ state: 'failed', step: 'Run database migrations' });
    expect(status.message).toContain('Run database migrations');
    expect(await versionOf(connector, customer)).toBe(before);

    const next = await connector.deployer.start(order(customer, '2026.11.1'), signal);
    clock.advance(DEPLOY_MS);
    expect((await connector.deployer.status(next, signal)).state).toBe('succeeded');
  });

  it('pauses for manual intervention under guided failure, and a retry carries on', async () => {
    const { clock, connector, customer } = sandbox();
    connector.deployFaults.arm(customer.view.id, 'guided-failure');
    const id = await connector.deployer.start(order(customer, '2026.11.1'), signal);
    clock.advance(DEPLOY_MS);
    const paused = await connector.deployer.status(id, signal);
    expect(paused).toMatchObject({ state: 'paused', step: 'Run database migrations' });
    expect(paused.interruption?.answers).toEqual(['retry', 'ignore', 'abort']);

    clock.advance(60 * SECOND);
    expect((await connector.deployer.status(id, signal)).state).toBe('paused');
    const interruption = paused.interruption;
    if (!interruption) throw new Error('expected an interruption');
    await expect(connector.deployer.answer(id, 'another', 'retry', 'lock cleared', signal)).rejects.toBeInstanceOf(ConnectorError);
    await connector.deployer.answer(id, interruption.id, 'retry', 'lock cleared', signal);
    expect(await connector.deployer.status(id, signal)).toMatchObject({ state: 'running', step: 'Run database migrations', interruption: null });
    clock.advance(DEPLOY_MS);
    expect((await connector.deployer.status(id, signal)).state).toBe('succeeded');
    expect(await versionOf(connector, customer)).toBe('2026.11.1');
  });

  it('a failed step under an order with guided failure pauses, and abort fails it', async () => {
    const { clock, connector, customer } = sandbox();
    const before = await versionOf(connector, customer);
    connector.deployFaults.arm(customer.view.id, 'fail-step');
    const id = await connector.deployer.start(order(customer, '2026.11.1', { guidedFailure: true }), signal);
    clock.advance(DEPLOY_MS);
    const paused = await connector.deployer.status(id, signal);
    await connector.deployer.answer(id, paused.interruption?.id ?? '', 'abort', 'not tonight', signal);
    expect(await connector.deployer.status(id, signal)).toMatchObject({ state: 'failed', interruption: null });
    expect(await versionOf(connector, customer)).toBe(before);
  });

  it('runs ten times slower when slow is armed', async () => {
    const { clock, connector, customer } = sandbox();
    connector.deployFaults.arm(customer.view.id, 'slow');
    const id = await connector.deployer.start(order(customer, '2026.11.1'), signal);
    clock.advance(DEPLOY_MS);
    const status = await connector.deployer.status(id, signal);
    expect(status.state).toBe('running');
    expect(status.progress).toBeLessThan(15);
    clock.advance(9 * DEPLOY_MS);
    expect((await connector.deployer.status(id, signal)).state).toBe('succeeded');
  });

  it('cancels a running deployment and keeps the version it had', async () => {
    const { clock, connector, customer } = sandbox();
    const before = await versionOf(connector, customer);
    const id = await connector.deployer.start(order(customer, '2026.11.1'), signal);
    clock.advance(8 * SECOND);
    await connector.deployer.cancel(id, signal);
    clock.advance(DEPLOY_MS);
    expect(await connector.deployer.status(id, signal)).toMatchObject({ state: 'cancelled' });
    expect(await versionOf(connector, customer)).toBe(before);
  });

  it('waits for runAt, can be cancelled while it waits, and gives up after noRunAfter', async () => {
    const { clock, connector, customer } = sandbox();
    const now = clock.now();
    const scheduled = await connector.deployer.start(order(customer, '2026.11.1', { runAt: now + 3_600_000 }), signal);
    clock.advance(30 * 60_000);
    expect((await connector.deployer.status(scheduled, signal)).state).toBe('queued');
    clock.advance(30 * 60_000 + DEPLOY_MS);
    expect((await connector.deployer.status(scheduled, signal)).state).toBe('succeeded');

    const waiting = await connector.deployer.start(order(customer, '2026.10.4', { runAt: clock.now() + 60_000 }), signal);
    await connector.deployer.cancel(waiting, signal);
    clock.advance(60_000 + DEPLOY_MS);
    expect((await connector.deployer.status(waiting, signal)).state).toBe('cancelled');
    expect(await versionOf(connector, customer)).toBe('2026.11.1');

    const late = await connector.deployer.start(order(customer, '2026.10.4', { runAt: clock.now() + 120_000, noRunAfter: clock.now() + 60_000 }), signal);
    clock.advance(120_000);
    expect(await connector.deployer.status(late, signal)).toMatchObject({ state: 'failed' });
  });

  it('deploys into the staging slot, swaps it into production and swaps back', async () => {
    const { clock, connector, ringProduction } = sandbox();
    const before = await versionOf(connector, ringProduction);
    const target = { environment: ringProduction, remoteName: ringProduction.view.id, remoteTenant: null, slot: 'staging' as const, variables: {} };
    await expect(connector.slots.swap(target, signal)).rejects.toThrow(/staging slot .* is empty/);

    const id = await connector.deployer.start(order(ringProduction, '2026.11.1', { target }), signal);
    await expect(connector.slots.swap(target, signal)).rejects.toThrow(/being deployed/);
    clock.advance(DEPLOY_MS);
    expect((await connector.deployer.status(id, signal)).state).toBe('succeeded');
    expect(await versionOf(connector, ringProduction)).toBe(before);
    expect(await connector.slots.differences(target, signal)).toEqual([`Version: production ${before} becomes 2026.11.1`]);

    await connector.slots.swap(target, signal);
    expect(await versionOf(connector, ringProduction)).toBe('2026.11.1');
    await connector.slots.swap(target, signal);
    expect(await versionOf(connector, ringProduction)).toBe(before);
  });

  it('fail-verification deploys fine, passes in staging and fails its checks once it serves production', async () => {
    const { clock, connector, ringProduction } = sandbox();
    const id = ringProduction.view.id;
    const target = { environment: ringProduction, remoteName: id, remoteTenant: null, slot: 'staging' as const, variables: {} };
    connector.deployFaults.arm(id, 'fail-verification');
    const deployment = await connector.deployer.start(order(ringProduction, '2026.11.1', { target }), signal);
    clock.advance(DEPLOY_MS);
    expect((await connector.deployer.status(deployment, signal)).state).toBe('succeeded');
    expect(connector.deployFaults.verification(id, 'staging')).toBe('ok');
    expect(connector.deployFaults.verification(id, 'production')).toBe('ok');

    await connector.slots.swap(target, signal);
    expect(connector.deployFaults.verification(id, 'production')).toBe('failing');
    await connector.slots.swap(target, signal);
    expect(connector.deployFaults.verification(id, 'production')).toBe('ok');
  });

  it('is the same deployment, log line for log line, for the same seed and clock', async () => {
    const play = async () => {
      const { clock, connector, customer } = sandbox(9);
      connector.deployFaults.arm(customer.view.id, 'guided-failure');
      const id = await connector.deployer.start(order(customer, '2026.11.1', { key: 'watchfloor-same' }), signal);
      clock.advance(DEPLOY_MS);
      return { version: await versionOf(connector, customer), log: await connector.deployer.log(id, 0, signal), status: await connector.deployer.status(id, signal) };
    };
    expect(await play()).toEqual(await play());
  });
});

describe('the simulated deploy backend keeps its state in its own file', () => {
  const tempDir = useTempDirs();

  function rows(dir: string, sql: string): unknown[] {
    const db = new Database(join(dir, SANDBOX_BACKEND_FILE), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all();
    } finally {
      db.close();
    }
  }

  it('follows a run, its slots and its armed faults across instances: a restart or a rebuild loses nothing', async () => {
    const dir = tempDir();
    const first = sandbox(4, dir);
    const { customer, ringProduction, clock } = first;
    first.connector.deployFaults.arm(customer.view.id, 'slow');
    const target = { environment: ringProduction, remoteName: ringProduction.view.id, remoteTenant: null, slot: 'staging' as const, variables: {} };
    const staged = await first.connector.deployer.start(order(ringProduction, '2026.11.1', { target }), signal);
    first.connector.close();
    await expect(first.connector.deployer.status(staged, signal)).rejects.toThrow(/closed/);

    const second = sandbox(4, dir, clock);
    const slow = await second.connector.deployer.start(order(customer, '2026.11.1'), signal);
    clock.advance(DEPLOY_MS);
    expect((await second.connector.deployer.status(staged, signal)).state).toBe('succeeded');
    // The fault armed before the rebuild still holds: ten times slower.
    expect((await second.connector.deployer.status(slow, signal)).state).toBe('running');
    const before = await versionOf(second.connector, ringProduction);
    await second.connector.slots.swap(target, signal);
    second.connector.close();

    const third = sandbox(4, dir, clock);
    expect(await versionOf(third.connector, ringProduction)).toBe('2026.11.1');
    expect(await third.connector.slots.differences(target, signal)).toEqual([`Version: production 2026.11.1 becomes ${before}`]);
    expect(rows(dir, 'SELECT environment_id FROM sandbox_swap')).toEqual([{ environment_id: ringProduction.view.id }]);
    expect(rows(dir, 'SELECT id, environment_id, version FROM sandbox_deployment ORDER BY created_at, id')).toEqual([
      { id: staged, environment_id: ringProduction.view.id, version: '2026.11.1' },
      { id: slow, environment_id: customer.view.id, version: '2026.11.1' },
    ]);
    third.connector.close();
  });

  it('never mints the same id twice, from two instances over the same file', async () => {
    const dir = tempDir();
    const a = sandbox(4, dir);
    const b = sandbox(4, dir, a.clock);
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      ids.add(await a.connector.deployer.start(order(a.customer, '2026.11.1'), signal));
      ids.add(await b.connector.deployer.start(order(b.ringProduction, '2026.11.1'), signal));
    }
    expect(ids.size).toBe(10);
    // The same order's key, asked of the other instance, is the same run.
    const shared = order(a.customer, '2026.11.2');
    const id = await a.connector.deployer.start(shared, signal);
    expect(await b.connector.deployer.start(shared, signal)).toBe(id);
    expect(await b.connector.deployer.find(shared, signal)).toMatchObject({ remoteId: id, key: shared.key, version: '2026.11.2', target: a.customer.view.id });
    expect(rows(dir, 'SELECT COUNT(*) AS count FROM sandbox_deployment')).toEqual([{ count: 11 }]);
    a.connector.close();
    b.connector.close();
  });
});

describe('the simulated fleet deploy setup', () => {
  it('deploys every environment through the sandbox, with slots on ring production and a metric check', () => {
    const definition = generateSandboxFleet({ seed: 1, size: 200 });
    expect(FleetSchema.safeParse(definition).success).toBe(true);
    const envs = definition.tenants.flatMap((tenant) => tenant.environments);
    for (const env of envs) {
      expect(env.deployedBy).toBe('sandbox');
      expect(env.deployment?.checks).toEqual([
        { type: 'metric', name: 'Error rate', from: 'sandbox', query: 'error_rate{environment="{environment}"}', below: 0.05 },
      ]);
      expect(Boolean(env.ring && env.kind === 'production')).toBe(env.slots?.includes('staging') ?? false);
    }
  });

  it('has the three release types, a hotfix with its incident and a patch that says what a rollback cannot undo', () => {
    const { deploys } = generateSandboxFleet({ seed: 1, size: 200 });
    expect(new Set(deploys.releases.map((release) => release.type))).toEqual(new Set(['enhancement', 'service-patch', 'hotfix']));
    expect(deploys.releases.find((release) => release.type === 'hotfix')?.incident).toMatch(/^INC-/);
    expect(deploys.releases.find((release) => release.version === '2026.11.1')?.irreversible.join(' ')).toContain('migration');
  });

  it('plans the newest release through the rings, cloud regions one by one, then customer groups in their upgrade slots', () => {
    const definition = generateSandboxFleet({ seed: 1, size: 200 });
    const [plan] = definition.deploys.plans;
    expect(plan?.release).toBe('2026.11.1');
    const stages = plan?.stages ?? [];
    expect(stages.slice(0, 3).map((stage) => stage.targets.rings)).toEqual([['internal'], ['early-access'], ['beta']]);
    expect(stages.filter((stage) => stage.targets.rings?.includes('production')).map((stage) => stage.targets.regions)).toEqual([
      ['cloud-eu-west'],
      ['cloud-us-east'],
      ['cloud-ap-southeast'],
    ]);
    const groups = stages.filter((stage) => stage.slot !== undefined);
    expect(new Set(groups.map((stage) => stage.slot))).toEqual(new Set(['apac-upgrade-slots', 'uk-upgrade-slot']));
    expect(groups.filter((stage) => stage.uatFirst).map((stage) => stage.id)).toEqual(['apac-group-1']);
    const customers = definition.tenants.filter((tenant) => !tenant.id.startsWith('shared-'));
    const booked = groups.flatMap((stage) => stage.targets.tenants ?? []);
    expect(booked.toSorted()).toEqual(customers.map((tenant) => tenant.id).toSorted());
    const regionOf = new Map(customers.map((tenant) => [tenant.id, tenant.region]));
    for (const stage of groups) {
      const region = stage.slot === 'uk-upgrade-slot' ? 'uk' : 'apac';
      expect(stage.targets.tenants?.every((tenant) => regionOf.get(tenant) === region)).toBe(true);
    }
  });

  it('starts environments on mixed versions: the internal ring on the newest, most on the hotfix, a few drifting', async () => {
    const { connector, view } = sandbox(1);
    const targets = view.watched.map((environment) => ({ environment, remoteName: environment.view.id, remoteTenant: null, slot: 'production' as const, variables: {} }));
    const versions = await connector.deployer.currentVersions(targets, signal);
    for (const env of view.watched.filter((candidate) => candidate.view.ring === 'internal')) expect(versions.get(env.view.id)?.version).toBe('2026.11.1');
    const counts = new Map<string, number>();
    for (const { version } of versions.values()) counts.set(version, (counts.get(version) ?? 0) + 1);
    expect(counts.get('2026.10.4')).toBeGreaterThan(view.watched.length / 2);
    expect((counts.get('2026.10.3') ?? 0) + (counts.get('2026.10.0') ?? 0)).toBeGreaterThan(0);
  });
});

describe("the simulated rollout's customer groups", () => {
  it('are booked a week apart in each region, from the day the console started there', () => {
    // 03:00 UTC on Monday 23 November is already Monday afternoon in Sydney and still Monday in London.
    const definition = generateSandboxFleet({ seed: 1, size: 300, rolloutFrom: Date.parse('2026-11-23T03:00:00Z') });
    const booked = Object.fromEntries((definition.deploys.plans[0]?.stages ?? []).filter((stage) => stage.from !== undefined).map((stage) => [stage.id, stage.from]));
    expect(booked).toEqual({
      'apac-group-1': '2026-11-23',
      'uk-group-1': '2026-11-23',
      'apac-group-2': '2026-11-30',
      'uk-group-2': '2026-11-30',
      'apac-group-3': '2026-12-07',
    });
    expect(generateSandboxFleet({ seed: 1, size: 300 }).deploys.plans[0]?.stages.some((stage) => stage.from !== undefined)).toBe(false);
  });
});
