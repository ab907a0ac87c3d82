import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { guarded } from '../../guarded.js';
import { readSupervisedExit, supervisedSpawn, type SupervisedExit } from './supervisor.js';

/**
 * One command, started without a shell, its output read line by line. On POSIX it leads
 * its own process group, so a stop reaches what the script started too (a `sleep`, an
 * `ansible-playbook`), not only the script.
 */

export interface CommandSpec {
  argv: readonly string[];
  cwd: string;
  /** Added to the console's own environment. */
  env: Readonly<Record<string, string>>;
  timeoutMs: number;
  /** How long a stopped command has between SIGTERM and SIGKILL. */
  graceMs: number;
  onLine(stream: 'stdout' | 'stderr', text: string): void;
  /** Where a failure of onLine goes: it runs from the output stream, where nothing else would catch it. */
  log(line: string): void;
  /**
   * Run under the supervisor (supervisor.ts), which records the exit in `exitFile` and appends
   * the output to `logFile`, so both outlive the console. The output still streams here.
   */
  supervise?: { exitFile: string; logFile: string | null };
}

export interface CommandExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the command could not be started at all (not found, not executable, no such directory). */
  spawnError: string | null;
  /** Why the console stopped it, if it did. */
  stoppedFor: 'cancel' | 'timeout' | null;
  lastStderr: string | null;
}

export interface RunningCommand {
  /** Null when the spawn failed. */
  pid: number | null;
  exit: Promise<CommandExit>;
  stop(reason: 'cancel' | 'timeout'): void;
}

/** How long output may still arrive after the command exited, from children it left behind holding the pipes. */
const DRAIN_MS = 1000;

export function runCommand(spec: CommandSpec): RunningCommand {
  const [file, ...args] = spec.argv;
  if (file === undefined) throw new Error('a command needs at least its program');
  const supervised = spec.supervise ? supervisedSpawn(spec.argv, spec.supervise.exitFile, spec.supervise.logFile) : null;
  const child = spawn(supervised?.file ?? file, supervised?.args ?? args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, ...supervised?.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    shell: false,
  });
  let stoppedFor: CommandExit['stoppedFor'] = null;
  let lastStderr: string | null = null;
  let killTimer: NodeJS.Timeout | undefined;

  const signalAll = (signal: NodeJS.Signals) => {
    const pid = child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === 'win32') child.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // Already gone: nothing left to stop.
    }
  };

  const stop = (reason: 'cancel' | 'timeout') => {
    if (stoppedFor !== null || child.exitCode !== null || child.signalCode !== null) return;
    stoppedFor = reason;
    signalAll('SIGTERM');
    killTimer = setTimeout(() => signalAll('SIGKILL'), spec.graceMs);
  };
  const timeout = setTimeout(() => stop('timeout'), spec.timeoutMs);

  for (const [name, stream] of [['stdout', child.stdout], ['stderr', child.stderr]] as const) {
    createInterface({ input: stream, crlfDelay: Infinity }).on(
      'line',
      guarded(`keeping the ${name} of ${file}`, spec.log, (text: string) => {
        if (name === 'stderr' && text.trim() !== '') lastStderr = text;
        spec.onLine(name, text);
      }),
    );
  }

  const exit = new Promise<CommandExit>((resolve) => {
    let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let settled = false;
    const settle = (spawnError: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      clearTimeout(killTimer);
      child.stdout.destroy();
      child.stderr.destroy();
      // The supervisor's record is the command's own exit; without one (the supervisor was killed too) its own exit is all there is.
      const recorded = spec.supervise && spawnError === null ? readSupervisedExit(spec.supervise.exitFile) : null;
      if (recorded) {
        resolve(commandExitOf(recorded, stoppedFor));
        return;
      }
      resolve({ code: exited?.code ?? null, signal: exited?.signal ?? null, spawnError, stoppedFor, lastStderr });
    };
    child.once('error', (error) => {
      if (child.pid === undefined) settle(`could not start ${file}: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      setTimeout(() => settle(null), DRAIN_MS).unref();
    });
    child.once('close', () => settle(null));
  });

  return { pid: child.pid ?? null, exit, stop };
}

/** The exit a supervisor recorded, as the console's own reading of an exit would be. */
export function commandExitOf(exit: SupervisedExit, stoppedFor: CommandExit['stoppedFor'] = null): CommandExit {
  return { code: exit.code, signal: exit.signal as NodeJS.Signals | null, spawnError: exit.spawnError, stoppedFor, lastStderr: exit.lastStderr };
}
