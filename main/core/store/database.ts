import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { ReplacedStore } from '../../../shared/contract/store-status.js';
import { migrations } from './migrations.js';
import { SettingsRepo } from './settings-repo.js';
import { COMPANIONS, inspectStoreFile, keepAside, keptAsName, StoreError } from './store-file.js';
import { guardStatements } from './statements.js';

export { StoreError } from './store-file.js';

export type SqliteDatabase = Database.Database;

export const STORE_FILE = 'watchfloor.sqlite';

/** Where the notice of a store replaced at start is kept, in the new store itself. */
export const REPLACED_STORE_KEY = 'store.replaced';

/**
 * Opens the store in the data dir, in WAL mode, with every migration applied. The file is checked
 * first: an empty one is refused, a damaged one is kept aside untouched and a new store begun.
 */
export function openDatabase(dataDir: string, now: () => number = Date.now): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true });
  const file = resolve(dataDir, STORE_FILE);
  const condition = inspectStoreFile(file);
  if (condition.state === 'empty') {
    throw new StoreError(
      `the store ${file} is empty (0 bytes): something cut it off or replaced it, since Watchfloor never leaves one empty. ` +
        'Restore it from a backup, or, to begin with no history at all, delete it (or start with another --data-dir).',
    );
  }
  let replaced: ReplacedStore | null = null;
  if (condition.state === 'damaged') {
    const at = now();
    let keptAs: string;
    try {
      keptAs = keepAside(file, at);
    } catch (error) {
      throw new StoreError(
        `the store ${file} is damaged (SQLite: ${condition.problem}) and could not be moved aside (${error instanceof Error ? error.message : String(error)}). ` +
          'Move it and its -wal and -shm files elsewhere yourself, then start again: Watchfloor will begin a new store.',
      );
    }
    replaced = { keptAs, problem: condition.problem, at, message: replacedMessage(file, keptAs, condition.problem) };
  }
  if (condition.state !== 'sound') createStoreFile(file, now());
  const db = open(file);
  if (replaced) new SettingsRepo(db).set(REPLACED_STORE_KEY, replaced);
  return db;
}

function replacedMessage(file: string, keptAs: string, problem: string): string {
  return (
    `The store ${file} was damaged (SQLite: ${problem}). It was kept, untouched, as ${keptAs}, and Watchfloor started on a new, empty store: ` +
    'the audit trail, the connections added in Settings and the deployments it was tracking are not in it. ' +
    'Before deploying again, check on the deploy backends what was running. ' +
    `To get data back, run \`sqlite3 ${keptAs} .recover\` into a new file. This notice stays until ${keptAs} is moved or deleted.`
  );
}

/** Full durability: a commit is on the disk before the backend hears of what it records (a deployment, a command's key, an audit row). */
function open(file: string): SqliteDatabase {
  const db = guardStatements(new Database(file, { fileMustExist: true }), file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * For what the next poll writes again anyway (the last-known health of the fleet, up to ten
 * commits a second): not worth an fsync per commit, which measured 4 ms here against 0.4 ms.
 * The WAL is written in order, so the next FULL commit makes these durable too.
 */
export function withRelaxedSync<T>(db: SqliteDatabase, run: () => T): T {
  db.pragma('synchronous = NORMAL');
  try {
    return run();
  } finally {
    db.pragma('synchronous = FULL');
  }
}

/**
 * A new store is made under another name and renamed into place once it has its schema, so a
 * crash while making it never leaves an empty file that a later start would have to refuse.
 */
function createStoreFile(file: string, at: number): void {
  // Companions without their store (a crash while keeping one aside) must not be replayed into the new one.
  const orphans = keptAsName(file, at);
  for (const suffix of COMPANIONS) if (existsSync(file + suffix)) renameSync(file + suffix, orphans + suffix);
  const making = `${file}.new`;
  for (const suffix of ['', ...COMPANIONS]) rmSync(making + suffix, { force: true });
  const db = new Database(making);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db);
  // Closing checkpoints the WAL into the file and removes it, so the file alone is the whole store.
  db.close();
  renameSync(making, file);
}

export function schemaVersion(db: SqliteDatabase): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migration').get() as { version: number | null };
  return row.version ?? 0;
}

function migrate(db: SqliteDatabase): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new StoreError(
      `the store was written by a newer Watchfloor (schema ${current}, this build knows ${latest}); use a newer build or another --data-dir`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      migration.after?.(db);
      record.run(migration.version, migration.name, Date.now());
    })();
  }
}
