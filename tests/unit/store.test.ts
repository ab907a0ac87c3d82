import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, STORE_FILE } from '../../main/core/store/database.js';
import { EnvStateRepo } from '../../main/core/store/env-state-repo.js';
import { migrations } from '../../main/core/store/migrations.js';

const LATEST = migrations.at(-1)?.version ?? 0;
import { openStore } from '../../main/core/store/store.js';
import { useTempDirs } from '../support/temp.js';

describe('local store', () => {
  const tempDir = useTempDirs();

  it('keeps last-known state and command results across a restart', () => {
    const dir = tempDir();
    const store = openStore(dir);
    store.envStates.saveMany([{ id: 'uk-prod', source: 'sim', health: 'critical', reason: 'disk 95%', observedAt: 1000, changedAt: 900 }]);
    store.envStates.markObserved('sim', 2000);
    store.commandResults.begin('key-00000001', 'sandbox.injectFault', 'digest', 1000);
    store.commandResults.finish('key-00000001', 1, 'final', '{"ok":true,"value":1}', 1100);
    store.commandResults.begin('key-00000002', 'silences.create', 'digest', 1200);
    store.close();

    const reopened = openStore(dir);
    expect(reopened.envStates.loadAll().get('uk-prod')).toEqual({
      id: 'uk-prod',
      source: 'sim',
      health: 'critical',
      reason: 'disk 95%',
      observedAt: 2000,
      changedAt: 900,
    });
    expect(reopened.commandResults.get('key-00000001')).toMatchObject({ state: 'final', resultJson: '{"ok":true,"value":1}' });
    // Running when the process ended: the next run under its key is its second, in doubt.
    expect(reopened.commandResults.get('key-00000002')).toMatchObject({ state: 'running', attempt: 1, resultJson: null });
    expect(reopened.commandResults.retry('key-00000002', 1300)).toBe(2);
    reopened.close();
  });

  it('runs in WAL mode, each commit on the disk before it returns, with its migrations recorded', () => {
    const db = openDatabase(tempDir());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // 2 = FULL: the WAL is synced at every commit, so what precedes a backend call survives a power cut.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    // The last-known health is relaxed for its own commits only.
    new EnvStateRepo(db).saveMany([{ id: 'uk-prod', source: 'sim', health: 'ok', reason: '', observedAt: 1, changedAt: 1 }]);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(schemaVersion(db)).toBe(LATEST);
    db.close();
  });

  it('refuses a store written by a newer version instead of damaging it', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const raw = new Database(join(dir, STORE_FILE));
    raw.prepare('INSERT INTO schema_migration (version, name, applied_at) VALUES (99, ?, 0)').run('from the future');
    raw.close();
    expect(() => openDatabase(dir)).toThrow(`the store was written by a newer Watchfloor (schema 99, this build knows ${LATEST})`);
  });
});
