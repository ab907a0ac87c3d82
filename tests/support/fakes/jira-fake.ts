import { FakeHttpServer, type FakeReply, type RecordedRequest, isRecord, parseJson } from './fake-http.js';

/**
 * A local Jira Cloud that follows Atlassian's published OpenAPI of the platform REST API v3
 * (swagger-v3.v3.json) and of Jira Service Management, for what Watchfloor uses: issues
 * (`POST /rest/api/3/issue`, `GET …/issue/{key}` with `fields` and `properties`), issue
 * properties, comments (`GET`/`POST …/issue/{key}/comment`, `POST /rest/api/3/comment/list` with
 * `expand=properties`), transitions (`GET` with `expand=transitions.fields`, `POST`), JQL search
 * on `/rest/api/3/search/jql` paged by `nextPageToken` (the removed `/rest/api/3/search` answers
 * 410 as Jira Cloud does), `/rest/api/3/myself` and `/rest/servicedeskapi/request/{key}/sla`.
 * Basic auth with an account email and API token; errors are Jira's
 * `{"errorMessages": […], "errors": {…}}`; descriptions and comments must be valid Atlassian
 * Document Format. The workflow is Jira's classic default one (Open, In Progress, Reopened,
 * Resolved, Closed) whose Resolve and Close screens require a resolution. A switch answers the
 * next requests 429 with Retry-After.
 */

export interface JiraFakeOptions {
  email: string;
  apiToken: string;
  projectKey: string;
  /** A Jira Service Management desk: comments are public or internal and requests have SLAs. */
  serviceDesk?: boolean;
  /** The most issues a search page holds, whatever maxResults asks (Jira returns fewer when it must). */
  searchPageCap?: number;
  /**
   * How long a new issue stays out of `/rest/api/3/search/jql` (Atlassian, "Search after write with
   * search and reconcile": the search is eventually consistent, a write shows "from a few seconds to
   * minutes" later, unless its id is passed in `reconcileIssues`); reads of the issue itself are not delayed.
   */
  searchLagMs?: number;
  now?: () => number;
}

type Category = 'new' | 'indeterminate' | 'done';

const STATUSES: Record<string, { id: string; category: Category }> = {
  Open: { id: '1', category: 'new' },
  'In Progress': { id: '3', category: 'indeterminate' },
  Reopened: { id: '4', category: 'new' },
  Resolved: { id: '5', category: 'done' },
  Closed: { id: '6', category: 'done' },
};

interface WorkflowTransition {
  id: string;
  name: string;
  from: string[];
  to: string;
  /** Its screen asks for a resolution, which is required. */
  resolutionScreen: boolean;
}

/** Jira's classic default workflow ("jira"). */
const WORKFLOW: WorkflowTransition[] = [
  { id: '4', name: 'Start Progress', from: ['Open', 'Reopened'], to: 'In Progress', resolutionScreen: false },
  { id: '301', name: 'Stop Progress', from: ['In Progress'], to: 'Open', resolutionScreen: false },
  { id: '5', name: 'Resolve Issue', from: ['Open', 'In Progress', 'Reopened'], to: 'Resolved', resolutionScreen: true },
  { id: '2', name: 'Close Issue', from: ['Open', 'In Progress', 'Reopened', 'Resolved'], to: 'Closed', resolutionScreen: true },
  { id: '3', name: 'Reopen Issue', from: ['Resolved', 'Closed'], to: 'Reopened', resolutionScreen: false },
];

const RESOLUTIONS = ['Done', "Won't Do", 'Duplicate', 'Cannot Reproduce'];
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
const ISSUE_TYPES = ['Task', 'Bug', 'Incident'];
const DEFAULT_MAX_RESULTS = 50;
const COMMENT_LIST_PAGE = 50;

/** Jira Service Management's default SLAs, by their goals. */
const SLA_GOALS = { firstResponseMs: 3_600_000, resolutionMs: 14_400_000 };

const INLINE = new Set(['text', 'hardBreak', 'mention', 'emoji', 'inlineCard', 'date', 'status']);
const BLOCK = new Set(['paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'codeBlock', 'blockquote', 'rule', 'panel']);

export interface FakeComment {
  id: string;
  author: string;
  body: unknown;
  created: number;
  properties: Map<string, unknown>;
}

export interface FakeIssue {
  id: string;
  key: string;
  summary: string;
  description: unknown;
  labels: string[];
  priority: string;
  issueType: string;
  status: string;
  resolution: string | null;
  created: number;
  updated: number;
  properties: Map<string, unknown>;
  comments: FakeComment[];
}

class JiraError extends Error {
  constructor(
    readonly status: number,
    readonly errorMessages: string[],
    readonly errors: Record<string, string> = {},
  ) {
    super(errorMessages.join('; '));
  }
}

function jiraTime(ms: number): string {
  // Jira's own form: milliseconds and an offset without a colon.
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Whether a value is an ADF document Jira accepts: a doc of version 1, known nodes, no empty text. */
function adfProblem(value: unknown): string | null {
  if (!isRecord(value) || value.type !== 'doc' || value.version !== 1 || !Array.isArray(value.content)) return 'expected an Atlassian Document: {"type": "doc", "version": 1, "content": [...]}';
  const check = (node: unknown, inline: boolean): string | null => {
    if (!isRecord(node) || typeof node.type !== 'string') return 'every node must have a type';
    if (inline ? !INLINE.has(node.type) : !BLOCK.has(node.type)) return `the node "${node.type}" is not allowed here`;
    if (node.type === 'text' && (typeof node.text !== 'string' || node.text === '')) return 'a text node must have non-empty text';
    if (node.content === undefined) return null;
    if (!Array.isArray(node.content)) return `the content of "${node.type}" must be an array`;
    const holdsInline = node.type === 'paragraph' || node.type === 'heading' || node.type === 'codeBlock';
    for (const child of node.content) {
      const problem = check(child, holdsInline);
      if (problem) return problem;
    }
    return null;
  };
  for (const node of value.content) {
    const problem = check(node, false);
    if (problem) return problem;
  }
  return null;
}

function properties(value: unknown, where: string): Map<string, unknown> {
  const held = new Map<string, unknown>();
  if (value === undefined) return held;
  if (!Array.isArray(value)) throw new JiraError(400, [], { [where]: 'properties must be a list of {key, value}' });
  for (const property of value) {
    if (!isRecord(property) || typeof property.key !== 'string' || property.key === '' || property.value === undefined) {
      throw new JiraError(400, [], { [where]: 'every property needs a key and a value' });
    }
    held.set(property.key, property.value);
  }
  return held;
}

function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function offsetOf(token: string): number {
  const parsed = parseJson(Buffer.from(token, 'base64url').toString('utf8'));
  if (!isRecord(parsed) || typeof parsed.offset !== 'number') throw new JiraError(400, ['The provided next page token is invalid or expired.']);
  return parsed.offset;
}

/** One JQL clause of the few forms the console sends, as a filter. */
function clauseFilter(clause: string, projectKey: string, now: number): (issue: FakeIssue) => boolean {
  const unquote = (text: string) => text.replace(/\\(["\\])/g, '$1');
  const match = /^(\w+)\s*(=|~|>=)\s*"((?:[^"\\]|\\.)*)"$/.exec(clause.trim());
  if (!match) throw new JiraError(400, [`Error in the JQL Query: the clause '${clause.trim()}' could not be parsed.`]);
  const [, field, operator, quoted] = match as unknown as [string, string, string, string];
  const value = unquote(quoted);
  if (field === 'project' && operator === '=') {
    if (value !== projectKey) throw new JiraError(400, [`The value '${value}' does not exist for the field 'project'.`]);
    return () => true;
  }
  if (field === 'labels' && operator === '=') return (issue) => issue.labels.includes(value);
  if (field === 'summary' && operator === '~') return (issue) => issue.summary.toLowerCase().includes(value.toLowerCase());
  if (field === 'updated' && operator === '>=') {
    const relative = /^-(\d+)m$/.exec(value);
    if (!relative) throw new JiraError(400, [`Date value '${value}' for field 'updated' is invalid.`]);
    const since = now - Number(relative[1]) * 60_000;
    return (issue) => issue.updated >= since;
  }
  throw new JiraError(400, [`Error in the JQL Query: the fake does not know '${field} ${operator}'.`]);
}

export class JiraFake {
  readonly http = new FakeHttpServer((request) => this.answer(request));
  readonly issues: FakeIssue[] = [];
  private nextIssue = 1;
  private nextComment = 10_000;
  private limited: { remaining: number; retryAfterSeconds: number; path: string | undefined } | null = null;
  private readonly now: () => number;

  private constructor(private readonly options: JiraFakeOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  static async start(options: JiraFakeOptions): Promise<JiraFake> {
    const fake = new JiraFake(options);
    await fake.http.listen();
    return fake;
  }

  get url(): string {
    return this.http.url;
  }

  /** The next `count` requests (to `path`, or any) are answered 429 with Retry-After, as Jira's rate limiter does. */
  rateLimitNext(count: number, retryAfterSeconds: number, path?: string): void {
    this.limited = { remaining: count, retryAfterSeconds, path };
  }

  issue(key: string): FakeIssue | undefined {
    return this.issues.find((issue) => issue.key === key);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private answer(request: RecordedRequest): FakeReply {
    const expected = `Basic ${Buffer.from(`${this.options.email}:${this.options.apiToken}`, 'utf8').toString('base64')}`;
    if (request.headers.authorization !== expected) {
      return { status: 401, body: { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} } };
    }
    if (this.limited && this.limited.remaining > 0 && (this.limited.path === undefined || this.limited.path === request.path)) {
      this.limited.remaining -= 1;
      const wait = this.limited.retryAfterSeconds;
      return {
        status: 429,
        headers: { 'Retry-After': String(wait), 'X-RateLimit-Reset': new Date(Date.now() + wait * 1000).toISOString(), 'RateLimit-Reason': 'jira-burst-based' },
        body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
      };
    }
    try {
      return this.route(request);
    } catch (error) {
      if (error instanceof JiraError) return { status: error.status, body: { errorMessages: error.errorMessages, errors: error.errors } };
      throw error;
    }
  }

  private route(request: RecordedRequest): FakeReply {
    const { method, path } = request;
    if (path === '/rest/api/3/search' || path === '/rest/api/2/search') {
      throw new JiraError(410, [
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
      ]);
    }
    if (path === '/rest/api/3/myself' && method === 'GET') return { status: 200, body: { accountId: '5b10ac8d82e05b22cc7d4ef5', emailAddress: this.options.email, displayName: 'Watchfloor Bot', active: true } };
    if (path === '/rest/api/3/issue' && method === 'POST') return this.create(request.body);
    if (path === '/rest/api/3/search/jql' && method === 'GET') return this.search(request.query);
    if (path === '/rest/api/3/comment/list' && method === 'POST') return this.commentList(request);
    const sla = /^\/rest\/servicedeskapi\/request\/([^/]+)\/sla$/.exec(path)?.[1];
    if (sla !== undefined && method === 'GET') return this.slas(decodeURIComponent(sla), request.query);
    const issuePath = /^\/rest\/api\/3\/issue\/([^/]+)(\/.*)?$/.exec(path);
    if (issuePath) {
      const issue = this.find(decodeURIComponent(issuePath[1] ?? ''));
      const rest = issuePath[2] ?? '';
      if (rest === '' && method === 'GET') return { status: 200, body: this.shown(issue, request.query.get('properties')) };
      if (rest === '/comment' && method === 'GET') return this.comments(issue, request.query);
      if (rest === '/comment' && method === 'POST') return this.addComment(issue, request.body);
      if (rest === '/transitions' && method === 'GET') return this.transitions(issue, request.query);
      if (rest === '/transitions' && method === 'POST') return this.transition(issue, request.body);
      const property = /^\/properties\/([^/]+)$/.exec(rest)?.[1];
      if (property !== undefined) return this.property(issue, decodeURIComponent(property), request);
    }
    throw new JiraError(404, ['null for uri: ' + path]);
  }

  private find(key: string): FakeIssue {
    const issue = this.issues.find((candidate) => candidate.key === key || candidate.id === key);
    if (!issue) throw new JiraError(404, ['Issue does not exist or you do not have permission to see it.']);
    return issue;
  }

  private create(text: string): FakeReply {
    const body = parseJson(text);
    if (!isRecord(body) || !isRecord(body.fields)) throw new JiraError(400, ['Can not deserialize the request: expected fields.']);
    const fields = body.fields;
    const errors: Record<string, string> = {};
    const project = isRecord(fields.project) ? fields.project.key : undefined;
    if (project !== this.options.projectKey) errors.project = 'valid project is required';
    const issueType = isRecord(fields.issuetype) ? fields.issuetype.name : undefined;
    if (typeof issueType !== 'string' || !ISSUE_TYPES.includes(issueType)) errors.issuetype = 'Specify an issue type';
    if (typeof fields.summary !== 'string' || fields.summary.trim() === '') errors.summary = 'You must specify a summary of the issue.';
    else if (fields.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    const descriptionProblem = fields.description === undefined ? null : adfProblem(fields.description);
    if (descriptionProblem) errors.description = `Operation value must be an Atlassian Document (see the Atlassian Document Format): ${descriptionProblem}`;
    const labels = fields.labels ?? [];
    if (!Array.isArray(labels) || !labels.every((label) => typeof label === 'string')) errors.labels = 'labels must be a list of strings';
    else {
      const spaced = labels.find((label) => /\s/.test(label));
      if (spaced !== undefined) errors.labels = `The label '${spaced}' contains spaces which is invalid.`;
    }
    const priority = fields.priority === undefined ? 'Medium' : isRecord(fields.priority) ? fields.priority.name : undefined;
    if (typeof priority !== 'string' || !PRIORITIES.includes(priority)) errors.priority = `Specify a valid priority name; this site has ${PRIORITIES.join(', ')}`;
    if (Object.keys(errors).length > 0) throw new JiraError(400, [], errors);
    const now = this.now();
    const number = this.nextIssue++;
    const issue: FakeIssue = {
      id: String(10_000 + number),
      key: `${this.options.projectKey}-${number}`,
      summary: String(fields.summary),
      description: fields.description ?? null,
      labels: labels as string[],
      priority: String(priority),
      issueType: String(issueType),
      status: 'Open',
      resolution: null,
      created: now,
      updated: now,
      properties: properties(body.properties, 'properties'),
      comments: [],
    };
    this.issues.push(issue);
    return { status: 201, body: { id: issue.id, key: issue.key, self: `${this.url}/rest/api/3/issue/${issue.id}` } };
  }

  /** The IssueBean: the fields asked for (all by default) and the properties named in `properties`. */
  private shown(issue: FakeIssue, propertyKeys: string | null): unknown {
    const status = STATUSES[issue.status] ?? { id: '1', category: 'new' };
    const wanted = (propertyKeys ?? '').split(',').filter((key) => key !== '');
    const shownProperties = Object.fromEntries(wanted.filter((key) => issue.properties.has(key)).map((key) => [key, issue.properties.get(key)]));
    return {
      id: issue.id,
      key: issue.key,
      self: `${this.url}/rest/api/3/issue/${issue.id}`,
      fields: {
        summary: issue.summary,
        description: issue.description,
        labels: issue.labels,
        priority: { name: issue.priority },
        issuetype: { name: issue.issueType },
        resolution: issue.resolution === null ? null : { name: issue.resolution },
        status: { id: status.id, name: issue.status, statusCategory: { key: status.category } },
        created: jiraTime(issue.created),
        updated: jiraTime(issue.updated),
      },
      properties: shownProperties,
    };
  }

  private search(query: URLSearchParams): FakeReply {
    const jql = (query.get('jql') ?? '').trim();
    const [where = '', order] = jql.split(/\s+ORDER BY\s+/i);
    if (where.trim() === '') throw new JiraError(400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
    const now = this.now();
    const filters = where.split(/\s+AND\s+/).map((clause) => clauseFilter(clause, this.options.projectKey, now));
    const lag = this.options.searchLagMs ?? 0;
    const reconciled = new Set((query.get('reconcileIssues') ?? '').split(',').filter((id) => id !== ''));
    const indexed = this.issues.filter((issue) => now - issue.created >= lag || reconciled.has(issue.id));
    const found = indexed.filter((issue) => filters.every((filter) => filter(issue)));
    if (order !== undefined) {
      if (!/^updated\s+DESC$/i.test(order.trim())) throw new JiraError(400, [`Error in the JQL Query: the fake orders only by updated DESC, not '${order}'.`]);
      found.sort((a, b) => b.updated - a.updated || Number(b.id) - Number(a.id));
    }
    const asked = query.has('maxResults') ? Number(query.get('maxResults')) : DEFAULT_MAX_RESULTS;
    const size = Math.min(asked, this.options.searchPageCap ?? 5000);
    const token = query.get('nextPageToken');
    const offset = token === null ? 0 : offsetOf(token);
    const page = found.slice(offset, offset + size);
    const isLast = offset + size >= found.length;
    return {
      status: 200,
      body: { issues: page.map((issue) => this.shown(issue, query.get('properties'))), isLast, ...(isLast ? {} : { nextPageToken: pageToken(offset + size) }) },
    };
  }

  private property(issue: FakeIssue, key: string, request: RecordedRequest): FakeReply {
    if (request.method === 'GET') {
      if (!issue.properties.has(key)) throw new JiraError(404, [`The property with key '${key}' does not exist.`]);
      return { status: 200, body: { key, value: issue.properties.get(key) } };
    }
    if (request.method === 'PUT') {
      const value = parseJson(request.body);
      if (value === undefined) throw new JiraError(400, ['The property value must be valid JSON.']);
      const existed = issue.properties.has(key);
      issue.properties.set(key, value);
      issue.updated = this.now();
      return { status: existed ? 200 : 201, body: null };
    }
    throw new JiraError(405, ['Method not allowed']);
  }

  /** The Comment bean; properties only where expanded (`POST /comment/list?expand=properties`). */
  private commentShown(issue: FakeIssue, comment: FakeComment, withProperties: boolean): unknown {
    const desk = comment.properties.get('sd.public.comment');
    const internal = isRecord(desk) && desk.internal === true;
    return {
      id: comment.id,
      self: `${this.url}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
      author: { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: comment.author },
      body: comment.body,
      created: jiraTime(comment.created),
      updated: jiraTime(comment.created),
      jsdPublic: !internal,
      ...(withProperties ? { properties: [...comment.properties].map(([key, value]) => ({ key, value })) } : {}),
    };
  }

  private comments(issue: FakeIssue, query: URLSearchParams): FakeReply {
    const startAt = Number(query.get('startAt') ?? 0);
    const maxResults = Math.min(Number(query.get('maxResults') ?? 5000), 5000);
    const page = issue.comments.slice(startAt, startAt + maxResults);
    return { status: 200, body: { startAt, maxResults, total: issue.comments.length, comments: page.map((comment) => this.commentShown(issue, comment, false)) } };
  }

  private addComment(issue: FakeIssue, text: string): FakeReply {
    const body = parseJson(text);
    if (!isRecord(body)) throw new JiraError(400, ['Can not deserialize the comment.']);
    const problem = adfProblem(body.body);
    if (problem) throw new JiraError(400, [], { comment: `Comment body is not valid: ${problem}` });
    const comment: FakeComment = { id: String(this.nextComment++), author: 'Watchfloor Bot', body: body.body, created: this.now(), properties: properties(body.properties, 'properties') };
    issue.comments.push(comment);
    issue.updated = comment.created;
    return { status: 201, body: this.commentShown(issue, comment, false) };
  }

  private commentList(request: RecordedRequest): FakeReply {
    const body = parseJson(request.body);
    const ids = isRecord(body) && Array.isArray(body.ids) ? body.ids : undefined;
    if (!ids || ids.length === 0 || ids.length > 1000) throw new JiraError(400, ['The request contains more than 1000 IDs or is empty.']);
    const expand = (request.query.get('expand') ?? '').split(',');
    const wanted = new Set(ids.map(String));
    const found = this.issues.flatMap((issue) => issue.comments.filter((comment) => wanted.has(comment.id)).map((comment) => this.commentShown(issue, comment, expand.includes('properties'))));
    const page = found.slice(0, COMMENT_LIST_PAGE);
    return { status: 200, body: { startAt: 0, maxResults: COMMENT_LIST_PAGE, total: found.length, isLast: found.length <= COMMENT_LIST_PAGE, values: page } };
  }

  private available(issue: FakeIssue): WorkflowTransition[] {
    return WORKFLOW.filter((transition) => transition.from.includes(issue.status));
  }

  private transitions(issue: FakeIssue, query: URLSearchParams): FakeReply {
    const withFields = (query.get('expand') ?? '').split(',').includes('transitions.fields');
    const resolutionField = {
      required: true,
      schema: { type: 'resolution', system: 'resolution' },
      name: 'Resolution',
      key: 'resolution',
      operations: ['set'],
      hasDefaultValue: false,
      allowedValues: RESOLUTIONS.map((name, index) => ({ id: String(10_000 + index), name })),
    };
    return {
      status: 200,
      body: {
        transitions: this.available(issue).map((transition) => {
          const status = STATUSES[transition.to] ?? { id: '1', category: 'new' };
          return {
            id: transition.id,
            name: transition.name,
            hasScreen: transition.resolutionScreen,
            isAvailable: true,
            to: { id: status.id, name: transition.to, statusCategory: { key: status.category } },
            ...(withFields ? { fields: transition.resolutionScreen ? { resolution: resolutionField } : {} } : {}),
          };
        }),
      },
    };
  }

  private transition(issue: FakeIssue, text: string): FakeReply {
    const body = parseJson(text);
    if (!isRecord(body) || !isRecord(body.transition) || typeof body.transition.id !== 'string') throw new JiraError(400, ['No transition was specified.']);
    const id = body.transition.id;
    const transition = this.available(issue).find((candidate) => candidate.id === id);
    if (!transition) throw new JiraError(400, [`Transition id '${id}' is not valid for this issue.`]);
    const fields = isRecord(body.fields) ? body.fields : {};
    const resolution = isRecord(fields.resolution) ? fields.resolution.name : undefined;
    if (transition.resolutionScreen) {
      if (resolution === undefined) throw new JiraError(400, [], { resolution: 'Resolution is required.' });
      if (typeof resolution !== 'string' || !RESOLUTIONS.includes(resolution)) throw new JiraError(400, [], { resolution: `The resolution '${String(resolution)}' is not valid.` });
    } else if (fields.resolution !== undefined) {
      throw new JiraError(400, [], { resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown." });
    }
    const update = isRecord(body.update) ? body.update : {};
    const comments = Array.isArray(update.comment) ? update.comment : [];
    for (const operation of comments) {
      const added = isRecord(operation) && isRecord(operation.add) ? operation.add.body : undefined;
      const problem = adfProblem(added);
      if (problem) throw new JiraError(400, [], { comment: `Comment body is not valid: ${problem}` });
    }
    const now = this.now();
    for (const operation of comments) {
      if (isRecord(operation) && isRecord(operation.add)) {
        issue.comments.push({ id: String(this.nextComment++), author: 'Watchfloor Bot', body: operation.add.body, created: now, properties: properties(operation.add.properties, 'comment') });
      }
    }
    issue.status = transition.to;
    issue.resolution = STATUSES[transition.to]?.category === 'done' ? String(resolution) : null;
    issue.updated = now;
    return { status: 204, text: '' };
  }

  /** Jira Service Management's two default SLAs, computed from the request's own history on the fake's clock. */
  private slas(key: string, query: URLSearchParams): FakeReply {
    if (!this.options.serviceDesk) return { status: 404, body: { errorMessage: `The request ${key} is not a service desk request.`, i18nErrorMessage: { i18nKey: 'sd.request.not.found', parameters: [] } } };
    const issue = this.find(key);
    const now = this.now();
    const firstPublic = issue.comments.find((comment) => {
      const desk = comment.properties.get('sd.public.comment');
      return !(isRecord(desk) && desk.internal === true);
    });
    const done = STATUSES[issue.status]?.category === 'done' ? issue.updated : null;
    const sla = (id: string, name: string, goalMs: number, stoppedAt: number | null) => {
      const elapsed = (stoppedAt ?? now) - issue.created;
      const cycle = {
        startTime: { iso8601: new Date(issue.created).toISOString(), epochMillis: issue.created },
        breachTime: { iso8601: new Date(issue.created + goalMs).toISOString(), epochMillis: issue.created + goalMs },
        breached: elapsed > goalMs,
        goalDuration: { millis: goalMs, friendly: `${goalMs / 3_600_000}h` },
        elapsedTime: { millis: elapsed, friendly: `${Math.round(elapsed / 60_000)}m` },
        remainingTime: { millis: goalMs - elapsed, friendly: `${Math.round((goalMs - elapsed) / 60_000)}m` },
      };
      return stoppedAt === null
        ? { id, name, completedCycles: [], ongoingCycle: { ...cycle, paused: false, withinCalendarHours: true } }
        : { id, name, completedCycles: [{ ...cycle, stopTime: { iso8601: new Date(stoppedAt).toISOString(), epochMillis: stoppedAt } }] };
    };
    const values = [sla('1', 'Time to first response', SLA_GOALS.firstResponseMs, firstPublic?.created ?? null), sla('2', 'Time to resolution', SLA_GOALS.resolutionMs, done)];
    const start = Number(query.get('start') ?? 0);
    const limit = Number(query.get('limit') ?? 50);
    const page = values.slice(start, start + limit);
    return { status: 200, body: { size: page.length, start, limit, isLastPage: start + limit >= values.length, values: page } };
  }
}

/** Starts a Jira Cloud fake on 127.0.0.1 with a free port. */
export function startJiraFake(options: JiraFakeOptions): Promise<JiraFake> {
  return JiraFake.start(options);
}
