import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AlertView } from '../../shared/contract/alerts.js';
import type { DeploymentView, DeployRequest, DeploysOverview } from '../../shared/contract/deploys.js';
import { DeployRequest as DeployRequestSchema } from '../../shared/contract/deploys.js';
import type { Health } from '../../shared/contract/health.js';
import type { EnvironmentDefinition, FleetDefinition, TenantDefinition } from '../../shared/fleet-definition/schema.js';
import { startingVersion } from '../../main/core/connectors/sandbox/default-deploys.js';
import { DEFAULT_SANDBOX_SEED, generateSandboxFleet, SANDBOX_BACKEND_ID } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { hashOf } from '../../main/core/connectors/sandbox/random.js';
import { lifecycleFactsOf } from '../../main/core/deploys/lifecycle-facts.js';
import type { DeployFacts } from '../../main/core/deploys/deploy-facts.js';
import { deploysOverview, versionMatrixOf } from '../../main/core/deploys/policy/overview.js';
import { planAction } from '../../main/core/deploys/policy/plan-action.js';
import { toFleetView, type FleetView } from '../../main/core/fleet/fleet-view.js';
import { percentile, progress, report, round } from './measure.js';
import { deploymentView } from '../support/deployment-view.js';

/**
 * The deploy rules on simulated fleets of 600, 10,000 and 30,000 environments, called
 * directly on DeployFacts (no backends, no store): the overview (releases, the rollout plan
 * with its gates), the version matrix and the preview of a deploy to thousands of environments
 * and to one, each timed after a warm-up; the JSON size of the overview and of the matrix
 * answers, and the heap the overview holds. Facts are a rollout of the newest release under way: the rings and cloud production
 * done, the first APAC customer group part way through, a few deployments running.
 * Run alone: `npx tsx tests/bench/deploys.ts [sizes...]` (default 600 10000 30000).
 */

const SIZES: readonly number[] = [600, 10_000, 30_000];
const WARM_UP = 3;
const RUNS = 20;
const NOW = Date.parse('2026-11-18T03:00:00Z');
const HOUR_MS = 3_600_000;
const NEWEST = '2026.11.1';
const HOTFIX = '2026.10.4';
/** The release the hotfix went out over. */
const BEFORE_HOTFIX = '2026.10.3';
const FINISHED_DEPLOYMENTS = 200;
const RUNNING_DEPLOYMENTS = 5;
/** What the deploy service puts beside the rules' answer: running ones, then at most this many finished. */
const OVERVIEW_FINISHED_LIMIT = 100;
/** The contract's cap on an explicit list of environments. */
const MAX_LISTED = 5000;
const PLAN_ID = `rollout-${NEWEST}`;

/** Forces a full collection so heap figures are what is held, not garbage awaiting collection. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('could not expose the garbage collector');
  return () => (gc as () => void)();
}

interface Fleet {
  facts: DeployFacts;
  fleetSize: number;
  servers: number;
}

function stageTenants(definition: FleetDefinition, stageId: string): TenantDefinition[] {
  const stage = definition.deploys.plans.find((plan) => plan.id === PLAN_ID)?.stages.find((candidate) => candidate.id === stageId);
  const ids = new Set(stage?.targets.tenants ?? []);
  return definition.tenants.filter((tenant) => ids.has(tenant.id));
}

/** A stage's environments in the order a UAT-first rollout takes them: every UAT, then the rest. */
function uatFirstOrder(tenants: readonly TenantDefinition[]): EnvironmentDefinition[] {
  const all = tenants.flatMap((tenant) => tenant.environments);
  return [...all.filter((env) => env.kind === 'uat'), ...all.filter((env) => env.kind !== 'uat')];
}

/** Mostly ok, a few warning, critical or unknown; read from a map, as the deploy service's facts cache health per call. */
function healthMap(definition: FleetDefinition): Map<string, Health> {
  const health = new Map<string, Health>();
  for (const tenant of definition.tenants) {
    for (const env of tenant.environments) {
      const roll = hashOf(DEFAULT_SANDBOX_SEED, `health:${env.id}`) % 1000;
      health.set(env.id, roll < 5 ? 'critical' : roll < 30 ? 'warning' : roll < 35 ? 'unknown' : 'ok');
    }
  }
  return health;
}

function deploymentOf(env: EnvironmentDefinition, tenant: TenantDefinition, input: Pick<DeploymentView, 'id' | 'version' | 'previousVersion' | 'state' | 'finishedAt'> & Partial<DeploymentView>): DeploymentView {
  const startedAt = input.finishedAt === null ? NOW - HOUR_MS / 4 : input.finishedAt - HOUR_MS / 4;
  const slotFlow = env.slots?.includes('staging') ?? false;
  return deploymentView({
    releaseType: 'service-patch',
    environmentId: env.id,
    environmentName: env.name ?? env.id,
    tenantName: tenant.name,
    regionId: tenant.region,
    backendId: SANDBOX_BACKEND_ID,
    remoteId: `remote-${input.id}`,
    flow: slotFlow ? 'staging-slot' : 'direct',
    progress: input.finishedAt === null ? 40 : 100,
    checks:
      input.finishedAt === null
        ? []
        : [{ name: 'Error rate', type: 'metric', slot: slotFlow ? 'staging' : 'production', state: input.state === 'failed' ? 'failed' : 'passed', detail: 'error_rate 0.01 < 0.05', at: input.finishedAt }],
    requestedBy: 'ops@example.com',
    requestedAt: startedAt - HOUR_MS,
    startedAt,
    reason: `Rollout of ${input.version}`,
    planId: PLAN_ID,
    canCancel: input.finishedAt === null,
    canRollback: input.state === 'succeeded',
    ...input,
  });
}

/**
 * The rollout of the newest release as the facts show it: the rings and cloud production took
 * it last week; the first APAC customer group is part way (UAT first), a few of its deploys
 * failed or were rolled back, and a few more are running now. Where that group is too small
 * for 200 finished deployments (the 600 fleet), the rest are last month's hotfix to UK customers.
 */
function rolloutFacts(definition: FleetDefinition, view: FleetView): Pick<DeployFacts, 'versions' | 'deployments'> {
  const versions = new Map<string, { version: string; at: number | null }>();
  for (const { view: env } of view.watched) versions.set(env.id, { version: startingVersion(DEFAULT_SANDBOX_SEED, env), at: NOW - 40 * 24 * HOUR_MS });

  const tenantOf = new Map(definition.tenants.flatMap((tenant) => tenant.environments.map((env) => [env.id, tenant] as const)));
  const ringEnvs = definition.tenants
    .flatMap((tenant) => tenant.environments)
    .filter((env) => env.ring === 'early-access' || env.ring === 'beta' || env.ring === 'production');
  const group = uatFirstOrder(stageTenants(definition, 'apac-group-1'));
  const finished: DeploymentView[] = [];
  const running: DeploymentView[] = [];
  let serial = 0;
  const add = (env: EnvironmentDefinition, state: DeploymentView['state'], finishedAt: number | null, version = NEWEST) => {
    const tenant = tenantOf.get(env.id);
    if (!tenant) throw new Error(`no tenant for ${env.id}`);
    serial += 1;
    const deployment = deploymentOf(env, tenant, {
      id: `bench-${serial}`,
      version,
      previousVersion: version === HOTFIX ? BEFORE_HOTFIX : (versions.get(env.id)?.version ?? null),
      state,
      finishedAt,
      ...(version === HOTFIX ? { releaseType: 'hotfix', incident: 'INC-2291', planId: null } : { stageId: env.ring ?? 'apac-group-1' }),
    });
    if (finishedAt === null) running.push(deployment);
    else {
      finished.push(deployment);
      if (state === 'succeeded') versions.set(env.id, { version, at: finishedAt });
    }
  };
  ringEnvs.forEach((env, i) => add(env, 'succeeded', NOW - 7 * 24 * HOUR_MS + i * 60_000));
  const customers = Math.min(FINISHED_DEPLOYMENTS - ringEnvs.length, group.length - RUNNING_DEPLOYMENTS);
  for (let i = 0; i < customers; i++) {
    const env = group[i];
    if (env) add(env, i % 60 === 17 ? 'failed' : i % 90 === 41 ? 'rolled-back' : 'succeeded', NOW - 2 * 24 * HOUR_MS + i * 60_000);
  }
  for (const env of group.slice(customers, customers + RUNNING_DEPLOYMENTS)) add(env, 'running', null);
  const hotfixed = uatFirstOrder(stageTenants(definition, 'uk-group-1')).slice(0, FINISHED_DEPLOYMENTS - ringEnvs.length - customers);
  hotfixed.forEach((env, i) => add(env, 'succeeded', NOW - 30 * 24 * HOUR_MS + i * 60_000, HOTFIX));
  // Newest first, as the deploy service gives them.
  const deployments = [...running, ...finished.sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0))];
  return { versions, deployments };
}

/** Critical alerts on about one environment in two hundred (a few silenced), warnings on as many again. */
function alertsFor(definition: FleetDefinition): AlertView[] {
  const alerts: AlertView[] = [];
  for (const tenant of definition.tenants) {
    for (const env of tenant.environments) {
      const roll = hashOf(DEFAULT_SANDBOX_SEED, `alert:${env.id}`) % 400;
      if (roll >= 4) continue;
      const severity = roll < 2 ? 'critical' : 'warning';
      const silenced = roll === 1;
      alerts.push({
        key: `${SANDBOX_BACKEND_ID}:${env.id}:${roll}`,
        connectionId: SANDBOX_BACKEND_ID,
        name: severity === 'critical' ? 'ServiceDown' : 'HighLatency',
        severity,
        summary: `${env.name ?? env.id}: ${severity === 'critical' ? 'service not answering' : 'p95 latency above 2 s'}`,
        description: null,
        runbookUrl: null,
        environmentId: env.id,
        labels: { environment: env.id },
        startsAt: NOW - HOUR_MS,
        state: silenced ? 'silenced' : 'active',
        silencedBy: silenced ? ['silence-1'] : [],
        acknowledgedBy: null,
        acknowledgedAt: null,
      });
    }
  }
  return alerts;
}

function buildFleet(size: number): Fleet {
  const definition = generateSandboxFleet({ seed: DEFAULT_SANDBOX_SEED, size });
  const view = toFleetView(definition);
  const health = healthMap(definition);
  const facts: DeployFacts = {
    now: NOW,
    definition,
    view,
    health: (id) => {
      const measured = health.get(id) ?? 'unknown';
      return { status: measured, health: measured, observedAt: NOW, healthSince: NOW - HOUR_MS };
    },
    alerts: alertsFor(definition),
    ...rolloutFacts(definition, view),
    unreachable: new Map(),
    remoteFreezes: new Map([[SANDBOX_BACKEND_ID, []]]),
    lifecycle: lifecycleFactsOf(definition),
  };
  return { facts, fleetSize: view.environments.length, servers: view.environments.reduce((sum, env) => sum + env.servers, 0) };
}

/** The overview answer as the deploy service sends it: the rules' part plus the deployments list. */
function overviewAnswer(facts: DeployFacts): DeploysOverview {
  const running = facts.deployments.filter((deployment) => deployment.finishedAt === null);
  const finished = facts.deployments.filter((deployment) => deployment.finishedAt !== null).slice(0, OVERVIEW_FINISHED_LIMIT);
  return { ...deploysOverview(facts), deployments: [...running, ...finished], problems: [] };
}

interface Timing {
  firstMs: number;
  times: number[];
}

/** The first call (it builds the per-definition indexes), then a warm-up, then the timed runs. */
function time(run: () => unknown): Timing {
  let started = performance.now();
  run();
  const firstMs = performance.now() - started;
  for (let i = 0; i < WARM_UP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return { firstMs, times };
}

function timingExtras({ firstMs, times }: Timing): Record<string, number> {
  return {
    p50: round(percentile(times, 50), 2),
    p95: round(percentile(times, 95), 2),
    min: round(Math.min(...times), 2),
    max: round(Math.max(...times), 2),
    firstMs: round(firstMs, 2),
    runs: RUNS,
    warmUp: WARM_UP,
  };
}

function deployRequest(target: DeployRequest['target']): DeployRequest {
  return DeployRequestSchema.parse({ action: 'deploy', version: NEWEST, target, when: 'next-slot', reason: 'benchmark' });
}

/**
 * The previews timed: a customer-group stage and an explicit list of customers' production
 * environments (thousands each from 10,000 up), and one environment. The sandbox's rings hold
 * the shared service's 15 environments at any size, so a ring is never a large target here.
 */
function previewRequests(definition: FleetDefinition): Array<{ name: string; request: DeployRequest }> {
  const ukProduction = definition.tenants
    .filter((tenant) => tenant.region === 'uk')
    .flatMap((tenant) => tenant.environments)
    .filter((env) => env.kind === 'production' && env.ring === undefined)
    .map((env) => env.id)
    .slice(0, MAX_LISTED);
  const single = ukProduction[0];
  if (single === undefined) throw new Error('the fleet has no UK customer production environment');
  return [
    { name: 'deploys.plan.stage', request: deployRequest({ by: 'stage', planId: PLAN_ID, stageId: 'apac-group-1' }) },
    { name: 'deploys.plan.environments', request: deployRequest({ by: 'environments', ids: ukProduction }) },
    { name: 'deploys.plan.single', request: deployRequest({ by: 'environments', ids: [single] }) },
  ];
}

function benchSize(size: number, gc: () => void): void {
  progress(`deploys: building a fleet of about ${size} environments and its facts`);
  const { facts, fleetSize, servers } = buildFleet(size);
  const line = { fleetSize, servers };
  const shape = { deployments: facts.deployments.length, alerts: facts.alerts.length, plans: facts.definition.deploys.plans.length };

  progress(`deploys.overview: ${fleetSize} environments, ${WARM_UP} warm-up + ${RUNS} runs`);
  const overview = time(() => deploysOverview(facts));
  report({ name: 'deploys.overview', value: round(percentile(overview.times, 50), 2), unit: 'ms', ...line }, { ...timingExtras(overview), ...shape });

  progress(`deploys.matrix: ${fleetSize} environments, ${WARM_UP} warm-up + ${RUNS} runs`);
  const matrix = time(() => versionMatrixOf(facts));
  report({ name: 'deploys.matrix', value: round(percentile(matrix.times, 50), 2), unit: 'ms', ...line }, { ...timingExtras(matrix), ...shape });

  for (const { name, request } of previewRequests(facts.definition)) {
    progress(`${name}: ${fleetSize} environments`);
    let targets = 0;
    let failing = '';
    const timing = time(() => {
      const planned = planAction(request, facts);
      targets = planned.targets.length;
      failing = planned.preview.guards.filter((guard) => guard.state === 'fail').map((guard) => guard.id).join(',');
    });
    report(
      { name, value: round(percentile(timing.times, 50), 2), unit: 'ms', ...line },
      { ...timingExtras(timing), targets, failingGuards: failing || 'none', when: request.when },
    );
  }

  gc();
  const before = process.memoryUsage().heapUsed;
  const answer = overviewAnswer(facts);
  gc();
  const after = process.memoryUsage().heapUsed;
  const bytes = Buffer.byteLength(JSON.stringify(answer));
  report(
    { name: 'deploys.overview.bytes', value: bytes, unit: 'bytes', ...line },
    {
      // Each stage lists its environments' ids: the plans grow with the fleet too.
      plansBytes: Buffer.byteLength(JSON.stringify(answer.plans)),
      deploymentsBytes: Buffer.byteLength(JSON.stringify(answer.deployments)),
      stages: answer.plans.reduce((sum, plan) => sum + plan.stages.length, 0),
    },
  );
  const rows = versionMatrixOf(facts);
  const matrixBytes = Buffer.byteLength(JSON.stringify({ rows }));
  report({ name: 'deploys.matrix.bytes', value: matrixBytes, unit: 'bytes', ...line }, { matrixRows: rows.length, bytesPerRow: Math.round(matrixBytes / rows.length) });
  const mib = (value: number) => round(value / 2 ** 20, 1);
  report(
    { name: 'deploys.overview.heap', value: mib(after), unit: 'MiB', ...line },
    { heapUsedBeforeMiB: mib(before), heldByAnswerMiB: mib(after - before), rssMiB: mib(process.memoryUsage().rss) },
  );
}

/** The fleet sizes given as arguments, else the default three. */
export function fleetSizes(args: readonly string[]): readonly number[] {
  if (args.length === 0) return SIZES;
  return args.map((arg) => {
    const size = Number(arg);
    if (!Number.isInteger(size) || size < 1) throw new Error(`"${arg}" is not a fleet size: expected a whole number of environments`);
    return size;
  });
}

export function benchDeploys(sizes: readonly number[] = SIZES): void {
  const gc = collector();
  for (const size of sizes) benchSize(size, gc);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) benchDeploys(fleetSizes(process.argv.slice(2)));
