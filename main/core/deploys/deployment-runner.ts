import type {
  CheckResult,
  DeploymentLogLine,
  DeploymentState,
  DeploymentView,
  InterruptionView,
  LostTrackResolution,
  RemoteRunView,
} from '../../../shared/contract/deploys.js';
import { OpsFailure } from '../../../shared/contract/errors.js';
import { callBackend, ChangeInDoubt, sendChange } from '../alerts/backend-call.js';
import type {
  Connector,
  DeployTarget,
  Deployer,
  DeploymentOrder,
  InterruptionAnswer,
  RemoteDeploymentStatus,
  RemoteRun,
  SlotSwapper,
  SwapSince,
  WatchedEnvironment,
} from '../connectors/capabilities.js';
import { failpoint } from '../faults/failpoints.js';
import { readingNote, untrustedBecause, type HealthReading } from '../fleet/health-reading.js';
import type { DeploymentRecord, DeploymentRepo } from '../store/deployment-repo.js';
import type { RunChecks } from './deploy-facts.js';
import { describeChecks, isFinished, withAbilities } from './deployment-views.js';

export interface RunnerDeps {
  now(): number;
  connector(backendId: string): Connector | undefined;
  watched(environmentId: string): WatchedEnvironment | undefined;
  /** The health underneath, whatever a silence or stale data shows. */
  health(environmentId: string): HealthReading;
  /** Alerts firing on the environment that started at or after `since`, silenced or not, in words. */
  alertsSince(environmentId: string, since: number): string[];
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

/** The longest wait between two questions to a backend that does not answer, or that lost the deployment. */
const MAX_BACKOFF_MS = 60_000;
/** How many times a call cut short by a connector rebuild is asked again of the new connector. */
const REBUILD_RETRIES = 3;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The backend answered that it has no such deployment (as opposed to not answering). */
function isNotFound(error: unknown): boolean {
  return error instanceof OpsFailure && error.kind === 'not-found';
}

function iso(at: number): string {
  return new Date(at).toISOString();
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
  /** Questions in a row without a useful answer (no answer, or the deployment not found): the wait between them grows. */
  private misses = 0;
  private ended = false;

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

  /**
   * Cancels it, in any state before the end: before the start was sent, here; while the backend
   * runs it, on the backend, whose state follows; while only the backend can say whether it took
   * the start, once it says; after the backend finished, here, leaving the release where it is.
   */
  async cancel(reason: string): Promise<void> {
    const { view } = this;
    if (!view.canCancel) throw new OpsFailure('conflict', `deployment ${view.id} is ${view.state}; it has finished, so there is nothing to cancel`);
    this.cancelReason = reason;
    const backend = this.backendName();
    switch (view.state) {
      case 'lost-track':
        this.finish(
          'cancelled',
          view.remoteId === null
            ? `cancelled while the console had lost track of it: ${backend} listed no deployment for it, so nothing was stopped there; check ${backend} before deploying again`
            : `cancelled while the console had lost track of it: ${backend} said it has no deployment ${view.remoteId}, so nothing was stopped there; check ${backend} before deploying again`,
        );
        return;
      case 'checking':
      case 'verifying':
      case 'soaking':
        this.finish('cancelled', this.cancelledAfterDeploy());
        this.close();
        return;
      case 'swapping':
      case 'swapping-back':
        // A swap cannot be stopped half way: it completes, and the deployment ends there.
        this.update({ step: `cancel requested: it ends once the ${view.state === 'swapping' ? 'swap' : 'swap back'} completed` });
        return;
      default:
        break;
    }
    if (view.remoteId === null) {
      if (this.record.startSentAt === null && !this.starting) {
        this.finish('cancelled', 'cancelled before it reached the deploy backend');
        return;
      }
      this.update({ step: `cancel requested: it is sent once ${backend} says whether it took the start` });
      this.wake();
      return;
    }
    try {
      await this.sendCancel();
      this.update({ step: 'cancel requested' });
    } catch (error) {
      // Kept: the cancel is sent again with every poll until the backend takes it.
      this.appendLog([{ at: this.deps.now(), level: 'warning', text: `cancel could not be sent to ${backend} yet: ${message(error)}; it is sent again until ${backend} takes it` }]);
      this.update({ step: `cancel requested: it is sent once ${backend} answers` });
    }
    this.wake();
  }

  /** What a cancel after the backend finished leaves behind, in words. */
  private cancelledAfterDeploy(): string {
    const { version, environmentName, flow } = this.view;
    if (flow === 'staging-slot' && !this.record.swapped) return `cancelled after ${version} reached the staging slot of ${environmentName}; it was not swapped in, production is untouched`;
    return `cancelled after ${version} went live on ${environmentName}; it stays there (nothing was rolled back)`;
  }

  /** The deployments the backend lists for this deployment's environment, and whether each is this one. */
  async remoteRuns(): Promise<RemoteRunView[]> {
    const target = this.deployTarget(this.view.flow === 'staging-slot' ? 'staging' : 'production');
    const runs = await this.call('its deployments', (deployer, signal) => deployer.runs(target, signal));
    return runs.map((run) => ({ ...run, matches: this.mismatch(run) === null }));
  }

  /** An operator ends a lost track: adopts a deployment the backend lists for the environment, or abandons it. */
  async resolveLostTrack(resolution: LostTrackResolution, reason: string, who: string): Promise<string> {
    const { view } = this;
    if (view.state !== 'lost-track') throw new OpsFailure('conflict', `deployment ${view.id} is ${view.state}, not lost track; there is nothing to resolve`);
    const backend = this.backendName();
    if (resolution.action === 'abandon') {
      this.finish('failed', `abandoned by ${who}: ${reason}; the console no longer follows it and changed nothing on ${backend}; check ${backend} for what it ran`);
      this.close();
      return `abandoned ${view.action} ${view.version}; nothing was changed on ${backend}`;
    }
    const runs = await this.remoteRuns();
    const chosen = runs.find((run) => run.remoteId === resolution.remoteId);
    if (!chosen) {
      const listed = runs.slice(0, 10).map((run) => run.remoteId).join(', ');
      throw new OpsFailure(
        'conflict',
        `${backend} lists no deployment "${resolution.remoteId}" for ${view.environmentName}; ${listed === '' ? 'it lists none' : `it lists ${listed}`}`,
      );
    }
    if (this.view.state !== 'lost-track') throw new OpsFailure('conflict', `deployment ${view.id} is ${this.view.state} now; it found its track while you chose`);
    const what = `${chosen.remoteId} (${chosen.version ?? 'release not said'} to ${chosen.target}, ${chosen.key === null ? 'no key' : `key ${chosen.key}`}, ${chosen.state ?? 'state not said'})`;
    const now = this.deps.now();
    this.appendLog([{ at: now, level: 'warning', text: `${who} adopted ${what} from ${backend}: ${reason}` }]);
    this.record.remoteLogCount = 0;
    this.record.lastAnswerAt = now;
    this.misses = 0;
    this.update({ remoteId: chosen.remoteId, state: this.waitingState(), step: 'adopted by an operator', message: null });
    this.wake();
    return `adopted ${what}${chosen.matches ? '' : `; it is not the one the console ordered (${this.mismatch(chosen) ?? ''})`}`;
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
    // Asked first: an earlier answer whose acknowledgement was lost (or another console) may have been taken already; a second is never sent.
    const status = await this.call('status', (deployer, signal) => deployer.status(remoteId, signal));
    if (status.state !== 'paused' || status.interruption?.id !== interruptionId) {
      this.appendLog([{ at: this.deps.now(), level: 'info', text: `${this.backendName()} no longer waits for an answer to "${interruption.title}" (it is ${status.state}): not sent again` }]);
      this.apply(status);
      this.wake();
      return;
    }
    await this.sendAnswer(remoteId, interruptionId, answer, notes);
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
        if (!this.record.swapped && !(await this.resumeSwap('swapping', 'swapping staging into production'))) return;
        this.record.swapped = true;
        this.save();
        if (this.cancelReason !== null) {
          this.finish('cancelled', this.cancelledAfterDeploy());
          return;
        }
        await this.verify();
        return;
      case 'verifying':
        if (this.view.flow === 'staging-slot' && !this.record.swapped) await this.afterDeploy();
        else await this.verify();
        return;
      case 'soaking':
        await this.soak();
        return;
      case 'swapping-back': {
        const why = 'it was being swapped back when the console stopped';
        if (!(await this.resumeSwap('swapping-back', 'swapping back', why))) return;
        this.record.swapped = false;
        const previous = this.view.previousVersion === null ? 'what it ran before' : this.view.previousVersion;
        this.finish('rolled-back', `${why}; the swap back completed, production runs ${previous} again`);
        return;
      }
      default:
        break;
    }
    if (this.view.remoteId === null && !(await this.ensureStarted())) return;
    const outcome = await this.followRemote();
    if (outcome !== 'succeeded') return;
    // A decommissioned environment serves nothing any more: there is nothing to check or soak.
    if (this.view.action === 'decommission') this.finish('succeeded', `${this.view.environmentName} is decommissioned`);
    else await this.afterDeploy();
  }

  /** Whether the flow must stop here: the console is closing, or the deployment ended (cancelled, abandoned) meanwhile. */
  private get over(): boolean {
    return this.stop.signal.aborted || isFinished(this.view.state);
  }

  /**
   * Finds the deployment this order already created, and only when there is none and the start
   * was never sent, starts it. "Start sent" is saved before the call: from then on only the
   * backend's answer decides, asked again with backoff, and "nothing was started" is never
   * concluded; a backend that answers but lists nothing for it is a lost track for a person.
   */
  private async ensureStarted(): Promise<boolean> {
    const backend = this.backendName();
    let startError: string | null = null;
    this.starting = true;
    try {
      for (;;) {
        if (this.over) return false;
        if (this.view.remoteId !== null) return true;
        let found: RemoteRun | null;
        try {
          const order = this.order();
          found = await this.call('find', (deployer, signal) => deployer.find(order, signal));
        } catch (error) {
          if (this.over) return false;
          if (this.view.remoteId !== null) return true;
          if (this.record.startSentAt === null) {
            if (this.cancelReason !== null) {
              this.finish('cancelled', 'cancelled before it reached the deploy backend');
              return false;
            }
            // Never sent, and never queued for later: a backend that cannot be reached now refuses the deployment now.
            this.finish('failed', `${backend} could not be reached, so nothing was started: ${this.deps.redact(message(error))}`);
            return false;
          }
          // The start was sent and its answer is not known: only the backend can say whether it took it. Ask again; never send a second.
          this.noAnswer(message(error));
          await this.pause();
          continue;
        }
        if (this.over) return false;
        if (this.view.remoteId !== null) return true;
        this.answered();
        if (found !== null) {
          const mismatch = this.mismatch(found);
          if (mismatch === null) {
            const text =
              this.view.state === 'lost-track'
                ? `found on ${backend} after all (${found.remoteId}) and adopted; not started again`
                : startError !== null
                  ? `the answer to start was lost; found on ${backend} and adopted`
                  : `found on ${backend} and adopted; not started again`;
            this.adopt(found.remoteId, text);
            return true;
          }
          // Never adopted: following it would report another deployment's progress, log and end as this one's.
          this.loseTrack(`${backend} answered the search for key ${this.record.key} with ${found.remoteId}, which ${mismatch}; it was not adopted`);
          await this.pause();
          continue;
        }
        if (this.record.startSentAt !== null) {
          if (this.cancelReason !== null) {
            this.finish('cancelled', `cancelled; ${backend} lists no deployment for it, so nothing was stopped there; check ${backend} before deploying again`);
            return false;
          }
          this.loseTrack(
            `the start was sent to ${backend} at ${iso(this.record.startSentAt)}${startError === null ? '' : ` (its answer: ${this.deps.redact(startError)})`}, and ${backend} lists no deployment with key ${this.record.key}`,
          );
          await this.pause();
          continue;
        }
        if (this.cancelReason !== null) {
          this.finish('cancelled', 'cancelled before it reached the deploy backend');
          return false;
        }
        const order = this.order();
        const sentAt = this.deps.now();
        this.record.startSentAt = sentAt;
        this.update({ step: `start sent to ${backend} at ${iso(sentAt)}; waiting for its answer` });
        failpoint('deploy.before-start');
        try {
          // Never asked again of a rebuilt connector: the first may have delivered it; find decides.
          const remoteId = await this.call('start', (deployer, signal) => deployer.start(order, signal), { again: false });
          failpoint('deploy.after-start-answer');
          this.adopt(remoteId, `started on ${backend} as ${remoteId}`);
          return true;
        } catch (error) {
          if (this.stop.signal.aborted) return false;
          startError = message(error);
          this.appendLog([{ at: this.deps.now(), level: 'warning', text: `start on ${backend} failed: ${startError}; asking ${backend} whether it took it anyway` }]);
          this.update({ step: `start sent to ${backend} at ${iso(sentAt)}; asking whether it took it` });
        }
      }
    } finally {
      this.starting = false;
    }
  }

  /** Why a run the backend found is not this deployment's (another key, target or release); null when it is. */
  private mismatch(run: RemoteRun): string | null {
    const order = this.order();
    const problems: string[] = [];
    if (run.key !== order.key) problems.push(`carries ${run.key === null ? 'no key' : `key ${run.key}`}`);
    if (run.target !== order.target.remoteName) problems.push(`deploys to ${run.target}, not ${order.target.remoteName}`);
    if (run.version !== order.version) problems.push(`deploys ${run.version ?? 'a release it does not name'}, not ${order.version}`);
    return problems.length === 0 ? null : problems.join(', ');
  }

  /**
   * After the backend said it has no deployment `remoteId`, the id alone proves nothing: a backend
   * restored from a backup gives it out again, to another environment's run. Only its search by
   * this deployment's key, checked like any adoption, brings the deployment back to following.
   */
  private async foundAgain(remoteId: string): Promise<boolean> {
    const backend = this.backendName();
    let found: RemoteRun | null;
    try {
      const order = this.order();
      found = await this.call('find', (deployer, signal) => deployer.find(order, signal));
    } catch (error) {
      if (!this.over) this.noAnswer(message(error));
      return false;
    }
    if (this.over || this.view.remoteId !== remoteId) return false;
    this.answered();
    if (found === null) return false;
    const mismatch = this.mismatch(found);
    if (mismatch !== null) {
      this.loseTrack(`${backend} answered the search for key ${this.record.key} with ${found.remoteId}, which ${mismatch}; it was not adopted`);
      return false;
    }
    if (found.remoteId !== remoteId) this.adopt(found.remoteId, `found on ${backend} as ${found.remoteId} and adopted`);
    return true;
  }

  /** The backend answers but does not have it where it must be: said on the deployment with the evidence, for a person to resolve. */
  private loseTrack(evidence: string): void {
    this.misses += 1;
    if (this.view.state === 'lost-track' && this.view.message?.includes(evidence)) return;
    const backend = this.backendName();
    this.appendLog([{ at: this.deps.now(), level: 'error', text: `lost track: ${evidence}` }]);
    this.update({
      state: 'lost-track',
      step: `asking ${backend} again; adopt what it shows or abandon it`,
      message: `lost track: ${evidence}. The console keeps asking ${backend}; adopt the deployment it shows for ${this.view.environmentName}, or abandon it.`,
    });
  }

  private adopt(remoteId: string, text: string): void {
    const now = this.deps.now();
    this.record.lastAnswerAt = now;
    this.record.remoteLogCount = 0;
    this.misses = 0;
    this.appendLog([{ at: now, level: 'info', text }]);
    this.update({ remoteId, state: this.waitingState(), step: 'queued on the deploy backend', message: null });
  }

  private waitingState(): DeploymentState {
    const { scheduledFor } = this.view;
    return scheduledFor !== null && this.deps.now() < scheduledFor ? 'scheduled' : 'queued';
  }

  /**
   * Polls status and log until the backend's deployment ends. A backend that does not answer is
   * asked again with backoff; one that answers that it has no such deployment is a lost track.
   */
  private async followRemote(): Promise<RemoteOutcome> {
    for (;;) {
      if (this.stop.signal.aborted) return 'stopped';
      if (isFinished(this.view.state)) return 'over';
      // Read each time: an operator may have adopted another remote deployment meanwhile.
      const remoteId = this.view.remoteId;
      if (remoteId === null) return 'over';
      if (this.view.state === 'lost-track') {
        if (!(await this.foundAgain(remoteId))) {
          await this.pause();
          continue;
        }
        if (this.view.remoteId !== remoteId) continue;
      }
      if (this.cancelReason !== null && !this.cancelSent) await this.sendCancel().catch(() => undefined);
      try {
        const status = await this.call('status', (deployer, signal) => deployer.status(remoteId, signal));
        const after = this.record.remoteLogCount;
        const lines = await this.call('log', (deployer, signal) => deployer.log(remoteId, after, signal));
        failpoint('deploy.mid-poll');
        if (this.over) return this.stop.signal.aborted ? 'stopped' : 'over';
        if (this.view.remoteId !== remoteId) continue;
        this.answered();
        this.misses = 0;
        this.record.remoteLogCount = after + lines.length;
        this.appendLog(lines);
        if (this.view.state === 'lost-track') this.appendLog([{ at: this.deps.now(), level: 'info', text: `${this.backendName()} answers for ${remoteId} again` }]);
        const outcome = this.apply(status);
        if (outcome !== null) return outcome;
      } catch (error) {
        if (this.stop.signal.aborted) return 'stopped';
        if (isFinished(this.view.state)) return 'over';
        if (isNotFound(error) && this.view.remoteId === remoteId) {
          if (this.cancelReason !== null) {
            this.finish('cancelled', `cancelled; ${this.backendName()} has no deployment ${remoteId}, so nothing was stopped there; check it before deploying again`);
            return 'over';
          }
          this.answered();
          this.loseTrack(`${this.backendName()} answered that it has no deployment ${remoteId} (${this.deps.redact(message(error))})`);
        } else {
          this.noAnswer(message(error));
        }
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
    if (this.cancelReason !== null) {
      this.finish('cancelled', this.cancelledAfterDeploy());
      return;
    }
    await this.verify();
  }

  /** Production's checks after the deploy or the swap. */
  private async verify(): Promise<void> {
    this.update({ state: 'verifying', step: 'checking production' });
    const production = await this.checks('production');
    if (production === null) return;
    const failed = production.filter((check) => check.state === 'failed');
    if (failed.length === 0) {
      if (this.soaks()) await this.soak();
      else this.finish('succeeded', `${this.view.version} is live on ${this.view.environmentName}`);
      return;
    }
    if (this.view.flow === 'staging-slot' && this.record.swapped) {
      await this.swapBack(`checks failed on production after the swap: ${describeChecks(failed)}`);
      return;
    }
    this.finish('failed', `checks failed on production: ${describeChecks(failed)}`);
  }

  /**
   * Production holds while the health is watched, once per deployment (the end is kept in the
   * record, so a restart carries on): it succeeds once the health stayed steady (not critical,
   * no new alert on the environment) for the whole soak time. Health that cannot be vouched for
   * (stale, unknown) is not watched, so the soak time starts again from when it can be. A
   * critical health or a new alert swaps the release back out, or fails a direct deployment.
   */
  private async soak(): Promise<void> {
    const soakMs = this.deps.soakMs(this.view);
    if (this.record.soakUntil === null) {
      this.record.soakUntil = this.deps.now() + soakMs;
      this.save();
    }
    this.update({ state: 'soaking', step: `soaking until ${iso(this.record.soakUntil)}` });
    for (;;) {
      const now = this.deps.now();
      const until = this.record.soakUntil ?? now;
      const reading = this.deps.health(this.view.environmentId);
      const alerts = this.deps.alertsSince(this.view.environmentId, until - soakMs);
      const unsteady = reading.health === 'critical' ? 'health turned critical while it soaked' : alerts.length > 0 ? `an alert fired while it soaked: ${alerts.join('; ')}` : null;
      if (unsteady !== null) {
        await this.unsteady(unsteady);
        return;
      }
      if (untrustedBecause(reading) !== null) {
        this.record.soakUntil = now + soakMs;
        this.save();
        this.update({ step: `soaking; health not known (${readingNote(reading, now) ?? ''}), so the soak starts again: until ${iso(this.record.soakUntil)} at the earliest` });
      } else if (now >= until) {
        const steady = soakMs > 0 ? `; health steady for ${Math.round(soakMs / 60_000)} min` : '';
        this.finish('succeeded', `${this.view.version} is live on ${this.view.environmentName}${steady}`);
        return;
      }
      await this.pause();
      if (this.stop.signal.aborted) return;
    }
  }

  /**
   * A release swapped into production soaks, and so does one deployed straight to a production
   * environment: customers use it either way. A rollback is the repair, not a release to judge;
   * training, UAT and internal environments are judged by their plan's stage gate, if any.
   */
  private soaks(): boolean {
    if (this.view.action === 'rollback') return false;
    if (this.view.flow === 'staging-slot' && this.record.swapped) return true;
    return this.deps.watched(this.view.environmentId)?.view.kind === 'production';
  }

  /** The soak failed: swapped back where the previous release is warm in the other slot; otherwise a person rolls back. */
  private async unsteady(why: string): Promise<void> {
    if (this.view.flow === 'staging-slot' && this.record.swapped) {
      await this.swapBack(why);
      return;
    }
    const previous = this.view.previousVersion === null ? 'what it ran before' : this.view.previousVersion;
    this.finish('failed', `${this.view.version} is live on ${this.view.environmentName}, but ${why}; roll back to ${previous}`);
  }

  private async swapBack(why: string): Promise<void> {
    if (!(await this.swap('swapping-back', 'swapping back', why))) return;
    this.record.swapped = false;
    const previous = this.view.previousVersion === null ? 'what it ran before' : this.view.previousVersion;
    this.finish('rolled-back', `${why}; swapped back automatically, production runs ${previous} again`);
  }

  /** A rollback where the previous release is still warm in the staging slot: the swap alone. */
  private async swapBackToWarmSlot(): Promise<void> {
    if (this.view.state === 'swapping' && !(await this.resumeSwap('swapping', 'swapping the previous release back into production'))) return;
    if (this.view.state !== 'verifying' && this.view.state !== 'swapping') {
      while (this.view.scheduledFor !== null && this.deps.now() < this.view.scheduledFor) {
        await this.pause();
        if (this.stop.signal.aborted) return;
        if (isFinished(this.view.state)) return;
      }
      if (!(await this.swap('swapping', 'swapping the previous release back into production'))) return;
      if (this.cancelReason !== null) {
        this.finish('cancelled', `cancelled after the swap back: ${this.view.version} serves production on ${this.view.environmentName} again; its checks were not run`);
        return;
      }
    }
    this.update({ startedAt: this.view.startedAt ?? this.deps.now() });
    this.update({ state: 'verifying', step: 'checking production' });
    const production = await this.checks('production');
    if (production === null) return;
    const failed = production.filter((check) => check.state === 'failed');
    if (failed.length > 0) this.finish('failed', `swapped back, but checks failed on production: ${describeChecks(failed)}`);
    else this.finish('succeeded', `swapped back: ${this.view.version} serves production on ${this.view.environmentName}`);
  }

  /**
   * After a restart (or a connector rebuild) in the middle of a swap, only the swapper's answer
   * decides: a swap since "swap sent" completed; one under way is waited for; none since means
   * it was not carried out, so it is sent now, once. A swapper that cannot tell is asked again
   * with backoff, and the deployment says since when; nothing is guessed. Returns whether the
   * swap is done; false when the deployment ended or the console is closing.
   */
  private async resumeSwap(state: 'swapping' | 'swapping-back', step: string, why?: string): Promise<boolean> {
    const what = state === 'swapping' ? 'swap' : 'swap back';
    const expected = state === 'swapping' ? this.view.version : this.view.previousVersion;
    if (this.record.swapSentAt === null && state === 'swapping-back') {
      // A record of an earlier build, which did not keep the moment: the swap in already counts as a swap since the request, so only production's release can say.
      if (expected !== null && (await this.swapCompleted(expected, 'before the console stopped'))) return true;
      this.finish('failed', `the console stopped while swapping back, so which release serves production is not known; check it before acting`);
      return false;
    }
    // A record of an earlier build did not keep the moment: any swap since the request counts.
    const since = this.record.swapSentAt ?? this.view.requestedAt;
    let silentSince: number | null = null;
    for (;;) {
      if (this.over) return false;
      const side = this.swapSide();
      if (!side) {
        this.finish('failed', `"${this.record.target.swapBy ?? this.view.backendId}" cannot swap slots, so whether the ${what} sent at ${iso(since)} completed cannot be asked; check which slot serves production before acting`);
        return false;
      }
      let answer: SwapSince;
      try {
        const target = this.deployTarget('staging');
        answer = await callBackend(side.connector, `whether the ${what} happened`, this.deps.callTimeoutMs(side.connector.id), this.stop.signal, (signal) =>
          side.slots.swappedSince(target, since, signal),
        );
      } catch (error) {
        if (this.over) return false;
        this.misses += 1;
        const now = this.deps.now();
        const text = this.deps.redact(message(error));
        if (silentSince === null) {
          silentSince = now;
          this.appendLog([{ at: now, level: 'warning', text: `${side.connector.name} could not say whether the ${what} sent at ${iso(since)} happened: ${text}; asking again` }]);
        }
        const said = `no answer from ${side.connector.name} since ${iso(silentSince)} on whether the ${what} sent at ${iso(since)} happened`;
        this.update({ step: `${said}; asking again`, ...(now - silentSince >= this.deps.noAnswerAfterMs ? { message: `${said}: ${text}` } : {}) });
        await this.pause();
        continue;
      }
      if (this.over) return false;
      this.misses = 0;
      if (silentSince !== null) this.update({ message: null });
      silentSince = null;
      if (answer.state === 'swapped') {
        this.appendLog([{ at: this.deps.now(), level: 'info', text: `${side.connector.name} says the ${what} sent at ${iso(since)} completed at ${iso(answer.at)}; not sent again` }]);
        return true;
      }
      if (answer.state === 'failed') {
        this.swapFailed(state, this.deps.redact(answer.message), why);
        return false;
      }
      if (answer.state === 'under-way') {
        this.update({ step: `the ${what} sent at ${iso(since)} is still under way on ${side.connector.name}; waiting for it` });
        await this.pause();
        continue;
      }
      // Where the deployer also swaps, production already serving the release says it happened whatever the swap record says.
      if (expected !== null && (await this.swapCompleted(expected, 'though its answer was lost'))) return true;
      const last = answer.lastAt === null ? 'it records no swap of this slot' : `its last swap of this slot was at ${iso(answer.lastAt)}`;
      this.appendLog([{ at: this.deps.now(), level: 'warning', text: `${side.connector.name} says the ${what} sent at ${iso(since)} was not carried out (${last}): sending it now` }]);
      return this.swap(state, step, why);
    }
  }

  /** Whether the deployer says production already serves `version` (asked only where it also swaps, so its versions are the slots'). */
  private async swapCompleted(version: string, context: string): Promise<boolean> {
    // Both slots held the same release: production serving it says nothing about the swap.
    if (this.view.previousVersion === this.view.version) return false;
    const serving = await this.productionVersion();
    if (serving !== version) return false;
    this.appendLog([{ at: this.deps.now(), level: 'info', text: `${this.backendName()} says production serves ${version}: the swap completed ${context}` }]);
    return true;
  }

  private async productionVersion(): Promise<string | null> {
    const swapBy = this.record.target.swapBy;
    if (swapBy !== null && swapBy !== this.view.backendId) return null;
    try {
      const target = this.deployTarget('production');
      const versions = await this.call('the versions', (deployer, signal) => deployer.currentVersions([target], signal));
      return versions.get(this.view.environmentId)?.version ?? null;
    } catch {
      return null;
    }
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
    // Saved before the call: from here on only the swapper's answer says whether it swapped.
    this.record.swapSentAt = this.deps.now();
    this.save();
    failpoint('deploy.before-swap');
    try {
      await sendChange(side.connector, 'the swap', this.deps.swapTimeoutMs, this.stop.signal, (signal) => side.slots.swap(target, signal));
      failpoint('deploy.after-swap');
      this.appendLog([{ at: this.deps.now(), level: 'info', text: `${step}: done` }]);
      return true;
    } catch (error) {
      if (this.stop.signal.aborted) return false;
      const text = this.deps.redact(error instanceof ChangeInDoubt ? error.reason : message(error));
      const rebuilt = this.swapSide()?.connector !== side.connector;
      if (rebuilt || error instanceof ChangeInDoubt) {
        // Not answered (no answer in time, a lost connection, a 5xx, a connector rebuild): the backend may have completed it; its swapper says, and it is never sent twice.
        const during = `during the ${state === 'swapping' ? 'swap' : 'swap back'}`;
        const lost = rebuilt ? `the connectors were rebuilt ${during}` : `no clear answer came ${during}`;
        this.appendLog([{ at: this.deps.now(), level: 'warning', text: `${lost} (${text}); asking whether it happened` }]);
        return this.resumeSwap(state, step, why);
      }
      this.swapFailed(state, text, why);
      return false;
    }
  }

  private swapFailed(state: 'swapping' | 'swapping-back', text: string, why: string | undefined): void {
    this.finish(
      'failed',
      state === 'swapping'
        ? `the swap did not complete: ${text}`
        : `${why ?? 'it had to be swapped back'}, and the swap back did not complete: ${text}; production may still run ${this.view.version}`,
    );
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

  /** The backend answered: the streak of silence, if any, is over. */
  private answered(): void {
    this.record.lastAnswerAt = this.deps.now();
    this.failingSince = null;
  }

  /** A call that failed: logged once per streak, and after a while said on the deployment. Its state stays: it is not known. */
  private noAnswer(error: string): void {
    this.misses += 1;
    const now = this.deps.now();
    if (this.failingSince === null) {
      this.failingSince = error;
      this.appendLog([{ at: now, level: 'warning', text: `no answer from ${this.backendName()}: ${error}; trying again` }]);
    }
    const since = Math.max(this.record.lastAnswerAt ?? this.view.requestedAt, this.record.startSentAt ?? this.view.requestedAt);
    if (this.view.remoteId === null && this.record.startSentAt !== null && this.cancelReason === null && this.view.state !== 'lost-track') {
      // Only the backend can say whether it took the start: the step says who is waited for, and since when.
      this.update({ step: `start sent at ${iso(this.record.startSentAt)}; no answer from ${this.backendName()} since ${iso(since)}; asking again` });
    }
    if (now - since >= this.deps.noAnswerAfterMs) {
      this.update({ message: `no answer from ${this.backendName()} since ${new Date(since).toISOString()}: ${this.deps.redact(error)}` });
    }
  }

  private finish(state: DeploymentState, text: string): void {
    if (this.ended) return;
    this.update({ state, message: text, interruption: null, finishedAt: this.deps.now(), step: state === 'succeeded' ? 'done' : this.view.step });
    this.ended = true;
    this.appendLog([{ at: this.deps.now(), level: state === 'succeeded' ? 'info' : 'error', text: `${state}: ${text}` }]);
    this.deps.finished(this.view);
  }

  private update(change: Partial<DeploymentView>): void {
    // Once it ended (a cancel or an abandon can end it while a step is still out), nothing changes it again.
    if (this.ended) return;
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

  /**
   * One call to the deploy backend through the connector of now. A call cut short because the
   * connectors were rebuilt (a saved connection, a fleet-file edit) is asked again of the new
   * connector, not taken as the backend's answer; `again: false` for a call that must not be sent twice.
   */
  /** An answer that may have reached the backend without its acknowledgement is in doubt, so its retry asks first (above). */
  private async sendAnswer(remoteId: string, interruptionId: string, answer: InterruptionAnswer, notes: string): Promise<void> {
    const connector = this.deps.connector(this.view.backendId);
    const deployer = connector?.deployer;
    if (!connector || !deployer) throw new OpsFailure('unavailable', `"${this.view.backendId}" is not a deploy backend of the fleet now`);
    await sendChange(connector, 'the answer', this.deps.callTimeoutMs(this.view.backendId), this.stop.signal, (signal) =>
      deployer.answer(remoteId, interruptionId, answer, notes, signal),
    );
  }

  private async call<T>(what: string, run: (deployer: Deployer, signal: AbortSignal) => Promise<T>, options: { again: boolean } = { again: true }): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const connector = this.deps.connector(this.view.backendId);
      const deployer = connector?.deployer;
      if (!connector || !deployer) throw new OpsFailure('unavailable', `"${this.view.backendId}" is not a deploy backend of the fleet now`);
      try {
        return await callBackend(connector, what, this.deps.callTimeoutMs(this.view.backendId), this.stop.signal, (signal) => run(deployer, signal));
      } catch (error) {
        const rebuilt = this.deps.connector(this.view.backendId) !== connector;
        if (!options.again || !rebuilt || this.stop.signal.aborted || attempt >= REBUILD_RETRIES) throw error;
      }
    }
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

  /** Waits the backend's polling pace, doubled with each question in a row that got no useful answer (at most a minute). */
  private pause(): Promise<void> {
    const pace = this.deps.pollMs(this.view.backendId);
    const wait = Math.min(Math.max(pace, MAX_BACKOFF_MS), pace * 2 ** Math.min(this.misses, 10));
    return new Promise<void>((resolve) => {
      this.wakeUp = resolve;
      void this.deps.sleep(wait, this.stop.signal).then(resolve);
    }).then(() => {
      this.wakeUp = undefined;
    });
  }

  private wake(): void {
    this.wakeUp?.();
  }
}
