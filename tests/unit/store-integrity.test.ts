import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../main/core/files/text-file.js';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import { AuditRepo } from '../../main/core/store/audit-repo.js';
import { openDatabase, StoreError, STORE_FILE } from '../../main/core/store/database.js';
import { openStore, type Store } from '../../main/core/store/store.js';
import type { SystemInfo } from '../../shared/contract/methods.js';
import { useTempDirs } from '../support/temp.js';

/** The store checks its disk at start: a damaged file is named, kept aside untouched, and never written to. */

function auditRow(index: number) {
  return { at: 1000 + index, who: 'ana', action: 'sandbox.injectFault', target: `env-${index}`, why: null, result: 'succeeded' as const, detail: `row ${index} `.repeat(200), deploymentId: null };
}

/** A closed store with enough audit rows to span many pages (in one commit: each commit waits for the disk). */
function storeWithRows(dir: string, rows = 300): string {
  const db = openDatabase(dir);
  const audit = new AuditRepo(db);
  db.transaction(() => {
    for (let index = 0; index < rows; index++) audit.append(auditRow(index));
  })();
  db.close();
  return join(dir, STORE_FILE);
}

function pageSize(file: string): number {
  const raw = new Database(file, { readonly: true });
  const size = raw.pragma('page_size', { simple: true }) as number;
  raw.close();
  return size;
}

function keptFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.includes('damaged'));
}

describe('store integrity at start', () => {
  const tempDir = useTempDirs();
  const opened: Store[] = [];
  const cores: OpsCore[] = [];
  afterEach(() => {
    for (const core of cores.splice(0)) core.close();
    for (const store of opened.splice(0)) store.close();
  });

  it('finds a damaged page in the middle, keeps the file aside unmodified and starts on a fresh store that says so', () => {
    const dir = tempDir();
    const file = storeWithRows(dir);
    const bytes = readFileSync(file);
    const size = pageSize(file);
    const pages = bytes.length / size;
    expect(pages).toBeGreaterThan(20);
    const middle = Math.floor(pages / 2) * size;
    randomBytes(size).copy(bytes, middle);
    writeFileSync(file, bytes);

    const store = openStore(dir);
    opened.push(store);
    const status = store.status();
    expect(status.file).toBe(file);
    expect(status.replaced).not.toBeNull();
    const replaced = status.replaced;
    if (!replaced) return;
    expect(replaced.keptAs).not.toBe(file);
    expect(readFileSync(replaced.keptAs).equals(bytes)).toBe(true);
    expect(replaced.message).toContain(file);
    expect(replaced.message).toContain(replaced.keptAs);
    expect(replaced.message).toMatch(/damaged/);
    // The fresh store works: nothing of the old one, and new rows go in and come back.
    expect(store.audit.list({ limit: 10 }).entries).toEqual([]);
    store.audit.append(auditRow(1));
    expect(store.audit.list({ limit: 10 }).entries).toHaveLength(1);
    // Still byte for byte what it was after the fresh store was written to.
    expect(readFileSync(replaced.keptAs).equals(bytes)).toBe(true);
  });

  it('keeps saying so after a restart, until the kept file is moved away', () => {
    const dir = tempDir();
    const file = storeWithRows(dir, 100);
    const bytes = readFileSync(file);
    const size = pageSize(file);
    randomBytes(size).copy(bytes, Math.floor(bytes.length / size / 2) * size);
    writeFileSync(file, bytes);
    const first = openStore(dir);
    const keptAs = first.status().replaced?.keptAs;
    first.close();
    expect(keptAs).toBeDefined();

    const second = openStore(dir);
    opened.push(second);
    expect(second.status().replaced?.keptAs).toBe(keptAs);
    for (const name of keptFiles(dir)) renameSync(join(dir, name), join(tempDir(), name));
    expect(second.status().replaced).toBeNull();
  });

  it('names the file when its header is damaged ("file is not a database"), keeping it aside', () => {
    const dir = tempDir();
    const file = storeWithRows(dir, 50);
    const bytes = readFileSync(file);
    Buffer.from('this is not what SQLite wrote here').copy(bytes, 0);
    writeFileSync(file, bytes);

    const store = openStore(dir);
    opened.push(store);
    const replaced = store.status().replaced;
    expect(replaced?.message).toContain(file);
    expect(replaced?.problem).toMatch(/not a database/);
    expect(readFileSync(replaced?.keptAs ?? '').equals(bytes)).toBe(true);
  });

  it('names the file and what to do when damage shows up while running, and says so in its status', async () => {
    const dir = tempDir();
    const file = storeWithRows(dir);
    const core = createOpsCore({ dataDir: dir, version: 'test', sandboxSize: 20, log: () => {} });
    cores.push(core);
    // Damaged under the running console: the audit pages are read from the disk on the next query.
    const bytes = readFileSync(file);
    const size = pageSize(file);
    randomBytes(size).copy(bytes, Math.floor(bytes.length / size / 2) * size);
    writeFileSync(file, bytes);

    const listed = await core.dispatch('audit.list', { query: { limit: 200 } });
    expect(listed.ok).toBe(false);
    if (!listed.ok) {
      expect(listed.error.message).toContain(file);
      expect(listed.error.message).toContain('Restart Watchfloor');
    }
    const info = await core.dispatch('system.info', {});
    expect(info.ok && (info.value as SystemInfo).store.damaged).toContain(file);
  });

  it('refuses a 0-byte store instead of taking it as new, and leaves it as it is', () => {
    const dir = tempDir();
    const file = join(dir, STORE_FILE);
    writeFileSync(file, '');
    let thrown: unknown;
    try {
      openStore(dir);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoreError);
    expect((thrown as Error).message).toContain(file);
    expect((thrown as Error).message).toContain('0 bytes');
    expect(readFileSync(file).length).toBe(0);
    expect(keptFiles(dir)).toEqual([]);
  });

  it('never leaves a 0-byte store behind when it creates one', () => {
    const dir = tempDir();
    const store = openStore(dir);
    opened.push(store);
    expect(readFileSync(join(dir, STORE_FILE)).length).toBeGreaterThan(0);
    expect(store.status()).toEqual({ file: join(dir, STORE_FILE), replaced: null, damaged: null });
  });

  it('stores a lone surrogate as valid UTF-8 (U+FFFD), whichever repo writes it', () => {
    const dir = tempDir();
    const store = openStore(dir);
    opened.push(store);
    store.audit.append({ ...auditRow(1), target: 'env-\uD800', detail: 'before \uDC00 after, and a pair kept: \uD83D\uDE80' });
    store.settings.set('note', 'x\uDBFF');
    const entry = store.audit.list({ limit: 1 }).entries[0];
    expect(entry?.target).toBe('env-\uFFFD');
    expect(entry?.detail).toBe('before \uFFFD after, and a pair kept: \uD83D\uDE80');
    store.close();
    opened.pop();

    const raw = new Database(join(dir, STORE_FILE), { readonly: true });
    const stored = raw.prepare("SELECT CAST(target AS BLOB) AS target, CAST(detail AS BLOB) AS detail FROM audit").get() as { target: Buffer; detail: Buffer };
    const setting = raw.prepare("SELECT CAST(value_json AS BLOB) AS value FROM setting WHERE key = 'note'").get() as { value: Buffer };
    raw.close();
    expect(firstInvalidUtf8(stored.target)).toBeNull();
    expect(firstInvalidUtf8(stored.detail)).toBeNull();
    expect(firstInvalidUtf8(setting.value)).toBeNull();
  });

  it('shows the console on a fresh store with the notice in system.info', async () => {
    const dir = tempDir();
    const file = storeWithRows(dir, 100);
    const bytes = readFileSync(file);
    const size = pageSize(file);
    randomBytes(size).copy(bytes, Math.floor(bytes.length / size / 2) * size);
    writeFileSync(file, bytes);
    const lines: string[] = [];
    const core = createOpsCore({ dataDir: dir, version: 'test', sandboxSize: 20, log: (line) => lines.push(line) });
    cores.push(core);
    const info = await core.dispatch('system.info', {});
    expect(info.ok).toBe(true);
    const store = info.ok ? (info.value as SystemInfo).store : undefined;
    expect(store?.file).toBe(file);
    expect(store?.replaced?.message).toContain(file);
    expect(existsSync(store?.replaced?.keptAs ?? '')).toBe(true);
    expect(lines.some((line) => line.includes(file) && line.includes('damaged'))).toBe(true);
  });

  it('refuses to start the console on a 0-byte store, naming it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, STORE_FILE), '');
    expect(() => createOpsCore({ dataDir: dir, version: 'test', sandboxSize: 20, log: () => {} })).toThrow(StoreError);
  });
});
