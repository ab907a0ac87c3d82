import type { SqliteDatabase } from './database.js';

export interface AlertAck {
  key: string;
  /** When the acknowledged alert started: the same fingerprint firing again later is a new alert. */
  startsAt: number;
  by: string;
  at: number;
}

interface Row {
  alert_key: string;
  starts_at: number;
  acknowledged_by: string;
  acknowledged_at: number;
}

/** Who acknowledged which firing alert and when, kept across restarts until the alert resolves. */
export class AlertAckRepo {
  private readonly upsert;
  private readonly remove;
  private readonly all;

  constructor(private readonly db: SqliteDatabase) {
    this.upsert = db.prepare(
      `INSERT INTO alert_ack (alert_key, starts_at, acknowledged_by, acknowledged_at) VALUES (@key, @startsAt, @by, @at)
       ON CONFLICT(alert_key) DO UPDATE SET starts_at = excluded.starts_at, acknowledged_by = excluded.acknowledged_by,
         acknowledged_at = excluded.acknowledged_at`,
    );
    this.remove = db.prepare('DELETE FROM alert_ack WHERE alert_key = ?');
    this.all = db.prepare('SELECT alert_key, starts_at, acknowledged_by, acknowledged_at FROM alert_ack');
  }

  save(ack: AlertAck): void {
    this.upsert.run(ack);
  }

  deleteMany(keys: readonly string[]): void {
    if (keys.length === 0) return;
    this.db.transaction((rows: readonly string[]) => {
      for (const key of rows) this.remove.run(key);
    })(keys);
  }

  loadAll(): Map<string, AlertAck> {
    const result = new Map<string, AlertAck>();
    for (const row of this.all.iterate() as IterableIterator<Row>) {
      result.set(row.alert_key, { key: row.alert_key, startsAt: row.starts_at, by: row.acknowledged_by, at: row.acknowledged_at });
    }
    return result;
  }
}
