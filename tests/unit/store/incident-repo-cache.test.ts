import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_FILE } from '../../../main/core/store/database.js';
import { openStore } from '../../../main/core/store/store.js';
import { incident } from '../incidents/incident-fixture.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function storeDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'incident-repo-'));
  dirs.push(dir);
  return dir;
}

describe('the incident cache keeps parsed incidents between reads', () => {
  it('shows a save, a delete and a change written by another connection on the next list', () => {
    const dir = storeDir();
    const store = openStore(dir);
    store.incidents.save({ incident: incident({ id: 'INC-1', title: 'Sign-in failing' }), ticket: null, syncedAt: null }, 1000);
    store.incidents.save({ incident: incident({ id: 'INC-2', title: 'Exports stuck' }), ticket: null, syncedAt: null }, 1000);
    expect(store.incidents.list().map((cached) => cached.incident.title).sort()).toEqual(['Exports stuck', 'Sign-in failing']);

    store.incidents.save({ incident: incident({ id: 'INC-1', title: 'Sign-in failing for Acme' }), ticket: null, syncedAt: 2000 }, 2000);
    store.incidents.delete('INC-2');
    expect(store.incidents.list().map((cached) => cached.incident.title)).toEqual(['Sign-in failing for Acme']);

    // Another process on the same file (a second console window) writes a newer row.
    const other = new Database(join(dir, STORE_FILE));
    const changed = JSON.stringify(incident({ id: 'INC-1', title: 'Sign-in failing everywhere' }));
    other.prepare('UPDATE incident SET incident_json = ?, updated_at = 3000 WHERE id = ?').run(changed, 'INC-1');
    other.close();
    expect(store.incidents.list().map((cached) => cached.incident.title)).toEqual(['Sign-in failing everywhere']);
    expect(store.incidents.get('INC-1')?.incident.title).toBe('Sign-in failing everywhere');
    store.close();
  });
});
