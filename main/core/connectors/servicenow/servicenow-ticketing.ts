import type { IncidentStatus } from '../../../../shared/contract/incidents.js';
import type { Severity } from '../../../../shared/fleet-definition/incidents.js';
import { ConnectorError } from '../../http/backend-client.js';
import { HttpStatusError, answerMayBeLost } from '../../http/failures.js';
import type { NewTicketComment, Ticket, TicketComment, TicketDraft, Ticketing, TicketTransition } from '../capabilities.js';
import { splitCommentKey, withCommentKey } from '../comment-key.js';
import { Field, storedTime, storedTimeMs, type IncidentFields, type IncidentRow, type JournalEntry, type ServicenowApi } from './servicenow-api.js';

export interface ServicenowTicketingOptions {
  /** The instance's address, for links to its incident form; null when Settings holds it. */
  instanceUrl: string | null;
  assignmentGroup: string | null;
  states: Readonly<Record<IncidentStatus, number>>;
  severities: Readonly<Record<Severity, { impact: number; urgency: number }>>;
  closeCode: string;
  holdReason: string;
}

const STATE_NAMES: Readonly<Record<number, string>> = { 1: 'New', 2: 'In Progress', 3: 'On Hold', 6: 'Resolved', 7: 'Closed', 8: 'Canceled' };
/** Resolved and Closed need a resolution code and notes (ServiceNow's data policy); On Hold needs a reason. */
const RESOLVED = 6;
const CLOSED = 7;
const ON_HOLD = 3;

/** A business rule, data policy or ACL said no: ServiceNow answers 403 (or 400) with why in its error body. */
function refusedByRule(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError && (error.status === 403 || error.status === 400);
}

/** An encoded query's `^` separates conditions and cannot be escaped: a value holding one would change the query. */
function queryValue(value: string, what: string): string {
  if (/[\^\r\n]/.test(value)) throw new ConnectorError('malformed', `a ${what} for ServiceNow cannot hold "^" or a line break: ServiceNow reads them as parts of its query`);
  return value;
}

/** Work notes stay inside the service desk; comments are what the caller (the customer) reads. */
const JOURNAL_ELEMENT = { internal: 'work_notes', customer: 'comments' } as const;

/**
 * Tickets as ServiceNow incidents: the console's marker in `correlation_id`, its record in a
 * custom field, comments as work notes or customer comments (read back from the journal), and
 * transitions as a new `state` with the fields ServiceNow requires, confirmed by reading it back.
 */
export class ServicenowTicketing implements Ticketing {
  constructor(
    private readonly api: ServicenowApi,
    private readonly options: ServicenowTicketingOptions,
    /** The caller's signal, also aborted when the connector closes (a fleet reload). */
    private readonly whileOpen: (signal: AbortSignal) => AbortSignal,
  ) {}

  async create(draft: TicketDraft, caller: AbortSignal): Promise<Ticket> {
    const signal = this.whileOpen(caller);
    const existing = await this.findByMarker(draft.marker, signal);
    if (existing) return existing;
    const fields: IncidentFields = { short_description: draft.subject, description: draft.description, correlation_id: draft.marker };
    if (draft.severity !== null) {
      const { impact, urgency } = this.options.severities[draft.severity];
      fields.impact = String(impact);
      fields.urgency = String(urgency);
    }
    if (this.options.assignmentGroup !== null) fields.assignment_group = this.options.assignmentGroup;
    if (draft.record !== null) fields[this.api.recordField] = draft.record;
    let row: IncidentRow;
    try {
      row = await this.api.createIncident(fields, signal);
    } catch (error) {
      if (refusedByRule(error)) throw new ConnectorError(error.failure, `${this.api.label}: ServiceNow refused a new incident: ${this.theirWords(error)}`, error.status);
      if (!answerMayBeLost(error)) throw error;
      // ServiceNow may have made it before the answer was lost: look before anyone creates again.
      const made = await this.findByMarker(draft.marker, signal);
      if (made) return made;
      throw error;
    }
    if (draft.record !== null) this.checkRecord(row, draft.record);
    return this.ticketOf(row, []);
  }

  async findByMarker(marker: string, caller: AbortSignal): Promise<Ticket | null> {
    const [found] = await this.list({ marker }, caller);
    return found ?? null;
  }

  async get(id: string, caller: AbortSignal): Promise<Ticket> {
    const signal = this.whileOpen(caller);
    return this.withComments(await this.row(id, signal), signal);
  }

  async comment(id: string, comment: NewTicketComment, caller: AbortSignal): Promise<TicketComment> {
    const signal = this.whileOpen(caller);
    const posted = async () => (await this.api.journal([id], signal)).map((entry) => this.commentOf(entry)).find((existing) => existing.key === comment.key) ?? null;
    const already = await posted();
    if (already) return already;
    try {
      await this.api.updateIncident(id, { [JOURNAL_ELEMENT[comment.visibility]]: withCommentKey(comment.text, comment.key) }, false, signal);
    } catch (error) {
      if (refusedByRule(error)) throw new ConnectorError(error.failure, `${this.api.label}: ServiceNow refused a comment on incident ${id}: ${this.theirWords(error)}`, error.status);
      if (!answerMayBeLost(error)) throw this.rethrowMissing(error, id);
      // It may have been written before the answer was lost: the journal says.
      const made = await posted();
      if (made) return made;
      throw error;
    }
    const written = await posted();
    if (!written) {
      throw new ConnectorError(
        'malformed',
        `${this.api.label}: ServiceNow took the comment on incident ${id} but its journal does not show it; the user needs read access to sys_journal_field`,
      );
    }
    return written;
  }

  async transition(id: string, transition: TicketTransition, caller: AbortSignal): Promise<Ticket> {
    const signal = this.whileOpen(caller);
    const state = this.options.states[transition.status];
    const fields: IncidentFields = { state: String(state) };
    const closing = state === RESOLVED || state === CLOSED;
    if (closing) {
      fields.close_code = transition.resolution ?? this.options.closeCode;
      if (transition.comment !== null) fields.close_notes = transition.comment;
    } else if (transition.comment !== null) {
      fields.work_notes = transition.comment;
    }
    if (state === ON_HOLD) fields.hold_reason = this.options.holdReason;
    const target = `${STATE_NAMES[state] ?? `state ${state}`} (for ${transition.status})`;
    try {
      // With a work note it is not safe to send twice; a state and its close fields are.
      await this.api.updateIncident(id, fields, fields.work_notes === undefined, signal);
    } catch (error) {
      if (refusedByRule(error)) {
        throw new ConnectorError('http', `${this.api.label}: ServiceNow refused moving incident ${id} to ${target}: ${this.theirWords(error)}`, error.status);
      }
      if (!answerMayBeLost(error)) throw this.rethrowMissing(error, id);
      // Whether it moved is read below: a lost answer is settled by what the incident shows.
    }
    const row = await this.row(id, signal);
    if (row.state.value !== String(state)) {
      throw new ConnectorError('http', `${this.api.label}: incident ${row.number.value} stays "${row.state.display_value ?? row.state.value}": ServiceNow did not move it to ${target}`);
    }
    return this.withComments(row, signal);
  }

  async writeRecord(id: string, record: string, caller: AbortSignal): Promise<void> {
    const row = await this.api.updateIncident(id, { [this.api.recordField]: record }, true, this.whileOpen(caller)).catch((error: unknown) => this.rethrowMissing(error, id));
    this.checkRecord(row, record);
  }

  async list(query: { marker?: string; markerPrefix?: string; text?: string; updatedSince?: number }, caller: AbortSignal): Promise<Ticket[]> {
    const signal = this.whileOpen(caller);
    const conditions: string[] = [];
    if (query.marker !== undefined) conditions.push(`correlation_id=${queryValue(query.marker, 'marker')}`);
    if (query.markerPrefix !== undefined) conditions.push(`correlation_idSTARTSWITH${queryValue(query.markerPrefix, 'marker prefix')}`);
    if (query.text !== undefined) conditions.push(`short_descriptionLIKE${queryValue(query.text, 'search text')}`);
    if (query.updatedSince !== undefined) conditions.push(`sys_updated_on>=${storedTime(query.updatedSince)}`);
    conditions.push('ORDERBYDESCsys_updated_on');
    const rows = await this.api.incidents(conditions.join('^'), signal);
    const journal = await this.api.journal(
      rows.map((row) => row.sys_id.value),
      signal,
    );
    return rows.map((row) => this.ticketOf(row, journal));
  }

  private row(id: string, signal: AbortSignal): Promise<IncidentRow> {
    return this.api.incident(id, signal).catch((error: unknown) => this.rethrowMissing(error, id));
  }

  private async withComments(row: IncidentRow, signal: AbortSignal): Promise<Ticket> {
    return this.ticketOf(row, await this.api.journal([row.sys_id.value], signal));
  }

  private ticketOf(row: IncidentRow, journal: readonly JournalEntry[]): Ticket {
    const id = row.sys_id.value;
    return {
      id,
      displayKey: row.number.value,
      url: this.options.instanceUrl === null ? null : new URL(`incident.do?sys_id=${encodeURIComponent(id)}`, `${this.options.instanceUrl.replace(/\/+$/, '')}/`).toString(),
      marker: row.correlation_id.value === '' ? null : row.correlation_id.value,
      subject: row.short_description.value,
      description: row.description.value,
      status: row.state.display_value ?? row.state.value,
      // ServiceNow makes an incident inactive once it is Closed or Canceled; a Resolved one may still reopen.
      closed: row.active.value === 'false',
      record: this.recordOf(row),
      updatedAt: this.timeOf(row.sys_updated_on.value, `incident ${row.number.value}'s sys_updated_on`),
      comments: journal.filter((entry) => entry.element_id === id).map((entry) => this.commentOf(entry)),
    };
  }

  private commentOf(entry: JournalEntry): TicketComment {
    const { text, key } = splitCommentKey(entry.value);
    return {
      id: entry.sys_id,
      author: entry.sys_created_by,
      text,
      at: this.timeOf(entry.sys_created_on, `journal entry ${entry.sys_id}'s sys_created_on`),
      key,
      visibility: entry.element === 'work_notes' ? 'internal' : 'customer',
    };
  }

  private timeOf(text: string, what: string): number {
    const ms = storedTimeMs(text);
    if (ms === null) throw new ConnectorError('malformed', `${this.api.label}: ${what} is not a date-time: "${text.slice(0, 40)}"`);
    return ms;
  }

  /** The record field's value; null when it is empty or the incident table has no such column. */
  private recordOf(row: IncidentRow): string | null {
    const field = Field.safeParse(row[this.api.recordField]);
    return field.success && field.data.value !== '' ? field.data.value : null;
  }

  /**
   * ServiceNow says nothing when a write misses: it leaves a column the table does not have out of
   * its answer (and ignores it in the write), and cuts a string longer than the column holds.
   */
  private checkRecord(row: IncidentRow, written: string): void {
    const field = this.api.recordField;
    const stored = Field.safeParse(row[field]);
    if (!stored.success) {
      throw new ConnectorError(
        'malformed',
        `${this.api.label}: the incident table has no field "${field}" for the console's record; add a String field of that name (4000 characters) to the incident table, or set recordField in the fleet file`,
      );
    }
    if (stored.data.value !== written) {
      throw new ConnectorError(
        'malformed',
        `${this.api.label}: the incident field "${field}" kept ${stored.data.value.length} of the record's ${written.length} characters; make the field longer (its Max length) in the incident table`,
      );
    }
  }

  /** ServiceNow's own reason (its error body's message and detail), else the client's whole message. */
  private theirWords(error: ConnectorError): string {
    return error instanceof HttpStatusError && error.backendSaid !== '' ? `${error.backendSaid} (HTTP ${error.status})` : error.message;
  }

  private rethrowMissing(error: unknown, id: string): never {
    if (error instanceof ConnectorError && error.status === 404) {
      throw new ConnectorError('http', `${this.api.label}: ServiceNow has no incident ${id} that this user can see (it was deleted, or an ACL hides it)`, 404);
    }
    throw error;
  }
}
