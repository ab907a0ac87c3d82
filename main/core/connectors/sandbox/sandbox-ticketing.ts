import { z } from 'zod';
import type { IncidentStatus } from '../../../../shared/contract/incidents.js';
import type { Clock } from '../../clock.js';
import { failpoint } from '../../faults/failpoints.js';
import { ConnectorError } from '../../http/backend-client.js';
import type { NewTicketComment, Ticket, TicketComment, TicketDraft, TicketTransition, Ticketing } from '../capabilities.js';
import type { SandboxBackendFile } from './sandbox-backend-file.js';

/** The simulated workflow: a status per incident status. Closed and Cancelled are final; Resolved needs a resolution. */
export const SANDBOX_TICKET_STATUSES: Readonly<Record<IncidentStatus, string>> = {
  triage: 'New',
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  closed: 'Closed',
  cancelled: 'Cancelled',
};
const FINAL_STATUSES = new Set([SANDBOX_TICKET_STATUSES.closed, SANDBOX_TICKET_STATUSES.cancelled]);
/** Who the console's writes show as, as a real backend shows the API key's user. */
const INTEGRATION_USER = 'Watchfloor';

const TicketRow = z.object({
  number: z.number().int(),
  marker: z.string().nullable(),
  subject: z.string(),
  description: z.string(),
  status: z.string(),
  record: z.string().nullable(),
  updated_at: z.number(),
});
type TicketRow = z.infer<typeof TicketRow>;

const CommentRow = z.object({
  seq: z.number().int(),
  author: z.string(),
  text: z.string(),
  comment_key: z.string().nullable(),
  visibility: z.enum(['internal', 'customer']),
  at: z.number(),
});

const TICKET_COLUMNS = 'number, marker, subject, description, status, record, updated_at';

/**
 * The simulated ticketing backend, kept in the sandbox backend file so that its tickets outlive
 * restarts, and every write is committed before it answers. Like the real ones it has no
 * idempotency key and its tables take duplicates: what keeps a ticket or a comment single is
 * this connector side looking for the marker or key before it creates.
 */
export class SandboxTicketing implements Ticketing {
  constructor(
    private readonly file: SandboxBackendFile,
    /** Names the backend in errors. */
    private readonly name: string,
    private readonly clock: Clock,
  ) {}

  async create(draft: TicketDraft): Promise<Ticket> {
    const existing = this.lookUp(draft.marker);
    if (existing) return existing;
    const number = this.file.write(() => {
      const next = this.file.nextNumber('ticket');
      const now = this.clock.now();
      this.file
        .sql(
          `INSERT INTO sandbox_ticket (backend_id, number, marker, subject, description, severity, status, record, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(this.file.backendId, next, draft.marker, draft.subject, draft.description, draft.severity, SANDBOX_TICKET_STATUSES.triage, draft.record, now, now);
      return next;
    });
    failpoint('sandbox.ticket-committed');
    return this.read(String(number));
  }

  async findByMarker(marker: string): Promise<Ticket | null> {
    return this.lookUp(marker);
  }

  async get(id: string): Promise<Ticket> {
    return this.read(id);
  }

  async comment(id: string, comment: NewTicketComment): Promise<TicketComment> {
    const earlier = this.read(id).comments.find((existing) => existing.key === comment.key);
    if (earlier) return earlier;
    this.file.write(() => {
      const row = this.row(id);
      this.addComment(row.number, comment.text, comment.key, comment.visibility);
    });
    failpoint('sandbox.comment-committed');
    const posted = this.read(id).comments.find((existing) => existing.key === comment.key);
    if (!posted) throw new ConnectorError('malformed', `${this.name}: ticket ${id} does not show the comment it took`);
    return posted;
  }

  async transition(id: string, transition: TicketTransition): Promise<Ticket> {
    const target = SANDBOX_TICKET_STATUSES[transition.status];
    this.file.write(() => {
      const row = this.row(id);
      if (row.status === target && transition.comment === null && transition.resolution === null) return;
      if (row.status !== target && FINAL_STATUSES.has(row.status)) {
        throw new ConnectorError('http', `${this.name}: ticket ${displayKey(row.number)} is ${row.status}, a final status: the workflow does not allow moving it to ${target}`, 422);
      }
      if (target === SANDBOX_TICKET_STATUSES.resolved && (transition.resolution ?? '').trim() === '') {
        throw new ConnectorError('http', `${this.name}: moving ticket ${displayKey(row.number)} to ${target} needs a resolution`, 422);
      }
      this.file.sql('UPDATE sandbox_ticket SET status = ?, updated_at = ? WHERE backend_id = ? AND number = ?').run(target, this.clock.now(), this.file.backendId, row.number);
      const note = [transition.comment, transition.resolution === null ? null : `Resolution: ${transition.resolution}`].filter((part) => part !== null && part.trim() !== '');
      if (note.length > 0) this.addComment(row.number, note.join('\n\n'), null, 'customer');
    });
    return this.read(id);
  }

  async writeRecord(id: string, record: string): Promise<void> {
    this.file.write(() => {
      const row = this.row(id);
      this.file.sql('UPDATE sandbox_ticket SET record = ?, updated_at = ? WHERE backend_id = ? AND number = ?').run(record, this.clock.now(), this.file.backendId, row.number);
    });
  }

  async list(query: { marker?: string; markerPrefix?: string; text?: string; updatedSince?: number }): Promise<Ticket[]> {
    const rows = this.file
      .sql(
        `SELECT ${TICKET_COLUMNS} FROM sandbox_ticket
         WHERE backend_id = @backendId
           AND (@marker IS NULL OR marker = @marker)
           AND (@prefix IS NULL OR substr(marker, 1, length(@prefix)) = @prefix)
           AND (@text IS NULL OR instr(lower(subject), lower(@text)) > 0)
           AND (@since IS NULL OR updated_at >= @since)
         ORDER BY updated_at DESC, number DESC`,
      )
      .all({
        backendId: this.file.backendId,
        marker: query.marker ?? null,
        prefix: query.markerPrefix ?? null,
        text: query.text ?? null,
        since: query.updatedSince ?? null,
      });
    return rows.map((row) => this.ticketOf(TicketRow.parse(row)));
  }

  /** Deletes the ticket, as a person may in a real backend's UI; the console then gets 404 for it. */
  deleteTicket(id: string): void {
    this.file.write(() => {
      const row = this.row(id);
      this.file.sql('DELETE FROM sandbox_ticket_comment WHERE backend_id = ? AND ticket_number = ?').run(this.file.backendId, row.number);
      this.file.sql('DELETE FROM sandbox_ticket WHERE backend_id = ? AND number = ?').run(this.file.backendId, row.number);
    });
  }

  /** The oldest ticket with the marker: a backend without a unique constraint may hold two. */
  private lookUp(marker: string): Ticket | null {
    const row: unknown = this.file.sql(`SELECT ${TICKET_COLUMNS} FROM sandbox_ticket WHERE backend_id = ? AND marker = ? ORDER BY number LIMIT 1`).get(this.file.backendId, marker);
    return row === undefined ? null : this.ticketOf(TicketRow.parse(row));
  }

  private read(id: string): Ticket {
    return this.ticketOf(this.row(id));
  }

  private row(id: string): TicketRow {
    const number = /^\d+$/.test(id) ? Number(id) : Number.NaN;
    const row: unknown = Number.isNaN(number)
      ? undefined
      : this.file.sql(`SELECT ${TICKET_COLUMNS} FROM sandbox_ticket WHERE backend_id = ? AND number = ?`).get(this.file.backendId, number);
    if (row === undefined) throw new ConnectorError('http', `${this.name}: no ticket with id "${id}" (deleted, or never made)`, 404);
    return TicketRow.parse(row);
  }

  private addComment(ticket: number, text: string, key: string | null, visibility: TicketComment['visibility']): void {
    const now = this.clock.now();
    this.file
      .sql('INSERT INTO sandbox_ticket_comment (backend_id, ticket_number, author, text, comment_key, visibility, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(this.file.backendId, ticket, INTEGRATION_USER, text, key, visibility, now);
    this.file.sql('UPDATE sandbox_ticket SET updated_at = ? WHERE backend_id = ? AND number = ?').run(now, this.file.backendId, ticket);
  }

  private ticketOf(row: TicketRow): Ticket {
    const comments = this.file
      .sql('SELECT seq, author, text, comment_key, visibility, at FROM sandbox_ticket_comment WHERE backend_id = ? AND ticket_number = ? ORDER BY seq')
      .all(this.file.backendId, row.number)
      .map((raw) => {
        const comment = CommentRow.parse(raw);
        return { id: String(comment.seq), author: comment.author, text: comment.text, at: comment.at, key: comment.comment_key, visibility: comment.visibility };
      });
    return {
      id: String(row.number),
      displayKey: displayKey(row.number),
      url: null,
      marker: row.marker,
      subject: row.subject,
      description: row.description,
      status: row.status,
      closed: FINAL_STATUSES.has(row.status),
      record: row.record,
      updatedAt: row.updated_at,
      comments,
    };
  }
}

function displayKey(number: number): string {
  return `SIM-${number}`;
}
