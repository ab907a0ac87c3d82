import { randomUUID } from 'node:crypto';
import type { AlertView } from '../../../shared/contract/alerts.js';
import type { ConnectionHealth } from '../../../shared/contract/connections.js';
import type {
  DeploymentDetail,
  DeploymentView,
  DeployPreview,
  DeployRequest,
  DeploysOverview,
  GuardResult,
  LostTrackResolution,
  RemoteRunView,
  VersionMatrix,
} from '../../../shared/contract/deploys.js';
import { OpsFailure, type OpsErrorKind } from '../../../shared/contract/errors.js';
import { callBackend, timeoutOf } from '../alerts/backend-call.js';
import type { AuditService } from '../audit/audit-service.js';
import type { DeployTarget, InterruptionAnswer } from '../connectors/capabilities.js';
import type { CoreContext } from '../core-context.js';
import type { DeploymentRecord } from '../store/deployment-repo.js';
import { createCheckRunner } from './checks/run-checks.js';
import type { DeployFacts, PlannedAction, PlannedTarget, RunChecks } from './deploy-facts.js';
import { DeploymentRunner } from './deployment-runner.js';
import { auditResultOf, describeChecks, isFinished, newDeploymentRecord, placeOf } from './deployment-views.js';
import { FactsGatherer } from './gather-facts.js';
import { lifecycleFactsOf } from './lifecycle-facts.js';
import { zonedTime } from '../../../shared/time/zoned-time.js';
import { confirmationProblem } from './policy/confirmation.js';
import { deploysOverview, versionMatrixOf } from './policy/overview.js';
import { planAction } from './policy/plan-action.js';

const MINUTE_MS = 60_000;
/** The console's own pace for backends that do not set one (the sandbox, a command). */
const DEFAULT_POLL_MS = 1000;
const RECENT_LIMIT = 500;
const OVERVIEW_FINISHED_LIMIT = 100;
/** The most a backend's preflight may hold up a preview; one that has not answered by then blocks nothing. */
const PREFLIGHT_TIMEOUT_MS = 3000;

export interface DeployServiceDeps {
  ctx: CoreContext;
  audit: AuditService;
  alerts(): readonly AlertView[];
  connectionHealth(backendId: string): ConnectionHealth | null;
  redact(text: string): string;
  /** Replaces the post-deploy check runner (default: HTTP checks and metric queries from the fleet file). */
  runChecks?: RunChecks;
  /** Overrides every backend's polling pace. */
  pollMs?: number;
  /** Overrides how long one call to a deploy backend may take (default its timeoutMs, or 10 s). */
  callTimeoutMs?: number;
  /** After this long without an answer from its backend a deployment says so (default 3 minutes). */
  noAnswerAfterMs?: number;
  /** Marks a decommissioned environment in the fleet file (and reloads it); throws an OpsFailure saying why it could not. Null without a fleet file (the simulated fleet). */
  markDecommissioned: ((environmentId: string, date: string) => void) | null;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function refusalKind(guards: readonly GuardResult[]): OpsErrorKind {
  const failing = guards.filter((guard) => guard.state === 'fail');
  if (failing.some((guard) => guard.id === 'offline')) return 'unavailable';
  if (failing.some((guard) => guard.id === 'running')) return 'conflict';
  return 'forbidden';
}

/**
 * Deploys and rollbacks: previews them from the facts, starts each once (a record per
 * environment before the backend hears of it), follows them to the end, and keeps every
 * step in the store and the audit trail. Deployments left unfinished carry on after a restart.
 */
export class DeployService {
  private readonly runners = new Map<string, DeploymentRunner>();
  private readonly gatherer: FactsGatherer;
  private readonly runChecks: RunChecks;
  private closed = false;
  /** The deployments as last read from the store; every preview, overview and calendar view asks, and they change only through this service. */
  private viewsCache: DeploymentView[] | null = null;

  constructor(private readonly deps: DeployServiceDeps) {
    const { ctx } = deps;
    this.gatherer = new FactsGatherer({
      ctx,
      alerts: deps.alerts,
      deployments: () => this.views(),
      connectionHealth: deps.connectionHealth,
      cacheMs: 5000,
      quickTimeoutMs: 3000,
    });
    this.runChecks =
      deps.runChecks ?? createCheckRunner({ connector: (id) => ctx.connectors().get(id), now: ctx.clock.now });
  }

  /** Carries on with what was running when the console stopped: each is found on its backend before anything is re-sent. */
  resume(): void {
    for (const record of this.deps.ctx.store.deployments.unfinished()) this.launch(record);
    // A console stopped between a decommission's end and its mark in the fleet file marks it now.
    const lifecycle = lifecycleFactsOf(this.deps.ctx.definition());
    for (const view of this.deps.markDecommissioned === null ? [] : this.views()) {
      if (view.action === 'decommission' && view.state === 'succeeded' && lifecycle(view.environmentId).decommissioned === null) this.markGone(view);
    }
  }

  close(): void {
    this.closed = true;
    for (const runner of this.runners.values()) runner.close();
    this.runners.clear();
  }

  /** The connectors were rebuilt: the backends' answers are read again. */
  reconnected(): void {
    this.gatherer.invalidate();
  }

  async overview(): Promise<DeploysOverview> {
    const { facts, problems } = await this.gatherer.facts();
    const running = facts.deployments.filter((deployment) => !isFinished(deployment.state));
    const finished = facts.deployments.filter((deployment) => isFinished(deployment.state)).slice(0, OVERVIEW_FINISHED_LIMIT);
    return { ...deploysOverview(facts), deployments: [...running, ...finished], problems };
  }

  async matrix(): Promise<VersionMatrix> {
    const { facts } = await this.gatherer.facts();
    return { rows: versionMatrixOf(facts) };
  }

  async preview(request: DeployRequest): Promise<DeployPreview> {
    return (await this.plan(request)).preview;
  }

  async start(request: DeployRequest): Promise<{ deployments: DeploymentView[] }> {
    // Planned again here: the renderer's preview may be old, or not the one confirmed.
    const plan = await this.plan(request);
    this.refuseUnlessAllowed(request, plan);
    this.refuseIfAlreadyRunning(request, plan);
    const { ctx } = this.deps;
    const now = ctx.clock.now();
    const release = plan.preview.release;
    const tenants = new Map(ctx.view().tenants.map((tenant) => [tenant.id, tenant.name]));
    const zones = new Map(ctx.view().regions.map((region) => [region.id, region.timeZone]));
    const records = plan.targets.map((target) =>
      newDeploymentRecord({
        id: randomUUID(),
        target,
        request,
        releaseType: release?.version === target.version ? release.type : null,
        tenantName: tenants.get(target.environment.tenantId) ?? target.environment.tenantId,
        timeZone: zones.get(target.environment.regionId) ?? null,
        requestedBy: ctx.operator,
        now,
      }),
    );
    // In the store before any backend hears of them: a restart finds and resumes each, never sends it twice.
    ctx.store.deployments.saveAll(records, now);
    this.viewsCache = null;
    this.auditStart(request, plan, records);
    for (const record of records) {
      this.launch(record);
      ctx.bus.emit('deploys.changed', { deployment: record.view, at: now });
    }
    return { deployments: records.map((record) => record.view) };
  }

  deployment(id: string, after: number): DeploymentDetail {
    const repo = this.deps.ctx.store.deployments;
    const record = repo.get(id);
    if (!record) throw new OpsFailure('not-found', `no deployment "${id}"`);
    return { deployment: this.runners.get(id)?.view ?? record.view, log: repo.log(id, after), logCount: repo.logCount(id) };
  }

  async cancel(id: string, reason: string): Promise<DeploymentView> {
    const runner = this.runner(id);
    const target = placeOf(runner.view);
    try {
      await runner.cancel(reason);
    } catch (error) {
      this.audit({ action: 'cancel deployment', target, why: reason || null, result: 'failed', detail: this.errorText(error), deploymentId: id });
      throw error;
    }
    this.audit({
      action: 'cancel deployment',
      target,
      why: reason || null,
      result: 'succeeded',
      detail: `cancel of ${runner.view.action} ${runner.view.version} requested`,
      deploymentId: id,
    });
    return runner.view;
  }

  async answer(id: string, interruptionId: string, answer: InterruptionAnswer, notes: string): Promise<DeploymentView> {
    const runner = this.runner(id);
    const title = runner.view.interruption?.title ?? interruptionId;
    const target = placeOf(runner.view);
    try {
      await runner.answer(interruptionId, answer, notes);
    } catch (error) {
      this.audit({ action: 'answer interruption', target, why: notes, result: 'failed', detail: this.errorText(error), deploymentId: id });
      throw error;
    }
    this.audit({ action: 'answer interruption', target, why: notes, result: 'succeeded', detail: `answered "${answer}" to "${title}"`, deploymentId: id });
    return runner.view;
  }

  /** What the deploy backend lists for the deployment's environment: what an operator may adopt when the console lost track. */
  async remoteRuns(id: string): Promise<{ runs: RemoteRunView[] }> {
    return { runs: await this.runner(id).remoteRuns() };
  }

  /** An operator adopts what the backend shows for a lost deployment, or abandons it; either way it is kept in the trail with who and why. */
  async resolveLostTrack(id: string, resolution: LostTrackResolution, reason: string): Promise<DeploymentView> {
    const runner = this.runner(id);
    const target = placeOf(runner.view);
    const action = resolution.action === 'adopt' ? 'adopt remote deployment' : 'abandon deployment';
    let detail: string;
    try {
      detail = await runner.resolveLostTrack(resolution, reason, this.deps.ctx.operator);
    } catch (error) {
      this.audit({ action, target, why: reason, result: 'failed', detail: this.errorText(error), deploymentId: id });
      throw error;
    }
    this.audit({ action, target, why: reason, result: 'succeeded', detail, deploymentId: id });
    return runner.view;
  }

  /** Only simulated deployers can be told to break; the environment's deploy backend is asked. */
  deployFault(environmentId: string, fault: 'fail-step' | 'guided-failure' | 'slow' | 'fail-verification'): { environmentId: string; fault: string } {
    const { ctx } = this.deps;
    const env = ctx.definition().tenants.flatMap((tenant) => tenant.environments).find((candidate) => candidate.id === environmentId);
    if (!env) throw new OpsFailure('not-found', `no environment "${environmentId}" in the fleet definition`);
    if (env.deployedBy === undefined) throw new OpsFailure('conflict', `environment "${environmentId}" has no deploy backend (deployedBy)`);
    const faults = ctx.connectors().get(env.deployedBy)?.deployFaults;
    if (!faults) {
      throw new OpsFailure('conflict', `environment "${environmentId}" is deployed by "${env.deployedBy}", which is not a simulated deployer; deploy faults can only be simulated on a sandbox`);
    }
    faults.arm(environmentId, fault);
    return { environmentId, fault };
  }

  private async plan(request: DeployRequest): Promise<PlannedAction> {
    const { facts } = await this.gatherer.facts();
    const plan = planAction(request, facts);
    const refused = await this.preflight(plan, facts);
    if (refused.length === 0) return plan;
    return { ...plan, preview: { ...plan.preview, allowed: false, problems: [...plan.preview.problems, ...refused] } };
  }

  /**
   * What the deploy backends would refuse of the planned targets (a release they do not have, a
   * lifecycle that does not allow an environment yet), asked of every backend at once, as
   * "<environment>: <problem>". A backend that cannot answer in time blocks nothing: the start
   * finds out. A swap back deploys nothing, and an unreachable backend is refused by its guard.
   */
  private async preflight(plan: PlannedAction, facts: DeployFacts): Promise<string[]> {
    const groups = new Map<string, { backendId: string; version: string; targets: PlannedTarget[] }>();
    for (const target of plan.targets) {
      if (target.swapBack || facts.unreachable.has(target.backendId)) continue;
      const key = `${target.backendId}\n${target.version}`;
      const group = groups.get(key) ?? { backendId: target.backendId, version: target.version, targets: [] };
      group.targets.push(target);
      groups.set(key, group);
    }
    const connectors = this.deps.ctx.connectors();
    const answers = await Promise.all(
      [...groups.values()].map(async ({ backendId, version, targets }) => {
        const connector = connectors.get(backendId);
        const deployer = connector?.deployer;
        const preflight = deployer?.preflight;
        if (!connector || !deployer || !preflight) return [];
        const names = new Map(targets.map((target) => [target.environment.id, target.environment.name]));
        const deployTargets: DeployTarget[] = targets.map((target) => ({ ...target.deployTarget, slot: target.flow === 'staging-slot' ? 'staging' : 'production' }));
        const timeoutMs = Math.min(PREFLIGHT_TIMEOUT_MS, this.deps.callTimeoutMs ?? timeoutOf(this.deps.ctx.definition().backends, backendId));
        try {
          const problems = await callBackend(connector, 'what it would refuse', timeoutMs, undefined, (signal) => preflight.call(deployer, version, deployTargets, signal));
          return problems.map(({ environmentId, problem }) => `${names.get(environmentId) ?? environmentId}: ${problem}`);
        } catch {
          return [];
        }
      }),
    );
    return answers.flat();
  }

  /** A refusal says why in one sentence, and is kept in the trail with the reasons. */
  private refuseUnlessAllowed(request: DeployRequest, plan: PlannedAction): void {
    const { preview } = plan;
    let refusal: { kind: OpsErrorKind; message: string } | null = null;
    if (preview.problems.length > 0) {
      refusal = { kind: 'conflict', message: `${request.action} refused: ${preview.problems.join('; ')}` };
    } else if (!preview.allowed) {
      const failing = preview.guards.filter((guard) => guard.state === 'fail');
      const reasons = failing.map((guard) => `${guard.label}: ${guard.message}${guard.overridable ? ' (may be overridden with a written reason)' : ''}`);
      refusal = { kind: refusalKind(preview.guards), message: `${request.action} refused: ${reasons.join('; ') || 'a guard fails'}` };
    } else if (plan.targets.length === 0) {
      refusal = { kind: 'conflict', message: `${request.action} refused: ${preview.targetLabel} has no environment to deploy to` };
    } else {
      const problem = confirmationProblem(preview, request.confirmation, request.blastRadiusChecked);
      if (problem !== null) refusal = { kind: 'forbidden', message: `${request.action} refused: ${problem}` };
    }
    if (refusal === null) return;
    this.audit({
      action: request.action,
      target: preview.targetLabel,
      why: request.reason || null,
      result: 'refused',
      detail: `${preview.version ?? 'no version'}: ${refusal.message}`,
      deploymentId: null,
    });
    throw new OpsFailure(refusal.kind, refusal.message);
  }

  /**
   * Checked again between planning and saving, with no await in between: two starts that
   * planned at the same moment (two windows, two keys) cannot both create a deployment.
   */
  private refuseIfAlreadyRunning(request: DeployRequest, plan: PlannedAction): void {
    const busy = new Set<string>();
    for (const record of this.deps.ctx.store.deployments.unfinished()) busy.add(record.view.environmentId);
    for (const runner of this.runners.values()) if (!isFinished(runner.view.state)) busy.add(runner.view.environmentId);
    const taken = plan.targets.filter((target) => busy.has(target.environment.id)).map((target) => target.environment.id);
    if (taken.length === 0) return;
    const message = `${request.action} refused: a deployment is already scheduled or running on ${taken.slice(0, 5).join(', ')}${taken.length > 5 ? ` and ${taken.length - 5} more` : ''}`;
    this.audit({ action: request.action, target: plan.preview.targetLabel, why: request.reason || null, result: 'refused', detail: message, deploymentId: null });
    throw new OpsFailure('conflict', message);
  }

  private auditStart(request: DeployRequest, plan: PlannedAction, records: readonly DeploymentRecord[]): void {
    const why = request.reason || null;
    const overrides = request.overrides.map((override) => `${override.guard} overridden: ${override.reason}`);
    // A rollback is not held by a freeze; the trail still says which freeze it ran in.
    const freeze = plan.preview.guards.find((guard) => guard.id === 'freeze' && guard.environmentIds.length > 0);
    const inFreeze = request.action === 'rollback' && freeze ? freeze.environmentIds : [];
    for (const override of request.overrides) {
      const guard = plan.preview.guards.find((candidate) => candidate.id === override.guard);
      this.audit({
        action: 'override guard',
        target: plan.preview.targetLabel,
        why: override.reason,
        result: 'succeeded',
        detail: `${guard?.label ?? override.guard} overridden for ${request.action} ${plan.preview.version ?? ''}`.trim() + (guard ? `: ${guard.message}` : ''),
        deploymentId: null,
      });
    }
    for (const { view } of records) {
      const parts = [
        `${view.action} ${view.version}${view.previousVersion === null ? '' : ` (was ${view.previousVersion})`}`,
        `${view.flow} through ${view.backendId}`,
        view.scheduledFor === null ? 'now' : `scheduled for ${new Date(view.scheduledFor).toISOString()}`,
        ...(view.incident === null ? [] : [`incident ${view.incident}`]),
        ...(freeze && inFreeze.includes(view.environmentId) ? [freeze.message] : []),
        ...overrides,
      ];
      this.audit({ action: view.action, target: placeOf(view), why, result: 'started', detail: parts.join('; '), deploymentId: view.id });
    }
  }

  private launch(record: DeploymentRecord): void {
    if (this.closed || this.runners.has(record.view.id)) return;
    const { ctx } = this.deps;
    const runner = new DeploymentRunner(record, {
      now: ctx.clock.now,
      connector: (id) => ctx.connectors().get(id),
      watched: (id) => ctx.view().watched.find((env) => env.view.id === id),
      health: (id) => {
        try {
          return ctx.fleet().healthOf(id);
        } catch {
          return { status: 'unknown', health: 'unknown', observedAt: null, healthSince: ctx.clock.now() };
        }
      },
      alertsSince: (id, since) =>
        this.deps.alerts()
          .filter((alert) => alert.environmentId === id && alert.severity !== 'info' && alert.startsAt >= since)
          .map((alert) => `${alert.summary} (${alert.severity}${alert.state === 'silenced' ? ', silenced' : ''})`),
      runChecks: this.runChecks,
      repo: ctx.store.deployments,
      changed: (view) => {
        this.viewsCache = null;
        ctx.bus.emit('deploys.changed', { deployment: view, at: ctx.clock.now() });
      },
      finished: (view) => this.finished(view),
      pollMs: (backendId) => this.deps.pollMs ?? this.backendPollMs(backendId),
      callTimeoutMs: (backendId) => this.deps.callTimeoutMs ?? timeoutOf(ctx.definition().backends, backendId),
      swapTimeoutMs: 15 * MINUTE_MS,
      noAnswerAfterMs: this.deps.noAnswerAfterMs ?? 3 * MINUTE_MS,
      soakMs: (view) => this.soakMinutes(view) * MINUTE_MS,
      redact: this.deps.redact,
      sleep,
    });
    this.runners.set(record.view.id, runner);
    void runner.run();
  }

  private finished(view: DeploymentView): void {
    this.gatherer.invalidate();
    const checks = view.checks.length > 0 ? `; checks: ${describeChecks(view.checks)}` : '';
    this.audit({
      who: view.requestedBy,
      action: view.action,
      target: placeOf(view),
      why: view.reason || null,
      result: auditResultOf(view.state),
      detail: `${view.version} ${view.state}: ${view.message ?? ''}${checks}`,
      deploymentId: view.id,
    });
    this.runners.delete(view.id);
    if (view.action === 'decommission' && view.state === 'succeeded') this.markGone(view);
  }

  /** Marks the environment decommissioned in the fleet file on the day it ended in its region, which stops its polling, deploys and drift. */
  private markGone(view: DeploymentView): void {
    const zone = this.deps.ctx.view().regions.find((region) => region.id === view.regionId)?.timeZone ?? 'UTC';
    const date = zonedTime(view.finishedAt ?? this.deps.ctx.clock.now(), zone).local.slice(0, 10);
    const target = placeOf(view);
    try {
      if (this.deps.markDecommissioned === null) throw new OpsFailure('unavailable', 'the simulated fleet has no fleet file to mark it in; mark it decommissioned in a fleet file');
      this.deps.markDecommissioned(view.environmentId, date);
    } catch (error) {
      this.audit({ who: view.requestedBy, action: 'mark decommissioned', target, why: view.reason || null, result: 'failed', detail: `the fleet file was not marked: ${this.errorText(error)}`, deploymentId: view.id });
      return;
    }
    this.audit({ who: view.requestedBy, action: 'mark decommissioned', target, why: view.reason || null, result: 'succeeded', detail: `decommissioned: ${date} written to the fleet file`, deploymentId: view.id });
  }

  private runner(id: string): DeploymentRunner {
    const runner = this.runners.get(id);
    if (runner) return runner;
    const record = this.deps.ctx.store.deployments.get(id);
    if (!record) throw new OpsFailure('not-found', `no deployment "${id}"`);
    throw new OpsFailure('conflict', `deployment ${id} is ${record.view.state}; it can no longer be changed`);
  }

  /** Running, scheduled and recent deployments, newest first: the calendar weighs them against its freezes. */
  deployments(): DeploymentView[] {
    return this.views();
  }

  private views(): DeploymentView[] {
    this.viewsCache ??= this.readViews();
    return this.viewsCache;
  }

  private readViews(): DeploymentView[] {
    const repo = this.deps.ctx.store.deployments;
    const byId = new Map<string, DeploymentView>();
    for (const record of repo.unfinished()) byId.set(record.view.id, record.view);
    for (const record of repo.recent(RECENT_LIMIT)) byId.set(record.view.id, record.view);
    for (const runner of this.runners.values()) byId.set(runner.view.id, runner.view);
    return [...byId.values()].sort((a, b) => b.requestedAt - a.requestedAt);
  }

  private backendPollMs(backendId: string): number {
    const backend = this.deps.ctx.definition().backends.find((candidate) => candidate.id === backendId);
    return backend && 'pollMs' in backend ? backend.pollMs : DEFAULT_POLL_MS;
  }

  /** The soak of its plan's stage, else its plan's, else the fleet's. */
  private soakMinutes(view: DeploymentView): number {
    const { deploys } = this.deps.ctx.definition();
    const plan = deploys.plans.find((candidate) => candidate.id === view.planId);
    const stage = plan?.stages.find((candidate) => candidate.id === view.stageId);
    return stage?.soakMinutes ?? plan?.soakMinutes ?? deploys.soakMinutes;
  }

  private audit(entry: Omit<Parameters<AuditService['append']>[0], 'who'> & { who?: string }): void {
    this.deps.audit.append({ ...entry, who: entry.who ?? this.deps.ctx.operator });
  }

  private errorText(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }
}
