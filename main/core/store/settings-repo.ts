import type { z } from 'zod';
import type { SqliteDatabase } from './database.js';

/** Small typed values (such as the last good fleet definition), each checked by its schema on read. */
export class SettingsRepo {
  private readonly find;
  private readonly put;

  constructor(db: SqliteDatabase) {
    this.find = db.prepare('SELECT value_json AS valueJson FROM setting WHERE key = ?');
    this.put = db.prepare(
      `INSERT INTO setting (key, value_json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
    );
  }

  get<T extends z.ZodType>(key: string, schema: T): z.infer<T> | undefined {
    const row = this.find.get(key) as { valueJson: string } | undefined;
    if (!row) return undefined;
    const parsed = schema.safeParse(JSON.parse(row.valueJson));
    return parsed.success ? parsed.data : undefined;
  }

  set(key: string, value: unknown): void {
    this.put.run(key, JSON.stringify(value), Date.now());
  }
}
