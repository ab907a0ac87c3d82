import { existsSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * What the store's file is like before the console writes to it: checked through a read-only
 * connection, which cannot write the file, so a damaged store is found without being touched.
 */

export type StoreFileCondition = { state: 'absent' } | { state: 'empty' } | { state: 'sound' } | { state: 'damaged'; problem: string };

/** Start-up refused, with a message for a person: the file, what is wrong, what to do. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** SQLite's own words for a file that is not a sound database, as opposed to one it cannot open (permissions, locks). */
const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

export function isDamage(error: unknown): error is Error {
  return error instanceof Database.SqliteError && DAMAGE_CODES.has(error.code);
}

/** The companions SQLite keeps beside a store in WAL mode. */
export const COMPANIONS = ['-wal', '-shm'] as const;

export function inspectStoreFile(file: string): StoreFileCondition {
  if (!existsSync(file)) return { state: 'absent' };
  if (statSync(file).size === 0) return { state: 'empty' };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    // quick_check: every page and record is well formed (not the slower cross-check of indexes against tables).
    const rows = db.pragma('quick_check(20)') as Array<{ quick_check: string }>;
    const findings = rows.map((row) => row.quick_check).filter((finding) => finding !== 'ok');
    return findings.length === 0 ? { state: 'sound' } : { state: 'damaged', problem: findings.join('; ') };
  } catch (error) {
    if (isDamage(error)) return { state: 'damaged', problem: error.message };
    throw new StoreError(`cannot open the store ${file}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db?.close();
  }
}

/** A name beside the store that sorts by time and opens with its companions: watchfloor-damaged-20261207T190400Z.sqlite. */
export function keptAsName(file: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const name = basename(file);
  const dot = name.lastIndexOf('.');
  const kept = dot > 0 ? `${name.slice(0, dot)}-damaged-${stamp}${name.slice(dot)}` : `${name}-damaged-${stamp}`;
  return join(dirname(file), kept);
}

/**
 * Renames the store and its companions aside, the companions first: a crash in between leaves
 * the store without a WAL that would otherwise be replayed into whatever is created in its place.
 */
export function keepAside(file: string, at: number): string {
  const kept = keptAsName(file, at);
  for (const suffix of COMPANIONS) if (existsSync(file + suffix)) renameSync(file + suffix, kept + suffix);
  renameSync(file, kept);
  return kept;
}
