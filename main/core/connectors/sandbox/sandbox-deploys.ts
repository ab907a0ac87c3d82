import type { EnvironmentView } from '../../../../shared/contract/fleet.js';
import type { Clock } from '../../clock.js';
import { ConnectorError } from '../../http/backend-client.js';
import type {
  DeployFault,
  DeployFaultInjector,
  Deployer,
  DeploymentOrder,
  DeployTarget,
  InterruptionAnswer,
  RemoteDeploymentState,
  RemoteDeploymentStatus,
  RemoteLogLine,
  RemoteRun,
  SlotSwapper,
  SwapSince,
} from '../capabilities.js';
import { failpoint } from '../../faults/failpoints.js';
import { startingVersion } from './default-deploys.js';
import type { EnvironmentSlots, SandboxBackendFile, StoredOrder, StoredRun } from './sandbox-backend-file.js';

/**
 * The simulated fleet's deploys: named steps over simulated time, so a deployment is a
 * function of its order, the faults armed for it and the clock. Nothing runs on a timer:
 * every call first settles what the clock says has happened since the last one. Like a real
 * backend it keeps its state apart from the console (sandbox-backend-file.ts), so its runs
 * and ids survive a restart or a connector rebuild.
 */

const STEPS: ReadonlyArray<{ name: string; seconds: number }> = [
  { name: 'Acquire packages', seconds: 4 },
  { name: 'Stop web pools', seconds: 2 },
  { name: 'Run database migrations', seconds: 5 },
  { name: 'Deploy web', seconds: 6 },
  { name: 'Start web pools', seconds: 2 },
  { name: 'Warm up', seconds: 5 },
];
/** A decommission backs the data up before anything is removed, as the runbook of a real backend would. */
const DECOMMISSION_STEPS: ReadonlyArray<{ name: string; seconds: number }> = [
  { name: 'Stop web pools', seconds: 2 },
  { name: 'Back up database', seconds: 5 },
  { name: 'Remove servers', seconds: 4 },
  { name: 'Release DNS names', seconds: 2 },
];
/** The step that 'fail-step' and 'guided-failure' break. */
const FAULTY_STEP = 2;
const SLOW_FACTOR = 10;

type Slot = 'production' | 'staging';

export class SandboxDeploys implements Deployer, SlotSwapper, DeployFaultInjector {
  constructor(
    private readonly seed: number,
    private readonly name: string,
    private readonly clock: Clock,
    /** The backend's own state, shared with its ticketing and status page; the connector closes it. */
    private readonly file: SandboxBackendFile,
  ) {}

  arm(environmentId: string, fault: DeployFault): void {
    this.file.write(() => {
      const faults = new Set(this.file.armed(environmentId));
      faults.add(fault);
      this.file.setArmed(environmentId, [...faults]);
    });
  }

  /** A release deployed under 'fail-verification' looks fine in the staging slot and fails once it takes production traffic. */
  verification(environmentId: string, slot: Slot): 'ok' | 'failing' {
    return this.file.write(() => {
      this.settle();
      const content = this.file.slots(environmentId)?.[slot];
      return slot === 'production' && content?.failsVerification ? 'failing' : 'ok';
    });
  }

  async find(order: DeploymentOrder): Promise<RemoteRun | null> {
    const run = this.file.write(() => {
      this.settle();
      return this.file.runByKey(order.key);
    });
    return run ? remoteRun(run) : null;
  }

  async runs(target: DeployTarget): Promise<RemoteRun[]> {
    return this.file.write(() => {
      this.settle();
      return this.file.runsTo(target.remoteName).map(remoteRun);
    });
  }

  async start(order: DeploymentOrder): Promise<string> {
    const id = this.file.write(() => {
      const existing = this.file.runByKey(order.key);
      if (existing) return existing.id;
      this.settle();
      const view = order.target.environment.view;
      this.slotsOf(view);
      const faults = this.file.armed(view.id);
      this.file.setArmed(view.id, []);
      const now = this.clock.now();
      const run: StoredRun = {
        id: this.file.nextId(),
        order: storedOrder(order),
        faults,
        state: 'queued',
        createdAt: now,
        step: 0,
        stepStartedAt: now,
        faultPending: faults.includes('fail-step') || faults.includes('guided-failure'),
        interruption: null,
        message: null,
        log: [],
      };
      const what = order.action === 'rollback' ? `Rolling back to ${order.version}` : order.action === 'decommission' ? 'Decommissioning' : `Deploying ${order.version}`;
      run.log.push({ at: now, level: 'info', text: `${what} to ${order.target.remoteName} (${order.target.slot} slot), requested by ${order.requestedBy}` });
      if (order.runAt !== null && order.runAt > now) run.log.push({ at: now, level: 'info', text: `Queued to start at ${new Date(order.runAt).toISOString()}` });
      this.advance(run, now);
      this.file.insertRun(run);
      return run.id;
    });
    failpoint('sandbox.start-committed');
    return id;
  }

  async status(remoteId: string): Promise<RemoteDeploymentStatus> {
    const run = this.file.write(() => {
      this.settle();
      return this.run(remoteId);
    });
    const steps = stepsOf(run);
    const step = steps[Math.min(run.step, steps.length - 1)];
    return {
      state: run.state,
      progress: this.progress(run),
      step: run.state === 'queued' || run.state === 'succeeded' ? null : (step?.name ?? null),
      interruption: run.interruption,
      message: run.message,
    };
  }

  async log(remoteId: string, after: number): Promise<RemoteLogLine[]> {
    return this.file.write(() => {
      this.settle();
      return this.run(remoteId).log.slice(after);
    });
  }

  async cancel(remoteId: string): Promise<void> {
    this.file.write(() => {
      this.settle();
      const run = this.run(remoteId);
      if (!isActive(run.state)) return;
      const now = this.clock.now();
      run.state = 'cancelled';
      run.interruption = null;
      const kept = this.slotsOf(viewOf(run.order))[run.order.slot]?.version ?? 'its previous version';
      run.message = `Cancelled during "${stepsOf(run)[run.step]?.name ?? 'start'}"; the environment keeps ${kept}`;
      run.log.push({ at: now, level: 'warning', text: run.message });
      this.file.saveRun(run);
    });
  }

  async answer(remoteId: string, interruptionId: string, answer: InterruptionAnswer, notes: string): Promise<void> {
    this.file.write(() => {
      this.settle();
      const run = this.run(remoteId);
      if (run.state !== 'paused' || run.interruption?.id !== interruptionId) {
        throw new ConnectorError('http', `${this.name}: deployment ${remoteId} is not waiting for an answer to ${interruptionId}`, 409);
      }
      const now = this.clock.now();
      const step = stepsOf(run)[run.step]?.name ?? '';
      run.interruption = null;
      run.log.push({ at: now, level: 'info', text: `Answered ${answer}${notes ? `: ${notes}` : ''}` });
      if (answer === 'abort') {
        this.finish(run, 'failed', now, `Aborted at "${step}" by manual intervention`);
      } else {
        run.state = 'running';
        if (answer === 'retry' || answer === 'proceed') {
          run.faultPending = false;
          run.stepStartedAt = now;
          run.log.push({ at: now, level: 'info', text: `Retrying "${step}"` });
        } else {
          run.log.push({ at: now, level: 'warning', text: `"${step}" skipped: the failure was ignored` });
          this.nextStep(run, now);
        }
        this.advance(run, now);
      }
      this.file.saveRun(run);
    });
  }

  async currentVersions(targets: readonly DeployTarget[]): Promise<Map<string, { version: string; at: number | null }>> {
    return this.file.write(() => {
      this.settle();
      const versions = new Map<string, { version: string; at: number | null }>();
      for (const target of targets) {
        const { production } = this.slotsOf(target.environment.view);
        versions.set(target.environment.view.id, { version: production.version, at: production.at });
      }
      return versions;
    });
  }

  async swap(target: DeployTarget): Promise<void> {
    this.file.write(() => {
      const active = this.settle();
      const view = target.environment.view;
      const busy = active.find((run) => run.order.environmentId === view.id && isActive(run.state));
      if (busy) throw new ConnectorError('http', `${this.name}: ${view.id} is being deployed (${busy.id}); swap once it finished`, 409);
      const slots = this.slotsOf(view);
      if (!slots.staging) throw new ConnectorError('http', `${this.name}: the staging slot of ${view.id} is empty; deploy to it first`, 409);
      const swapped = { production: slots.staging, staging: slots.production };
      this.file.setSlots(view.id, swapped);
      this.file.recordSwap(view.id, this.clock.now(), swapped);
    });
    failpoint('sandbox.swap-committed');
  }

  /** A swap here is one transaction, so it is never under way: it happened (and is in the swap table) or it did not. */
  async swappedSince(target: DeployTarget, since: number): Promise<SwapSince> {
    const at = this.file.lastSwapAt(target.environment.view.id);
    return at !== null && at >= since ? { state: 'swapped', at } : { state: 'not-swapped', lastAt: at };
  }

  async differences(target: DeployTarget): Promise<string[]> {
    return this.file.write(() => {
      this.settle();
      const slots = this.slotsOf(target.environment.view);
      if (!slots.staging) return [];
      if (slots.staging.version === slots.production.version) return [];
      return [`Version: production ${slots.production.version} becomes ${slots.staging.version}`];
    });
  }

  private run(remoteId: string): StoredRun {
    const run = this.file.run(remoteId);
    if (!run) throw new ConnectorError('http', `${this.name}: no deployment with id "${remoteId}"`, 404);
    return run;
  }

  private slotsOf(view: Pick<EnvironmentView, 'id' | 'ring'>): EnvironmentSlots {
    const stored = this.file.slots(view.id);
    if (stored) return stored;
    const slots: EnvironmentSlots = { production: { version: startingVersion(this.seed, view), at: null, failsVerification: false }, staging: null };
    this.file.setSlots(view.id, slots);
    return slots;
  }

  private stepMs(run: StoredRun, step: number): number {
    return (stepsOf(run)[step]?.seconds ?? 0) * 1000 * (run.faults.includes('slow') ? SLOW_FACTOR : 1);
  }

  private progress(run: StoredRun): number | null {
    if (run.state === 'succeeded') return 100;
    if (run.state === 'queued') return 0;
    const steps = stepsOf(run);
    const total = steps.reduce((sum, step) => sum + step.seconds, 0);
    const done = steps.slice(0, run.step).reduce((sum, step) => sum + step.seconds, 0);
    const within = run.state === 'running' ? Math.min(1, (this.clock.now() - run.stepStartedAt) / Math.max(1, this.stepMs(run, run.step))) : 0;
    return Math.floor(((done + within * (steps[run.step]?.seconds ?? 0)) / total) * 100);
  }

  /** Plays every live deployment forward to now, in the order they were created, and saves what moved; returns them. */
  private settle(): StoredRun[] {
    const now = this.clock.now();
    const active = this.file.activeRuns();
    for (const run of active) {
      const before = JSON.stringify(run);
      this.advance(run, now);
      if (JSON.stringify(run) !== before) this.file.saveRun(run);
    }
    return active;
  }

  private advance(run: StoredRun, now: number): void {
    const { order } = run;
    if (run.state === 'queued') {
      const startAt = Math.max(run.createdAt, order.runAt ?? run.createdAt);
      if (order.noRunAfter !== null && startAt > order.noRunAfter) {
        this.finish(run, 'failed', order.noRunAfter, `Did not start by ${new Date(order.noRunAfter).toISOString()} (no-run-after)`);
        return;
      }
      if (now < startAt) return;
      run.state = 'running';
      run.stepStartedAt = startAt;
      this.logStep(run, startAt);
    }
    while (run.state === 'running') {
      const end = run.stepStartedAt + this.stepMs(run, run.step);
      if (now < end) return;
      const step = stepsOf(run)[run.step]?.name ?? '';
      if (run.step === FAULTY_STEP && run.faultPending) {
        const error = order.action === 'decommission' ? 'backup to the archive store failed: 503 from the storage account' : 'migration 0142 failed: lock timeout on table roster_shift after 30 s';
        run.log.push({ at: end, level: 'error', text: `"${step}" failed: ${error}` });
        if (run.faults.includes('guided-failure') || order.guidedFailure) {
          run.state = 'paused';
          run.interruption = {
            id: `${run.id}-interruption-${run.log.length}`,
            title: `"${step}" failed`,
            message: `${error}. Retry the step, ignore the failure and carry on, or abort the deployment.`,
            answers: ['retry', 'ignore', 'abort'],
          };
          run.log.push({ at: end, level: 'warning', text: 'Waiting for manual intervention' });
        } else {
          this.finish(run, 'failed', end, `"${step}" failed: ${error}`);
        }
        return;
      }
      run.log.push({ at: end, level: 'info', text: `"${step}" done` });
      this.nextStep(run, end);
    }
  }

  private nextStep(run: StoredRun, at: number): void {
    run.step += 1;
    run.stepStartedAt = at;
    if (run.step < stepsOf(run).length) {
      this.logStep(run, at);
      return;
    }
    const { order } = run;
    if (order.action === 'decommission') {
      this.finish(run, 'succeeded', at, null);
      return;
    }
    const slots = this.slotsOf(viewOf(order));
    this.file.setSlots(order.environmentId, { ...slots, [order.slot]: { version: order.version, at, failsVerification: run.faults.includes('fail-verification') } });
    this.finish(run, 'succeeded', at, null);
  }

  private logStep(run: StoredRun, at: number): void {
    const steps = stepsOf(run);
    const step = steps[run.step];
    if (!step) return;
    const detail = step.name === 'Deploy web' || step.name === 'Remove servers' ? ` (${run.order.servers} servers)` : '';
    run.log.push({ at, level: 'info', text: `Step ${run.step + 1}/${steps.length}: ${step.name}${detail}` });
  }

  private finish(run: StoredRun, state: 'succeeded' | 'failed', at: number, message: string | null): void {
    run.state = state;
    run.message = message;
    run.interruption = null;
    run.log.push(
      state === 'succeeded'
        ? { at, level: 'info', text: run.order.action === 'decommission' ? `${run.order.remoteName} is decommissioned` : `${run.order.version} is now in the ${run.order.slot} slot of ${run.order.remoteName}` }
        : { at, level: 'error', text: message ?? 'Failed' },
    );
  }
}

function stepsOf(run: StoredRun): ReadonlyArray<{ name: string; seconds: number }> {
  return run.order.action === 'decommission' ? DECOMMISSION_STEPS : STEPS;
}

function storedOrder(order: DeploymentOrder): StoredOrder {
  const view = order.target.environment.view;
  return {
    key: order.key,
    action: order.action,
    version: order.version,
    environmentId: view.id,
    ring: view.ring ?? null,
    servers: view.servers,
    remoteName: order.target.remoteName,
    slot: order.target.slot,
    runAt: order.runAt,
    noRunAfter: order.noRunAfter,
    guidedFailure: order.guidedFailure,
    requestedBy: order.requestedBy,
  };
}

function viewOf(order: StoredOrder): Pick<EnvironmentView, 'id' | 'ring'> {
  return { id: order.environmentId, ...(order.ring === null ? {} : { ring: order.ring }) };
}

function remoteRun(run: StoredRun): RemoteRun {
  return { remoteId: run.id, target: run.order.remoteName, version: run.order.version, key: run.order.key, state: run.state, createdAt: run.createdAt };
}

function isActive(state: RemoteDeploymentState): boolean {
  return state === 'queued' || state === 'running' || state === 'paused';
}
