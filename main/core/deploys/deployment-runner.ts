import type { CheckResult, DeploymentLogLine, DeploymentState, DeploymentView, InterruptionView } from '../../../shared/contract/deploys.js';
import { OpsFailure } from '../../../shared/contract/errors.js';
import type { HealthStatus } from '../../../shared/contract/health.js';
import { callBackend } from '../alerts/backend-call.js';
import type {
  Connector,
  DeployTarget,
  Deployer,
  DeploymentOrder,
  InterruptionAnswer,
  RemoteDeploymentStatus,
  SlotSwapper,
  WatchedEnvironment,
} from '../connectors/capabilities.js';
import type { DeploymentRecord, DeploymentRepo } from '../store/deployment-repo.js';
import type { RunChecks } from './deploy-facts.js';
import { describeChecks, isFinished, withAbilities } from './deployment-views.js';

export interface RunnerDeps {
  now(): number;
  connector(backendId: string): Connector | undefined;
  watched(environmentId: string): WatchedEnvironment | undefined;
  health(environmentId: string): HealthStatus;
  runChecks: RunChecks;
  repo: DeploymentRepo;
  /** The view changed: tell the renderer. */
  changed(view: DeploymentView): void;
  /** It reached a final state: the trail, and the versions to read again. */
  finished(view: DeploymentView): void;
  pollMs(backendId: string): number;
  /** How long one call to the backend may take. */
  callTimeoutMs(backendId: string): number;
  /** A swap may take minutes (Azure polls its long-running operation). */
  swapTimeoutMs: number;
  /** After this long without an answer the deployment says so. */
  noAnswerAfterMs: number;
  soakMs(view: DeploymentView): number;
  redact(text: string): string;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

type RemoteOutcome = 'succeeded' | 'over' | 'stopped';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function interruptionView(status: RemoteDeploymentStatus): InterruptionView | null {
  const interruption = status.interruption;
  if (!interruption) return null;
  return { id: interruption.id, title: interruption.title, message: interruption.message, answers: [...interruption.answers] };
}

/**
 * One deployment from its record to a final state: issue it once (finding it on the backend
 * first), follow it, run its checks, and in the staging-slot flow swap it in and, when
 * production's checks fail, swap it back. Every step is saved, so a restart carries on.
 */
export class DeploymentRunner {
  private readonly stop = new AbortController();
  private wakeUp: (() => void) | undefined;
  private cancelReason: string | null = null;
  private cancelSent = false;
  /** Between the record and the backend's answer to start: a cancel then waits for the remote id. */
  private starting = false;
  private failingSince: string | null = null;

  constructor(
    private record: DeploymentRecord,
    private readonly deps: RunnerDeps,
  ) {}

  get view(): DeploymentView {
    return this.record.view;
  }

  get key(): string {
    return this.record.key;
  }

  async run(): Promise<void> {
    try {
      await this.flow();
    } catch (error) {
      if (!this.stop.signal.aborted && !isFinished(this.view.state)) this.finish('failed', this.deps.redact(message(error)));
    }
  }

  /** The console is closing: stop where it is; the record says where to carry on. */
  close(): void {
    this.stop.abort();
    this.wakeUp?.();
  }

  /** Cancels it: before it reached the backend, here; else on the backend, whose state follows. */
  async cancel(reason: string): Promise<void> {
    if (!this.view.canCancel) {
      throw new OpsFailure('conflict', `deployment ${this.view.id} is ${this.view.state}; only a scheduled or running deployment can be cancelled`);
    }
    this.cancelReason = reason;
    if (this.view.remoteId === null) {
      if (!this.starting) this.finish('cancelled', 'cancelled before it reached the deploy backend');
      return;
    }
    await this.sendCancel();
    this.update({ step: 'cancel requested' });
    this.wake();
  }

  async answer(interruptionId: string, answer: InterruptionAnswer, notes: string): Promise<void> {
    const { view } = this;
    const interruption = view.interruption;
    if (view.state !== 'paused' || interruption === null || interruption.id !== interruptionId || view.remoteId === null) {
      throw new OpsFailure('conflict', `deployment ${view.id} is not waiting for an answer to "${interruptionId}" (it is ${view.state})`);
    }
    if (!interruption.answers.includes(answer)) {
      throw new OpsFailure('invalid-input', `answer: "${interruption.title}" takes ${interruption.answers.join(', ')}, not ${answer}`);
    }
    const remoteId = view.remoteId;
    await this.call('answer', (deployer, signal) => deployer.answer(remoteId, interruptionId, answer, notes, signal));
    this.appendLog([{ at: this.deps.now(), level: 'info', text: `answered "${answer}" to "${interruption.title}": ${notes}` }]);
    this.update({ state: 'running', interruption: null, step: `answered ${answer}` });
    this.wake();
  }

  private async flow(): Promise<void> {
    if (isFinished(this.view.state)) return;
    if (this.record.target.swapBack) {
      await this.swapBackToWarmSlot();
      return;
    }
    switch (this.view.state) {
      case 'checking':
        await this.afterDeploy();
        return;
      case 'swapping':
        if (this.record.swapped) await this.verify();
        else this.finish('failed', 'the console stopped during the swap, so whether it completed is not known; check which slot serves production before acting');
        return;
      case 'verifying':
        if (this.view.flow === 'staging-slot' && !this.record.swapped) await this.afterDeploy();
        else await this.verify();
        return;
      case 'soaking':
        await this.soak();
        return;
      case 'swapping-back':
        this.finish('failed', 'the console stopped while swapping back, so which release serves production is not known; check it before acting');
        return;
      default:
        break;
    }
    if (this.view.remoteId === null && !(await this.ensureStarted())) return;
    const outcome = await this.followRemote();
    if (outcome === 'succeeded') await this.afterDeploy();
  }

  /** Finds the deployment this order already created, and only when there is none, starts it. */
  private async ensureStarted(): Promise<boolean> {
    const backend = this.backendName();
    let startError: string | null = null;
    this.starting = true;
    try {
      for (;;) {
        let existing: string | null;
        try {
          const order = this.order();
          existing = await this.call('find', (deployer, signal) => deployer.find(order, signal));
        } catch (error) {
          if (this.stop.signal.aborted) return false;
          if (startError === null) {
            // Never queued for later: a backend that cannot be reached now refuses the deployment now.
            this.finish('failed', `${backend} could not be reached, so nothing was started: ${this.deps.redact(message(error))}`);
            return false;
          }
          // The start was sent and its answer lost: only the backend knows whether it took it. Ask again; never send a second.
          this.noAnswer(message(error));
          await this.pause();
          if (this.stop.signal.aborted) return false;
          continue;
        }
        if (existing !== null) {
          this.adopt(existing, startError === null ? `found on ${backend} and adopted; not started again` : `the answer to start was lost; found on ${backend} and adopted`);
          return true;
        }
        if (startError !== null) {
          this.finish('failed', `${backend} did not take the deployment: ${this.deps.redact(startError)}`);
          return false;
        }
        if (this.cancelReason !== null) {
          this.finish('cancelled', 'cancelled before it reached the deploy backend');
          return false;
        }
        try {
          const order = this.order();
          const remoteId = await this.call('start', (deployer, signal) => deployer.start(order, signal));
          this.adopt(remoteId, `started on ${backend} as ${remoteId}`);
          return true;
        } catch (error) {
          if (this.stop.signal.aborted) return false;
          startError = message(error);
          this.appendLog([{ at: this.deps.now(), level: 'warning', text: `start on ${backend} failed: ${startError}; checking whether it took it anyway` }]);
        }
      }
    } finally {
      this.starting = false;
    }
  }

  private adopt(remoteId: string, text: string): void {
    const now = this.deps.now();
    this.record.lastAnswerAt = now;
    this.appendLog([{ at: now, level: 'info', text }]);
    this.update({ remoteId, state: this.waitingState(), step: 'queued on the deploy backend', message: null });
  }

  private waitingState(): DeploymentState {
    const { scheduledFor } = this.view;
    return scheduledFor !== null && this.deps.now() < scheduledFor ? 'scheduled' : 'queued';
  }

  /** Polls status and log until the backend's deployment ends. */
  private async followRemote(): Promise<RemoteOutcome> {
    const remoteId = this.view.remoteId;
    if (remoteId === null) return 'over';
    for (;;) {
      if (this.stop.signal.aborted) return 'stopped';
      if (this.cancelReason !== null && !this.cancelSent) await this.sendCancel().catch(() => undefined);
      try {
        const status = await this.call('status', (deployer, signal) => deployer.status(remoteId, signal));
        const after = this.record.remoteLogCount;
        const lines = await this.call('log', (deployer, signal) => deployer.log(remoteId, after, signal));
        this.record.lastAnswerAt = this.deps.now();
        this.failingSince = null;
        this.record.remoteLogCount = after + lines.length;
        this.appendLog(lines);
        const outcome = this.apply(status);
        if (outcome !== null) return outcome;
      } catch (error) {
        if (this.stop.signal.aborted) return 'stopped';
        this.noAnswer(message(error));
      }
      await this.pause();
    }
  }

  private apply(status: RemoteDeploymentStatus): RemoteOutcome | null {
    const step = status.step ?? this.view.step;
    const progress = status.progress ?? this.view.progress;
    switch (status.state) {
      case 'queued':
        this.update({ state: this.waitingState(), step, progress, interruption: null, message: null });
        return null;
      case 'running':
        this.update({ state: 'running', step, progress, interruption: null, message: null, startedAt: this.view.startedAt ?? this.deps.now() });
        return null;
      case 'paused':
        this.update({ state: 'paused', step, progress, interruption: interruptionView(status), message: status.message });
        return null;
      case 'succeeded':
        this.update({ progress: 100, step: 'deployed', interruption: null, startedAt: this.view.startedAt ?? this.deps.now() });
        return 'succeeded';
      case 'failed':
        this.finish('failed', this.deps.redact(status.message ?? `failed at ${status.step ?? 'a step'}`));
        return 'over';
      case 'cancelled':
        this.finish('cancelled', this.deps.redact(status.message ?? 'cancelled on the deploy backend'));
        return 'over';
    }
  }

  /** The release is on its slot: check it, and in the staging-slot flow swap it in. */
  private async afterDeploy(): Promise<void> {
    if (this.view.flow === 'direct') {
      await this.verify();
      return;
    }
    this.update({ state: 'checking', step: 'warming up the staging slot' });
    await this.logSlotDifferences();
    const previewing = await this.applyProductionConfig();
    this.update({ step: 'checking the staging slot' });
    const staging = await this.checks('staging');
    if (staging === null) return;
    const failed = staging.filter((check) => check.state === 'failed');
    if (failed.length > 0) {
      if (previewing) await this.resetConfig();
      this.finish('failed', `checks failed on the staging slot, so it was not swapped in; production is untouched: ${describeChecks(failed)}`);
      return;
    }
    if (!(await this.swap('swapping', 'swapping staging into production'))) return;
    this.record.swapped = true;
    this.save();
    await this.verify();
  }

  /** Production's checks after the deploy or the swap. */
  private async verify(): Promise<void> {
    this.update({ state: 'verifying', step: 'checking production' });
    const production = await this.checks('production');
    if (production === null) return;
    const failed = production.filter((check) => check.state === 'failed');
    if (failed.length === 0) {
      if (this.view.flow === 'staging-slot' && this.record.swapped) await this.soak();
      else this.finish('succeeded', `${this.view.version} is live on ${this.view.environmentName}`);
      return;
    }
    if (this.view.flow === 'staging-slot' && this.record.swapped) {
      await this.swapBack(`checks failed on production after the swap: ${describeChecks(failed)}`);
      return;
    }
    this.finish('failed', `checks failed on production: ${describeChecks(failed)}`);
  }

  /** Production holds while the soak time runs; health turning critical swaps the release back out. */
  private async soak(): Promise<void> {
    if (this.record.soakUntil === null) {
      this.record.soakUntil = this.deps.now() + this.deps.soakMs(this.view);
    }
    const until = this.record.soakUntil;
    this.update({ state: 'soaking', step: `soaking until ${new Date(until).toISOString()}` });
    for (;;) {
      if (this.deps.health(this.view.environmentId) === 'critical') {
        await this.swapBack('health turned critical while it soaked');
        return;
      }
      if (this.deps.now() >= until) {
        this.finish('succeeded', `${this.view.version} is live on ${this.view.environmentName}`);
        return;
      }
      await this.pause();
      if (this.stop.signal.aborted) return;
    }
  }

  private async swapBack(why: string): Promise<void> {
    if (!(await this.swap('swapping-back', 'swapping back', why))) return;
    this.record.swapped = false;
    const previous = this.view.previousVersion === null ? 'what it ran before' : this.view.previousVersion;
    this.finish('rolled-back', `${why}; swapped back automatically, production runs ${previous} again`);
  }

  /** A rollback where the previous release is still warm in the staging slot: the swap alone. */
  private async swapBackToWarmSlot(): Promise<void> {
    if (this.view.state === 'swapping') {
      this.finish('failed', 'the console stopped during the swap, so whether it completed is not known; check which slot serves production before acting');
      return;
    }
    if (this.view.state !== 'verifying') {
      while (this.view.scheduledFor !== null && this.deps.now() < this.view.scheduledFor) {
        await this.pause();
        if (this.stop.signal.aborted) return;
        if (isFinished(this.view.state)) return;
      }
      if (!(await this.swap('swapping', 'swapping the previous release back into production'))) return;
    }
    this.update({ startedAt: this.view.startedAt ?? this.deps.now() });
    this.update({ state: 'verifying', step: 'checking production' });
    const production = await this.checks('production');
    if (production === null) return;
    const failed = production.filter((check) => check.state === 'failed');
    if (failed.length > 0) this.finish('failed', `swapped back, but checks failed on production: ${describeChecks(failed)}`);
    else this.finish('succeeded', `swapped back: ${this.view.version} serves production on ${this.view.environmentName}`);
  }

  private swapSide(): { connector: Connector; slots: SlotSwapper } | null {
    const connector = this.deps.connector(this.record.target.swapBy ?? this.view.backendId);
    return connector?.slots ? { connector, slots: connector.slots } : null;
  }

  /** What the swap will change in production (settings that differ between the slots), kept in the log before it happens. */
  private async logSlotDifferences(): Promise<void> {
    const side = this.swapSide();
    if (!side) return;
    const target = this.deployTarget('staging');
    try {
      const differences = await callBackend(side.connector, 'the slot differences', this.deps.callTimeoutMs(side.connector.id), this.stop.signal, (signal) =>
        side.slots.differences(target, signal),
      );
      const now = this.deps.now();
      this.appendLog(
        differences.length === 0
          ? [{ at: now, level: 'info', text: 'the slots differ in no setting: the swap changes only the release' }]
          : differences.map((text) => ({ at: now, level: 'info' as const, text: `the swap will change: ${text}` })),
      );
    } catch (error) {
      if (!this.stop.signal.aborted) this.appendLog([{ at: this.deps.now(), level: 'warning', text: `the slot differences could not be read: ${this.deps.redact(message(error))}` }]);
    }
  }

  /**
   * Swap with preview where the swapper offers it (Azure's applySlotConfig): staging warms up
   * and is checked with production's settings, so the swap itself changes nothing but traffic.
   */
  private async applyProductionConfig(): Promise<boolean> {
    const side = this.swapSide();
    const apply = side?.slots.applyProductionConfig?.bind(side.slots);
    if (!side || !apply) return false;
    const target = this.deployTarget('staging');
    try {
      await callBackend(side.connector, 'applying production settings to staging', this.deps.swapTimeoutMs, this.stop.signal, (signal) => apply(target, signal));
      this.appendLog([{ at: this.deps.now(), level: 'info', text: "production's settings applied to the staging slot (swap with preview): it warms up and is checked as it will run" }]);
      return true;
    } catch (error) {
      if (!this.stop.signal.aborted) {
        this.appendLog([{ at: this.deps.now(), level: 'warning', text: `swap with preview could not start, so staging is checked with its own settings: ${this.deps.redact(message(error))}` }]);
      }
      return false;
    }
  }

  /** Staging failed its checks after phase one: it gets its own settings back (best effort; production is untouched either way). */
  private async resetConfig(): Promise<void> {
    const side = this.swapSide();
    const reset = side?.slots.resetConfig?.bind(side.slots);
    if (!side || !reset) return;
    const target = this.deployTarget('staging');
    try {
      await callBackend(side.connector, 'resetting the staging settings', this.deps.swapTimeoutMs, this.stop.signal, (signal) => reset(target, signal));
      this.appendLog([{ at: this.deps.now(), level: 'info', text: 'the staging slot has its own settings back (swap with preview cancelled)' }]);
    } catch (error) {
      if (!this.stop.signal.aborted) this.appendLog([{ at: this.deps.now(), level: 'warning', text: `the staging slot's settings could not be reset: ${this.deps.redact(message(error))}` }]);
    }
  }

  /** Returns whether the swap completed; when it did not, the deployment is failed with why. */
  private async swap(state: 'swapping' | 'swapping-back', step: string, why?: string): Promise<boolean> {
    this.update({ state, step });
    const side = this.swapSide();
    if (!side) {
      this.finish('failed', `"${this.record.target.swapBy ?? this.view.backendId}" cannot swap slots${why ? `; ${why}` : ''}`);
      return false;
    }
    const target = this.deployTarget('staging');
    try {
      await callBackend(side.connector, 'the swap', this.deps.swapTimeoutMs, this.stop.signal, (signal) => side.slots.swap(target, signal));
      this.appendLog([{ at: this.deps.now(), level: 'info', text: `${step}: done` }]);
      return true;
    } catch (error) {
      if (this.stop.signal.aborted) return false;
      const text = this.deps.redact(message(error));
      this.finish(
        'failed',
        state === 'swapping'
          ? `the swap did not complete: ${text}`
          : `${why ?? 'it had to be swapped back'}, and the swap back did not complete: ${text}; production may still run ${this.view.version}`,
      );
      return false;
    }
  }

  /** Runs the checks of one slot and keeps their results; null when the console is closing. */
  private async checks(slot: 'production' | 'staging'): Promise<CheckResult[] | null> {
    const { checks } = this.record.target;
    let results: CheckResult[];
    try {
      results = await this.deps.runChecks({ environmentId: this.view.environmentId, version: this.view.version, slot, checks, signal: this.stop.signal });
    } catch (error) {
      if (this.stop.signal.aborted) return null;
      results = [{ name: `${slot} checks`, type: 'http', slot, state: 'failed', detail: this.deps.redact(message(error)), at: this.deps.now() }];
    }
    if (this.stop.signal.aborted) return null;
    this.update({ checks: [...this.view.checks.filter((check) => check.slot !== slot), ...results] });
    this.appendLog(
      results.map((check) => ({ at: check.at, level: check.state === 'failed' ? 'error' : 'info', text: `check ${check.name} on ${slot}: ${check.state} (${check.detail})` })),
    );
    return results;
  }

  private async sendCancel(): Promise<void> {
    const remoteId = this.view.remoteId;
    if (remoteId === null) return;
    await this.call('cancel', (deployer, signal) => deployer.cancel(remoteId, signal));
    this.cancelSent = true;
    this.appendLog([{ at: this.deps.now(), level: 'info', text: `cancel sent to ${this.backendName()}${this.cancelReason ? `: ${this.cancelReason}` : ''}` }]);
  }

  /** A call that failed: logged once per streak, and after a while said on the deployment. Its state stays: it is not known. */
  private noAnswer(error: string): void {
    const now = this.deps.now();
    if (this.failingSince === null) {
      this.failingSince = error;
      this.appendLog([{ at: now, level: 'warning', text: `no answer from ${this.backendName()}: ${error}; trying again` }]);
    }
    const since = this.record.lastAnswerAt ?? this.view.requestedAt;
    if (now - since >= this.deps.noAnswerAfterMs) {
      this.update({ message: `no answer from ${this.backendName()} since ${new Date(since).toISOString()}: ${this.deps.redact(error)}` });
    }
  }

  private finish(state: DeploymentState, text: string): void {
    this.update({ state, message: text, interruption: null, finishedAt: this.deps.now(), step: state === 'succeeded' ? 'done' : this.view.step });
    this.appendLog([{ at: this.deps.now(), level: state === 'succeeded' ? 'info' : 'error', text: `${state}: ${text}` }]);
    this.deps.finished(this.view);
  }

  private update(change: Partial<DeploymentView>): void {
    const next = withAbilities({ ...this.record.view, ...change });
    const before = JSON.stringify(this.record.view);
    this.record = { ...this.record, view: next };
    this.save();
    if (JSON.stringify(next) !== before) this.deps.changed(next);
  }

  private save(): void {
    this.deps.repo.save(this.record, this.deps.now());
  }

  private appendLog(lines: readonly DeploymentLogLine[]): void {
    this.deps.repo.appendLog(
      this.view.id,
      lines.map((line) => ({ ...line, text: this.deps.redact(line.text) })),
    );
  }

  private async call<T>(what: string, run: (deployer: Deployer, signal: AbortSignal) => Promise<T>): Promise<T> {
    const connector = this.deps.connector(this.view.backendId);
    const deployer = connector?.deployer;
    if (!connector || !deployer) throw new OpsFailure('unavailable', `"${this.view.backendId}" is not a deploy backend of the fleet now`);
    return callBackend(connector, what, this.deps.callTimeoutMs(this.view.backendId), this.stop.signal, (signal) => run(deployer, signal));
  }

  private order(): DeploymentOrder {
    const { view } = this;
    return {
      key: this.record.key,
      action: view.action,
      version: view.version,
      previousVersion: view.previousVersion,
      target: this.deployTarget(view.flow === 'staging-slot' ? 'staging' : 'production'),
      runAt: view.scheduledFor,
      noRunAfter: this.record.target.noRunAfter,
      guidedFailure: true,
      requestedBy: view.requestedBy,
      reason: view.reason === '' ? null : view.reason,
    };
  }

  private deployTarget(slot: 'production' | 'staging'): DeployTarget {
    const environment = this.deps.watched(this.view.environmentId);
    if (!environment) throw new OpsFailure('not-found', `environment "${this.view.environmentId}" is no longer in the fleet definition`);
    const { remoteName, remoteTenant, variables } = this.record.target;
    return { environment, remoteName, remoteTenant, slot, variables };
  }

  private backendName(): string {
    return this.deps.connector(this.view.backendId)?.name ?? this.view.backendId;
  }

  private pause(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeUp = resolve;
      void this.deps.sleep(this.deps.pollMs(this.view.backendId), this.stop.signal).then(resolve);
    }).then(() => {
      this.wakeUp = undefined;
    });
  }

  private wake(): void {
    this.wakeUp?.();
  }
}
