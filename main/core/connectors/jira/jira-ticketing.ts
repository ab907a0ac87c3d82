import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import type { IncidentStatus } from '../../../../shared/contract/incidents.js';
import type { Severity } from '../../../../shared/fleet-definition/incidents.js';
import { ConnectorError } from '../../http/backend-client.js';
import { answerMayBeLost } from '../../http/failures.js';
import type { BackendSla, CommentVisibility, NewTicketComment, Ticket, TicketComment, TicketDraft, TicketTransition, Ticketing } from '../capabilities.js';
import { adfToText, textToAdf } from './adf.js';
import type { Comment, EntityProperty, Issue, JiraApi, Sla, Transition } from './jira-api.js';
import type { IssueWriteThrottle } from './issue-write-throttle.js';

export interface JiraTicketingOptions {
  projectKey: string;
  issueType: string;
  statuses: Readonly<Record<IncidentStatus, string>>;
  priorities: Readonly<Record<Severity, string>>;
  /** A Jira Service Management desk: comments are internal or public, and SLAs are read from it. */
  serviceDesk: boolean;
  /** How long, when an earlier try may have made an issue, Jira's search is given to show it before one is made. */
  searchSettleMs: number;
  now: () => number;
}

/** The first wait between two looks while Jira's search catches up; each next one is twice as long, up to the last. */
const SETTLE_FIRST_WAIT_MS = 250;
const SETTLE_LONGEST_WAIT_MS = 2000;

/** The issue and comment property the console keeps its own data in. */
export const CONSOLE_PROPERTY = 'watchfloor';
/** Every issue the console makes carries this label besides its marker: labels have no prefix search in JQL. */
export const CONSOLE_LABEL = 'watchfloor';
/** Jira Service Management's comment property: `{internal: true}` keeps a comment from the customer. */
const SERVICE_DESK_COMMENT = 'sd.public.comment';

const ConsoleIssueProperty = z.object({ marker: z.string().nullable(), record: z.string().nullable() });
const ConsoleCommentProperty = z.object({ key: z.string(), visibility: z.enum(['internal', 'customer']) satisfies z.ZodType<CommentVisibility> });
const ServiceDeskComment = z.object({ internal: z.boolean() });

/** A JQL string literal: quoted, with its quotes and backslashes escaped. */
function jqlString(text: string): string {
  return `"${text.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

function quotedList(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function propertyValue(properties: readonly EntityProperty[] | undefined, key: string): unknown {
  return properties?.find((property) => property.key === key)?.value;
}

/** What a transition's screen asks for that the console gives: the resolution, by name. */
function resolutionOf(transition: Transition, wanted: string | null, refuse: (why: string) => ConnectorError): { name: string } | undefined {
  const field = transition.fields?.resolution;
  if (!field) return undefined;
  const allowed = (field.allowedValues ?? []).flatMap((value) => (value.name === undefined ? [] : [value.name]));
  if (wanted === null) {
    if (field.required && !field.hasDefaultValue) throw refuse(`it requires a resolution (one of ${quotedList(allowed)}) and none was given`);
    return undefined;
  }
  const match = allowed.find((name) => name.toLowerCase() === wanted.toLowerCase());
  if (allowed.length > 0 && match === undefined) throw refuse(`Jira has no resolution "${wanted}"; it takes ${quotedList(allowed)}`);
  return { name: match ?? wanted };
}

/**
 * Tickets as Jira issues: the console's marker as a label (found with JQL) and, with the console's
 * record, in the issue property `watchfloor`; comments carry the console's key in a comment
 * property; a status change is one of the transitions the workflow offers from where the issue is.
 */
export class JiraTicketing implements Ticketing {
  /** Only on a Jira Service Management desk. */
  readonly sla?: (id: string, signal: AbortSignal) => Promise<BackendSla[]>;

  constructor(
    private readonly api: JiraApi,
    private readonly options: JiraTicketingOptions,
    private readonly writes: IssueWriteThrottle,
    /** The caller's signal, also aborted when the connector closes (a fleet reload). */
    private readonly whileOpen: (signal: AbortSignal) => AbortSignal,
  ) {
    if (options.serviceDesk) this.sla = async (id, caller) => (await this.api.slas(id, this.whileOpen(caller))).map((sla) => this.slaOf(sla));
  }

  async create(draft: TicketDraft, caller: AbortSignal): Promise<Ticket> {
    const signal = this.whileOpen(caller);
    const existing = draft.earlierTry === true ? await this.findSettled(draft.marker, signal) : await this.findByMarker(draft.marker, signal);
    if (existing) return existing;
    const fields: Record<string, unknown> = {
      project: { key: this.options.projectKey },
      issuetype: { name: this.options.issueType },
      summary: draft.subject,
      description: textToAdf(draft.description),
      labels: [draft.marker, CONSOLE_LABEL],
    };
    if (draft.severity !== null) fields.priority = { name: this.options.priorities[draft.severity] };
    const properties = [{ key: CONSOLE_PROPERTY, value: { marker: draft.marker, record: draft.record } }];
    try {
      const created = await this.api.create({ fields, properties }, signal);
      return await this.get(created.key, signal);
    } catch (error) {
      if (error instanceof ConnectorError && (error.status === 400 || error.status === 422)) throw this.refusedCreate(error, draft.severity);
      if (!answerMayBeLost(error)) throw error;
      // Jira may have made it before the answer was lost: look before anyone creates again.
      const made = await this.findSettled(draft.marker, signal);
      if (made) return made;
      throw error;
    }
  }

  /**
   * The issue with the marker, looked for until Jira's search has had time to show it: the search
   * is eventually consistent (Atlassian, "search and reconcile"), a new issue shows within seconds
   * mostly, and reconciling needs its id, which a lost answer did not give.
   */
  private async findSettled(marker: string, signal: AbortSignal): Promise<Ticket | null> {
    const deadline = this.options.now() + this.options.searchSettleMs;
    for (let wait = SETTLE_FIRST_WAIT_MS; ; wait = Math.min(wait * 2, SETTLE_LONGEST_WAIT_MS)) {
      const found = await this.findByMarker(marker, signal);
      const left = deadline - this.options.now();
      if (found || left <= 0) return found;
      await delay(Math.min(wait, left), undefined, { signal });
    }
  }

  async findByMarker(marker: string, caller: AbortSignal): Promise<Ticket | null> {
    const [found] = await this.list({ marker }, caller);
    return found ?? null;
  }

  async get(id: string, caller: AbortSignal): Promise<Ticket> {
    const signal = this.whileOpen(caller);
    const [issue, comments] = await Promise.all([this.api.issue(id, signal), this.api.comments(id, signal)]);
    return this.ticketOf(issue, comments.map((comment) => this.commentOf(comment)));
  }

  async comment(id: string, comment: NewTicketComment, caller: AbortSignal): Promise<TicketComment> {
    const signal = this.whileOpen(caller);
    return this.writes.run(id, async () => {
      const already = await this.findComment(id, comment.key, signal);
      if (already) return already;
      const properties: EntityProperty[] = [{ key: CONSOLE_PROPERTY, value: { key: comment.key, visibility: comment.visibility } }];
      if (this.options.serviceDesk) properties.push({ key: SERVICE_DESK_COMMENT, value: { internal: comment.visibility === 'internal' } });
      try {
        const posted = await this.api.addComment(id, { body: textToAdf(comment.text), properties }, signal);
        return this.commentOf({ ...posted, properties });
      } catch (error) {
        if (!answerMayBeLost(error)) throw error;
        const made = await this.findComment(id, comment.key, signal);
        if (made) return made;
        throw error;
      }
    });
  }

  async transition(id: string, transition: TicketTransition, caller: AbortSignal): Promise<Ticket> {
    const signal = this.whileOpen(caller);
    const target = this.options.statuses[transition.status];
    const before = await this.api.issue(id, signal);
    const current = before.fields.status.name;
    // Already there: an earlier try whose answer was lost, or nothing to do.
    if (current.toLowerCase() === target.toLowerCase()) return this.get(id, signal);
    const offered = await this.api.transitions(id, signal);
    const chosen = offered.find((candidate) => candidate.to.name.toLowerCase() === target.toLowerCase());
    const refuse = (why: string) => new ConnectorError('http', `${this.api.label}: ${id} cannot move from "${current}" to "${target}" (incident ${transition.status}): ${why}`);
    if (!chosen) {
      const available = offered.map((candidate) => `"${candidate.name}" (to ${candidate.to.name})`).join(', ');
      throw refuse(`Jira's workflow offers no transition to it from there; available: ${available === '' ? 'none' : available}`);
    }
    const unfilled = Object.entries(chosen.fields ?? {}).filter(([field, meta]) => field !== 'resolution' && field !== 'comment' && meta.required && !meta.hasDefaultValue);
    if (unfilled.length > 0) throw refuse(`the transition "${chosen.name}" requires ${quotedList(unfilled.map(([, meta]) => meta.name))}, which the console does not fill in`);
    const resolution = resolutionOf(chosen, transition.resolution, refuse);
    const body = {
      transition: { id: chosen.id },
      ...(resolution ? { fields: { resolution } } : {}),
      ...(transition.comment !== null ? { update: { comment: [{ add: { body: textToAdf(transition.comment), properties: this.transitionCommentProperties() } }] } } : {}),
    };
    await this.writes.run(id, () => this.api.transition(id, body, signal)).catch(async (error: unknown) => {
      if (!answerMayBeLost(error)) throw error;
      // Jira may have moved it before the answer was lost.
      if ((await this.api.issue(id, signal)).fields.status.name !== chosen.to.name) throw error;
    });
    return this.get(id, signal);
  }

  async writeRecord(id: string, record: string, caller: AbortSignal): Promise<void> {
    const signal = this.whileOpen(caller);
    const marker = this.propertyOf(await this.api.issue(id, signal))?.marker ?? null;
    await this.writes.run(id, () => this.api.setProperty(id, { marker, record }, signal));
  }

  async list(query: { marker?: string; markerPrefix?: string; text?: string; updatedSince?: number }, caller: AbortSignal): Promise<Ticket[]> {
    const signal = this.whileOpen(caller);
    const clauses = [`project = ${jqlString(this.options.projectKey)}`];
    if (query.marker !== undefined) clauses.push(`labels = ${jqlString(query.marker)}`);
    if (query.markerPrefix !== undefined) clauses.push(`labels = ${jqlString(CONSOLE_LABEL)}`);
    if (query.text !== undefined) clauses.push(`summary ~ ${jqlString(query.text)}`);
    if (query.updatedSince !== undefined) {
      // Relative minutes: an absolute JQL date is read in the account's own time zone.
      const minutes = Math.ceil((this.options.now() - query.updatedSince) / 60_000) + 1;
      clauses.push(`updated >= "-${Math.max(1, minutes)}m"`);
    }
    const jql = `${clauses.join(' AND ')} ORDER BY updated DESC`;
    const issues = await this.api.search(jql, signal).catch((error: unknown) => {
      if (error instanceof ConnectorError && error.status === 400) {
        throw new ConnectorError('http', `${this.api.label}: Jira refused the search in project "${this.options.projectKey}"; does the project exist and may this account browse it? (${error.message})`, 400);
      }
      throw error;
    });
    const { markerPrefix, updatedSince } = query;
    return issues
      .map((issue) => this.ticketOf(issue, []))
      .filter((ticket) => markerPrefix === undefined || (ticket.marker?.startsWith(markerPrefix) ?? false))
      .filter((ticket) => updatedSince === undefined || ticket.updatedAt >= updatedSince);
  }

  /** A comment sent with a transition says nothing of who may read it: on a service desk it stays internal. */
  private transitionCommentProperties(): EntityProperty[] {
    return this.options.serviceDesk ? [{ key: SERVICE_DESK_COMMENT, value: { internal: true } }] : [];
  }

  private async findComment(id: string, key: string, signal: AbortSignal): Promise<TicketComment | null> {
    const comments = (await this.api.comments(id, signal)).map((comment) => this.commentOf(comment));
    return comments.find((comment) => comment.key === key) ?? null;
  }

  private propertyOf(issue: Issue): z.infer<typeof ConsoleIssueProperty> | null {
    const parsed = ConsoleIssueProperty.safeParse(issue.properties?.[CONSOLE_PROPERTY]);
    return parsed.success ? parsed.data : null;
  }

  private ticketOf(issue: Issue, comments: TicketComment[]): Ticket {
    const property = this.propertyOf(issue);
    return {
      id: issue.key,
      displayKey: issue.key,
      url: new URL(`/browse/${encodeURIComponent(issue.key)}`, issue.self).href,
      marker: property?.marker ?? null,
      subject: issue.fields.summary,
      description: adfToText(issue.fields.description),
      status: issue.fields.status.name,
      closed: issue.fields.status.statusCategory?.key === 'done',
      record: property?.record ?? null,
      updatedAt: issue.fields.updated,
      comments,
    };
  }

  private commentOf(comment: Comment): TicketComment {
    const mine = ConsoleCommentProperty.safeParse(propertyValue(comment.properties, CONSOLE_PROPERTY));
    const desk = ServiceDeskComment.safeParse(propertyValue(comment.properties, SERVICE_DESK_COMMENT));
    let visibility: CommentVisibility;
    if (this.options.serviceDesk) visibility = comment.jsdPublic === false || (desk.success && desk.data.internal) ? 'internal' : 'customer';
    // Outside a service desk no customer reads the project: a comment written in Jira is internal.
    else visibility = mine.success ? mine.data.visibility : 'internal';
    return {
      id: comment.id,
      author: comment.author?.displayName ?? 'Anonymous',
      text: adfToText(comment.body),
      at: comment.created,
      key: mine.success ? mine.data.key : null,
      visibility,
    };
  }

  private slaOf(sla: Sla): BackendSla {
    const cycle = sla.ongoingCycle ?? sla.completedCycles.at(-1);
    return {
      name: sla.name,
      goalMs: cycle?.goalDuration?.millis ?? null,
      elapsedMs: cycle?.elapsedTime.millis ?? 0,
      remainingMs: cycle?.remainingTime?.millis ?? null,
      breached: cycle?.breached ?? false,
      paused: sla.ongoingCycle?.paused ?? false,
      completed: sla.ongoingCycle === undefined && sla.completedCycles.length > 0,
    };
  }

  /** Jira's 400 on creation, in words: the project, issue type or priority it names is what is wrong. */
  private refusedCreate(error: ConnectorError, severity: Severity | null): ConnectorError {
    const priority = severity === null ? '' : `, priority "${this.options.priorities[severity]}"`;
    const where = `project ${this.options.projectKey} (issue type "${this.options.issueType}"${priority})`;
    return new ConnectorError(error.failure, `${this.api.label}: Jira refused a new issue in ${where}: ${error.message}`, error.status);
  }
}
