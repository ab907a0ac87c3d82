import { z } from 'zod';
import { DeploymentLogLine, DeploymentView, FINISHED_STATES } from '../../../shared/contract/deploys.js';
import { PostDeployCheck } from '../../../shared/fleet-definition/deploys.js';
import type { SqliteDatabase } from './database.js';

/**
 * A deployment as the console keeps it: the view the renderer sees, and what it takes to
 * carry on after a restart (the order's target, how far the flow got).
 */
export const DeploymentRecord = z.object({
  /** "watchfloor-<id>": marks the deployment on the backend, so a retry finds it. */
  key: z.string(),
  view: DeploymentView,
  target: z.object({
    remoteName: z.string(),
    remoteTenant: z.string().nullable(),
    variables: z.record(z.string(), z.string()),
    swapBy: z.string().nullable(),
    /** A rollback that only swaps the warm slot back. */
    swapBack: z.boolean(),
    checks: z.array(PostDeployCheck),
    noRunAfter: z.number().int().nullable(),
  }),
  /** Remote log lines already copied into the deployment's log. */
  remoteLogCount: z.number().int(),
  /** Staging was swapped into production: a failed verification swaps it back. */
  swapped: z.boolean(),
  soakUntil: z.number().int().nullable(),
  /** When the backend last answered a call about this deployment. */
  lastAnswerAt: z.number().int().nullable(),
  /**
   * When the start was sent, saved before the call: from then on only the backend's answer says
   * whether it took it. Null = never sent, the one case where "nothing was started" is known.
   */
  startSentAt: z.number().int().nullable(),
  /**
   * When the last swap (or swap back) was sent, saved before the call: after a restart the
   * swapper says whether it swapped since then. Absent in records of earlier builds.
   */
  swapSentAt: z.number().int().nullable().default(null),
});
export type DeploymentRecord = z.infer<typeof DeploymentRecord>;

interface Row {
  record_json: string;
}

const FINISHED_LIST = FINISHED_STATES.map((state) => `'${state}'`).join(', ');

/** Deployments and their logs; a record is written before the backend is called, so a restart finds it. */
export class DeploymentRepo {
  private readonly upsert;
  private readonly one;
  private readonly unfinishedRows;
  private readonly recentRows;
  private readonly insertLog;
  private readonly countLog;
  private readonly logRows;

  constructor(private readonly db: SqliteDatabase) {
    this.upsert = db.prepare(
      `INSERT INTO deployment (id, order_key, environment_id, state, record_json, created_at, updated_at)
       VALUES (@id, @key, @environmentId, @state, @json, @createdAt, @updatedAt)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, record_json = excluded.record_json, updated_at = excluded.updated_at`,
    );
    this.one = db.prepare('SELECT record_json FROM deployment WHERE id = ?');
    this.unfinishedRows = db.prepare(`SELECT record_json FROM deployment WHERE state NOT IN (${FINISHED_LIST}) ORDER BY created_at DESC, id DESC`);
    this.recentRows = db.prepare('SELECT record_json FROM deployment ORDER BY created_at DESC, id DESC LIMIT ?');
    this.insertLog = db.prepare('INSERT INTO deployment_log (deployment_id, seq, at, level, text) VALUES (?, ?, ?, ?, ?)');
    this.countLog = db.prepare('SELECT COUNT(*) AS count FROM deployment_log WHERE deployment_id = ?');
    this.logRows = db.prepare('SELECT at, level, text FROM deployment_log WHERE deployment_id = ? AND seq >= ? ORDER BY seq');
  }

  save(record: DeploymentRecord, now: number): void {
    this.upsert.run({
      id: record.view.id,
      key: record.key,
      environmentId: record.view.environmentId,
      state: record.view.state,
      json: JSON.stringify(record),
      createdAt: record.view.requestedAt,
      updatedAt: now,
    });
  }

  /** Several at once: the records of one request land together or not at all. */
  saveAll(records: readonly DeploymentRecord[], now: number): void {
    this.db.transaction((rows: readonly DeploymentRecord[]) => {
      for (const record of rows) this.save(record, now);
    })(records);
  }

  get(id: string): DeploymentRecord | undefined {
    const row = this.one.get(id) as Row | undefined;
    return row ? this.parse(row)[0] : undefined;
  }

  unfinished(): DeploymentRecord[] {
    return (this.unfinishedRows.all() as Row[]).flatMap((row) => this.parse(row));
  }

  /** Newest first. */
  recent(limit: number): DeploymentRecord[] {
    return (this.recentRows.all(limit) as Row[]).flatMap((row) => this.parse(row));
  }

  appendLog(id: string, lines: readonly DeploymentLogLine[]): void {
    if (lines.length === 0) return;
    this.db.transaction(() => {
      let seq = this.logCount(id);
      for (const line of lines) this.insertLog.run(id, seq++, line.at, line.level, line.text);
    })();
  }

  logCount(id: string): number {
    return (this.countLog.get(id) as { count: number }).count;
  }

  /** Lines from position `after` on. */
  log(id: string, after: number): DeploymentLogLine[] {
    return (this.logRows.all(id, after) as DeploymentLogLine[]).map((line) => DeploymentLogLine.catch({ at: line.at, level: 'info', text: line.text }).parse(line));
  }

  /** A row a later build wrote in a shape this one does not know is left out rather than guessed at. */
  private parse(row: Row): DeploymentRecord[] {
    const parsed = DeploymentRecord.safeParse(withStartSent(JSON.parse(row.record_json)));
    return parsed.success ? [parsed.data] : [];
  }
}

/**
 * A record saved before "start sent" was kept: an unfinished one without a remote id may have
 * been sent (its build saved the record and then called start), so it is taken as sent then.
 */
function withStartSent(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || 'startSentAt' in json) return json;
  const legacy = DeploymentRecord.omit({ startSentAt: true }).safeParse(json);
  if (!legacy.success) return json;
  const { view, target } = legacy.data;
  const maybeSent = view.remoteId === null && !FINISHED_STATES.includes(view.state) && !target.swapBack;
  return { ...legacy.data, startSentAt: maybeSent ? view.requestedAt : null };
}
