import { randomUUID } from 'node:crypto';
import { FakeHttpServer, type FakeReply, type RecordedRequest, isRecord, parseJson } from './fake-http.js';

/**
 * A local ServiceNow instance's Table API (developer.servicenow.com, "Table API"; docs.servicenow.com
 * "Inbound REST API rate limiting") for what Watchfloor uses: `GET`/`POST /api/now/table/incident`,
 * `GET`/`PATCH`/`PUT /api/now/table/incident/{sys_id}` and `GET /api/now/table/sys_journal_field`,
 * with Basic auth, answers as `{"result": …}`, errors as `{"error":{"message","detail"},"status":"failure"}`,
 * `sysparm_query` (encoded queries: `=`, `!=`, `STARTSWITH`, `LIKE`, `IN`, `>=`, `<=`, `>`, `<`,
 * `ORDERBY`/`ORDERBYDESC`; an unknown field is ignored, as ServiceNow does), `sysparm_fields`,
 * `sysparm_display_value` (false, true, all), `sysparm_limit`/`sysparm_offset` with the Link and
 * X-Total-Count headers, and a rate-limit rule answering 429 with Retry-After and X-RateLimit-*.
 * Writing `work_notes` or `comments` adds a journal entry; the out-of-box data policy makes Resolved
 * and Closed need a resolution code and notes, and On Hold a reason; the priority follows ServiceNow's
 * default lookup from impact and urgency.
 */

export interface ServicenowFakeOptions {
  user: string;
  password: string;
  /** Custom String columns of the incident table (an administrator adds them) with their max length; default the console's record field, 4000. */
  customFields?: Readonly<Record<string, number>>;
}

/** MySQL's mediumtext, in characters. */
const MEDIUMTEXT = 16_777_215;
/** The longest max length that still gets a varchar column of that size. */
const LONGEST_VARCHAR = 255;

/**
 * How many characters a String field of this max length keeps. ServiceNow does not enforce the
 * max length (KB0685779, "Fields in ServiceNow accept string inputs greater than the
 * sys_dictionary max_length value"); the database column does: up to 255 it is a varchar of that
 * size, which drops what does not fit without a word, and beyond it a mediumtext.
 */
export function columnCapacity(maxLength: number): number {
  return maxLength <= LONGEST_VARCHAR ? maxLength : MEDIUMTEXT;
}

export interface FakeJournalEntry {
  sys_id: string;
  name: string;
  element: 'comments' | 'work_notes';
  element_id: string;
  value: string;
  sys_created_on: string;
  sys_created_by: string;
}

type Row = Record<string, string>;

const INCIDENT_COLUMNS = [
  'sys_id',
  'number',
  'short_description',
  'description',
  'state',
  'active',
  'impact',
  'urgency',
  'priority',
  'correlation_id',
  'assignment_group',
  'close_code',
  'close_notes',
  'hold_reason',
  'opened_at',
  'sys_created_on',
  'sys_created_by',
  'sys_updated_on',
  'sys_updated_by',
  'sys_mod_count',
];
/** Journal fields: written on the incident, kept in sys_journal_field; read back on the incident as empty. */
const JOURNAL_COLUMNS = ['comments', 'work_notes'];
const READ_ONLY = new Set(['sys_id', 'number', 'priority', 'active', 'sys_created_on', 'sys_created_by', 'sys_updated_on', 'sys_updated_by', 'sys_mod_count']);
const JOURNAL_TABLE_COLUMNS = ['sys_id', 'name', 'element', 'element_id', 'value', 'sys_created_on', 'sys_created_by'];

const STATE_LABELS: Record<string, string> = { '1': 'New', '2': 'In Progress', '3': 'On Hold', '6': 'Resolved', '7': 'Closed', '8': 'Canceled' };
const LEVEL_LABELS: Record<string, string> = { '1': '1 - High', '2': '2 - Medium', '3': '3 - Low' };
const PRIORITY_LABELS: Record<string, string> = { '1': '1 - Critical', '2': '2 - High', '3': '3 - Moderate', '4': '4 - Low', '5': '5 - Planning' };
const HOLD_LABELS: Record<string, string> = { '1': 'Awaiting Caller', '3': 'Awaiting Problem', '4': 'Awaiting Vendor', '5': 'Awaiting Change' };
/** ServiceNow's default priority lookup (dl_u_priority): impact × urgency → priority. */
const PRIORITY_LOOKUP: Record<string, string> = { '1/1': '1', '1/2': '2', '1/3': '3', '2/1': '2', '2/2': '3', '2/3': '4', '3/1': '3', '3/2': '4', '3/3': '5' };
/** What the out-of-box data policy requires per state, with the field labels its message names. */
const MANDATORY_BY_STATE: Record<string, Array<[string, string]>> = {
  '3': [['hold_reason', 'On hold reason']],
  '6': [['close_code', 'Resolution code'], ['close_notes', 'Resolution notes']],
  '7': [['close_code', 'Resolution code'], ['close_notes', 'Resolution notes']],
};
const OPERATORS = ['STARTSWITH', 'ENDSWITH', 'NOTLIKE', 'LIKE', 'NOT IN', 'IN', '>=', '<=', '!=', '=', '>', '<'];

function failure(status: number, message: string, detail: string | null): FakeReply {
  return { status, body: { error: { message, detail }, status: 'failure' } };
}

/** ServiceNow's stored date-time: UTC, to the second. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

interface Condition {
  field: string;
  operator: string;
  value: string;
}

interface ParsedQuery {
  conditions: Condition[];
  order: Array<{ field: string; descending: boolean }>;
}

class UnsupportedQuery extends Error {}

function parseQuery(query: string, columns: readonly string[]): ParsedQuery {
  const parsed: ParsedQuery = { conditions: [], order: [] };
  for (const part of query.split('^').filter((text) => text !== '')) {
    if (part.startsWith('ORDERBYDESC')) parsed.order.push({ field: part.slice('ORDERBYDESC'.length), descending: true });
    else if (part.startsWith('ORDERBY')) parsed.order.push({ field: part.slice('ORDERBY'.length), descending: false });
    else {
      const field = /^[a-z_][a-z0-9_]*/.exec(part)?.[0] ?? '';
      const rest = part.slice(field.length);
      const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
      if (!operator || field === '') throw new UnsupportedQuery(`the fake does not read the encoded query part "${part}"`);
      // ServiceNow ignores the part of a query that names a field the table does not have.
      if (columns.includes(field)) parsed.conditions.push({ field, operator, value: rest.slice(operator.length) });
    }
  }
  return parsed;
}

function matches(row: Row, condition: Condition): boolean {
  const actual = row[condition.field] ?? '';
  const { value } = condition;
  switch (condition.operator) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case 'STARTSWITH':
      return actual.toLowerCase().startsWith(value.toLowerCase());
    case 'ENDSWITH':
      return actual.toLowerCase().endsWith(value.toLowerCase());
    case 'LIKE':
      return actual.toLowerCase().includes(value.toLowerCase());
    case 'NOTLIKE':
      return !actual.toLowerCase().includes(value.toLowerCase());
    case 'IN':
      return value.split(',').includes(actual);
    case 'NOT IN':
      return !value.split(',').includes(actual);
    case '>=':
      return actual >= value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '<':
      return actual < value;
    default:
      return false;
  }
}

export class ServicenowFake {
  readonly incidents: Row[] = [];
  readonly journal: FakeJournalEntry[] = [];
  private readonly incidentColumns: string[];
  private readonly maxLengths: Readonly<Record<string, number>>;
  private nextNumber = 10001;
  private limit: { limit: number; windowSeconds: number; windowStart: number; used: number } | undefined;

  readonly http = new FakeHttpServer((request) => this.answer(request));

  private constructor(private readonly options: ServicenowFakeOptions) {
    this.maxLengths = options.customFields ?? { u_watchfloor_record: 4000 };
    this.incidentColumns = [...INCIDENT_COLUMNS, ...Object.keys(this.maxLengths)];
  }

  static async start(options: ServicenowFakeOptions): Promise<ServicenowFake> {
    const fake = new ServicenowFake(options);
    await fake.http.listen();
    return fake;
  }

  get url(): string {
    return this.http.url;
  }

  /** A rate-limit rule for the user: after `limit` requests in a window, 429 until the window ends (ServiceNow's window is an hour). */
  rateLimit(limit: number, windowSeconds: number): this {
    this.limit = { limit, windowSeconds, windowStart: 0, used: 0 };
    return this;
  }

  /** An incident as someone wrote it in ServiceNow, with journal entries of its own. */
  addIncident(fields: Row, by = 'beth.anglin'): Row {
    return this.insert(fields, by);
  }

  /** A work note or comment someone wrote in ServiceNow. */
  addJournalEntry(sysId: string, element: FakeJournalEntry['element'], value: string, by = 'beth.anglin'): void {
    this.addJournal(sysId, [[element, value]], by);
  }

  incidentsWith(field: string, value: string): Row[] {
    return this.incidents.filter((row) => row[field] === value);
  }

  journalOf(sysId: string): FakeJournalEntry[] {
    return this.journal.filter((entry) => entry.element_id === sysId);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private answer(request: RecordedRequest): FakeReply {
    const expected = `Basic ${Buffer.from(`${this.options.user}:${this.options.password}`).toString('base64')}`;
    if (request.headers.authorization !== expected) return failure(401, 'User Not Authenticated', 'Required to provide Auth information');
    const limited = this.rateLimited();
    if (limited.status === 429) return limited;
    let reply: FakeReply;
    try {
      reply = this.route(request);
    } catch (error) {
      if (!(error instanceof UnsupportedQuery)) throw error;
      reply = failure(500, 'Fake limitation', error.message);
    }
    return { ...reply, headers: { ...limited.headers, ...reply.headers } };
  }

  private rateLimited(): FakeReply {
    const limit = this.limit;
    if (!limit) return { status: 200 };
    const now = Date.now();
    const windowMs = limit.windowSeconds * 1000;
    if (now - limit.windowStart >= windowMs) {
      limit.windowStart = now;
      limit.used = 0;
    }
    limit.used += 1;
    const resetAt = limit.windowStart + windowMs;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(limit.limit),
      'X-RateLimit-Reset': String(Math.ceil(resetAt / 1000)),
      'X-RateLimit-Rule': 'a3f1c9e2db1c1010a2c4f6e8a9b0c1d2',
    };
    if (limit.used <= limit.limit) return { status: 200, headers };
    return {
      status: 429,
      headers: { ...headers, 'Retry-After': String(Math.max(1, Math.ceil((resetAt - now) / 1000))) },
      body: { error: { message: 'Too Many Requests', detail: `Rate limit of ${limit.limit} requests exceeded for user ${this.options.user}` }, status: 'failure' },
    };
  }

  private route(request: RecordedRequest): FakeReply {
    const parts = request.path.split('/').filter((part) => part !== '');
    if (parts.length < 4 || parts[0] !== 'api' || parts[1] !== 'now' || parts[2] !== 'table') return failure(400, 'Requested URI does not represent any resource', null);
    const table = parts[3] ?? '';
    const id = parts[4];
    if (parts.length > 5) return failure(400, 'Requested URI does not represent any resource', null);
    if (table === 'incident') {
      if (id === undefined) {
        if (request.method === 'GET') return this.list(request, this.incidents, this.incidentColumns, (row, field, mode) => this.incidentValue(row, field, mode));
        if (request.method === 'POST') return this.create(request);
      } else {
        const row = this.incidents.find((candidate) => candidate.sys_id === id);
        if (request.method === 'GET') return row ? { status: 200, body: { result: this.render(row, request.query, this.incidentColumns) } } : this.notFound();
        if (request.method === 'PATCH' || request.method === 'PUT') return row ? this.update(request, row) : this.notFound();
      }
      return failure(405, 'Method not Supported', `${request.method} is not supported on ${request.path}`);
    }
    if (table === 'sys_journal_field') {
      if (id === undefined && request.method === 'GET') {
        const rows = this.journal.map((entry): Row => ({ ...entry }));
        return this.list(request, rows, JOURNAL_TABLE_COLUMNS, (row, field) => row[field] ?? '');
      }
      return failure(405, 'Method not Supported', `${request.method} is not supported on ${request.path}`);
    }
    return failure(400, `Invalid table ${table}`, null);
  }

  private notFound(): FakeReply {
    return failure(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
  }

  private list(request: RecordedRequest, rows: Row[], columns: readonly string[], read: (row: Row, field: string, mode: string) => string): FakeReply {
    const query = parseQuery(request.query.get('sysparm_query') ?? '', columns);
    const limit = Number(request.query.get('sysparm_limit') ?? '10000');
    const offset = Number(request.query.get('sysparm_offset') ?? '0');
    if (!Number.isInteger(offset) || offset < 0) return failure(400, `offset is ${request.query.get('sysparm_offset')}`, 'Negative offset is not supported');
    if (!Number.isInteger(limit) || limit < 1) return failure(400, `limit is ${request.query.get('sysparm_limit')}`, 'sysparm_limit must be a positive number');
    const found = rows.filter((row) => query.conditions.every((condition) => matches(row, condition)));
    // Stable: rows equal on every ordering field keep the order they were made in.
    const ordered = [...found].sort((a, b) => {
      for (const { field, descending } of query.order) {
        const left = read(a, field, 'false');
        const right = read(b, field, 'false');
        if (left !== right) return (left < right ? -1 : 1) * (descending ? -1 : 1);
      }
      return 0;
    });
    const page = ordered.slice(offset, offset + limit);
    const link = (at: number, rel: string) => {
      const params = new URLSearchParams(request.query);
      params.set('sysparm_limit', String(limit));
      params.set('sysparm_offset', String(at));
      return `<${this.url}${request.path}?${params.toString()}>;rel="${rel}"`;
    };
    const links = [link(0, 'first')];
    if (offset > 0) links.push(link(Math.max(0, offset - limit), 'prev'));
    if (offset + limit < ordered.length) links.push(link(offset + limit, 'next'));
    links.push(link(Math.max(0, Math.floor((ordered.length - 1) / limit) * limit), 'last'));
    // No Link header at all when everything fits on one page; prev and next only where there is one.
    const headers: Record<string, string> = { 'X-Total-Count': String(ordered.length) };
    if (ordered.length > limit) headers.Link = links.join(',');
    return {
      status: 200,
      headers,
      body: { result: page.map((row) => this.renderWith(row, request.query, columns, read)) },
    };
  }

  private create(request: RecordedRequest): FakeReply {
    const body = parseJson(request.body);
    if (!isRecord(body)) return failure(400, 'Exception while reading request', 'The payload is not valid JSON.');
    const fields = this.writable(body);
    const problem = this.policyProblem({ state: '1', ...fields });
    if (problem) return problem;
    const row = this.insert(fields, this.options.user);
    return { status: 201, headers: { Location: `${this.url}/api/now/table/incident/${row.sys_id}` }, body: { result: this.render(row, request.query, this.incidentColumns) } };
  }

  private update(request: RecordedRequest, row: Row): FakeReply {
    const body = parseJson(request.body);
    if (!isRecord(body)) return failure(400, 'Exception while reading request', 'The payload is not valid JSON.');
    const fields = this.writable(body);
    const problem = this.policyProblem({ ...row, ...fields });
    if (problem) return problem;
    const { journalEntries, values } = this.splitJournal(fields);
    Object.assign(row, values);
    this.derive(row);
    this.touch(row);
    this.addJournal(row.sys_id ?? '', journalEntries, this.options.user);
    return { status: 200, body: { result: this.render(row, request.query, this.incidentColumns) } };
  }

  /** A new incident's own fields: what was given of the table's writable columns; the rest ServiceNow ignores. */
  private writable(body: Record<string, unknown>): Row {
    const fields: Row = {};
    for (const [name, value] of Object.entries(body)) {
      if (READ_ONLY.has(name)) continue;
      if (!this.incidentColumns.includes(name) && !JOURNAL_COLUMNS.includes(name)) continue;
      const text = typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value);
      const maxLength = this.maxLengths[name];
      fields[name] = maxLength === undefined ? text : text.slice(0, columnCapacity(maxLength));
    }
    return fields;
  }

  private splitJournal(fields: Row): { journalEntries: Array<[FakeJournalEntry['element'], string]>; values: Row } {
    const values: Row = {};
    const journalEntries: Array<[FakeJournalEntry['element'], string]> = [];
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'comments' || name === 'work_notes') {
        if (value.trim() !== '') journalEntries.push([name, value]);
      } else values[name] = value;
    }
    return { journalEntries, values };
  }

  /** The data policy: a state's mandatory fields, named by their labels, as ServiceNow's 403 says. */
  private policyProblem(after: Row): FakeReply | null {
    const missing = (MANDATORY_BY_STATE[after.state ?? ''] ?? []).filter(([field]) => (after[field] ?? '').trim() === '').map(([, label]) => label);
    if (missing.length === 0) return null;
    return failure(403, 'Operation Failed', `Data Policy Exception: \n\tThe following fields are mandatory: ${missing.join(', ')}\n`);
  }

  private insert(fields: Row, by: string): Row {
    const { journalEntries, values } = this.splitJournal(fields);
    const now = stamp(Date.now());
    const row: Row = Object.fromEntries(this.incidentColumns.map((column) => [column, '']));
    Object.assign(row, { state: '1', impact: '3', urgency: '3' }, values, {
      sys_id: randomUUID().replace(/-/g, ''),
      number: `INC${String(this.nextNumber++).padStart(7, '0')}`,
      opened_at: now,
      sys_created_on: now,
      sys_created_by: by,
      sys_updated_on: now,
      sys_updated_by: by,
      sys_mod_count: '0',
    });
    this.derive(row);
    this.incidents.push(row);
    this.addJournal(row.sys_id ?? '', journalEntries, by);
    return row;
  }

  /** What business rules keep in step: the priority from impact and urgency, and whether the incident is active. */
  private derive(row: Row): void {
    row.priority = PRIORITY_LOOKUP[`${row.impact}/${row.urgency}`] ?? '5';
    row.active = row.state === '7' || row.state === '8' ? 'false' : 'true';
  }

  private touch(row: Row): void {
    row.sys_updated_on = stamp(Date.now());
    row.sys_updated_by = this.options.user;
    row.sys_mod_count = String(Number(row.sys_mod_count ?? '0') + 1);
  }

  private addJournal(elementId: string, entries: Array<[FakeJournalEntry['element'], string]>, by: string): void {
    for (const [element, value] of entries) {
      this.journal.push({ sys_id: randomUUID().replace(/-/g, ''), name: 'incident', element, element_id: elementId, value, sys_created_on: stamp(Date.now()), sys_created_by: by });
    }
  }

  private incidentValue(row: Row, field: string, mode: string): string {
    const value = JOURNAL_COLUMNS.includes(field) ? '' : (row[field] ?? '');
    if (mode === 'false') return value;
    const labels: Record<string, Record<string, string>> = { state: STATE_LABELS, impact: LEVEL_LABELS, urgency: LEVEL_LABELS, priority: PRIORITY_LABELS, hold_reason: HOLD_LABELS };
    return labels[field]?.[value] ?? value;
  }

  private render(row: Row, query: URLSearchParams, columns: readonly string[]): Record<string, unknown> {
    return this.renderWith(row, query, columns, (r, field, mode) => this.incidentValue(r, field, mode));
  }

  /** A row as sysparm_fields and sysparm_display_value ask: fields the table lacks are left out. */
  private renderWith(row: Row, query: URLSearchParams, columns: readonly string[], read: (row: Row, field: string, mode: string) => string): Record<string, unknown> {
    const asked = query.get('sysparm_fields');
    const fields = asked ? asked.split(',').map((field) => field.trim()).filter((field) => columns.includes(field) || JOURNAL_COLUMNS.includes(field)) : [...columns];
    const mode = query.get('sysparm_display_value') ?? 'false';
    const links = query.get('sysparm_exclude_reference_link') !== 'true';
    const rendered: Record<string, unknown> = {};
    for (const field of fields) {
      if (mode === 'all') {
        const value = read(row, field, 'false');
        const entry: Record<string, string> = { display_value: read(row, field, 'true'), value };
        if (field === 'assignment_group' && links && value !== '') entry.link = `${this.url}/api/now/table/sys_user_group/${value}`;
        rendered[field] = entry;
      } else {
        rendered[field] = read(row, field, mode === 'true' ? 'true' : 'false');
      }
    }
    return rendered;
  }
}
