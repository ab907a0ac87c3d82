import Database from 'better-sqlite3';
import { isDamage } from './store-file.js';

/**
 * Every statement of the store goes through here, so what follows holds for every repo:
 * - each string bound is made well-formed Unicode first: a lone UTF-16 surrogate (from a
 *   backend's answer, a file, a request) becomes U+FFFD, where SQLite would store bytes that are
 *   not UTF-8, which every reader of the file (a backup tool, sqlite3, a later build) must guess at;
 * - damage SQLite finds while running is remembered for the notice, and the error names the file
 *   and what to do, instead of "database disk image is malformed".
 */

const LONE_SURROGATE = /\p{Surrogate}/u;
const LONE_SURROGATES = /\p{Surrogate}/gu;

function wellFormed(value: unknown): unknown {
  // With the u flag a surrogate pair is one code point, so only a lone half matches.
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? value.replace(LONE_SURROGATES, '\uFFFD') : value;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(wellFormed);
  // Named parameters: copied only when one of them needs it.
  const entries = Object.entries(value);
  if (!entries.some(([, field]) => typeof field === 'string' && LONE_SURROGATE.test(field))) return value;
  return Object.fromEntries(entries.map(([key, field]) => [key, wellFormed(field)]));
}

const BINDING_METHODS = ['run', 'get', 'all', 'iterate', 'bind'] as const;

const damageFound = new WeakMap<Database.Database, string>();

/** The notice of damage SQLite reported while this connection ran, or null. */
export function damageFoundIn(db: Database.Database): string | null {
  return damageFound.get(db) ?? null;
}

export class StoreDamagedError extends Error {
  constructor(file: string, problem: string) {
    super(
      `the store ${file} is damaged (SQLite: ${problem}). Restart Watchfloor: it keeps the damaged file aside, untouched, and begins a new store.`,
    );
    this.name = 'StoreDamagedError';
  }
}

export function guardStatements(db: Database.Database, file: string): Database.Database {
  const prepare = db.prepare.bind(db);
  const patched = (source: string) => {
    const statement = prepare(source);
    for (const name of BINDING_METHODS) {
      const original = statement[name] as (...params: unknown[]) => unknown;
      Object.defineProperty(statement, name, {
        value: (...params: unknown[]) => {
          try {
            return original.apply(statement, params.map(wellFormed));
          } catch (error) {
            if (!isDamage(error)) throw error;
            const damaged = new StoreDamagedError(file, error.message);
            damageFound.set(db, damaged.message);
            throw damaged;
          }
        },
      });
    }
    return statement;
  };
  Object.defineProperty(db, 'prepare', { value: patched });
  return db;
}
