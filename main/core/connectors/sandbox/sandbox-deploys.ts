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
  RemoteInterruption,
  RemoteLogLine,
  SlotSwapper,
} from '../capabilities.js';
import { startingVersion } from './default-deploys.js';

/**
 * The simulated fleet's deploys: named steps over simulated time, so a deployment is a
 * function of its order, the faults armed for it and the clock. Nothing runs on a timer:
 * every call first settles what the clock says has happened since the last one.
 */

const STEPS: ReadonlyArray<{ name: string; seconds: number }> = [
  { name: 'Acquire packages', seconds: 4 },
  { name: 'Stop web pools', seconds: 2 },
  { name: 'Run database migrations', seconds: 5 },
  { name: 'Deploy web', seconds: 6 },
  { name: 'Start web pools', seconds: 2 },
  { name: 'Warm up', seconds: 5 },
];
const TOTAL_SECONDS = STEPS.reduce((sum, step) => sum + step.seconds, 0);
/** The step that 'fail-step' and 'guided-failure' break. */
const FAULTY_STEP = 2;
const SLOW_FACTOR = 10;

type Slot = 'production' | 'staging';

interface SlotContent {
  version: string;
  at: number | null;
  /** Deployed under 'fail-verification': its checks fail once it serves production. */
  failsVerification: boolean;
}

interface EnvironmentSlots {
  production: SlotContent;
  /** Empty until something is deployed to it (or swapped out of production). */
  staging: SlotContent | null;
}

interface Run {
  id: string;
  order: DeploymentOrder;
  faults: ReadonlySet<DeployFault>;
  state: RemoteDeploymentState;
  createdAt: number;
  step: number;
  stepStartedAt: number;
  /** The armed step fault has not fired yet (a retry clears it). */
  faultPending: boolean;
  interruption: RemoteInterruption | null;
  message: string | null;
  log: RemoteLogLine[];
}

export class SandboxDeploys implements Deployer, SlotSwapper, DeployFaultInjector {
  private readonly runs = new Map<string, Run>();
  private readonly byKey = new Map<string, string>();
  private readonly environments = new Map<string, EnvironmentSlots>();
  private readonly armed = new Map<string, Set<DeployFault>>();
  private sequence = 0;

  constructor(
    private readonly seed: number,
    private readonly name: string,
    private readonly clock: Clock,
  ) {}

  arm(environmentId: string, fault: DeployFault): void {
    const faults = this.armed.get(environmentId) ?? new Set<DeployFault>();
    faults.add(fault);
    this.armed.set(environmentId, faults);
  }

  /** A release deployed under 'fail-verification' looks fine in the staging slot and fails once it takes production traffic. */
  verification(environmentId: string, slot: Slot): 'ok' | 'failing' {
    this.settle();
    const content = this.environments.get(environmentId)?.[slot];
    return slot === 'production' && content?.failsVerification ? 'failing' : 'ok';
  }

  async find(order: DeploymentOrder): Promise<string | null> {
    return this.byKey.get(order.key) ?? null;
  }

  async start(order: DeploymentOrder): Promise<string> {
    const existing = this.byKey.get(order.key);
    if (existing) return existing;
    this.settle();
    const environmentId = order.target.environment.view.id;
    this.slotsOf(order.target.environment.view);
    const faults = this.armed.get(environmentId) ?? new Set<DeployFault>();
    this.armed.delete(environmentId);
    this.sequence += 1;
    const now = this.clock.now();
    const run: Run = {
      id: `sandbox-deployment-${this.sequence}`,
      order,
      faults,
      state: 'queued',
      createdAt: now,
      step: 0,
      stepStartedAt: now,
      faultPending: faults.has('fail-step') || faults.has('guided-failure'),
      interruption: null,
      message: null,
      log: [],
    };
    const what = order.action === 'rollback' ? `Rolling back to ${order.version}` : `Deploying ${order.version}`;
    run.log.push({ at: now, level: 'info', text: `${what} to ${order.target.remoteName} (${order.target.slot} slot), requested by ${order.requestedBy}` });
    if (order.runAt !== null && order.runAt > now) run.log.push({ at: now, level: 'info', text: `Queued to start at ${new Date(order.runAt).toISOString()}` });
    this.runs.set(run.id, run);
    this.byKey.set(order.key, run.id);
    this.settle();
    return run.id;
  }

  async status(remoteId: string): Promise<RemoteDeploymentStatus> {
    this.settle();
    const run = this.run(remoteId);
    const step = STEPS[Math.min(run.step, STEPS.length - 1)];
    return {
      state: run.state,
      progress: this.progress(run),
      step: run.state === 'queued' || run.state === 'succeeded' ? null : (step?.name ?? null),
      interruption: run.interruption,
      message: run.message,
    };
  }

  async log(remoteId: string, after: number): Promise<RemoteLogLine[]> {
    this.settle();
    return this.run(remoteId).log.slice(after);
  }

  async cancel(remoteId: string): Promise<void> {
    this.settle();
    const run = this.run(remoteId);
    if (!isActive(run.state)) return;
    const now = this.clock.now();
    run.state = 'cancelled';
    run.interruption = null;
    run.message = `Cancelled during "${STEPS[run.step]?.name ?? 'start'}"; the environment keeps ${this.slotsOf(run.order.target.environment.view)[run.order.target.slot]?.version ?? 'its previous version'}`;
    run.log.push({ at: now, level: 'warning', text: run.message });
  }

  async answer(remoteId: string, interruptionId: string, answer: InterruptionAnswer, notes: string): Promise<void> {
    this.settle();
    const run = this.run(remoteId);
    if (run.state !== 'paused' || run.interruption?.id !== interruptionId) {
      throw new ConnectorError('http', `${this.name}: deployment ${remoteId} is not waiting for an answer to ${interruptionId}`, 409);
    }
    const now = this.clock.now();
    const step = STEPS[run.step]?.name ?? '';
    run.interruption = null;
    run.log.push({ at: now, level: 'info', text: `Answered ${answer}${notes ? `: ${notes}` : ''}` });
    if (answer === 'abort') {
      this.finish(run, 'failed', now, `Aborted at "${step}" by manual intervention`);
      return;
    }
    run.state = 'running';
    if (answer === 'retry' || answer === 'proceed') {
      run.faultPending = false;
      run.stepStartedAt = now;
      run.log.push({ at: now, level: 'info', text: `Retrying "${step}"` });
    } else {
      run.log.push({ at: now, level: 'warning', text: `"${step}" skipped: the failure was ignored` });
      this.nextStep(run, now);
    }
    this.settle();
  }

  async currentVersions(targets: readonly DeployTarget[]): Promise<Map<string, { version: string; at: number | null }>> {
    this.settle();
    const versions = new Map<string, { version: string; at: number | null }>();
    for (const target of targets) {
      const { production } = this.slotsOf(target.environment.view);
      versions.set(target.environment.view.id, { version: production.version, at: production.at });
    }
    return versions;
  }

  async swap(target: DeployTarget): Promise<void> {
    this.settle();
    const view = target.environment.view;
    const busy = [...this.runs.values()].find((run) => run.order.target.environment.view.id === view.id && isActive(run.state));
    if (busy) throw new ConnectorError('http', `${this.name}: ${view.id} is being deployed (${busy.id}); swap once it finished`, 409);
    const slots = this.slotsOf(view);
    if (!slots.staging) throw new ConnectorError('http', `${this.name}: the staging slot of ${view.id} is empty; deploy to it first`, 409);
    this.environments.set(view.id, { production: slots.staging, staging: slots.production });
  }

  async differences(target: DeployTarget): Promise<string[]> {
    this.settle();
    const slots = this.slotsOf(target.environment.view);
    if (!slots.staging) return [];
    if (slots.staging.version === slots.production.version) return [];
    return [`Version: production ${slots.production.version} becomes ${slots.staging.version}`];
  }

  private run(remoteId: string): Run {
    const run = this.runs.get(remoteId);
    if (!run) throw new ConnectorError('http', `${this.name}: no deployment with id "${remoteId}"`, 404);
    return run;
  }

  private slotsOf(view: Pick<EnvironmentView, 'id' | 'ring'>): EnvironmentSlots {
    let slots = this.environments.get(view.id);
    if (!slots) {
      slots = { production: { version: startingVersion(this.seed, view), at: null, failsVerification: false }, staging: null };
      this.environments.set(view.id, slots);
    }
    return slots;
  }

  private stepMs(run: Run, step: number): number {
    return (STEPS[step]?.seconds ?? 0) * 1000 * (run.faults.has('slow') ? SLOW_FACTOR : 1);
  }

  private progress(run: Run): number | null {
    if (run.state === 'succeeded') return 100;
    if (run.state === 'queued') return 0;
    const done = STEPS.slice(0, run.step).reduce((sum, step) => sum + step.seconds, 0);
    const within = run.state === 'running' ? Math.min(1, (this.clock.now() - run.stepStartedAt) / Math.max(1, this.stepMs(run, run.step))) : 0;
    return Math.floor(((done + within * (STEPS[run.step]?.seconds ?? 0)) / TOTAL_SECONDS) * 100);
  }

  /** Plays every live deployment forward to now, in the order they were created. */
  private settle(): void {
    const now = this.clock.now();
    for (const run of this.runs.values()) {
      if (isActive(run.state)) this.advance(run, now);
    }
  }

  private advance(run: Run, now: number): void {
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
      const step = STEPS[run.step]?.name ?? '';
      if (run.step === FAULTY_STEP && run.faultPending) {
        const error = 'migration 0142 failed: lock timeout on table roster_shift after 30 s';
        run.log.push({ at: end, level: 'error', text: `"${step}" failed: ${error}` });
        if (run.faults.has('guided-failure') || order.guidedFailure) {
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

  private nextStep(run: Run, at: number): void {
    run.step += 1;
    run.stepStartedAt = at;
    if (run.step < STEPS.length) {
      this.logStep(run, at);
      return;
    }
    const { target, version } = run.order;
    const slots = this.slotsOf(target.environment.view);
    slots[target.slot] = { version, at, failsVerification: run.faults.has('fail-verification') };
    this.finish(run, 'succeeded', at, null);
  }

  private logStep(run: Run, at: number): void {
    const step = STEPS[run.step];
    if (!step) return;
    const detail = step.name === 'Deploy web' ? ` (${run.order.target.environment.view.servers} servers)` : '';
    run.log.push({ at, level: 'info', text: `Step ${run.step + 1}/${STEPS.length}: ${step.name}${detail}` });
  }

  private finish(run: Run, state: 'succeeded' | 'failed', at: number, message: string | null): void {
    run.state = state;
    run.message = message;
    run.interruption = null;
    run.log.push(
      state === 'succeeded'
        ? { at, level: 'info', text: `${run.order.version} is now in the ${run.order.target.slot} slot of ${run.order.target.remoteName}` }
        : { at, level: 'error', text: message ?? 'Failed' },
    );
  }
}

function isActive(state: RemoteDeploymentState): boolean {
  return state === 'queued' || state === 'running' || state === 'paused';
}
