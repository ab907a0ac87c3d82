import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { DeployAction } from '../../../../shared/contract/deploys.js';
import { Ring } from '../../../../shared/fleet-definition/ids.js';

/**
 * The simulated backend's own state, in its own SQLite file in the data dir
 * (`sandbox-backend.sqlite`), as a real backend keeps its state apart from the console: runs,
 * what each environment's slots serve, tickets, status-page incidents and the id sequences
 * outlive the console's process and every connector rebuild. Every change is committed durably (synchronous=FULL) before the
 * backend answers, and ids come from one sequence in the file, so two instances over the same
 * file never mint the same id. The fault-injection suite counts effects in `sandbox_deployment`
 * (one row per accepted deployment), `sandbox_swap` (one row per completed swap),
 * `sandbox_ticket`, `sandbox_ticket_comment`, `sandbox_status_incident` and
 * `sandbox_status_update` (one row per ticket, comment, public incident and update). Tables are
 * added to SCHEMA with IF NOT EXISTS, so an older file gains them when it is opened.
 */

export const SANDBOX_BACKEND_FILE = 'sandbox-backend.sqlite';

export const DeployFaultName = z.enum(['fail-step', 'guided-failure', 'slow', 'fail-verification']);
const RunState = z.enum(['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled']);
const LogLine = z.object({ at: z.number(), level: z.enum(['info', 'warning', 'error']), text: z.string() });

/** What a run was ordered to do, as the backend keeps it (no console objects). */
const StoredOrder = z.object({
  key: z.string(),
  action: DeployAction,
  version: z.string(),
  environmentId: z.string(),
  ring: Ring.nullable(),
  servers: z.number().int(),
  remoteName: z.string(),
  slot: z.enum(['production', 'staging']),
  runAt: z.number().nullable(),
  noRunAfter: z.number().nullable(),
  guidedFailure: z.boolean(),
  requestedBy: z.string(),
});
export type StoredOrder = z.infer<typeof StoredOrder>;

export const StoredRun = z.object({
  id: z.string(),
  order: StoredOrder,
  faults: z.array(DeployFaultName),
  state: RunState,
  createdAt: z.number(),
  step: z.number().int(),
  stepStartedAt: z.number(),
  /** The armed step fault has not fired yet (a retry clears it). */
  faultPending: z.boolean(),
  interruption: z
    .object({ id: z.string(), title: z.string(), message: z.string(), answers: z.array(z.enum(['retry', 'ignore', 'abort', 'proceed'])) })
    .nullable(),
  message: z.string().nullable(),
  log: z.array(LogLine),
});
export type StoredRun = z.infer<typeof StoredRun>;

const SlotContent = z.object({
  version: z.string(),
  at: z.number().nullable(),
  /** Deployed under 'fail-verification': its checks fail once it serves production. */
  failsVerification: z.boolean(),
});
export const EnvironmentSlots = z.object({ production: SlotContent, staging: SlotContent.nullable() });
export type EnvironmentSlots = z.infer<typeof EnvironmentSlots>;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sandbox_deployment (
  id TEXT PRIMARY KEY,
  order_key TEXT NOT NULL,
  environment_id TEXT NOT NULL,
  version TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  backend_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  remote_name TEXT NOT NULL,
  state TEXT NOT NULL,
  run_json TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS sandbox_deployment_key ON sandbox_deployment (backend_id, order_key);
CREATE INDEX IF NOT EXISTS sandbox_deployment_state ON sandbox_deployment (backend_id, state);
CREATE TABLE IF NOT EXISTS sandbox_swap (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  environment_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  backend_id TEXT NOT NULL,
  production_version TEXT NOT NULL,
  staging_version TEXT
);
CREATE TABLE IF NOT EXISTS sandbox_slots (
  backend_id TEXT NOT NULL,
  environment_id TEXT NOT NULL,
  slots_json TEXT NOT NULL,
  PRIMARY KEY (backend_id, environment_id)
);
CREATE TABLE IF NOT EXISTS sandbox_armed (
  backend_id TEXT NOT NULL,
  environment_id TEXT NOT NULL,
  faults_json TEXT NOT NULL,
  PRIMARY KEY (backend_id, environment_id)
);
CREATE TABLE IF NOT EXISTS sandbox_sequence (name TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sandbox_ticket (
  backend_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  marker TEXT,
  subject TEXT NOT NULL,
  description TEXT NOT NULL,
  severity TEXT,
  status TEXT NOT NULL,
  record TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (backend_id, number)
);
CREATE INDEX IF NOT EXISTS sandbox_ticket_marker ON sandbox_ticket (backend_id, marker);
CREATE TABLE IF NOT EXISTS sandbox_ticket_comment (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  backend_id TEXT NOT NULL,
  ticket_number INTEGER NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL,
  comment_key TEXT,
  visibility TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sandbox_ticket_comment_ticket ON sandbox_ticket_comment (backend_id, ticket_number);
CREATE TABLE IF NOT EXISTS sandbox_status_incident (
  backend_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  marker TEXT,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (backend_id, number)
);
CREATE TABLE IF NOT EXISTS sandbox_status_update (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  backend_id TEXT NOT NULL,
  incident_number INTEGER NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  scope_json TEXT NOT NULL,
  component_impact TEXT NOT NULL,
  notify INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sandbox_status_component (
  backend_id TEXT NOT NULL,
  scope_id TEXT NOT NULL,
  status TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (backend_id, scope_id)
);
`;

interface RunRow {
  run_json: string;
}

/** One sandbox backend's view of the file: every query is scoped to its backend id. */
export class SandboxBackendFile {
  private opened: Database.Database | null = null;
  private closed = false;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly dataDir: string | undefined,
    /** Scopes every row: two sandbox backends may share the file. */
    readonly backendId: string,
  ) {}

  /** Opened on the first call: a connector built only to be probed never touches the file. */
  private get db(): Database.Database {
    if (this.closed) throw new Error('the simulated backend was closed (the connectors were rebuilt)');
    if (this.opened) return this.opened;
    const { dataDir } = this;
    // Without a data dir (a unit test) the backend lives in memory only.
    if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
    const db = new Database(dataDir === undefined ? ':memory:' : join(dataDir, SANDBOX_BACKEND_FILE));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    this.opened = db;
    return db;
  }

  /** A prepared statement, prepared once per open file; the ticketing and status-page modules keep their own queries. */
  sql(text: string): Database.Statement {
    const { db } = this;
    let statement = this.statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Runs `work` as one write transaction, taken before it reads, so two processes never interleave. */
  write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** The next deployment id: unique across restarts, rebuilds and instances. */
  nextId(): string {
    return `sandbox-deployment-${this.nextNumber('deployment')}`;
  }

  /** The next number of one of the file's sequences (`deployment`, `ticket`, `status-incident`). */
  nextNumber(sequence: string): number {
    const row = this.sql('INSERT INTO sandbox_sequence (name, last) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET last = last + 1 RETURNING last').get(sequence) as {
      last: number;
    };
    return row.last;
  }

  insertRun(run: StoredRun): void {
    const seq = Number(/(\d+)$/.exec(run.id)?.[1] ?? 0);
    this.sql(
        `INSERT INTO sandbox_deployment (id, order_key, environment_id, version, created_at, backend_id, seq, remote_name, state, run_json)
         VALUES (@id, @key, @environmentId, @version, @createdAt, @backendId, @seq, @remoteName, @state, @json)`,
      )
      .run({
        id: run.id,
        key: run.order.key,
        environmentId: run.order.environmentId,
        version: run.order.version,
        createdAt: run.createdAt,
        backendId: this.backendId,
        seq,
        remoteName: run.order.remoteName,
        state: run.state,
        json: JSON.stringify(run),
      });
  }

  saveRun(run: StoredRun): void {
    this.sql('UPDATE sandbox_deployment SET state = ?, run_json = ? WHERE id = ? AND backend_id = ?').run(run.state, JSON.stringify(run), run.id, this.backendId);
  }

  run(id: string): StoredRun | null {
    const row = this.sql('SELECT run_json FROM sandbox_deployment WHERE id = ? AND backend_id = ?').get(id, this.backendId) as RunRow | undefined;
    return row ? parseRun(row) : null;
  }

  runByKey(key: string): StoredRun | null {
    const row = this.sql('SELECT run_json FROM sandbox_deployment WHERE order_key = ? AND backend_id = ?').get(key, this.backendId) as RunRow | undefined;
    return row ? parseRun(row) : null;
  }

  /** Queued, running or paused, in the order they were created. */
  activeRuns(): StoredRun[] {
    const rows = this.sql("SELECT run_json FROM sandbox_deployment WHERE backend_id = ? AND state IN ('queued', 'running', 'paused') ORDER BY seq")
      .all(this.backendId) as RunRow[];
    return rows.map(parseRun);
  }

  /** Newest first. */
  runsTo(remoteName: string): StoredRun[] {
    const rows = this.sql('SELECT run_json FROM sandbox_deployment WHERE backend_id = ? AND remote_name = ? ORDER BY seq DESC LIMIT 50')
      .all(this.backendId, remoteName) as RunRow[];
    return rows.map(parseRun);
  }

  slots(environmentId: string): EnvironmentSlots | null {
    const row = this.sql('SELECT slots_json FROM sandbox_slots WHERE backend_id = ? AND environment_id = ?').get(this.backendId, environmentId) as
      | { slots_json: string }
      | undefined;
    return row ? EnvironmentSlots.parse(JSON.parse(row.slots_json)) : null;
  }

  setSlots(environmentId: string, slots: EnvironmentSlots): void {
    this.sql(
        `INSERT INTO sandbox_slots (backend_id, environment_id, slots_json) VALUES (?, ?, ?)
         ON CONFLICT(backend_id, environment_id) DO UPDATE SET slots_json = excluded.slots_json`,
      )
      .run(this.backendId, environmentId, JSON.stringify(slots));
  }

  recordSwap(environmentId: string, at: number, slots: EnvironmentSlots): void {
    this.sql('INSERT INTO sandbox_swap (environment_id, at, backend_id, production_version, staging_version) VALUES (?, ?, ?, ?, ?)')
      .run(environmentId, at, this.backendId, slots.production.version, slots.staging?.version ?? null);
  }

  /** When the environment's slots were last swapped, if ever. */
  lastSwapAt(environmentId: string): number | null {
    const row = this.sql('SELECT MAX(at) AS at FROM sandbox_swap WHERE backend_id = ? AND environment_id = ?').get(this.backendId, environmentId) as { at: number | null };
    return row.at;
  }

  armed(environmentId: string): Array<z.infer<typeof DeployFaultName>> {
    const row = this.sql('SELECT faults_json FROM sandbox_armed WHERE backend_id = ? AND environment_id = ?').get(this.backendId, environmentId) as
      | { faults_json: string }
      | undefined;
    return row ? z.array(DeployFaultName).parse(JSON.parse(row.faults_json)) : [];
  }

  setArmed(environmentId: string, faults: ReadonlyArray<z.infer<typeof DeployFaultName>>): void {
    if (faults.length === 0) {
      this.sql('DELETE FROM sandbox_armed WHERE backend_id = ? AND environment_id = ?').run(this.backendId, environmentId);
      return;
    }
    this.sql(
        `INSERT INTO sandbox_armed (backend_id, environment_id, faults_json) VALUES (?, ?, ?)
         ON CONFLICT(backend_id, environment_id) DO UPDATE SET faults_json = excluded.faults_json`,
      )
      .run(this.backendId, environmentId, JSON.stringify(faults));
  }

  close(): void {
    this.closed = true;
    this.statements.clear();
    this.opened?.close();
    this.opened = null;
  }
}

function parseRun(row: RunRow): StoredRun {
  return StoredRun.parse(JSON.parse(row.run_json));
}
