import { z } from 'zod';
import type { BackendClient } from '../../http/backend-client.js';
import { IsoTime, parseAnswer } from '../prometheus/answer.js';
import { AdfDocument } from './adf.js';

/**
 * The Jira Cloud platform REST API v3 (developer.atlassian.com/cloud/jira/platform/rest/v3/) and
 * the Jira Service Management API's SLAs, as the console uses them. Fields are reduced to what is
 * read; Jira sends times as `2026-12-07T21:51:07.000+0000`.
 */

const EntityProperty = z.looseObject({ key: z.string(), value: z.unknown() });
export type EntityProperty = z.infer<typeof EntityProperty>;

/** A status category key is `new`, `indeterminate` or `done`. */
const Status = z.looseObject({ name: z.string(), statusCategory: z.looseObject({ key: z.string() }).optional() });

export const Issue = z.looseObject({
  id: z.string(),
  key: z.string(),
  self: z.string(),
  fields: z.looseObject({
    summary: z.string(),
    description: AdfDocument.nullable().optional(),
    status: Status,
    labels: z.array(z.string()).default([]),
    updated: IsoTime,
  }),
  /** Only the properties asked for with `properties=`. */
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type Issue = z.infer<typeof Issue>;

const CreatedIssue = z.looseObject({ id: z.string(), key: z.string(), self: z.string() });
export type CreatedIssue = z.infer<typeof CreatedIssue>;

/** `nextPageToken` is absent (or null) on the last page. */
const SearchPage = z.looseObject({ issues: z.array(Issue), nextPageToken: z.string().nullable().optional(), isLast: z.boolean().optional() });

export const Comment = z.looseObject({
  id: z.string(),
  author: z.looseObject({ displayName: z.string() }).optional(),
  body: AdfDocument,
  created: IsoTime,
  /** Jira Service Management: false for an internal note. */
  jsdPublic: z.boolean().optional(),
  /** Only from `POST /comment/list?expand=properties`. */
  properties: z.array(EntityProperty).optional(),
});
export type Comment = z.infer<typeof Comment>;

const PageOfComments = z.looseObject({ startAt: z.number().int(), total: z.number().int(), comments: z.array(Comment) });
const PageBeanComment = z.looseObject({ values: z.array(Comment) });

const AllowedValue = z.looseObject({ id: z.string().optional(), name: z.string().optional(), value: z.string().optional() });

const FieldMetadata = z.looseObject({
  name: z.string(),
  required: z.boolean(),
  hasDefaultValue: z.boolean().optional(),
  allowedValues: z.array(AllowedValue).optional(),
});

const Transition = z.looseObject({
  id: z.string(),
  name: z.string(),
  to: Status,
  /** Only with `expand=transitions.fields`: the fields of the transition's screen. */
  fields: z.record(z.string(), FieldMetadata).optional(),
});
export type Transition = z.infer<typeof Transition>;
const Transitions = z.looseObject({ transitions: z.array(Transition) });

const Millis = z.looseObject({ millis: z.number() });
const SlaCycle = z.looseObject({
  breached: z.boolean(),
  paused: z.boolean().optional(),
  goalDuration: Millis.optional(),
  elapsedTime: Millis,
  remainingTime: Millis.optional(),
});
const Sla = z.looseObject({ name: z.string(), ongoingCycle: SlaCycle.optional(), completedCycles: z.array(SlaCycle).default([]) });
export type Sla = z.infer<typeof Sla>;
const SlaPage = z.looseObject({ start: z.number().int(), size: z.number().int(), isLastPage: z.boolean(), values: z.array(Sla) });

const Myself = z.looseObject({ accountId: z.string(), displayName: z.string() });

/** The body of `POST /rest/api/3/issue` and of a transition: fields by id, `update` operations, issue properties. */
export interface IssueUpdate {
  fields?: Record<string, unknown>;
  update?: Record<string, unknown[]>;
  transition?: { id: string };
  properties?: EntityProperty[];
}

export interface NewComment {
  body: AdfDocument;
  properties: EntityProperty[];
}

/** What search asks for of each issue. */
const ISSUE_FIELDS = 'summary,description,status,labels,updated';
/** Jira caps a search page; fewer come back when many fields are asked for. */
const SEARCH_PAGE = 100;
const COMMENT_PAGE = 100;
/** `POST /comment/list` pages its answer and takes no offset: ids go in batches no larger than its page. */
const COMMENT_LIST_BATCH = 50;
const SLA_PAGE = 50;

/** Writes that Jira refused with 429 were not done: they are sent again after its Retry-After. */
const WRITE = { idempotent: false, retryRateLimited: true } as const;

export class JiraApi {
  constructor(
    private readonly client: BackendClient,
    /** Names the backend in every error, e.g. `Jira "tickets"`. */
    readonly label: string,
    /** The issue property whose value the console reads with each issue. */
    private readonly propertyKey: string,
  ) {}

  async myself(signal: AbortSignal): Promise<z.infer<typeof Myself>> {
    const path = '/rest/api/3/myself';
    return parseAnswer(Myself, (await this.client.json({ path, signal })).body, `${this.label} GET ${path}`);
  }

  async issue(key: string, signal: AbortSignal): Promise<Issue> {
    const path = `/rest/api/3/issue/${encodeURIComponent(key)}`;
    const response = await this.client.json({ path, query: { fields: ISSUE_FIELDS, properties: this.propertyKey }, signal });
    return parseAnswer(Issue, response.body, `${this.label} GET ${path}`);
  }

  /** Every issue the JQL finds, following `nextPageToken` (the offset-paged `/rest/api/3/search` is gone from Jira Cloud). */
  async search(jql: string, signal: AbortSignal): Promise<Issue[]> {
    const path = '/rest/api/3/search/jql';
    const issues: Issue[] = [];
    let nextPageToken: string | undefined;
    do {
      const query = { jql, fields: ISSUE_FIELDS, properties: this.propertyKey, maxResults: SEARCH_PAGE, nextPageToken };
      const page = parseAnswer(SearchPage, (await this.client.json({ path, query, signal })).body, `${this.label} GET ${path}`);
      issues.push(...page.issues);
      nextPageToken = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
    } while (nextPageToken !== undefined);
    return issues;
  }

  async create(issue: IssueUpdate, signal: AbortSignal): Promise<CreatedIssue> {
    const path = '/rest/api/3/issue';
    const response = await this.client.json({ method: 'POST', path, body: issue, ...WRITE, signal });
    return parseAnswer(CreatedIssue, response.body, `${this.label} POST ${path}`);
  }

  async property(key: string, signal: AbortSignal): Promise<unknown> {
    const path = `/rest/api/3/issue/${encodeURIComponent(key)}/properties/${encodeURIComponent(this.propertyKey)}`;
    return parseAnswer(EntityProperty, (await this.client.json({ path, signal })).body, `${this.label} GET ${path}`).value;
  }

  /** Jira answers 201 when it made the property, 200 when it replaced it; the same value twice leaves the same issue. */
  async setProperty(key: string, value: unknown, signal: AbortSignal): Promise<void> {
    const path = `/rest/api/3/issue/${encodeURIComponent(key)}/properties/${encodeURIComponent(this.propertyKey)}`;
    await this.client.json({ method: 'PUT', path, body: value, idempotent: true, signal });
  }

  /** The issue's comments, oldest first, with their properties (which the issue's own comment list does not expand). */
  async comments(key: string, signal: AbortSignal): Promise<Comment[]> {
    const path = `/rest/api/3/issue/${encodeURIComponent(key)}/comment`;
    const ids: string[] = [];
    for (let startAt = 0; ; ) {
      const response = await this.client.json({ path, query: { startAt, maxResults: COMMENT_PAGE, orderBy: 'created' }, signal });
      const page = parseAnswer(PageOfComments, response.body, `${this.label} GET ${path}`);
      ids.push(...page.comments.map((comment) => comment.id));
      startAt += page.comments.length;
      if (page.comments.length === 0 || startAt >= page.total) break;
    }
    const comments: Comment[] = [];
    const listPath = '/rest/api/3/comment/list';
    for (let at = 0; at < ids.length; at += COMMENT_LIST_BATCH) {
      const batch = ids.slice(at, at + COMMENT_LIST_BATCH).map(Number);
      // A read sent as POST: safe to repeat.
      const response = await this.client.json({ method: 'POST', path: listPath, query: { expand: 'properties' }, body: { ids: batch }, idempotent: true, signal });
      comments.push(...parseAnswer(PageBeanComment, response.body, `${this.label} POST ${listPath}`).values);
    }
    return comments.sort((a, b) => a.created - b.created || Number(a.id) - Number(b.id));
  }

  async addComment(key: string, comment: NewComment, signal: AbortSignal): Promise<Comment> {
    const path = `/rest/api/3/issue/${encodeURIComponent(key)}/comment`;
    const response = await this.client.json({ method: 'POST', path, body: comment, ...WRITE, signal });
    return parseAnswer(Comment, response.body, `${this.label} POST ${path}`);
  }

  async transitions(key: string, signal: AbortSignal): Promise<Transition[]> {
    const path = `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`;
    const response = await this.client.json({ path, query: { expand: 'transitions.fields' }, signal });
    return parseAnswer(Transitions, response.body, `${this.label} GET ${path}`).transitions;
  }

  /** Jira answers 204. */
  async transition(key: string, body: IssueUpdate, signal: AbortSignal): Promise<void> {
    const path = `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`;
    await this.client.json({ method: 'POST', path, body, ...WRITE, signal });
  }

  /** Jira Service Management's SLAs of a request, every page. */
  async slas(key: string, signal: AbortSignal): Promise<Sla[]> {
    const path = `/rest/servicedeskapi/request/${encodeURIComponent(key)}/sla`;
    const slas: Sla[] = [];
    for (let start = 0; ; ) {
      const page = parseAnswer(SlaPage, (await this.client.json({ path, query: { start, limit: SLA_PAGE }, signal })).body, `${this.label} GET ${path}`);
      slas.push(...page.values);
      start += page.size;
      if (page.isLastPage || page.size === 0) return slas;
    }
  }
}
