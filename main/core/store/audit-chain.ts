import { createHash } from 'node:crypto';
import type { AuditVerification, ChainedAuditEntry } from '../../../shared/contract/audit.js';

/**
 * The hash chain of the audit trail. Each row stores `hash`, the SHA-256 of its canonical text,
 * and `prevHash`, the hash of the row before it (null for the first row), so editing, removing or
 * inserting a row breaks the chain at that row.
 *
 * Canonical text of a row (version 1), chosen so any language can recompute it:
 *   the JSON array [id, at, who, host, action, target, why, result, detail, deploymentId, prevHash]
 *   in exactly this order, serialised as by JSON.stringify (or Python's
 *   json.dumps(..., separators=(',', ':'), ensure_ascii=False)): no whitespace, null for absent
 *   values, integers as plain decimals; then encoded as UTF-8.
 * `hash` is the lowercase hex SHA-256 of those bytes.
 * An array rather than an object: its order is fixed by the spec, not by how a serialiser orders keys.
 */
export type ChainFields = Omit<ChainedAuditEntry, 'hash'>;

export function canonicalText(row: ChainFields): string {
  return JSON.stringify([row.id, row.at, row.who, row.host, row.action, row.target, row.why, row.result, row.detail, row.deploymentId, row.prevHash]);
}

export function rowHash(row: ChainFields): string {
  return createHash('sha256').update(canonicalText(row), 'utf8').digest('hex');
}

/**
 * Walks the rows oldest first and names the first that breaks the chain. `lastIssuedId` is the
 * highest id the store ever gave out (SQLite's AUTOINCREMENT counter): a trail that ends before it
 * lost its newest rows, which the chain alone cannot show.
 */
export function verifyChain(rows: Iterable<ChainedAuditEntry>, lastIssuedId: number): AuditVerification {
  let previous: ChainedAuditEntry | null = null;
  let count = 0;
  for (const row of rows) {
    const broken = (reason: string): AuditVerification => ({ intact: false, rows: count, brokenAt: row.id, message: `Row ${row.id} breaks the chain: ${reason}` });
    if (previous === null && row.prevHash !== null) {
      return broken('it names a previous row, but none is kept before it (rows before it were removed)');
    }
    if (previous !== null && row.prevHash !== previous.hash) {
      return broken(`it does not follow row ${previous.id} (a row between them was removed, or this one was added without the chain)`);
    }
    if (rowHash(row) !== row.hash) return broken('its content does not match its hash (it was edited after it was written)');
    previous = row;
    count += 1;
  }
  const lastId = previous?.id ?? 0;
  if (lastIssuedId > lastId) {
    return {
      intact: false,
      rows: count,
      brokenAt: lastIssuedId,
      message: `Row ${lastIssuedId} breaks the chain: it was written but is missing (the trail ends at ${lastId === 0 ? 'no row' : `row ${lastId}`}; its newest rows were removed)`,
    };
  }
  return { intact: true, rows: count, message: `Chain intact, ${count} ${count === 1 ? 'row' : 'rows'}` };
}

/** The trail as JSON Lines: one chained row per line, oldest first. */
export function toJsonLines(rows: Iterable<ChainedAuditEntry>): { rows: number; jsonl: string } {
  const lines: string[] = [];
  for (const row of rows) lines.push(`${JSON.stringify(row)}\n`);
  return { rows: lines.length, jsonl: lines.join('') };
}
