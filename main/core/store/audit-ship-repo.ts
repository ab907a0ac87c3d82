import type { AuditShipQueueState, ChainedAuditEntry } from '../../../shared/contract/audit.js';
import { toChained, type Row } from './audit-repo.js';
import type { SqliteDatabase } from './database.js';

/**
 * The audit rows waiting to reach the team's central log, oldest first. AuditRepo.append queues
 * each row in the transaction that keeps it; a row leaves the queue only once its target has it,
 * so a kill or a restart at any point ships it again rather than losing it.
 */
export class AuditShipRepo {
  private readonly waitingRows;
  private readonly setShipped;
  private readonly setFailed;
  private readonly countWaiting;
  private readonly newestShipped;
  private readonly oldestFailure;

  constructor(db: SqliteDatabase) {
    this.waitingRows = db.prepare(
      'SELECT audit.* FROM audit_ship JOIN audit ON audit.id = audit_ship.audit_id WHERE audit_ship.shipped_at IS NULL ORDER BY audit_ship.audit_id LIMIT ?',
    );
    this.setShipped = db.prepare('UPDATE audit_ship SET shipped_at = @at, last_attempt_at = @at, attempts = attempts + 1, last_error = NULL WHERE audit_id = @id');
    this.setFailed = db.prepare('UPDATE audit_ship SET last_attempt_at = @at, attempts = attempts + 1, last_error = @error WHERE audit_id = @id');
    // Joined with the trail: a queued row removed from the trail cannot be shipped (audit.verify names it).
    this.countWaiting = db.prepare('SELECT COUNT(*) AS n FROM audit_ship JOIN audit ON audit.id = audit_ship.audit_id WHERE audit_ship.shipped_at IS NULL');
    this.newestShipped = db.prepare('SELECT audit_id, shipped_at FROM audit_ship WHERE shipped_at IS NOT NULL ORDER BY audit_id DESC LIMIT 1');
    this.oldestFailure = db.prepare(
      'SELECT last_error, last_attempt_at, attempts FROM audit_ship JOIN audit ON audit.id = audit_ship.audit_id WHERE shipped_at IS NULL ORDER BY audit_id LIMIT 1',
    );
  }

  /** The oldest rows not yet shipped, as stored, with their place in the chain. */
  waiting(limit: number): ChainedAuditEntry[] {
    return (this.waitingRows.all(limit) as Row[]).map(toChained);
  }

  markShipped(auditId: number, at: number): void {
    this.setShipped.run({ id: auditId, at });
  }

  markFailed(auditId: number, error: string, at: number): void {
    this.setFailed.run({ id: auditId, at, error });
  }

  state(): AuditShipQueueState {
    const waiting = (this.countWaiting.get() as { n: number }).n;
    const shipped = this.newestShipped.get() as { audit_id: number; shipped_at: number } | undefined;
    const oldest = this.oldestFailure.get() as { last_error: string | null; last_attempt_at: number | null; attempts: number } | undefined;
    return {
      waiting,
      lastShipped: shipped ? { id: shipped.audit_id, at: shipped.shipped_at } : null,
      lastError:
        oldest?.last_error != null && oldest.last_attempt_at !== null ? { message: oldest.last_error, at: oldest.last_attempt_at, attempts: oldest.attempts } : null,
    };
  }
}
