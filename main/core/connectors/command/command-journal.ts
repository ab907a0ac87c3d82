import { createHash } from 'node:crypto';
import { appendFileSync, linkSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConnectorError } from '../../http/backend-client.js';
import { parseAnswer } from '../prometheus/answer.js';
import { DeployAction } from '../../../../shared/contract/deploys.js';

/**
 * The command deployer's memory across restarts: one file per run, named by the order's
 * key and written before the process starts, so a retry or a restarted console finds the
 * run instead of starting the command a second time. Writes go to a temporary file that
 * is then linked or renamed into place, so a crash never leaves half a record.
 */

export const RunRecord = z.object({
  key: z.string(),
  environmentId: z.string(),
  action: DeployAction,
  version: z.string(),
  slot: z.enum(['production', 'staging']),
  /** What the command gets besides the console's own environment: WATCHFLOOR_* and the environment's variables. */
  env: z.record(z.string(), z.string()),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  createdAt: z.number(),
  runAt: z.number().nullable(),
  noRunAfter: z.number().nullable(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  /** The process, once spawned; null while queued or when the spawn itself failed. */
  pid: z.number().int().nullable(),
  message: z.string().nullable(),
});
export type RunRecord = z.infer<typeof RunRecord>;

const LogEntry = z.object({ at: z.number(), level: z.enum(['info', 'warning', 'error']), text: z.string() });
type LogEntry = z.infer<typeof LogEntry>;

/** The last swap command run for an environment: written before it starts and when it ends, so a restarted console can tell whether it swapped. */
export const SwapRecord = z.object({
  sentAt: z.number(),
  pid: z.number().int().nullable(),
  state: z.enum(['running', 'succeeded', 'failed']),
  finishedAt: z.number().nullable(),
  message: z.string().nullable(),
});
export type SwapRecord = z.infer<typeof SwapRecord>;

const SlotVersion = z.object({ version: z.string(), at: z.number() }).nullable();
const EnvironmentVersions = z.object({ production: SlotVersion, staging: SlotVersion });
export type EnvironmentVersions = z.infer<typeof EnvironmentVersions>;

export class CommandJournal {
  private readonly runs: string;
  private readonly versions: string;

  constructor(directory: string) {
    this.runs = join(directory, 'runs');
    this.versions = join(directory, 'versions');
    mkdirSync(this.runs, { recursive: true });
    mkdirSync(this.versions, { recursive: true });
  }

  read(key: string): RunRecord | null {
    const path = this.recordPath(key);
    const text = readIfExists(path);
    return text === null ? null : parseFile(RunRecord, text, `command deployer: the run record ${path}`);
  }

  /** Every run journalled, in no particular order; a record a crash left unreadable is left out. */
  all(): RunRecord[] {
    return readdirSync(this.runs)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => {
        const parsed = RunRecord.safeParse(parseJson(readIfExists(join(this.runs, name)) ?? ''));
        return parsed.success ? [parsed.data] : [];
      });
  }

  /** Records a new run; false when a run with this key already exists (here or in another console). */
  create(record: RunRecord): boolean {
    const path = this.recordPath(record.key);
    const temporary = temporaryPath(path);
    writeFileSync(temporary, JSON.stringify(record));
    try {
      linkSync(temporary, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      unlinkSync(temporary);
    }
  }

  /** Claims the right to start a queued run; only one console (or one timer) ever gets it. */
  claim(key: string): boolean {
    try {
      writeFileSync(`${this.recordPath(key)}.started`, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  update(record: RunRecord): void {
    replace(this.recordPath(record.key), JSON.stringify(record));
  }

  appendLog(key: string, line: LogEntry): void {
    appendFileSync(this.logPath(key), `${JSON.stringify(line)}\n`);
  }

  /** Where a run's log is kept: the console's notes and, appended by its supervisor, the command's output. */
  logPath(key: string): string {
    return `${this.recordPath(key)}.log`;
  }

  /** Where a run's supervisor records the command's exit. */
  exitPath(key: string): string {
    return `${this.recordPath(key)}.exit`;
  }

  log(key: string): LogEntry[] {
    const text = readIfExists(this.logPath(key)) ?? '';
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        // A line cut short by a crash mid-append is left out rather than failing the whole log.
        const parsed = LogEntry.safeParse(parseJson(line));
        return parsed.success ? [parsed.data] : [];
      });
  }

  environmentVersions(environmentId: string): EnvironmentVersions {
    const path = join(this.versions, `${fileName(environmentId)}.json`);
    const text = readIfExists(path);
    return text === null ? { production: null, staging: null } : parseFile(EnvironmentVersions, text, `command deployer: the versions file ${path}`);
  }

  setEnvironmentVersions(environmentId: string, versions: EnvironmentVersions): void {
    replace(join(this.versions, `${fileName(environmentId)}.json`), JSON.stringify(versions));
  }

  lastSwap(environmentId: string): SwapRecord | null {
    const path = this.swapPath(environmentId);
    const text = readIfExists(path);
    return text === null ? null : parseFile(SwapRecord, text, `command deployer: the swap record ${path}`);
  }

  setLastSwap(environmentId: string, swap: SwapRecord): void {
    replace(this.swapPath(environmentId), JSON.stringify(swap));
  }

  /** Where the supervisor of the environment's last swap command records its exit. */
  swapExitPath(environmentId: string): string {
    return `${this.swapPath(environmentId)}.exit`;
  }

  /** A new swap starts with no exit recorded, so an older one's is never read as its own. */
  clearSwapExit(environmentId: string): void {
    rmSync(this.swapExitPath(environmentId), { force: true });
  }

  private swapPath(environmentId: string): string {
    return join(this.versions, `${fileName(environmentId)}.swap.json`);
  }

  private recordPath(key: string): string {
    return join(this.runs, `${fileName(key)}.json`);
  }
}

/** A key as a file name: itself when it is safe, else made safe with a hash so two keys never share a file. */
function fileName(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
  return safe === key ? key : `${safe}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

function temporaryPath(path: string): string {
  return `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}

function replace(path: string, text: string): void {
  const temporary = temporaryPath(path);
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** A journal file read back: broken JSON or a record of the wrong shape is a ConnectorError naming the file and the field. */
export function parseFile<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConnectorError('malformed', `${what}: not JSON (${error instanceof Error ? error.message.slice(0, 120) : 'unreadable'}); remove or repair the file`);
  }
  return parseAnswer(schema, parsed, what);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
