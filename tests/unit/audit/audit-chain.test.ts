import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpsCore, type OpsCore } from '../../../main/core/ops-core.js';
import { AuditRepo } from '../../../main/core/store/audit-repo.js';
import { openDatabase, STORE_FILE } from '../../../main/core/store/database.js';
import { migrations } from '../../../main/core/store/migrations.js';
import { AuditVerification, type ChainedAuditEntry } from '../../../shared/contract/audit.js';
import { useTempDirs } from '../../support/temp.js';

/** The audit trail's hash chain: edits, deletions and forged rows made in SQLite directly are named by the first row they break. */

const ROWS = [
  { at: 1_000, who: 'Ada Lovelace <ada@example.com>', host: 'desktop' as const, action: 'alerts.ack', target: 'key a', why: null, result: 'succeeded' as const, detail: 'done', deploymentId: null },
  { at: 2_000, who: 'Zoë "Z" Ng', host: 'browser' as const, action: 'deploy', target: 'acme-prod (Acme, APAC)', why: 'hotfix\nfor INC-7 — ünïcode', result: 'started' as const, detail: 'v1.2.3', deploymentId: 'd-1' },
  { at: 3_000, who: 'ops', host: null, action: 'silence', target: 'ring production', why: null, result: 'refused' as const, detail: 'forbidden: no', deploymentId: null },
];

function storeWithRows(dir: string): string {
  const db = openDatabase(dir);
  const repo = new AuditRepo(db);
  for (const row of ROWS) repo.append(row);
  db.close();
  return join(dir, STORE_FILE);
}

function verify(dir: string): AuditVerification {
  const db = openDatabase(dir);
  try {
    return new AuditRepo(db).verify();
  } finally {
    db.close();
  }
}

function exported(dir: string): string {
  const db = openDatabase(dir);
  try {
    return new AuditRepo(db).exportJsonLines().jsonl;
  } finally {
    db.close();
  }
}

/** The spec in audit-chain.ts, implemented again in Python: what a team's own checker would do with an export. */
const PYTHON_CHECK = `
import hashlib, json, sys
prev = None
for line in sys.stdin:
    row = json.loads(line)
    fields = [row[k] for k in ["id","at","who","host","action","target","why","result","detail","deploymentId","prevHash"]]
    text = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    print(row["id"], digest, "follows" if row["prevHash"] == prev else "broken")
    prev = row["hash"]
`;

function pythonHashes(jsonl: string): string[] {
  return execFileSync('python3', ['-c', PYTHON_CHECK], { input: jsonl, encoding: 'utf8' }).trim().split('\n');
}

function sha256sum(text: string): string {
  return execFileSync('sha256sum', { input: text }).toString().split(' ')[0] ?? '';
}

function rawStore(dir: string): Database.Database {
  return new Database(join(dir, STORE_FILE));
}

describe('audit chain', () => {
  const tempDir = useTempDirs();
  const cores: OpsCore[] = [];
  afterEach(() => {
    for (const core of cores.splice(0)) core.close();
  });

  it('stores hashes that an independent implementation of the canonical text reproduces, and exports them as JSON Lines', () => {
    const dir = tempDir();
    storeWithRows(dir);
    const jsonl = exported(dir);
    const lines = jsonl.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const rows = lines.map((line) => JSON.parse(line) as ChainedAuditEntry);
    expect(rows.map((row) => row.id)).toEqual([1, 2, 3]);
    // The first row's canonical text written out by hand, hashed by coreutils.
    const first = '[1,1000,"Ada Lovelace <ada@example.com>","desktop","alerts.ack","key a",null,"succeeded","done",null,null]';
    expect(rows[0]?.hash).toBe(sha256sum(first));
    expect(rows[0]?.prevHash).toBeNull();
    expect(pythonHashes(jsonl)).toEqual(rows.map((row) => `${row.id} ${row.hash} follows`));
    expect(rows[1]?.why).toBe('hotfix\nfor INC-7 — ünïcode');
    expect(verify(dir)).toEqual({ intact: true, rows: 3, message: 'Chain intact, 3 rows' });
  });

  it('names a row edited in SQLite directly', () => {
    const dir = tempDir();
    storeWithRows(dir);
    const db = rawStore(dir);
    db.prepare("UPDATE audit SET who = 'someone else' WHERE id = 2").run();
    db.close();
    const result = verify(dir);
    expect(result.intact).toBe(false);
    expect(result).toMatchObject({ brokenAt: 2, rows: 1 });
    expect(result.message).toBe('Row 2 breaks the chain: its content does not match its hash (it was edited after it was written)');
  });

  it('names the row after a deleted one, and a trail whose newest row was deleted', () => {
    const dir = tempDir();
    storeWithRows(dir);
    const db = rawStore(dir);
    db.prepare('DELETE FROM audit WHERE id = 2').run();
    db.close();
    expect(verify(dir)).toMatchObject({ intact: false, brokenAt: 3, message: expect.stringContaining('Row 3 breaks the chain: it does not follow row 1') });

    const tail = tempDir();
    storeWithRows(tail);
    const raw = rawStore(tail);
    raw.prepare('DELETE FROM audit WHERE id = 3').run();
    raw.close();
    expect(verify(tail)).toMatchObject({ intact: false, brokenAt: 3, message: expect.stringContaining('Row 3 breaks the chain: it was written but is missing (the trail ends at row 2') });
  });

  it('names a forged row appended with a self-consistent hash but not the previous row\'s', () => {
    const dir = tempDir();
    storeWithRows(dir);
    const prevHash = sha256sum('not the previous row');
    const canonical = `[4,4000,"ada","desktop","deploy","acme-prod","","succeeded","done",null,"${prevHash}"]`;
    const db = rawStore(dir);
    db.prepare(
      `INSERT INTO audit (id, at, who, host, action, target, why, result, detail, deployment_id, prev_hash, hash)
       VALUES (4, 4000, 'ada', 'desktop', 'deploy', 'acme-prod', '', 'succeeded', 'done', NULL, ?, ?)`,
    ).run(prevHash, sha256sum(canonical));
    db.close();
    expect(verify(dir)).toMatchObject({ intact: false, brokenAt: 4, message: expect.stringContaining('Row 4 breaks the chain: it does not follow row 3') });
  });

  it('chains the rows a store already kept when it migrates', () => {
    const dir = tempDir();
    const db = new Database(join(dir, STORE_FILE));
    db.exec('CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const migration of migrations.filter((m) => m.version <= 7)) {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migration VALUES (?, ?, 0)').run(migration.version, migration.name);
    }
    const insert = db.prepare("INSERT INTO audit (at, who, action, target, why, result, detail, deployment_id) VALUES (?, 'ana', 'deploy', ?, NULL, 'succeeded', 'done', NULL)");
    insert.run(10, 'one');
    insert.run(20, 'two');
    db.close();

    expect(verify(dir)).toEqual({ intact: true, rows: 2, message: 'Chain intact, 2 rows' });
    const jsonl = exported(dir);
    const rows = jsonl.trimEnd().split('\n').map((line) => JSON.parse(line) as ChainedAuditEntry);
    expect(rows[0]?.hash).toBe(sha256sum('[1,10,"ana",null,"deploy","one",null,"succeeded","done",null,null]'));
    expect(pythonHashes(jsonl)).toEqual(rows.map((row) => `${row.id} ${row.hash} follows`));
  });

  // Three runs of a script through tsx: slow on a loaded machine.
  it('audit:verify says the chain is intact or names the breaking row, and exports the trail', { timeout: 120_000 }, () => {
    const dir = tempDir();
    storeWithRows(dir);
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'main/core/audit/audit-verify-cli.ts', ...args], { encoding: 'utf8' });
    const intact = cli('--data-dir', dir, '--export', join(dir, 'trail.jsonl'));
    expect(intact.stdout.trim()).toBe('Chain intact, 3 rows');
    expect(intact.status).toBe(0);
    expect(readFileSync(join(dir, 'trail.jsonl'), 'utf8')).toBe(exported(dir));

    const db = rawStore(dir);
    db.prepare("UPDATE audit SET detail = 'nothing happened' WHERE id = 1").run();
    db.close();
    const broken = cli('--data-dir', dir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('Row 1 breaks the chain: its content does not match its hash');

    const missing = cli('--data-dir', join(dir, 'nowhere'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no store at');
  });

  it('names the operator from the profile set in Settings and the host the command came through', async () => {
    const dir = tempDir();
    const core = createOpsCore({ dataDir: dir, version: 'test', sandboxSize: 5, operator: 'os-user', host: 'browser', log: () => {} });
    cores.push(core);
    expect(await core.dispatch('settings.operator', {})).toEqual({ ok: true, value: null });
    const bad = await core.dispatch('settings.saveOperator', { name: ' ', email: 'not-an-email', idempotencyKey: 'key-bad-profile' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.message).toContain('enter your name');
      expect(bad.error.message).toContain('enter an email address');
    }
    const saved = await core.dispatch('settings.saveOperator', { name: 'Ada Lovelace', email: 'ada@example.com', idempotencyKey: 'key-save-profile' });
    expect(saved).toEqual({ ok: true, value: { name: 'Ada Lovelace', email: 'ada@example.com' } });
    expect(await core.dispatch('settings.operator', {})).toEqual({ ok: true, value: { name: 'Ada Lovelace', email: 'ada@example.com' } });

    const page = await core.dispatch('audit.list', { query: { limit: 10 } });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    const [row] = (page.value as { entries: Array<{ who: string; host: string | null; action: string }> }).entries;
    expect(row).toMatchObject({ who: 'Ada Lovelace <ada@example.com>', host: 'browser', action: 'settings.saveOperator' });
    expect(await core.dispatch('audit.verify', {})).toEqual({ ok: true, value: { intact: true, rows: 1, message: 'Chain intact, 1 row' } });
  });
});
