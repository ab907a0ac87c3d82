import { z } from 'zod';
import { Incident } from '../../../shared/contract/incidents.js';
import type { BackendSla } from '../connectors/capabilities.js';
import type { SqliteDatabase } from './database.js';

/** A service desk's SLA as last read (the connector's BackendSla), shown instead of the console's computation. */
export const CachedSla = z.object({
  name: z.string(),
  goalMs: z.number().nullable(),
  elapsedMs: z.number(),
  remainingMs: z.number().nullable(),
  breached: z.boolean(),
  paused: z.boolean(),
  completed: z.boolean(),
}) satisfies z.ZodType<BackendSla>;
export type CachedSla = z.infer<typeof CachedSla>;

/** The incident's ticket as the console last read it; comments are kept for the timeline, a service desk's SLAs for the clocks. */
export const CachedTicket = z.object({
  connectionId: z.string(),
  id: z.string(),
  displayKey: z.string(),
  url: z.string().nullable(),
  status: z.string(),
  closed: z.boolean(),
  updatedAt: z.number(),
  /** The revision of the console's record read with it; 0 when it held none. */
  revision: z.number().int().nonnegative(),
  comments: z.array(
    z.object({
      id: z.string(),
      author: z.string(),
      text: z.string(),
      at: z.number(),
      key: z.string().nullable(),
      visibility: z.enum(['internal', 'customer']),
    }),
  ),
  /** Null where the backend computes none. */
  sla: z.array(CachedSla).nullable().default(null),
  /** When the SLAs were read: a running one has gone on since. */
  slaReadAt: z.number().nullable().default(null),
});
export type CachedTicket = z.infer<typeof CachedTicket>;

export interface CachedIncident {
  incident: Incident;
  ticket: CachedTicket | null;
  /** When it was last read from its ticket; null for one declared here whose ticket is not made yet. */
  syncedAt: number | null;
}

interface Row {
  id: string;
  updated_at: number;
  incident_json: string;
  ticket_json: string | null;
  synced_at: number | null;
}

/**
 * The local cache of incidents: the last-known state of each, as its ticket said. Never the truth, only what is shown offline.
 * Parsed rows are kept by id and stamp (updated_at): parsing every incident's JSON with its ticket's
 * comments on each list call cost most of the list's time (2,000 incidents, 200,000 comments).
 */
export class IncidentRepo {
  private readonly upsert;
  private readonly one;
  private readonly stamps;
  private readonly remove;
  private readonly parsed = new Map<string, { stamp: number; cached: CachedIncident }>();

  constructor(db: SqliteDatabase) {
    this.upsert = db.prepare(
      `INSERT INTO incident (id, incident_json, ticket_json, synced_at, updated_at) VALUES (@id, @incident, @ticket, @syncedAt, @updatedAt)
       ON CONFLICT(id) DO UPDATE SET incident_json = excluded.incident_json, ticket_json = excluded.ticket_json,
         synced_at = excluded.synced_at, updated_at = excluded.updated_at`,
    );
    this.one = db.prepare('SELECT id, updated_at, incident_json, ticket_json, synced_at FROM incident WHERE id = ?');
    this.stamps = db.prepare('SELECT id, updated_at FROM incident');
    this.remove = db.prepare('DELETE FROM incident WHERE id = ?');
  }

  save(cached: CachedIncident, at: number): void {
    this.parsed.delete(cached.incident.id);
    this.upsert.run({
      id: cached.incident.id,
      incident: JSON.stringify(cached.incident),
      ticket: cached.ticket === null ? null : JSON.stringify(cached.ticket),
      syncedAt: cached.syncedAt,
      updatedAt: at,
    });
  }

  get(id: string): CachedIncident | null {
    const row = this.one.get(id) as Row | undefined;
    return row ? this.remembered(row) : null;
  }

  list(): CachedIncident[] {
    const stamps = this.stamps.all() as Array<Pick<Row, 'id' | 'updated_at'>>;
    const live = new Set(stamps.map((stamp) => stamp.id));
    for (const id of this.parsed.keys()) if (!live.has(id)) this.parsed.delete(id);
    return stamps.flatMap((stamp) => {
      const known = this.parsed.get(stamp.id);
      if (known && known.stamp === stamp.updated_at) return [known.cached];
      const row = this.one.get(stamp.id) as Row | undefined;
      return row ? [this.remembered(row)] : [];
    });
  }

  delete(id: string): void {
    this.parsed.delete(id);
    this.remove.run(id);
  }

  private remembered(row: Row): CachedIncident {
    const known = this.parsed.get(row.id);
    if (known && known.stamp === row.updated_at) return known.cached;
    const cached = rowToCached(row);
    this.parsed.set(row.id, { stamp: row.updated_at, cached });
    return cached;
  }
}

function rowToCached(row: Row): CachedIncident {
  return {
    incident: Incident.parse(JSON.parse(row.incident_json)),
    ticket: row.ticket_json === null ? null : CachedTicket.parse(JSON.parse(row.ticket_json)),
    syncedAt: row.synced_at,
  };
}
