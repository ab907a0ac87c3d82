import type { SqliteDatabase } from './database.js';

export interface StoredCommandResult {
  method: string;
  inputJson: string;
  resultJson: string;
}

/** The first answer to each idempotency key, kept so a retry gets it again instead of a second effect. */
export class CommandResultRepo {
  private readonly find;
  private readonly insert;

  constructor(db: SqliteDatabase) {
    this.find = db.prepare('SELECT method, input_json AS inputJson, result_json AS resultJson FROM command_result WHERE idempotency_key = ?');
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO command_result (idempotency_key, method, input_json, result_json, created_at) VALUES (?, ?, ?, ?, ?)',
    );
  }

  get(key: string): StoredCommandResult | undefined {
    return this.find.get(key) as StoredCommandResult | undefined;
  }

  save(key: string, method: string, inputJson: string, resultJson: string): void {
    this.insert.run(key, method, inputJson, resultJson, Date.now());
  }
}
