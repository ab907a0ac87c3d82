import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The supervisor a command runs under: a tiny Node program (`process.execPath -e`, so nothing has
 * to be found on disk after bundling) that leads the command's process group, appends its output
 * to the run's journal log and records its exit in the journal itself. A console killed while the
 * command runs therefore leaves neither an unrecorded exit nor a lost log behind; the next console
 * reads both from the journal. It outlives SIGTERM (sent to the whole group on cancel or timeout)
 * so it can record how the command ended; SIGKILL ends it with the command.
 *
 * Arguments: the exit file, the log file ('' for none), then the command's argv.
 * The exit file gets `{ code, signal, spawnError, lastStderr, at }` (see SupervisedExit), written whole.
 */
export const SUPERVISOR_SOURCE = String.raw`'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const [exitFile, logFile, file, ...args] = process.argv.slice(1);
const env = { ...process.env };
if (env.WATCHFLOOR_SUPERVISOR_UNSET_ELECTRON === '1') delete env.ELECTRON_RUN_AS_NODE;
delete env.WATCHFLOOR_SUPERVISOR_UNSET_ELECTRON;
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => {});
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});
const record = (exit) => {
  const temporary = exitFile + '.' + process.pid + '.tmp';
  fs.writeFileSync(temporary, JSON.stringify({ ...exit, at: Date.now() }));
  fs.renameSync(temporary, exitFile);
};
let lastStderr = null;
const log = (level, text) => {
  if (level === 'warning' && text.trim() !== '') lastStderr = text;
  if (logFile === '') return;
  try { fs.appendFileSync(logFile, JSON.stringify({ at: Date.now(), level, text }) + '\n'); } catch {}
};
let child;
try {
  child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
} catch (error) {
  record({ code: null, signal: null, spawnError: 'could not start ' + file + ': ' + error.message, lastStderr: null });
  process.exit(0);
}
const follow = (stream, out, level) => {
  let rest = '';
  stream.on('data', (chunk) => {
    out.write(chunk);
    const lines = (rest + chunk.toString('utf8')).split(/\r?\n/);
    rest = lines.pop();
    for (const line of lines) log(level, line);
  });
  stream.on('end', () => { if (rest !== '') log(level, rest); rest = ''; });
};
follow(child.stdout, process.stdout, 'info');
follow(child.stderr, process.stderr, 'warning');
child.on('error', (error) => {
  if (child.pid !== undefined) return;
  record({ code: null, signal: null, spawnError: 'could not start ' + file + ': ' + error.message, lastStderr: null });
  process.exit(0);
});
child.on('exit', (code, signal) => {
  let done = false;
  const end = () => {
    if (done) return;
    done = true;
    record({ code, signal, spawnError: null, lastStderr });
    process.exit(0);
  };
  child.on('close', end);
  setTimeout(end, 1000).unref();
});
`;

/** What the supervisor writes to the exit file. */
export const SupervisedExit = z.object({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  spawnError: z.string().nullable(),
  /** The last line the command wrote to stderr: the reason a failed one gives. */
  lastStderr: z.string().nullable(),
  at: z.number(),
});
export type SupervisedExit = z.infer<typeof SupervisedExit>;

/** The exit the supervisor recorded, or null when it recorded none (still running, or killed with the command); a torn or foreign file counts as none. */
export function readSupervisedExit(exitFile: string): SupervisedExit | null {
  let text: string;
  try {
    text = readFileSync(exitFile, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = SupervisedExit.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** How the console starts a supervised command: node itself (Electron's binary run as node), the supervisor, its files, the command. */
export function supervisedSpawn(argv: readonly string[], exitFile: string, logFile: string | null): { file: string; args: string[]; env: Record<string, string> } {
  const env: Record<string, string> = {};
  if (process.versions.electron !== undefined && process.env.ELECTRON_RUN_AS_NODE === undefined) {
    env.ELECTRON_RUN_AS_NODE = '1';
    env.WATCHFLOOR_SUPERVISOR_UNSET_ELECTRON = '1';
  }
  return { file: process.execPath, args: ['-e', SUPERVISOR_SOURCE, exitFile, logFile ?? '', ...argv], env };
}
