import { ConnectionConfig } from '../../../shared/contract/connections.js';
import type { SqliteDatabase } from './database.js';

/** Connections added in Settings. Secrets are references (keychain account or env variable), never values. */
export class ConnectionRepo {
  private readonly all;
  private readonly find;
  private readonly upsert;
  private readonly remove;

  constructor(db: SqliteDatabase) {
    this.all = db.prepare('SELECT config_json AS configJson FROM connection ORDER BY id');
    this.find = db.prepare('SELECT config_json AS configJson FROM connection WHERE id = ?');
    this.upsert = db.prepare(
      `INSERT INTO connection (id, config_json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET config_json = excluded.config_json, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM connection WHERE id = ?');
  }

  list(): ConnectionConfig[] {
    const rows = this.all.all() as Array<{ configJson: string }>;
    return rows.flatMap((row) => this.parse(row.configJson));
  }

  get(id: string): ConnectionConfig | undefined {
    const row = this.find.get(id) as { configJson: string } | undefined;
    return row ? this.parse(row.configJson)[0] : undefined;
  }

  put(config: ConnectionConfig): void {
    // Parsed again so nothing but the schema's fields (references, no values) can reach the disk.
    const checked = ConnectionConfig.parse(config);
    this.upsert.run(checked.id, JSON.stringify(checked), Date.now());
  }

  delete(id: string): boolean {
    return this.remove.run(id).changes > 0;
  }

  /** A row a later build wrote in a shape this one does not know is left out rather than guessed at. */
  private parse(json: string): ConnectionConfig[] {
    const parsed = ConnectionConfig.safeParse(JSON.parse(json));
    return parsed.success ? [parsed.data] : [];
  }
}
