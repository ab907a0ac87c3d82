import type { SqliteDatabase } from './database.js';

/**
 * Where a command stands: `running` from before its handler is called; `in-doubt` when a
 * backend's answer was lost, so whether it took effect is not known; `final` once it has an
 * answer that a retry gets again (a success, or a refusal or failure that changed nothing).
 */
export type CommandState = 'running' | 'in-doubt' | 'final';

export interface StoredCommand {
  method: string;
  /** A digest of the input without its key: the store keeps no input, some carry secrets. */
  inputDigest: string;
  state: CommandState;
  /** Counts the runs under this key: the first, then one per retry of a command in doubt. */
  attempt: number;
  /** The answer of the last run that ended, as JSON; null while the first run has not. */
  resultJson: string | null;
}

/** Each idempotency key with its command, kept from before it runs, so no retry or restart does it twice. */
export class CommandResultRepo {
  private readonly find;
  private readonly insert;
  private readonly rerun;
  private readonly end;

  constructor(db: SqliteDatabase) {
    this.find = db.prepare(
      'SELECT method, input_digest AS inputDigest, state, attempt, result_json AS resultJson FROM command_run WHERE idempotency_key = ?',
    );
    this.insert = db.prepare(
      "INSERT OR IGNORE INTO command_run (idempotency_key, method, input_digest, state, attempt, result_json, created_at, updated_at) VALUES (?, ?, ?, 'running', 1, NULL, ?, ?)",
    );
    this.rerun = db.prepare("UPDATE command_run SET state = 'running', attempt = attempt + 1, updated_at = ? WHERE idempotency_key = ? AND state <> 'final'");
    this.end = db.prepare('UPDATE command_run SET state = ?, result_json = ?, updated_at = ? WHERE idempotency_key = ? AND attempt = ? AND state = ?');
  }

  get(key: string): StoredCommand | undefined {
    return this.find.get(key) as StoredCommand | undefined;
  }

  /** Records a command as running before its handler is called; false when the key is already taken. */
  begin(key: string, method: string, inputDigest: string, now: number): boolean {
    return this.insert.run(key, method, inputDigest, now, now).changes === 1;
  }

  /** Starts the next run of a command that is not final; returns that run's attempt number, or null when it is final. */
  retry(key: string, now: number): number | null {
    if (this.rerun.run(now, key).changes === 0) return null;
    return this.get(key)?.attempt ?? null;
  }

  /** Ends a run with its answer, unless a later run (another process after a restart) has taken the key over. */
  finish(key: string, attempt: number, state: Exclude<CommandState, 'running'>, resultJson: string, now: number): void {
    this.end.run(state, resultJson, now, key, attempt, 'running');
  }
}
