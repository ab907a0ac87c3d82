import { AuditEntry, AuditResult, type AuditPage, type AuditQuery } from '../../../shared/contract/audit.js';
import type { SqliteDatabase } from './database.js';

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

interface Row {
  id: number;
  at: number;
  who: string;
  action: string;
  target: string;
  why: string | null;
  result: string;
  detail: string;
  deployment_id: string | null;
}

function toEntry(row: Row): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    who: row.who,
    action: row.action,
    target: row.target,
    why: row.why,
    result: AuditResult.catch('failed').parse(row.result),
    detail: row.detail,
    deploymentId: row.deployment_id,
  };
}

/** LIKE's own wildcards in what was typed are matched as themselves. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The audit trail: appended to, never edited. */
export class AuditRepo {
  private readonly insert;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT INTO audit (at, who, action, target, why, result, detail, deployment_id)
       VALUES (@at, @who, @action, @target, @why, @result, @detail, @deploymentId)`,
    );
  }

  append(entry: NewAuditEntry): number {
    return Number(this.insert.run(entry).lastInsertRowid);
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
