import { PublishState } from '../../../shared/contract/calendar.js';
import type { SqliteDatabase } from './database.js';

/** What the console last did with one item (an occurrence, or a whole series) on one backend. */
export interface PublicationRecord {
  windowId: string;
  /** The occurrence key, or "<window id>@series". */
  itemKey: string;
  backendId: string;
  remoteId: string | null;
  series: boolean;
  state: PublishState;
  /** A digest of what was sent, to tell an edited window from one already published as it is. */
  fingerprint: string;
  error: string | null;
  updatedAt: number;
}

interface Row {
  window_id: string;
  item_key: string;
  backend_id: string;
  remote_id: string | null;
  series: number;
  state: string;
  fingerprint: string;
  error: string | null;
  updated_at: number;
}

function toRecord(row: Row): PublicationRecord {
  return {
    windowId: row.window_id,
    itemKey: row.item_key,
    backendId: row.backend_id,
    remoteId: row.remote_id,
    series: row.series === 1,
    state: PublishState.catch('failed').parse(row.state),
    fingerprint: row.fingerprint,
    error: row.error,
    updatedAt: row.updated_at,
  };
}

/** Publications survive restarts: a retry after a crash finds what was already sent. */
export class PublicationRepo {
  private readonly upsert;
  private readonly byWindow;
  private readonly all;
  private readonly one;

  constructor(db: SqliteDatabase) {
    this.upsert = db.prepare(
      `INSERT INTO publication (window_id, item_key, backend_id, remote_id, series, state, fingerprint, error, updated_at)
       VALUES (@windowId, @itemKey, @backendId, @remoteId, @series, @state, @fingerprint, @error, @updatedAt)
       ON CONFLICT(window_id, item_key, backend_id) DO UPDATE SET remote_id = excluded.remote_id, series = excluded.series,
         state = excluded.state, fingerprint = excluded.fingerprint, error = excluded.error, updated_at = excluded.updated_at`,
    );
    this.byWindow = db.prepare('SELECT * FROM publication WHERE window_id = ?');
    this.all = db.prepare('SELECT * FROM publication');
    this.one = db.prepare('SELECT * FROM publication WHERE window_id = ? AND item_key = ? AND backend_id = ?');
  }

  save(record: PublicationRecord): void {
    this.upsert.run({ ...record, series: record.series ? 1 : 0 });
  }

  get(windowId: string, itemKey: string, backendId: string): PublicationRecord | undefined {
    const row = this.one.get(windowId, itemKey, backendId) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  forWindow(windowId: string): PublicationRecord[] {
    return (this.byWindow.all(windowId) as Row[]).map(toRecord);
  }

  loadAll(): PublicationRecord[] {
    return (this.all.all() as Row[]).map(toRecord);
  }
}
