import type { Incident } from '../../../shared/contract/incidents.js';
import type { Ticket, Ticketing } from '../connectors/capabilities.js';
import { failpoint } from '../faults/failpoints.js';
import { ConnectorError } from '../http/backend-client.js';
import { applyPayload } from './outbox-apply.js';
import type { OutboxBasis, OutboxEntry, OutboxState } from './outbox-entry.js';
import { statusDraftText } from './status-draft.js';
import { incidentMarker, nextRecord, readRecord } from './ticket-record.js';

/** The ticket changed since the entry was written (moved on, its record rewritten, deleted): a person decides. */
export class OutboxConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxConflict';
  }
}

export interface SendContext {
  ticketing: Ticketing;
  /** The incident as cached: the record of a new ticket, or what a record write starts from when the ticket's is unreadable. */
  incident: Incident;
  ticketId: string | null;
  now: number;
  signal: AbortSignal;
}

/** The ticket's state an entry is written against. */
export function basisOf(ticket: Ticket): OutboxBasis {
  const read = readRecord(ticket.record);
  return { status: ticket.status, revision: read.ok ? read.record.revision : 0 };
}

function when(at: number): string {
  return new Date(at).toISOString().replace('.000Z', 'Z');
}

/**
 * Sends one outbox entry to the incident's ticket, exactly once: a new ticket is made by its
 * marker (the connector finds one an earlier try made), a comment carries the entry's key (the
 * connector finds it before posting), and a record write carries it as `writeKey`, so an
 * entry in doubt that already reached the ticket is recognised and not sent again. Before
 * anything is written, the ticket is compared with what the entry was written against. Answers
 * the ticket as it stands afterwards. The failpoints after each write are where a crash leaves
 * the write on the ticket and the entry unrecorded (tests/faults).
 */
export async function sendEntry(entry: OutboxEntry, context: SendContext): Promise<Ticket> {
  const { ticketing, signal } = context;
  const { payload } = entry;
  if (payload.kind === 'declare') {
    const record = nextRecord(null, context.incident, entry.createdBy, context.now, entry.key);
    const draft = {
      marker: incidentMarker(entry.incidentId),
      subject: payload.subject,
      description: payload.description,
      severity: payload.severity,
      record: JSON.stringify(record),
      earlierTry: entry.state === 'in-doubt',
    };
    const created = await ticketing.create(draft, signal);
    failpoint('incident.after-create');
    return created;
  }
  if (context.ticketId === null) throw new OutboxConflict('the incident has no ticket: its declaration was withdrawn or never reached the ticketing backend');
  const ticket = await ticketing.get(context.ticketId, signal);
  const read = readRecord(ticket.record);
  const alreadyWritten = read.ok && read.record.writeKey === entry.key;
  if (!alreadyWritten && entry.basis !== null) {
    if (ticket.status !== entry.basis.status) throw new OutboxConflict(`the ticket was moved from "${entry.basis.status}" to "${ticket.status}" meanwhile`);
    if (!read.ok) throw new OutboxConflict(read.problem);
    if (read.record.revision !== entry.basis.revision) {
      throw new OutboxConflict(`the incident's record on the ticket was changed meanwhile, by ${read.record.writtenBy} at ${when(read.record.writtenAt)}`);
    }
  }
  if (payload.kind === 'note') await ticketing.comment(ticket.id, { key: entry.key, text: payload.text, visibility: payload.visibility }, signal);
  if (payload.kind === 'acknowledge') await ticketing.comment(ticket.id, { key: entry.key, text: `Acknowledged by ${payload.by}`, visibility: 'internal' }, signal);
  // A status-update draft is only ever an internal comment: publishing is a confirmed live command, never sent from here.
  if (payload.kind === 'status-draft') await ticketing.comment(ticket.id, { key: entry.key, text: statusDraftText(payload.status, payload.body), visibility: 'internal' }, signal);
  if (payload.kind === 'note' || payload.kind === 'acknowledge' || payload.kind === 'status-draft') failpoint('incident.after-comment');
  if (payload.kind !== 'note' && payload.kind !== 'status-draft' && !alreadyWritten) {
    const base = read.ok ? read.record.incident : context.incident;
    const record = nextRecord(read.ok ? read.record : null, applyPayload(base, payload), entry.createdBy, context.now, entry.key);
    await ticketing.writeRecord(ticket.id, JSON.stringify(record), signal);
    failpoint('incident.after-record-write');
  }
  return ticketing.get(ticket.id, signal);
}

/** Failures after which the request surely did not reach the backend. */
const NOT_SENT = new Set(['dns', 'refused', 'tls', 'secret-missing', 'unauthorized', 'forbidden']);

/** What a failed send leaves the entry as: a conflict or a refusal waits for a person; otherwise it is sent again when the backend answers. */
export function stateAfterFailure(error: unknown): { state: OutboxState; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof OutboxConflict) return { state: 'conflict', message };
  if (error instanceof ConnectorError) {
    if (error.status === 404) return { state: 'conflict', message: `the ticket no longer exists (${message})` };
    if (error.status !== null && error.status >= 400 && error.status < 500 && ![401, 403, 408, 409, 429].includes(error.status)) return { state: 'failed', message };
    if (NOT_SENT.has(error.failure)) return { state: 'pending', message };
  }
  return { state: 'in-doubt', message };
}
