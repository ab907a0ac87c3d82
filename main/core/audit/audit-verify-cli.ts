import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { AuditRepo } from '../store/audit-repo.js';
import { schemaVersion, STORE_FILE, type SqliteDatabase } from '../store/database.js';

const USAGE = `Usage: npm run audit:verify -- --data-dir DIR [--export FILE]
  --data-dir DIR    the data dir whose store (${STORE_FILE}) is checked
  --export FILE     also write the trail as JSON Lines with its chain ("-" for standard output)
Exit status: 0 the chain is intact, 1 a row breaks it, 2 the store could not be read.`;

/** Asked of the table, not of a schema number: the store is opened read-only, so never migrated here. */
function hasChain(db: SqliteDatabase): boolean {
  return (db.pragma('table_info(audit)') as Array<{ name: string }>).some((column) => column.name === 'hash');
}

/**
 * `npm run audit:verify`: walks the audit trail's hash chain in a store, read-only (Watchfloor may
 * be running on it), names the first row that breaks it, and exports the trail on request.
 */
function main(argv: readonly string[]): number {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { 'data-dir': { type: 'string' }, export: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const dataDir = values['data-dir'];
  if (!dataDir) {
    console.error(`--data-dir is required\n${USAGE}`);
    return 2;
  }
  const file = resolve(dataDir, STORE_FILE);
  if (!existsSync(file)) {
    console.error(`no store at ${file}: is --data-dir the directory Watchfloor was started with?`);
    return 2;
  }
  let db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    console.error(`the store ${file} could not be opened: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    if (!hasChain(db)) {
      console.error(`the store ${file} predates the audit chain (schema ${schemaVersion(db)}): start Watchfloor on it once and its rows are chained`);
      return 2;
    }
    const repo = new AuditRepo(db);
    const verification = repo.verify();
    if (values.export !== undefined) {
      const { rows, jsonl } = repo.exportJsonLines();
      if (values.export === '-') process.stdout.write(jsonl);
      else {
        writeFileSync(values.export, jsonl);
        console.error(`exported ${rows} ${rows === 1 ? 'row' : 'rows'} to ${values.export}`);
      }
    }
    // With the export on standard output, the verdict goes to standard error.
    (verification.intact && values.export !== '-' ? console.log : console.error)(verification.message);
    return verification.intact ? 0 : 1;
  } catch (error) {
    console.error(`the store ${file} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    db.close();
  }
}

process.exitCode = main(process.argv.slice(2));
