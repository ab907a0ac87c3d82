import { OutboxBasis, OutboxPayload, OutboxState, UNDELIVERED, type OutboxEntry } from '../incidents/outbox-entry.js';
import type { SqliteDatabase } from './database.js';

interface Row {
  seq: number;
  entry_key: string;
  incident_id: string;
  payload_json: string;
  basis_json: string | null;
  state: string;
  attempts: number;
  last_error: string | null;
  conflict: string | null;
  created_at: number;
  created_by: string;
}

export interface NewOutboxEntry {
  key: string;
  incidentId: string;
  payload: OutboxPayload;
  basis: OutboxBasis | null;
  createdAt: number;
  createdBy: string;
}

const COLUMNS = 'seq, entry_key, incident_id, payload_json, basis_json, state, attempts, last_error, conflict, created_at, created_by';
const UNDELIVERED_SQL = UNDELIVERED.map((state) => `'${state}'`).join(', ');

/**
 * The offline outbox: what waits to reach the incidents' tickets, in order per incident (seq).
 * The store runs with synchronous=FULL, so an entry written here survives a power cut, and
 * `sending` is written before each send: found at start-up, it means the send was cut short.
 */
export class OutboxRepo {
  private readonly insert;
  private readonly byKey;
  private readonly undeliveredOf;
  private readonly undeliveredAll;
  private readonly setState;
  private readonly setBasis;
  private readonly interrupted;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT INTO incident_outbox (entry_key, incident_id, kind, payload_json, basis_json, state, created_at, created_by, updated_at)
       VALUES (@key, @incidentId, @kind, @payload, @basis, 'pending', @createdAt, @createdBy, @createdAt)
       ON CONFLICT(entry_key) DO NOTHING`,
    );
    this.byKey = db.prepare(`SELECT ${COLUMNS} FROM incident_outbox WHERE entry_key = ?`);
    this.undeliveredOf = db.prepare(`SELECT ${COLUMNS} FROM incident_outbox WHERE incident_id = ? AND state IN (${UNDELIVERED_SQL}) ORDER BY seq`);
    this.undeliveredAll = db.prepare(`SELECT ${COLUMNS} FROM incident_outbox WHERE state IN (${UNDELIVERED_SQL}) ORDER BY seq`);
    this.setState = db.prepare(
      `UPDATE incident_outbox SET state = @state, attempts = attempts + @attempt, last_error = @lastError, conflict = @conflict, updated_at = @at WHERE entry_key = @key`,
    );
    this.setBasis = db.prepare('UPDATE incident_outbox SET basis_json = @basis, updated_at = @at WHERE entry_key = @key');
    this.interrupted = db.prepare(`UPDATE incident_outbox SET state = 'in-doubt', updated_at = ? WHERE state = 'sending'`);
  }

  /** Adds the entry unless one with its key exists (a command run again under its idempotency key); the entry as stored. */
  add(entry: NewOutboxEntry): OutboxEntry {
    this.insert.run({ ...entry, kind: entry.payload.kind, payload: JSON.stringify(entry.payload), basis: entry.basis === null ? null : JSON.stringify(entry.basis) });
    const stored = this.get(entry.key);
    if (!stored) throw new Error(`outbox entry ${entry.key} was not stored`);
    return stored;
  }

  get(key: string): OutboxEntry | null {
    const row = this.byKey.get(key) as Row | undefined;
    return row ? rowToEntry(row) : null;
  }

  /** Entries not yet delivered nor withdrawn, oldest first; of one incident, or of all. */
  undelivered(incidentId?: string): OutboxEntry[] {
    const rows = (incidentId === undefined ? this.undeliveredAll.all() : this.undeliveredOf.all(incidentId)) as Row[];
    return rows.map(rowToEntry);
  }

  /** Marks `sending` (counting the attempt) before a send, or its outcome after. */
  mark(key: string, state: OutboxState, at: number, details: { lastError?: string | null; conflict?: string | null } = {}): void {
    this.setState.run({ key, state, attempt: state === 'sending' ? 1 : 0, lastError: details.lastError ?? null, conflict: details.conflict ?? null, at });
  }

  /** One entry delivered and the incident's later entries now written against the ticket as it stands: in one transaction. */
  delivered(key: string, rebase: { keys: readonly string[]; basis: OutboxBasis | null }, at: number): void {
    this.db.transaction(() => {
      this.mark(key, 'delivered', at);
      for (const later of rebase.keys) this.setBasis.run({ key: later, basis: rebase.basis === null ? null : JSON.stringify(rebase.basis), at });
    })();
  }

  rebase(key: string, basis: OutboxBasis | null, at: number): void {
    this.setBasis.run({ key, basis: basis === null ? null : JSON.stringify(basis), at });
  }

  /** At start-up: a send the process did not live to finish may have reached the ticket. */
  markInterrupted(at: number): number {
    return this.interrupted.run(at).changes;
  }
}

function rowToEntry(row: Row): OutboxEntry {
  return {
    seq: row.seq,
    key: row.entry_key,
    incidentId: row.incident_id,
    payload: OutboxPayload.parse(JSON.parse(row.payload_json)),
    basis: row.basis_json === null ? null : OutboxBasis.parse(JSON.parse(row.basis_json)),
    state: OutboxState.parse(row.state),
    attempts: row.attempts,
    lastError: row.last_error,
    conflict: row.conflict,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}
