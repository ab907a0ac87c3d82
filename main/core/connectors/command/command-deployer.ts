import { resolve } from 'node:path';
import type { BackendDefinition } from '../../../../shared/fleet-definition/schema.js';
import type { Clock } from '../../clock.js';
import { ConnectorError } from '../../http/backend-client.js';
import type {
  Deployer,
  DeploymentOrder,
  DeployTarget,
  RemoteDeploymentStatus,
  RemoteLogLine,
  RemoteRun,
  SlotSwapper,
  SwapSince,
} from '../capabilities.js';
import { CommandJournal, type RunRecord } from './command-journal.js';
import { commandExitOf, runCommand, type CommandExit, type RunningCommand } from './run-command.js';
import { readSupervisedExit, type SupervisedExit } from './supervisor.js';
import { guarded } from '../../guarded.js';

/**
 * Deploys by running the backend's command, once per order: the run is journalled under
 * the order's key before the process starts, so a retry, a double click or a restarted
 * console finds it and never starts the command twice. The command runs under a supervisor
 * that records its output and exit in the journal, so a console that stopped while it ran
 * (or the next one) still learns how it ended; only a run whose supervisor died with it is
 * reported as interrupted, for a person to check, never re-run on its own.
 */

export type CommandBackend = Extract<BackendDefinition, { kind: 'command' }>;

export interface CommandDeployerOptions {
  clock: Clock;
  /** Where runs are journalled: `<data dir>/command-deployer/<backend id>`. */
  journalDir: string;
  /** Where relative working directories and programs are taken from. */
  baseDir: string;
  log: (line: string) => void;
  /** Between SIGTERM and SIGKILL when a run is cancelled or times out. */
  graceMs?: number;
}

interface LiveRun {
  record: RunRecord;
  command: RunningCommand | null;
  waiting: NodeJS.Timeout | null;
}

const INTERRUPTED = 'interrupted: the console stopped while it ran and no exit was recorded (its supervisor ended too), so its outcome is not known and its log may be incomplete; check the target before retrying';
const VERSION_TIMEOUT_MS = 60_000;

/**
 * The runs this process follows, by journal directory: they belong to the process, not to one
 * connector, so a rebuild (a saved connection, a fleet-file edit) hands them to the next deployer
 * over the same journal, whose exits keep being recorded, instead of leaving them unfollowed.
 */
const LIVE_RUNS = new Map<string, Map<string, LiveRun>>();

function liveRunsOf(journalDir: string): Map<string, LiveRun> {
  const key = resolve(journalDir);
  let runs = LIVE_RUNS.get(key);
  if (!runs) {
    runs = new Map();
    LIVE_RUNS.set(key, runs);
  }
  return runs;
}

function remoteRun(record: RunRecord): RemoteRun {
  return {
    remoteId: record.key,
    target: record.env.WATCHFLOOR_TARGET ?? record.environmentId,
    version: record.version,
    key: record.env.WATCHFLOOR_DEPLOYMENT_KEY ?? record.key,
    state: record.state,
    createdAt: record.createdAt,
  };
}

export class CommandDeployer implements Deployer, SlotSwapper {
  private readonly journal: CommandJournal;
  /** Runs this process started or adopted (shared with every deployer over the same journal); others are read from the journal on each call. */
  private readonly live: Map<string, LiveRun>;
  private readonly graceMs: number;
  private readonly cwd: string;
  private closed = false;

  constructor(
    private readonly definition: CommandBackend,
    private readonly name: string,
    private readonly options: CommandDeployerOptions,
  ) {
    this.journal = new CommandJournal(options.journalDir);
    this.live = liveRunsOf(options.journalDir);
    this.graceMs = options.graceMs ?? 10_000;
    this.cwd = resolve(options.baseDir, definition.workingDirectory ?? '.');
  }

  async find(order: DeploymentOrder): Promise<RemoteRun | null> {
    const record = this.journal.read(order.key);
    return record ? remoteRun(this.live.get(order.key)?.record ?? record) : null;
  }

  /** The runs journalled for the target, newest first. */
  async runs(target: DeployTarget): Promise<RemoteRun[]> {
    return this.journal
      .all()
      .map((record) => this.live.get(record.key)?.record ?? record)
      .filter((record) => (record.env.WATCHFLOOR_TARGET ?? record.environmentId) === target.remoteName)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, 50)
      .map(remoteRun);
  }

  async start(order: DeploymentOrder): Promise<string> {
    if (order.action === 'decommission' && !this.definition.decommission) {
      throw new ConnectorError('wrong-kind', `${this.name}: no decommission command is configured; add decommission: [...] to the backend`);
    }
    const now = this.options.clock.now();
    const record: RunRecord = {
      key: order.key,
      environmentId: order.target.environment.view.id,
      action: order.action,
      version: order.version,
      slot: order.target.slot,
      env: commandEnvironment(order),
      state: 'queued',
      createdAt: now,
      runAt: order.runAt,
      noRunAfter: order.noRunAfter,
      startedAt: null,
      finishedAt: null,
      pid: null,
      message: null,
    };
    if (!this.journal.create(record)) return order.key;
    const run: LiveRun = { record, command: null, waiting: null };
    this.live.set(order.key, run);
    this.schedule(run);
    return order.key;
  }

  async status(remoteId: string): Promise<RemoteDeploymentStatus> {
    const record = this.current(remoteId);
    return {
      state: record.state,
      progress: record.state === 'succeeded' ? 100 : null,
      step: record.state === 'running' ? this.argvOf(record).join(' ') : null,
      interruption: null,
      message: record.message,
    };
  }

  /** From the journal, live or not: the supervisor appends the command's output there as it comes. */
  async log(remoteId: string, after: number): Promise<RemoteLogLine[]> {
    this.current(remoteId);
    return this.journal.log(remoteId).slice(after);
  }

  async cancel(remoteId: string): Promise<void> {
    const record = this.current(remoteId);
    const run = this.live.get(remoteId);
    if (run?.record.state === 'queued') {
      if (run.waiting) clearTimeout(run.waiting);
      run.waiting = null;
      this.finish(run, 'cancelled', 'cancelled before it started');
    } else if (run?.record.state === 'running' && run.command) {
      this.note(run, 'warning', 'cancel requested: stopping the command (SIGTERM, then SIGKILL)');
      run.command.stop('cancel');
    } else if (!run && record.state === 'running' && record.pid !== null) {
      // A run started before a restart: signal it, and record that its outcome will not be known.
      signalGroup(record.pid, 'SIGTERM');
      this.journal.update({ ...record, state: 'cancelled', finishedAt: this.options.clock.now(), message: `cancel sent to pid ${record.pid}, which an earlier console started; check the target` });
    }
  }

  async answer(remoteId: string): Promise<void> {
    throw new ConnectorError('http', `${this.name}: run ${remoteId} is a command; it never pauses for an answer`, 409);
  }

  async currentVersions(targets: readonly DeployTarget[], signal: AbortSignal): Promise<Map<string, { version: string; at: number | null }>> {
    const versions = new Map<string, { version: string; at: number | null }>();
    for (const target of targets) {
      if (signal.aborted) break;
      const id = target.environment.view.id;
      const reported = this.definition.version ? await this.askVersion(this.definition.version, target, signal) : null;
      const journalled = this.journal.environmentVersions(id).production;
      if (reported) versions.set(id, { version: reported, at: null });
      else if (journalled) versions.set(id, journalled);
    }
    return versions;
  }

  /** Journalled before the command starts and when it ends: a restarted console asks swappedSince instead of guessing. */
  async swap(target: DeployTarget, signal: AbortSignal): Promise<void> {
    if (!this.definition.swap) throw new ConnectorError('wrong-kind', `${this.name}: no swap command is configured; add swap: [...] to the backend`);
    const id = target.environment.view.id;
    const sentAt = this.options.clock.now();
    this.journal.clearSwapExit(id);
    this.journal.setLastSwap(id, { sentAt, pid: null, state: 'running', finishedAt: null, message: null });
    const exit = await this.runOnce(this.definition.swap, { ...targetEnvironment(target, 'swap'), WATCHFLOOR_SLOT: 'staging' }, this.definition.timeoutMs, signal, undefined, {
      exitFile: this.journal.swapExitPath(id),
      started: (pid) => this.journal.setLastSwap(id, { sentAt, pid, state: 'running', finishedAt: null, message: null }),
    });
    const finishedAt = this.options.clock.now();
    if (exit.spawnError !== null || exit.code !== 0) {
      const said = exitMessage(exit, this.definition.timeoutMs);
      this.journal.setLastSwap(id, { sentAt, pid: null, state: 'failed', finishedAt, message: said });
      throw new ConnectorError('http', `${this.name}: the swap of ${target.remoteName} failed: ${said}`);
    }
    const versions = this.journal.environmentVersions(id);
    this.journal.setEnvironmentVersions(id, { production: versions.staging, staging: versions.production });
    this.journal.setLastSwap(id, { sentAt, pid: null, state: 'succeeded', finishedAt, message: null });
  }

  /**
   * From the journal's record of the last swap command: one that exited 0 after `since` swapped;
   * one whose process still runs is under way; one whose process is gone without a recorded
   * exit cannot be told, so this throws and the console keeps asking rather than guess.
   */
  async swappedSince(target: DeployTarget, since: number): Promise<SwapSince> {
    const swap = this.journal.lastSwap(target.environment.view.id);
    if (swap === null || swap.sentAt < since) return { state: 'not-swapped', lastAt: swap?.finishedAt ?? null };
    if (swap.state === 'succeeded') return { state: 'swapped', at: swap.finishedAt ?? swap.sentAt };
    if (swap.state === 'failed') return { state: 'failed', message: swap.message ?? 'the swap command failed' };
    const id = target.environment.view.id;
    const exit = readSupervisedExit(this.journal.swapExitPath(id));
    if (exit) {
      // Its console stopped before the exit; the supervisor recorded it: settled here as that console would have.
      if (exit.spawnError === null && exit.code === 0) {
        const versions = this.journal.environmentVersions(id);
        this.journal.setEnvironmentVersions(id, { production: versions.staging, staging: versions.production });
        this.journal.setLastSwap(id, { ...swap, pid: null, state: 'succeeded', finishedAt: exit.at });
        return { state: 'swapped', at: exit.at };
      }
      const said = exitMessage(commandExitOf(exit), this.definition.timeoutMs);
      this.journal.setLastSwap(id, { ...swap, pid: null, state: 'failed', finishedAt: exit.at, message: said });
      return { state: 'failed', message: said };
    }
    const overdue = this.options.clock.now() > swap.sentAt + this.definition.timeoutMs + this.graceMs;
    if (swap.pid !== null && isAlive(swap.pid)) {
      // Past its time limit with no console to stop it: stopped as the console that started it would have; its supervisor records how it ended.
      if (overdue) signalGroup(swap.pid, 'SIGTERM');
      return { state: 'under-way' };
    }
    // Recorded before the spawn, its pid not yet: it may be starting, until its time limit says otherwise.
    if (swap.pid === null && !overdue) return { state: 'under-way' };
    throw new ConnectorError(
      'http',
      `${this.name}: the swap command of ${target.remoteName} (pid ${swap.pid}, started ${new Date(swap.sentAt).toISOString()}) ended while no console followed it, so whether it swapped is not known; check the slots`,
    );
  }

  /** A command cannot say what would change; the swap command itself knows its slots. */
  async differences(): Promise<string[]> {
    return [];
  }

  /**
   * The connector is closing. Runs waiting for their time are left to the journal (the next
   * deployer, or console, starts them); running commands stay followed by this process and
   * their exits are recorded. A console that quits leaves them to their supervisors, which
   * record their exits for a later console.
   */
  close(): void {
    this.closed = true;
    for (const [key, run] of this.live) {
      if (run.record.state !== 'queued') continue;
      if (run.waiting) clearTimeout(run.waiting);
      run.waiting = null;
      this.live.delete(key);
    }
  }

  /** The record now: live runs from memory, others from the journal, with orphans worked out. */
  private current(remoteId: string): RunRecord {
    const run = this.live.get(remoteId);
    if (run) return run.record;
    const record = this.journal.read(remoteId);
    if (!record) throw new ConnectorError('http', `${this.name}: no run with key "${remoteId}"`, 404);
    if (record.state === 'queued') return this.adopt(record).record;
    if (record.state !== 'running') return record;
    const exit = readSupervisedExit(this.journal.exitPath(record.key));
    if (exit) return this.recordSupervisedExit(record, exit);
    const now = this.options.clock.now();
    const deadline = (record.startedAt ?? record.createdAt) + this.definition.timeoutMs;
    if (record.pid !== null && isAlive(record.pid)) {
      if (now <= deadline) return { ...record, message: `started by an earlier console (pid ${record.pid}); its supervisor records its output and exit` };
      // Its timeout passed while no console followed it: stopped as the console that started it would have.
      signalGroup(record.pid, now > deadline + this.graceMs ? 'SIGKILL' : 'SIGTERM');
      return { ...record, message: `timed out after ${Math.round(this.definition.timeoutMs / 1000)} s while no console followed it; stopping it (pid ${record.pid})` };
    }
    const interrupted: RunRecord = { ...record, state: 'failed', finishedAt: this.options.clock.now(), message: INTERRUPTED };
    this.journal.update(interrupted);
    this.journal.appendLog(record.key, { at: interrupted.finishedAt ?? 0, level: 'error', text: INTERRUPTED });
    return interrupted;
  }

  /**
   * A run whose console stopped while it ran, and whose supervisor recorded how it ended: that
   * exit is its outcome. Its log is what the supervisor appended; lines in flight at the crash may be missing.
   */
  private recordSupervisedExit(record: RunRecord, exit: SupervisedExit): RunRecord {
    const outcome = commandExitOf(exit);
    const succeeded = exit.spawnError === null && exit.code === 0;
    if (succeeded) this.recordVersion(record, exit.at);
    const ended: RunRecord = { ...record, state: succeeded ? 'succeeded' : 'failed', finishedAt: exit.at, message: succeeded ? null : exitMessage(outcome, this.definition.timeoutMs) };
    this.journal.update(ended);
    const how = succeeded ? 'exit code 0' : (ended.message ?? 'failed');
    this.journal.appendLog(record.key, {
      at: this.options.clock.now(),
      level: succeeded ? 'info' : 'error',
      text: `the console stopped while the command ran; its supervisor recorded the exit (${how}) at ${new Date(exit.at).toISOString()}; output written around the stop may be missing from this log`,
    });
    return ended;
  }

  /** A run queued by an earlier console: this one waits for its time and starts it. */
  private adopt(record: RunRecord): LiveRun {
    const run: LiveRun = { record, command: null, waiting: null };
    this.live.set(record.key, run);
    this.schedule(run);
    return run;
  }

  private schedule(run: LiveRun): void {
    const { runAt } = run.record;
    const wait = runAt === null ? 0 : runAt - this.options.clock.now();
    if (wait > 0) {
      this.note(run, 'info', `waiting until ${new Date(runAt ?? 0).toISOString()} to start`);
      run.waiting = setTimeout(
        guarded(`${this.name}: starting a scheduled run`, this.options.log, () => {
          run.waiting = null;
          this.launch(run);
        }),
        wait,
      );
      return;
    }
    this.launch(run);
  }

  private launch(run: LiveRun): void {
    if (run.record.state !== 'queued' || this.closed) return;
    // Another console (or a cancel from one) may have got there first: only the one that claims the run starts it.
    if (this.journal.read(run.record.key)?.state !== 'queued' || !this.journal.claim(run.record.key)) {
      this.live.delete(run.record.key);
      return;
    }
    const now = this.options.clock.now();
    const { noRunAfter } = run.record;
    if (noRunAfter !== null && now > noRunAfter) {
      this.finish(run, 'failed', `did not start by ${new Date(noRunAfter).toISOString()} (no-run-after)`);
      return;
    }
    // Journalled as running before the spawn: a crash in between reads as interrupted, never as not started.
    this.save(run, { state: 'running', startedAt: now });
    const argv = this.argvOf(run.record);
    this.note(run, 'info', `$ ${argv.join(' ')}`);
    let command: RunningCommand;
    try {
      command = runCommand({
        argv,
        cwd: this.cwd,
        env: run.record.env,
        timeoutMs: this.definition.timeoutMs,
        graceMs: this.graceMs,
        // The supervisor writes each line to the journal's log, which log() reads; nothing more to keep here.
        onLine: () => undefined,
        log: this.options.log,
        supervise: { exitFile: this.journal.exitPath(run.record.key), logFile: this.journal.logPath(run.record.key) },
      });
    } catch (error) {
      this.finish(run, 'failed', `could not start the command: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    run.command = command;
    this.save(run, { pid: command.pid });
    void command.exit.then((exit) => this.exited(run, exit));
  }

  /** Recorded even after the connector closed: the process still follows the run, and the journal is what the next deployer reads. */
  private exited(run: LiveRun, exit: CommandExit): void {
    run.command = null;
    if (exit.stoppedFor === 'cancel') {
      this.finish(run, 'cancelled', `cancelled; the command was stopped (${exit.signal ?? `exit code ${exit.code ?? '?'}`})`);
    } else if (exit.spawnError === null && exit.code === 0 && exit.stoppedFor === null) {
      this.recordVersion(run.record, this.options.clock.now());
      this.finish(run, 'succeeded', null);
    } else {
      this.finish(run, 'failed', exitMessage(exit, this.definition.timeoutMs));
    }
  }

  private finish(run: LiveRun, state: 'succeeded' | 'failed' | 'cancelled', message: string | null): void {
    this.save(run, { state, message, finishedAt: this.options.clock.now() });
    const where = run.record.env.WATCHFLOOR_TARGET ?? run.record.environmentId;
    const done = run.record.action === 'decommission' ? `${where} decommissioned` : `${run.record.version} deployed to ${where}`;
    const text = state === 'succeeded' ? done : (message ?? state);
    this.note(run, state === 'succeeded' ? 'info' : state === 'cancelled' ? 'warning' : 'error', text);
    // Ended: the journal holds it from here on.
    this.live.delete(run.record.key);
  }

  /** The command a run executes: the decommission command for a decommission, else the deploy. */
  private argvOf(record: RunRecord): readonly string[] {
    return record.action === 'decommission' ? (this.definition.decommission ?? this.definition.deploy) : this.definition.deploy;
  }

  /** What a slot runs after a successful deploy; a decommissioned environment runs nothing the journal should still report. */
  private recordVersion(record: RunRecord, at: number): void {
    const versions = this.journal.environmentVersions(record.environmentId);
    if (record.action === 'decommission') this.journal.setEnvironmentVersions(record.environmentId, { production: null, staging: null });
    else this.journal.setEnvironmentVersions(record.environmentId, { ...versions, [record.slot]: { version: record.version, at } });
  }

  private save(run: LiveRun, change: Partial<RunRecord>): void {
    run.record = { ...run.record, ...change };
    this.journal.update(run.record);
  }

  private note(run: LiveRun, level: RemoteLogLine['level'], text: string): void {
    this.journal.appendLog(run.record.key, { at: this.options.clock.now(), level, text });
  }

  private async askVersion(argv: readonly string[], target: DeployTarget, signal: AbortSignal): Promise<string | null> {
    let first: string | null = null;
    const exit = await this.runOnce(argv, targetEnvironment(target, 'version'), Math.min(VERSION_TIMEOUT_MS, this.definition.timeoutMs), signal, (stream, text) => {
      if (stream === 'stdout' && first === null && text.trim() !== '') first = text.trim();
    });
    if (exit.spawnError === null && exit.code === 0) return first;
    this.options.log(`${this.name}: the version command for ${target.remoteName} failed: ${exitMessage(exit, VERSION_TIMEOUT_MS)}`);
    return null;
  }

  private async runOnce(
    argv: readonly string[],
    env: Record<string, string>,
    timeoutMs: number,
    signal: AbortSignal,
    onLine: (stream: 'stdout' | 'stderr', text: string) => void = (stream, text) => this.options.log(`${this.name} ${stream}: ${text}`),
    supervised?: { exitFile: string; started: (pid: number) => void },
  ): Promise<CommandExit> {
    const supervise = supervised ? { exitFile: supervised.exitFile, logFile: null } : undefined;
    const command = runCommand({ argv, cwd: this.cwd, env, timeoutMs, graceMs: this.graceMs, onLine, log: this.options.log, ...(supervise ? { supervise } : {}) });
    if (command.pid !== null) supervised?.started(command.pid);
    const abort = () => command.stop('cancel');
    signal.addEventListener('abort', abort, { once: true });
    try {
      return await command.exit;
    } finally {
      signal.removeEventListener('abort', abort);
    }
  }
}

/** What a deploy command is told: the release and target, and the environment's own variables (which cannot override these). */
function commandEnvironment(order: DeploymentOrder): Record<string, string> {
  return {
    ...targetEnvironment(order.target, order.action),
    WATCHFLOOR_RELEASE: order.version,
    WATCHFLOOR_PREVIOUS_RELEASE: order.previousVersion ?? '',
    WATCHFLOOR_DEPLOYMENT_KEY: order.key,
    WATCHFLOOR_REQUESTED_BY: order.requestedBy,
  };
}

function targetEnvironment(target: DeployTarget, action: string): Record<string, string> {
  return {
    ...target.variables,
    WATCHFLOOR_ACTION: action,
    WATCHFLOOR_TARGET: target.remoteName,
    WATCHFLOOR_TENANT: target.remoteTenant ?? '',
    WATCHFLOOR_SLOT: target.slot,
  };
}

function exitMessage(exit: CommandExit, timeoutMs: number): string {
  if (exit.spawnError !== null) return exit.spawnError;
  const detail = exit.lastStderr ? `: ${exit.lastStderr}` : '';
  if (exit.stoppedFor === 'timeout') return `timed out after ${Math.round(timeoutMs / 1000)} s${detail}`;
  if (exit.code !== null) return `exit code ${exit.code}${detail}`;
  return `killed by ${exit.signal ?? 'a signal'}${detail}`;
}

/** Signal 0 only asks whether the process exists; EPERM means it does but is someone else's, which a reused pid would be. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    // Already gone.
  }
}
