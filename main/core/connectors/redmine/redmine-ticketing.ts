import type { IncidentStatus } from '../../../../shared/contract/incidents.js';
import { ConnectorError } from '../../http/backend-client.js';
import { answerMayBeLost } from '../../http/failures.js';
import { splitCommentKey, withCommentKey } from '../comment-key.js';
import type { NewTicketComment, Ticket, TicketComment, TicketDraft, TicketTransition, Ticketing } from '../capabilities.js';
import type { Issue, IssueFields, IssueStatus, RedmineApi } from './redmine-api.js';

export interface RedmineTicketingOptions {
  /** The project's identifier (or numeric id). */
  project: string;
  trackerId: number;
  /** The issue custom field that holds the console's marker. */
  markerFieldId: number;
  /** The issue custom field (long text) that holds the console's record. */
  recordFieldId: number;
  /** The Redmine status name per incident status. */
  statuses: Record<IncidentStatus, string>;
  /** Redmine's web address, for links to issues; null when the fleet file gives none. */
  webUrl: string | null;
}

/** A transition's comment and resolution as one note (Redmine has no resolution field); null when it carries neither. */
function transitionNote(transition: TicketTransition): string | null {
  const parts = [transition.comment, transition.resolution === null ? null : `Resolution: ${transition.resolution}`].filter((part) => part !== null && part.trim() !== '');
  return parts.length === 0 ? null : parts.join('\n\n');
}

/** Redmine keeps notes with CRLF line ends when it was sent them so; compare without them. */
function sameText(a: string, b: string): boolean {
  return a.replace(/\r\n/g, '\n').trim() === b.replace(/\r\n/g, '\n').trim();
}

/**
 * Tickets as Redmine issues: the console's marker and record in custom fields, comments as
 * journal notes (internal ones private) carrying the console's key on their last line,
 * transitions as a new status, which Redmine's workflow may refuse, silently: so it is checked
 * before and after.
 */
export class RedmineTicketing implements Ticketing {
  private statusCache: IssueStatus[] | null = null;

  constructor(
    private readonly api: RedmineApi,
    private readonly options: RedmineTicketingOptions,
    /** The caller's signal, also aborted when the connector closes (a fleet reload). */
    private readonly whileOpen: (signal: AbortSignal) => AbortSignal,
  ) {}

  async create(draft: TicketDraft, caller: AbortSignal): Promise<Ticket> {
    const signal = this.whileOpen(caller);
    const existing = await this.findByMarker(draft.marker, signal);
    if (existing) return existing;
    const customFields = [{ id: this.options.markerFieldId, value: draft.marker }];
    if (draft.record !== null) customFields.push({ id: this.options.recordFieldId, value: draft.record });
    let issue: Issue;
    try {
      issue = await this.api.create(
        { project_id: this.options.project, tracker_id: this.options.trackerId, subject: draft.subject, description: draft.description, custom_fields: customFields },
        signal,
      );
    } catch (error) {
      if (error instanceof ConnectorError && (error.status === 404 || error.status === 422)) throw this.refused(error);
      if (!answerMayBeLost(error)) throw error;
      // Redmine may have made it before the answer was lost: look before anyone creates again.
      const made = await this.findByMarker(draft.marker, signal);
      if (made) return made;
      throw error;
    }
    // Redmine silently drops a custom field the tracker does not have: such a ticket could never be found again.
    if (this.markerOf(issue) !== draft.marker) {
      throw new ConnectorError(
        'http',
        `${this.api.label}: issue #${issue.id} was created without the console's id: custom field ${this.options.markerFieldId} is not enabled for tracker ${this.options.trackerId} in project "${this.options.project}"`,
        422,
      );
    }
    return this.ticketOf(await this.read(String(issue.id), signal));
  }

  async findByMarker(marker: string, caller: AbortSignal): Promise<Ticket | null> {
    const [found] = await this.list({ marker }, caller);
    return found ?? null;
  }

  async get(id: string, caller: AbortSignal): Promise<Ticket> {
    const signal = this.whileOpen(caller);
    return this.ticketOf(await this.read(id, signal));
  }

  async comment(id: string, comment: NewTicketComment, caller: AbortSignal): Promise<TicketComment> {
    if (!/^[^\]\r\n]+$/.test(comment.key)) {
      throw new ConnectorError('http', `${this.api.label}: a comment's key must be one line without "]", got ${JSON.stringify(comment.key.slice(0, 60))}`, 422);
    }
    const signal = this.whileOpen(caller);
    const posted = async () => (await this.get(id, signal)).comments.find((existing) => existing.key === comment.key) ?? null;
    const earlier = await posted();
    if (earlier) return earlier;
    try {
      await this.api.update(id, { notes: withCommentKey(comment.text, comment.key), private_notes: comment.visibility === 'internal' }, false, signal);
    } catch (error) {
      if (!answerMayBeLost(error)) throw this.gone(id, error);
      // Redmine may have taken the note before the answer was lost: its journals say.
      const landed = await posted();
      if (landed) return landed;
      throw error;
    }
    const after = await posted();
    if (!after) throw new ConnectorError('malformed', `${this.api.label}: Redmine took the note on issue #${id} but its journals do not show it`);
    // Its visibility is what Redmine made of it: a user without "Set notes as private" posts it public.
    return after;
  }

  async transition(id: string, transition: TicketTransition, caller: AbortSignal): Promise<Ticket> {
    const signal = this.whileOpen(caller);
    const target = await this.statusFor(transition.status, signal);
    const before = await this.read(id, signal);
    const moving = before.status.id !== target.id;
    // Checked before sending: Redmine would drop the status yet keep the note.
    if (moving && before.allowed_statuses !== undefined && !before.allowed_statuses.some((status) => status.id === target.id)) {
      throw this.workflowRefused(id, before.status.name, target.name);
    }
    const note = transitionNote(transition);
    if (!moving && note === null) return this.ticketOf(before);
    const fields: IssueFields = note === null ? {} : { notes: note };
    if (moving) fields.status_id = target.id;
    const lastJournal = Math.max(0, ...(before.journals ?? []).map((journal) => journal.id));
    try {
      await this.api.update(id, fields, note === null, signal);
    } catch (error) {
      if (!answerMayBeLost(error) || note === null) throw this.gone(id, error);
      // Redmine may have taken it before the answer was lost: a journal newer than the last one seen, with the note, says so.
      const after = await this.read(id, signal);
      const landed = (after.journals ?? []).some((journal) => journal.id > lastJournal && sameText(journal.notes ?? '', note));
      if (!landed) throw error;
    }
    const after = await this.read(id, signal);
    // Redmine ignores a status its workflow does not allow and still answers 204.
    if (after.status.id !== target.id) throw this.workflowRefused(id, after.status.name, target.name);
    return this.ticketOf(after);
  }

  async writeRecord(id: string, record: string, caller: AbortSignal): Promise<void> {
    const signal = this.whileOpen(caller);
    await this.api.update(id, { custom_fields: [{ id: this.options.recordFieldId, value: record }] }, true, signal).catch((error: unknown) => {
      throw this.gone(id, error);
    });
    // Redmine silently drops a custom field the issue's tracker does not have.
    const written = this.recordOf(await this.read(id, signal));
    if (written === null || !sameText(written, record)) {
      throw new ConnectorError(
        'http',
        `${this.api.label}: issue #${id} did not keep the console's record: custom field ${this.options.recordFieldId} is not enabled for its tracker in project "${this.options.project}"`,
        422,
      );
    }
  }

  async list(query: { marker?: string; markerPrefix?: string; text?: string; updatedSince?: number }, caller: AbortSignal): Promise<Ticket[]> {
    const signal = this.whileOpen(caller);
    const field = `cf_${this.options.markerFieldId}`;
    const filter: Record<string, string> = {};
    // An operator first, so a marker starting with one of Redmine's operator characters is taken literally.
    if (query.marker !== undefined) filter[field] = `=${query.marker}`;
    else if (query.markerPrefix !== undefined) filter[field] = `^${query.markerPrefix}`;
    if (query.text !== undefined) filter.subject = `~${query.text}`;
    // Redmine shows whole seconds: rounding down takes in a change within the same second rather than missing it.
    const since = query.updatedSince === undefined ? null : Math.floor(query.updatedSince / 1000) * 1000;
    if (since !== null) filter.updated_on = `>=${new Date(since).toISOString().replace('.000Z', 'Z')}`;
    const issues = await this.api.search(this.options.project, filter, signal).catch((error: unknown) => {
      // Redmine answers 404 for a project it does not have or the key's user may not see.
      if (error instanceof ConnectorError && error.status === 404) {
        throw new ConnectorError('http', `${this.api.label}: Redmine has no project "${this.options.project}" that this API key's user can see (${error.message})`, 404);
      }
      throw error;
    });
    // Redmine splits filter values at `|` and matches without case: only an exact marker or prefix counts.
    const matching = issues
      .filter((issue) => {
        // Redmine's `>=` also takes in the second before (its filter is "after since minus one second").
        if (since !== null && issue.updated_on < since) return false;
        const marker = this.markerOf(issue);
        if (query.marker !== undefined && marker !== query.marker) return false;
        return query.markerPrefix === undefined || (marker !== null && marker.startsWith(query.markerPrefix));
      })
      .sort((a, b) => b.updated_on - a.updated_on || b.id - a.id);
    // A listed issue has no journals: each is read in turn for its comments.
    const tickets: Ticket[] = [];
    for (const issue of matching) tickets.push(this.ticketOf(await this.read(String(issue.id), signal)));
    return tickets;
  }

  private markerOf(issue: Issue): string | null {
    return this.customValue(issue, this.options.markerFieldId);
  }

  private recordOf(issue: Issue): string | null {
    return this.customValue(issue, this.options.recordFieldId);
  }

  private customValue(issue: Issue, fieldId: number): string | null {
    const value = issue.custom_fields?.find((custom) => custom.id === fieldId)?.value;
    return typeof value === 'string' && value !== '' ? value : null;
  }

  /** The issue with its journals; one that no longer exists is a 404 that says so. */
  private async read(id: string, signal: AbortSignal): Promise<Issue & { closed: boolean }> {
    const issue = await this.api.get(id, signal).catch((error: unknown) => {
      throw this.gone(id, error);
    });
    const closed = (await this.statuses(signal)).find((status) => status.id === issue.status.id)?.is_closed ?? false;
    return { ...issue, closed };
  }

  private ticketOf(issue: Issue & { closed: boolean }): Ticket {
    return {
      id: String(issue.id),
      displayKey: `#${issue.id}`,
      url: this.options.webUrl === null ? null : `${this.options.webUrl}/issues/${issue.id}`,
      marker: this.markerOf(issue),
      subject: issue.subject,
      description: issue.description ?? '',
      status: issue.status.name,
      closed: issue.closed,
      record: this.recordOf(issue),
      updatedAt: issue.updated_on,
      comments: (issue.journals ?? [])
        .filter((journal) => (journal.notes ?? '') !== '')
        .map((journal) => {
          const { text, key } = splitCommentKey(journal.notes ?? '');
          return {
            id: String(journal.id),
            author: journal.user?.name ?? 'a deleted user',
            text,
            at: journal.created_on,
            key,
            visibility: journal.private_notes === true ? 'internal' : 'customer',
          };
        }),
    };
  }

  private async statuses(signal: AbortSignal): Promise<IssueStatus[]> {
    this.statusCache ??= await this.api.statuses(signal);
    return this.statusCache;
  }

  private async statusFor(incidentStatus: IncidentStatus, signal: AbortSignal): Promise<IssueStatus> {
    const name = this.options.statuses[incidentStatus];
    const statuses = await this.statuses(signal);
    const found = statuses.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (found) return found;
    throw new ConnectorError(
      'http',
      `${this.api.label}: no issue status "${name}" (the fleet file's statuses.${incidentStatus}); Redmine has ${statuses.map((s) => `"${s.name}"`).join(', ')}`,
      422,
    );
  }

  private workflowRefused(id: string, current: string, target: string): ConnectorError {
    return new ConnectorError('http', `${this.api.label}: issue #${id} stays "${current}": Redmine's workflow does not allow moving it to "${target}"`, 422);
  }

  /** Redmine's 404 for an issue, in words: it was deleted, or moved where the key's user cannot see it. */
  private gone(id: string, error: unknown): unknown {
    if (!(error instanceof ConnectorError) || error.status !== 404) return error;
    return new ConnectorError('http', `${this.api.label}: issue #${id} no longer exists (deleted, or moved where this API key's user cannot see it)`, 404);
  }

  /** Redmine's 404 or 422 on creation, in words: the project or tracker it names is what is wrong. */
  private refused(error: ConnectorError): ConnectorError {
    const where = `project "${this.options.project}" (tracker ${this.options.trackerId}, custom fields ${this.options.markerFieldId} and ${this.options.recordFieldId})`;
    return new ConnectorError(error.failure, `${this.api.label}: Redmine refused a new issue in ${where}: ${error.message}`, error.status);
  }
}
