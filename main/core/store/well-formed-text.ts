import type Database from 'better-sqlite3';

/**
 * Every string bound to a statement of the store is made well-formed Unicode first: a lone UTF-16
 * surrogate (from a backend's answer, a file, a request) becomes U+FFFD. SQLite would otherwise
 * store it as bytes that are not UTF-8, which every reader of the file (a backup tool, sqlite3, a
 * later build) has to guess at. Done here, on the connection, so every repo gets it.
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

export function wellFormedText(db: Database.Database): Database.Database {
  const prepare = db.prepare.bind(db);
  const patched = (source: string) => {
    const statement = prepare(source);
    for (const name of BINDING_METHODS) {
      const original = statement[name] as (...params: unknown[]) => unknown;
      Object.defineProperty(statement, name, {
        value: (...params: unknown[]) => original.apply(statement, params.map(wellFormed)),
      });
    }
    return statement;
  };
  Object.defineProperty(db, 'prepare', { value: patched });
  return db;
}
