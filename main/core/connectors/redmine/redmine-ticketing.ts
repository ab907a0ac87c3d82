import { ConnectorError } from '../../http/backend-client.js';
import type { Ticket, TicketDraft, Ticketing } from '../capabilities.js';
import type { Issue, IssueStatus, RedmineApi } from './redmine-api.js';

export interface RedmineTicketingOptions {
  /** The project's identifier (or numeric id). */
  project: string;
  trackerId: number;
  /** The issue custom field that holds the console's marker. */
  markerFieldId: number;
}

/** A failure after which the issue may or may not exist: no answer, or one that was cut or garbled. */
function answerLost(error: unknown): boolean {
  return error instanceof ConnectorError && (error.status === null || error.status >= 500 || error.failure === 'malformed');
}

/**
 * Tickets as Redmine issues: the console's marker in a custom field, comments as journal notes,
 * transitions as a new status (which Redmine's workflow may refuse, silently: so it is checked).
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
    try {
      const issue = await this.api.create(
        {
          project_id: this.options.project,
          tracker_id: this.options.trackerId,
          subject: draft.subject,
          description: draft.description,
          custom_fields: [{ id: this.options.markerFieldId, value: draft.marker }],
        },
        signal,
      );
      return await this.ticketOf(issue, signal);
    } catch (error) {
      if (error instanceof ConnectorError && (error.status === 404 || error.status === 422)) throw this.refused(error);
      if (!answerLost(error)) throw error;
      // Redmine may have made it before the answer was lost: look before anyone creates again.
      const made = await this.findByMarker(draft.marker, signal);
      if (made) return made;
      throw error;
    }
  }

  async findByMarker(marker: string, caller: AbortSignal): Promise<Ticket | null> {
    const [found] = await this.list({ marker }, caller);
    return found ?? null;
  }

  async get(id: string, caller: AbortSignal): Promise<Ticket> {
    const signal = this.whileOpen(caller);
    return this.ticketOf(await this.api.get(id, signal), signal);
  }

  async comment(id: string, text: string, caller: AbortSignal): Promise<void> {
    await this.api.update(id, { notes: text }, false, this.whileOpen(caller));
  }

  async transition(id: string, status: string, caller: AbortSignal): Promise<Ticket> {
    const signal = this.whileOpen(caller);
    const statuses = await this.statuses(signal);
    const target = statuses.find((candidate) => candidate.name.toLowerCase() === status.toLowerCase());
    if (!target) {
      throw new ConnectorError('malformed', `${this.api.label}: no issue status "${status}"; Redmine has ${statuses.map((s) => `"${s.name}"`).join(', ')}`);
    }
    await this.api.update(id, { status_id: target.id }, true, signal);
    // Redmine ignores a status its workflow does not allow and still answers 204.
    const after = await this.get(id, signal);
    if (after.status !== target.name) {
      throw new ConnectorError('http', `${this.api.label}: issue #${id} stays "${after.status}": Redmine's workflow does not allow moving it to "${target.name}"`);
    }
    return after;
  }

  async list(query: { marker?: string; text?: string }, caller: AbortSignal): Promise<Ticket[]> {
    const signal = this.whileOpen(caller);
    const field = `cf_${this.options.markerFieldId}`;
    const filter: Record<string, string> = {};
    // `=` first, so a marker starting with one of Redmine's operator characters is taken literally.
    if (query.marker !== undefined) filter[field] = `=${query.marker}`;
    if (query.text !== undefined) filter.subject = `~${query.text}`;
    const issues = await this.api.search(this.options.project, filter, signal).catch((error: unknown) => {
      // Redmine answers 404 for a project it does not have or the key's user may not see.
      if (error instanceof ConnectorError && error.status === 404) {
        throw new ConnectorError('http', `${this.api.label}: Redmine has no project "${this.options.project}" that this API key's user can see (${error.message})`, 404);
      }
      throw error;
    });
    // Redmine splits filter values at `|`: only an exact marker counts.
    const matching = query.marker === undefined ? issues : issues.filter((issue) => this.markerOf(issue) === query.marker);
    return Promise.all(matching.map((issue) => this.ticketOf(issue, signal, false)));
  }

  private markerOf(issue: Issue): string | null {
    const value = issue.custom_fields?.find((custom) => custom.id === this.options.markerFieldId)?.value;
    return typeof value === 'string' && value !== '' ? value : null;
  }

  /** The ticket, its comments read from the journals (a list answer has none: `withComments` fetches them). */
  private async ticketOf(issue: Issue, signal: AbortSignal, withComments = true): Promise<Ticket> {
    const full = withComments && issue.journals === undefined ? await this.api.get(String(issue.id), signal) : issue;
    const closed = (await this.statuses(signal)).find((status) => status.id === full.status.id)?.is_closed ?? false;
    return {
      id: String(full.id),
      marker: this.markerOf(full),
      subject: full.subject,
      description: full.description ?? '',
      status: full.status.name,
      closed,
      comments: (full.journals ?? [])
        .filter((journal) => (journal.notes ?? '') !== '')
        .map((journal) => ({ id: String(journal.id), author: journal.user.name, text: journal.notes ?? '', at: journal.created_on })),
    };
  }

  private async statuses(signal: AbortSignal): Promise<IssueStatus[]> {
    this.statusCache ??= await this.api.statuses(signal);
    return this.statusCache;
  }

  /** Redmine's 404 or 422 on creation, in words: the project or tracker it names is what is wrong. */
  private refused(error: ConnectorError): ConnectorError {
    const where = `project "${this.options.project}" (tracker ${this.options.trackerId}, custom field ${this.options.markerFieldId})`;
    return new ConnectorError(error.failure, `${this.api.label}: Redmine refused a new issue in ${where}: ${error.message}`, error.status);
  }
}
