import { describe, expect, it } from 'vitest';
import { AuditRepo } from '../../../main/core/store/audit-repo.js';
import { AuditShipRepo } from '../../../main/core/store/audit-ship-repo.js';
import { openDatabase } from '../../../main/core/store/database.js';
import { useTempDirs } from '../../support/temp.js';

/** The shipping queue: every kept audit row waits in it, in order, until its target has it, across a reopen of the store. */

const row = (at: number, action: string) => ({ at, who: 'ops', host: 'desktop' as const, action, target: 'acme-prod', why: null, result: 'succeeded' as const, detail: '', deploymentId: null });

describe('audit shipping queue', () => {
  const tempDir = useTempDirs();

  it('queues each appended row with it, hands them out oldest first, and keeps what is not shipped across a reopen', () => {
    const dir = tempDir();
    let db = openDatabase(dir);
    const audit = new AuditRepo(db);
    audit.append(row(1_000, 'deploy'));
    audit.append(row(2_000, 'rollback'));
    audit.append(row(3_000, 'silence'));
    let queue = new AuditShipRepo(db);
    expect(queue.state()).toEqual({ waiting: 3, lastShipped: null, lastError: null });
    const first = queue.waiting(10);
    expect(first.map((entry) => entry.action)).toEqual(['deploy', 'rollback', 'silence']);
    expect(first[1]?.prevHash).toBe(first[0]?.hash);

    queue.markShipped(first[0]!.id, 5_000);
    queue.markFailed(first[1]!.id, 'connection refused', 6_000);
    db.close();

    db = openDatabase(dir);
    queue = new AuditShipRepo(db);
    expect(queue.waiting(10).map((entry) => entry.action)).toEqual(['rollback', 'silence']);
    expect(queue.state()).toEqual({ waiting: 2, lastShipped: { id: first[0]!.id, at: 5_000 }, lastError: { message: 'connection refused', at: 6_000, attempts: 1 } });
    // The queue lives beside the trail: shipping leaves the chain as it was.
    expect(new AuditRepo(db).verify()).toMatchObject({ intact: true, rows: 3 });
    db.close();
  });

  it('hands out at most the number asked for, and nothing once all is shipped', () => {
    const db = openDatabase(tempDir());
    const audit = new AuditRepo(db);
    for (let at = 1; at <= 5; at += 1) audit.append(row(at, `a${at}`));
    const queue = new AuditShipRepo(db);
    expect(queue.waiting(2).map((entry) => entry.action)).toEqual(['a1', 'a2']);
    for (const entry of queue.waiting(10)) queue.markShipped(entry.id, 9);
    expect(queue.waiting(10)).toEqual([]);
    expect(queue.state()).toMatchObject({ waiting: 0, lastError: null });
    db.close();
  });
});
