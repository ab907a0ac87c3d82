import { AuditEntry, AuditHost, AuditResult, type AuditPage, type AuditQuery, type AuditVerification, type ChainedAuditEntry } from '../../../shared/contract/audit.js';
import { rowHash, toJsonLines, verifyChain } from './audit-chain.js';
import type { SqliteDatabase } from './database.js';

/** Without a host where no console command is behind it (the core acting on its own, or a test). */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'host'> & { host?: AuditHost | null };

export interface Row {
  id: number;
  at: number;
  who: string;
  host: string | null;
  action: string;
  target: string;
  why: string | null;
  result: string;
  detail: string;
  deployment_id: string | null;
  prev_hash: string | null;
  hash: string;
}

function toEntry(row: Row): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    who: row.who,
    host: AuditHost.nullable().catch(null).parse(row.host),
    action: row.action,
    target: row.target,
    why: row.why,
    result: AuditResult.catch('failed').parse(row.result),
    detail: row.detail,
    deploymentId: row.deployment_id,
  };
}

/** A row exactly as stored, for the chain: a value the schema would not accept must still be hashed as it is. */
export function toChained(row: Row): ChainedAuditEntry {
  return {
    id: row.id,
    at: row.at,
    who: row.who,
    host: row.host as ChainedAuditEntry['host'],
    action: row.action,
    target: row.target,
    why: row.why,
    result: row.result as ChainedAuditEntry['result'],
    detail: row.detail,
    deploymentId: row.deployment_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Gives every row from `fromId` on its place in the chain; run by the migration that added the chain, and by append. */
export function chainRows(db: SqliteDatabase, fromId: number): void {
  const before = db.prepare('SELECT hash FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1').get(fromId) as { hash: string | null } | undefined;
  const setHash = db.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?');
  let prevHash = before?.hash ?? null;
  // all(), not iterate(): better-sqlite3 runs no update while a read is open on the connection.
  for (const row of db.prepare('SELECT * FROM audit WHERE id >= ? ORDER BY id').all(fromId) as Row[]) {
    const hash = rowHash({ ...toChained(row), prevHash });
    setHash.run(prevHash, hash, row.id);
    prevHash = hash;
  }
}

/** LIKE's own wildcards in what was typed are matched as themselves. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The audit trail: appended to, never edited; each row chained to the one before by its hash. */
export class AuditRepo {
  private readonly insert;
  private readonly lastHash;
  private readonly setHash;
  private readonly queueForShipping;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT INTO audit (at, who, host, action, target, why, result, detail, deployment_id, prev_hash, hash)
       VALUES (@at, @who, @host, @action, @target, @why, @result, @detail, @deploymentId, @prevHash, '')`,
    );
    this.lastHash = db.prepare('SELECT hash FROM audit ORDER BY id DESC LIMIT 1');
    this.setHash = db.prepare('UPDATE audit SET hash = ? WHERE id = ?');
    this.queueForShipping = db.prepare('INSERT INTO audit_ship (audit_id) VALUES (?)');
  }

  /**
   * The id is part of what is hashed and is known only once inserted: both in one transaction,
   * IMMEDIATE so a second process on the same store waits rather than chaining onto the same row.
   */
  append(entry: NewAuditEntry): number {
    return this.db.transaction(() => {
      const prevHash = (this.lastHash.get() as { hash: string } | undefined)?.hash ?? null;
      const row = { ...entry, host: entry.host ?? null, prevHash };
      const id = Number(this.insert.run(row).lastInsertRowid);
      this.setHash.run(rowHash({ ...row, id }), id);
      // Queued with the row, in its transaction: a row is never kept without being queued for the team's log.
      this.queueForShipping.run(id);
      return id;
    }).immediate();
  }

  /** Every row oldest first, as stored, with its place in the chain. */
  chained(): Iterable<ChainedAuditEntry> {
    const rows = this.db.prepare('SELECT * FROM audit ORDER BY id').iterate() as Iterable<Row>;
    return (function* () {
      for (const row of rows) yield toChained(row);
    })();
  }

  verify(): AuditVerification {
    return verifyChain(this.chained(), lastIssuedAuditId(this.db));
  }

  exportJsonLines(): { rows: number; jsonl: string } {
    return toJsonLines(this.chained());
  }

  /** Newest first, a page at a time. */
  list(query: AuditQuery): AuditPage {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.before !== undefined) {
      where.push('id < ?');
      params.push(query.before);
    }
    if (query.deploymentId !== undefined) {
      where.push('deployment_id = ?');
      params.push(query.deploymentId);
    }
    const text = query.text?.trim();
    if (text) {
      const pattern = likePattern(text);
      where.push(
        `(${['who', 'action', 'target', "COALESCE(why, '')", 'detail'].map((column) => `lower(${column}) LIKE ? ESCAPE '\\'`).join(' OR ')})`,
      );
      params.push(pattern, pattern, pattern, pattern, pattern);
    }
    const sql = `SELECT * FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    // One more than asked: whether there is an older page.
    const rows = this.db.prepare(sql).all(...params, query.limit + 1) as Row[];
    const entries = rows.slice(0, query.limit).map(toEntry);
    const last = entries.at(-1);
    return { entries, nextBefore: rows.length > query.limit && last ? last.id : null };
  }
}

/** The highest id SQLite's AUTOINCREMENT ever gave an audit row, deleted or not. */
export function lastIssuedAuditId(db: SqliteDatabase): number {
  const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").get() as { seq: number } | undefined;
  return row?.seq ?? 0;
}
