import type {
  Connector,
  DeployTarget,
  Deployer,
  DeploymentOrder,
  InterruptionAnswer,
  PreflightProblem,
  RemoteDeploymentStatus,
  RemoteLogLine,
  RemoteRun,
  SlotSwapper,
  SwapSince,
} from '../../main/core/connectors/capabilities.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';

export interface ScriptedDeployment {
  remoteId: string;
  order: DeploymentOrder;
  status: RemoteDeploymentStatus;
  log: RemoteLogLine[];
  answers: Array<{ interruptionId: string; answer: InterruptionAnswer; notes: string }>;
  cancelRequested: boolean;
}

/** How the next deployment to an environment goes. */
export type Script = 'succeed' | 'pause' | 'hold' | 'fail';

/**
 * An in-memory deploy backend with two slots per environment, counting what it was asked:
 * the tests prove "exactly once" by counting its deployments. Each status call moves a
 * deployment one step (queued → running → its scripted end).
 */
export class ScriptedDeployer implements Deployer, SlotSwapper {
  readonly deployments = new Map<string, ScriptedDeployment>();
  /** What each environment's slots serve. */
  readonly slots = new Map<string, { production: string; staging: string }>();
  readonly swaps: string[] = [];
  /** When each environment's slots were last swapped, by the backend's clock. */
  readonly lastSwapAt = new Map<string, number>();
  /** Asked whether it swapped, it cannot tell (as a backend that does not answer). */
  swapRecordUnreadable = false;
  /** A swap of these environments is reported as still under way. */
  readonly swapsUnderWay = new Set<string>();
  /** Times swappedSince was asked. */
  swapQuestions = 0;
  /** Offer swap with preview (set before the core starts): phase one and its reset are recorded in previewSteps. */
  offersPreview = false;
  readonly previewSteps: string[] = [];
  /** What differences() reports between the slots. */
  slotDifferences: string[] = [];
  /** Every call fails as an unreachable backend does. */
  unreachable = false;
  /** The next start creates the deployment and then fails, as if the answer were lost on the way back. */
  loseNextStartAnswer = false;
  /** The next answer to an interruption is taken by the backend and then fails as if its answer were lost on the way back. */
  loseNextAnswerAnswer = false;
  /** The next swap completes on the backend and then fails as if its answer were lost on the way back (a reset connection). */
  loseNextSwapAnswer = false;
  /** Starts never answer (until their signal aborts); the deployment is created first when `createWhileHanging`. */
  hangStarts = false;
  createWhileHanging = true;
  /** What preflight says the backend would refuse, by environment id. */
  readonly refuses = new Map<string, string>();
  /** Preflight never answers (until its signal aborts). */
  hangPreflight = false;
  /** What preflight was asked: the version and the targets. */
  readonly preflights: Array<{ version: string; targets: DeployTarget[] }> = [];
  /** Every order start was called with (whether or not it created a deployment). */
  readonly startsAsked: DeploymentOrder[] = [];
  private readonly scripts = new Map<string, Script>();
  private sequence = 0;
  private clockNow: () => number;

  constructor(now: () => number = Date.now) {
    this.clockNow = now;
  }

  script(environmentId: string, script: Script): void {
    this.scripts.set(environmentId, script);
  }

  setSlots(environmentId: string, production: string, staging: string): void {
    this.slots.set(environmentId, { production, staging });
  }

  deploymentsTo(environmentId: string): ScriptedDeployment[] {
    return [...this.deployments.values()].filter((deployment) => deployment.order.target.environment.view.id === environmentId);
  }

  /** Ends a held deployment. */
  end(remoteId: string, state: 'succeeded' | 'failed'): void {
    const deployment = this.deployments.get(remoteId);
    if (!deployment) throw new Error(`no deployment ${remoteId}`);
    this.complete(deployment, state);
  }

  async find(order: DeploymentOrder): Promise<RemoteRun | null> {
    this.reachable();
    const found = [...this.deployments.values()].find((deployment) => deployment.order.key === order.key);
    return found ? remoteRun(found) : null;
  }

  async runs(target: DeployTarget): Promise<RemoteRun[]> {
    this.reachable();
    return [...this.deployments.values()]
      .filter((deployment) => deployment.order.target.remoteName === target.remoteName)
      .reverse()
      .map(remoteRun);
  }

  /** Creates a deployment as if someone (or something) else had ordered it: a colliding key, a run started outside the console. */
  inject(order: DeploymentOrder): string {
    return this.create(order);
  }

  /** The backend loses a deployment (restored from a backup, cleaned up): asking for it answers 404. */
  forget(remoteId: string): void {
    this.deployments.delete(remoteId);
  }

  /** The backend is restored from a backup taken before any deployment: it holds none, and gives out its ids from the first again. */
  restoreEmpty(): void {
    this.deployments.clear();
    this.sequence = 0;
  }

  async start(order: DeploymentOrder, signal: AbortSignal): Promise<string> {
    this.reachable();
    this.startsAsked.push(order);
    if (this.hangStarts) {
      if (this.createWhileHanging) this.create(order);
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    }
    const remoteId = this.create(order);
    if (this.loseNextStartAnswer) {
      this.loseNextStartAnswer = false;
      throw new Error('socket hang up');
    }
    return remoteId;
  }

  async preflight(version: string, targets: readonly DeployTarget[], signal: AbortSignal): Promise<PreflightProblem[]> {
    this.reachable();
    this.preflights.push({ version, targets: [...targets] });
    if (this.hangPreflight) return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    return targets.flatMap((target) => {
      const problem = this.refuses.get(target.environment.view.id);
      return problem === undefined ? [] : [{ environmentId: target.environment.view.id, problem }];
    });
  }

  async status(remoteId: string): Promise<RemoteDeploymentStatus> {
    this.reachable();
    const deployment = this.get(remoteId);
    const { status } = deployment;
    if (status.state === 'queued') {
      deployment.status = { ...status, state: 'running', progress: 10, step: 'Deploy package' };
      deployment.log.push({ at: this.clockNow(), level: 'info', text: `deploying ${deployment.order.version} to ${deployment.order.target.slot}` });
    } else if (status.state === 'running') {
      const script = this.scripts.get(deployment.order.target.environment.view.id) ?? 'succeed';
      if (deployment.cancelRequested) this.complete(deployment, 'cancelled');
      else if (script === 'succeed') this.complete(deployment, 'succeeded');
      else if (script === 'fail') this.complete(deployment, 'failed');
      else if (script === 'pause') {
        deployment.status = {
          state: 'paused',
          progress: 50,
          step: 'Run migrations',
          interruption: { id: `interruption-${remoteId}`, title: 'Run migrations failed', message: 'the migration step failed; retry, ignore or abort', answers: ['retry', 'ignore', 'abort'] },
          message: null,
        };
      }
    }
    return { ...deployment.status };
  }

  async log(remoteId: string, after: number): Promise<RemoteLogLine[]> {
    this.reachable();
    return this.get(remoteId).log.slice(after);
  }

  async cancel(remoteId: string): Promise<void> {
    this.reachable();
    const deployment = this.get(remoteId);
    deployment.cancelRequested = true;
    if (deployment.status.state === 'queued' || deployment.status.state === 'paused') this.complete(deployment, 'cancelled');
  }

  async answer(remoteId: string, interruptionId: string, answer: InterruptionAnswer, notes: string): Promise<void> {
    this.reachable();
    const deployment = this.get(remoteId);
    deployment.answers.push({ interruptionId, answer, notes });
    this.scripts.set(deployment.order.target.environment.view.id, 'succeed');
    if (answer === 'abort') this.complete(deployment, 'failed');
    else deployment.status = { state: 'running', progress: 60, step: 'Run migrations', interruption: null, message: null };
    if (this.loseNextAnswerAnswer) {
      this.loseNextAnswerAnswer = false;
      throw new ConnectorError('network', 'scripted: the connection was reset before the answer was acknowledged');
    }
  }

  async currentVersions(targets: readonly DeployTarget[]): Promise<Map<string, { version: string; at: number | null }>> {
    this.reachable();
    const versions = new Map<string, { version: string; at: number | null }>();
    for (const target of targets) {
      const slots = this.slots.get(target.environment.view.id);
      if (slots) versions.set(target.environment.view.id, { version: slots.production, at: null });
    }
    return versions;
  }

  async swap(target: DeployTarget): Promise<void> {
    this.reachable();
    const id = target.environment.view.id;
    const slots = this.slots.get(id);
    if (!slots) throw new Error(`${id} has no slots`);
    this.slots.set(id, { production: slots.staging, staging: slots.production });
    this.swaps.push(id);
    this.lastSwapAt.set(id, this.clockNow());
    if (this.loseNextSwapAnswer) {
      this.loseNextSwapAnswer = false;
      throw new ConnectorError('network', 'scripted: the connection was reset before the swap was answered');
    }
  }

  async swappedSince(target: DeployTarget, since: number): Promise<SwapSince> {
    this.swapQuestions += 1;
    this.reachable();
    if (this.swapRecordUnreadable) throw new ConnectorError('http', 'scripted: the swap record cannot be read', 503);
    const id = target.environment.view.id;
    if (this.swapsUnderWay.has(id)) return { state: 'under-way' };
    const at = this.lastSwapAt.get(id) ?? null;
    return at !== null && at >= since ? { state: 'swapped', at } : { state: 'not-swapped', lastAt: at };
  }

  async differences(): Promise<string[]> {
    return [...this.slotDifferences];
  }

  /** Swap with preview, phase one (Azure's applySlotConfig): recorded, for a swapper that offers it. */
  async applyProductionConfig(target: DeployTarget): Promise<void> {
    this.reachable();
    this.previewSteps.push(`apply ${target.environment.view.id}`);
  }

  async resetConfig(target: DeployTarget): Promise<void> {
    this.reachable();
    this.previewSteps.push(`reset ${target.environment.view.id}`);
  }

  private create(order: DeploymentOrder): string {
    const remoteId = `Deployments-${++this.sequence}`;
    this.deployments.set(remoteId, {
      remoteId,
      order,
      status: { state: 'queued', progress: 0, step: null, interruption: null, message: null },
      log: [{ at: this.clockNow(), level: 'info', text: `queued ${order.key}` }],
      answers: [],
      cancelRequested: false,
    });
    return remoteId;
  }

  private complete(deployment: ScriptedDeployment, state: 'succeeded' | 'failed' | 'cancelled'): void {
    deployment.status = {
      state,
      progress: state === 'succeeded' ? 100 : deployment.status.progress,
      step: deployment.status.step,
      interruption: null,
      message: state === 'failed' ? 'step "Deploy package" failed: exit code 1' : state === 'cancelled' ? 'cancelled on request' : null,
    };
    deployment.log.push({ at: this.clockNow(), level: state === 'succeeded' ? 'info' : 'error', text: `deployment ${state}` });
    if (state !== 'succeeded') return;
    const { target, version } = deployment.order;
    const id = target.environment.view.id;
    const slots = this.slots.get(id) ?? { production: 'none', staging: 'none' };
    this.slots.set(id, target.slot === 'staging' ? { ...slots, staging: version } : { ...slots, production: version });
  }

  private get(remoteId: string): ScriptedDeployment {
    const deployment = this.deployments.get(remoteId);
    if (!deployment) throw new ConnectorError('http', `scripted: no deployment ${remoteId}`, 404);
    return deployment;
  }

  private reachable(): void {
    if (this.unreachable) throw new Error('connect ECONNREFUSED 127.0.0.1:8065');
  }
}

/** A connector that deploys, swaps and answers probes through the scripted backend; its health comes from `base` (the simulated fleet). */
export function withScriptedDeployer(base: Connector, scripted: ScriptedDeployer): Connector {
  return {
    id: base.id,
    kind: base.kind,
    name: base.name,
    ...(base.health ? { health: base.health } : {}),
    ...(base.alerts ? { alerts: base.alerts } : {}),
    ...(base.silences ? { silences: base.silences } : {}),
    ...(base.metrics ? { metrics: base.metrics } : {}),
    ...(base.faults ? { faults: base.faults } : {}),
    // A quick probe is how the console tells a deploy backend without a connection (sandbox, command) is down.
    probe: {
      probe: async () => {
        if (scripted.unreachable) throw new Error('connect ECONNREFUSED 127.0.0.1:8065');
        return { version: 'scripted' };
      },
    },
    deployer: scripted,
    slots: {
      swap: (target) => scripted.swap(target),
      swappedSince: (target, since) => scripted.swappedSince(target, since),
      differences: () => scripted.differences(),
      ...(scripted.offersPreview
        ? { applyProductionConfig: (target: DeployTarget) => scripted.applyProductionConfig(target), resetConfig: (target: DeployTarget) => scripted.resetConfig(target) }
        : {}),
    },
    close: () => base.close(),
  };
}

function remoteRun(deployment: ScriptedDeployment): RemoteRun {
  const { order, remoteId, status } = deployment;
  return { remoteId, target: order.target.remoteName, version: order.version, key: order.key, state: status.state, createdAt: null };
}
