import { Health } from '../../../shared/contract/health.js';
import { withRelaxedSync, type SqliteDatabase } from './database.js';

export interface StoredEnvState {
  id: string;
  source: string;
  health: Health;
  reason: string;
  observedAt: number | null;
  changedAt: number;
}

interface Row {
  id: string;
  source: string;
  health: string;
  reason: string;
  observed_at: number | null;
  changed_at: number;
}

/** Last-known health per environment, so the console opens with something true and dated; rewritten by every poll, so committed without an fsync each. */
export class EnvStateRepo {
  private readonly upsert;
  private readonly touch;
  private readonly all;

  constructor(private readonly db: SqliteDatabase) {
    this.upsert = db.prepare(
      `INSERT INTO env_state (id, source, health, reason, observed_at, changed_at)
       VALUES (@id, @source, @health, @reason, @observedAt, @changedAt)
       ON CONFLICT(id) DO UPDATE SET source = excluded.source, health = excluded.health, reason = excluded.reason,
         observed_at = excluded.observed_at, changed_at = excluded.changed_at`,
    );
    this.touch = db.prepare('UPDATE env_state SET observed_at = ? WHERE source = ?');
    this.all = db.prepare('SELECT id, source, health, reason, observed_at, changed_at FROM env_state');
  }

  saveMany(states: readonly StoredEnvState[]): void {
    if (states.length === 0) return;
    withRelaxedSync(this.db, () =>
      this.db.transaction((rows: readonly StoredEnvState[]) => {
        for (const row of rows) this.upsert.run(row);
      })(states),
    );
  }

  /** One statement instead of a row per environment: a live source saw all of its environments. */
  markObserved(source: string, at: number): void {
    withRelaxedSync(this.db, () => this.touch.run(at, source));
  }

  loadAll(): Map<string, StoredEnvState> {
    const result = new Map<string, StoredEnvState>();
    for (const row of this.all.iterate() as IterableIterator<Row>) {
      const health = Health.safeParse(row.health);
      result.set(row.id, {
        id: row.id,
        source: row.source,
        health: health.success ? health.data : 'unknown',
        reason: row.reason,
        observedAt: row.observed_at,
        changedAt: row.changed_at,
      });
    }
    return result;
  }
}
