import { chainRows } from './audit-repo.js';
import type { SqliteDatabase } from './database.js';

/**
 * Versioned schema of the local store. Append a migration; never edit one that shipped:
 * users' databases have already run it. `after` runs in the same transaction, for what SQL cannot compute.
 */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string; after?: (db: SqliteDatabase) => void }> = [
  {
    version: 1,
    name: 'last-known fleet state, command results, settings',
    sql: `
      CREATE TABLE env_state (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        health TEXT NOT NULL,
        reason TEXT NOT NULL,
        observed_at INTEGER,
        changed_at INTEGER NOT NULL
      );
      CREATE INDEX env_state_source ON env_state(source);
      CREATE TABLE command_result (
        idempotency_key TEXT PRIMARY KEY,
        method TEXT NOT NULL,
        input_json TEXT NOT NULL,
        result_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'alert acknowledgements',
    sql: `
      CREATE TABLE alert_ack (
        alert_key TEXT PRIMARY KEY,
        starts_at INTEGER NOT NULL,
        acknowledged_by TEXT NOT NULL,
        acknowledged_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'connections added in Settings (secret references only)',
    sql: `
      CREATE TABLE connection (
        id TEXT PRIMARY KEY,
        config_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'what each backend holds of each maintenance window (publications)',
    sql: `
      CREATE TABLE publication (
        window_id TEXT NOT NULL,
        item_key TEXT NOT NULL,
        backend_id TEXT NOT NULL,
        remote_id TEXT,
        series INTEGER NOT NULL,
        state TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        error TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (window_id, item_key, backend_id)
      );
    `,
  },
  {
    version: 5,
    name: 'deployments, their logs, and the audit trail',
    sql: `
      CREATE TABLE deployment (
        id TEXT PRIMARY KEY,
        order_key TEXT NOT NULL UNIQUE,
        environment_id TEXT NOT NULL,
        state TEXT NOT NULL,
        record_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX deployment_state ON deployment(state);
      CREATE INDEX deployment_created ON deployment(created_at);
      CREATE TABLE deployment_log (
        deployment_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at INTEGER NOT NULL,
        level TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (deployment_id, seq)
      );
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        why TEXT,
        result TEXT NOT NULL,
        detail TEXT NOT NULL,
        deployment_id TEXT
      );
      CREATE INDEX audit_deployment ON audit(deployment_id);
    `,
  },
  {
    version: 7,
    name: 'each command from before it runs: running, in doubt, or its final answer',
    sql: `
      CREATE TABLE command_run (
        idempotency_key TEXT PRIMARY KEY,
        method TEXT NOT NULL,
        input_digest TEXT NOT NULL,
        state TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        result_json TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      INSERT INTO command_run (idempotency_key, method, input_digest, state, attempt, result_json, created_at, updated_at)
        SELECT idempotency_key, method, input_json, 'final', 1, result_json, created_at, created_at FROM command_result;
      DROP TABLE command_result;
    `,
  },
  {
    version: 8,
    name: 'incidents as last read from their tickets, and the outbox of what waits to reach them',
    sql: `
      CREATE TABLE incident (
        id TEXT PRIMARY KEY,
        incident_json TEXT NOT NULL,
        ticket_json TEXT,
        synced_at INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE incident_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        entry_key TEXT NOT NULL UNIQUE,
        incident_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        basis_json TEXT,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        conflict TEXT,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX incident_outbox_order ON incident_outbox(incident_id, seq);
      CREATE INDEX incident_outbox_state ON incident_outbox(state);
    `,
  },
  {
    version: 9,
    name: 'the audit trail as a hash chain, with the host each command came through',
    sql: `
      ALTER TABLE audit ADD COLUMN host TEXT;
      ALTER TABLE audit ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
    `,
    // The rows already kept are chained in id order: from here on, any change to them shows.
    after: (db) => chainRows(db, 1),
  },
  {
    version: 10,
    name: "the incidents' change stamps in an index of their own",
    // The list checks every incident's stamp against its parsed copy; read from the table, each
    // stamp sits after the large JSON columns and costs a walk of their overflow pages.
    sql: `
      CREATE INDEX incident_stamps ON incident(id, updated_at);
    `,
  },
  {
    version: 11,
    name: "the audit rows' shipping queue to a team's central log",
    // A table of its own: the audit rows and their chain are not touched, and no foreign key either,
    // so a row removed from the trail is still found by audit.verify rather than refused. A row stays queued
    // (shipped_at null) until its target has it; the rows already kept are queued too, so the
    // team's log gets the whole trail once shipping is configured.
    sql: `
      CREATE TABLE audit_ship (
        audit_id INTEGER PRIMARY KEY,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_attempt_at INTEGER,
        shipped_at INTEGER
      );
      CREATE INDEX audit_ship_waiting ON audit_ship(shipped_at, audit_id);
      INSERT INTO audit_ship (audit_id) SELECT id FROM audit ORDER BY id;
    `,
  },
];
