import { randomUUID } from 'node:crypto';
import { FakeHttpServer, type FakeReply, type RecordedRequest, isRecord, parseJson } from './fake-http.js';

/**
 * A local Datadog API that follows the published specs (DataDog/datadog-api-client-typescript,
 * .generator/schemas/v{1,2}/openapi.yaml and features/v2/downtimes.feature) for what Watchfloor
 * uses: `GET /api/v1/validate`, `/api/v1/query`, `/api/v1/monitor`, `/api/v1/hosts`, and the v2
 * downtimes (`POST`/`GET /api/v2/downtime`, `GET`/`PATCH`/`DELETE /api/v2/downtime/{id}`), with
 * `DD-API-KEY` and `DD-APPLICATION-KEY` auth, `{"errors": [...]}` error bodies and the
 * X-RateLimit-* headers. Metric queries support `avg|sum|min|max:metric{scope} by {tags}`,
 * numbers, + - * / and parentheses, and several queries separated by commas.
 */

export interface DatadogFakeOptions {
  apiKey: string;
  applicationKey: string;
}

export interface FakeHost {
  name: string;
  tags?: string[];
  aliases?: string[];
  /** False: Datadog has stopped receiving the host's metrics. */
  up?: boolean;
}

/** A monitor as seeded; answered in the spec's Monitor shape. */
export interface FakeMonitor {
  id: number;
  name: string;
  overall_state: 'Alert' | 'Warn' | 'OK' | 'No Data' | 'Ignored' | 'Skipped' | 'Unknown';
  type?: string;
  query?: string;
  message?: string;
  tags?: string[];
  priority?: number | null;
  created?: string;
  modified?: string;
  /** Group name (comma-separated tags, `*` for a simple monitor) -> its state. */
  groups?: Record<string, { status: string; last_triggered_ts?: number }>;
  matching_downtimes?: Array<{ id: number; start: number; end: number | null; scope?: string[] }>;
}

/** A metric's value on a host at a time (epoch ms); null is a gap. */
export type MetricValue = number | ((atMs: number) => number | null);

type Points = Array<[number, number | null]>;
/** Group key (`host:web-1`, or `*` when not grouped) -> points. */
type Grouped = Map<string, Points>;
type Value = number | Grouped;

class QueryError extends Error {}

/** A downtime as the fake holds it: the attributes it was given, and when it was canceled. */
export interface FakeDowntime {
  id: string;
  attributes: Record<string, unknown>;
  created: string;
  modified: string;
  canceled: string | null;
}

/** `start` of a recurrence: ISO 8601 without a UTC offset. */
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
/** One-time `start` and `end`: ISO 8601 with a UTC offset of zero. */
const UTC_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]00:?00)$/;
const DURATION = /^\d+[mhdw]$/;
/** What the spec says an RRULE may not hold: the start and length go in `start` and `duration`. */
const REFUSED_RULE_PARTS = ['DTSTART', 'DTEND', 'DURATION'];
const MAX_RECURRENCES = 5;


function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why a downtime's attributes are refused, or null; `creating` requires what a new downtime must have. */
function downtimeProblem(attributes: Record<string, unknown>, creating: boolean): string | null {
  const { scope, monitor_identifier: monitor, schedule } = attributes;
  if (creating || scope !== undefined) {
    if (typeof scope !== 'string' || scope.trim() === '') return "Invalid scope: 'scope' is required and must be a non-empty query";
    if (/\(\s*\)|^\s*(AND|OR)\b|\b(AND|OR)\s*$/.test(scope)) return `Invalid scope: could not parse "${scope}"`;
  }
  if (creating || monitor !== undefined) {
    if (!isRecord(monitor)) return "Invalid monitor_identifier: 'monitor_identifier' is required";
    const tags = monitor.monitor_tags;
    const byTags = Array.isArray(tags) && tags.length > 0 && tags.every((tag) => typeof tag === 'string');
    if (!byTags && typeof monitor.monitor_id !== 'number') return 'Invalid monitor_identifier: expected monitor_id or a non-empty monitor_tags';
  }
  if (attributes.message !== undefined && typeof attributes.message !== 'string') return 'Invalid message: expected a string';
  if (attributes.display_timezone !== undefined && (typeof attributes.display_timezone !== 'string' || !isTimeZone(attributes.display_timezone))) {
    return `Invalid display_timezone: ${JSON.stringify(attributes.display_timezone)}`;
  }
  if (schedule === undefined) return null;
  if (!isRecord(schedule)) return 'Invalid schedule';
  if ('recurrences' in schedule) {
    const { recurrences, timezone } = schedule;
    if (!Array.isArray(recurrences) || recurrences.length === 0) return 'Invalid schedule: recurrences must be a non-empty list';
    if (recurrences.length > MAX_RECURRENCES) return `Invalid schedule: a downtime can have at most ${MAX_RECURRENCES} recurrences`;
    if (timezone !== undefined && (typeof timezone !== 'string' || !isTimeZone(timezone))) return `Invalid schedule: unknown timezone ${JSON.stringify(timezone)}`;
    for (const recurrence of recurrences) {
      if (!isRecord(recurrence)) return 'Invalid schedule: a recurrence must be an object';
      const { rrule, duration, start } = recurrence;
      if (typeof rrule !== 'string' || !/(^|;)FREQ=[A-Z]+/.test(rrule)) return `Invalid recurrence: rrule ${JSON.stringify(rrule)} has no FREQ`;
      const refused = REFUSED_RULE_PARTS.find((part) => rrule.toUpperCase().includes(part));
      if (refused) return `Invalid recurrence: ${refused} is not supported in rrule; use start and duration`;
      if (typeof duration !== 'string' || !DURATION.test(duration)) return `Invalid recurrence: duration ${JSON.stringify(duration)} must be an integer followed by m, h, d or w`;
      if (start !== undefined && (typeof start !== 'string' || !LOCAL_DATETIME.test(start))) {
        return `Invalid recurrence: start ${JSON.stringify(start)} must be an ISO-8601 datetime without a UTC offset`;
      }
    }
    return null;
  }
  const { start, end } = schedule;
  for (const [name, value] of [['start', start], ['end', end]] as const) {
    if (value !== undefined && (typeof value !== 'string' || !UTC_DATETIME.test(value))) {
      return `Invalid schedule: ${name} ${JSON.stringify(value)} must be an ISO-8601 datetime with a UTC offset of zero`;
    }
  }
  if (typeof start === 'string' && typeof end === 'string' && Date.parse(end) <= Date.parse(start)) return 'Invalid schedule: end must be after start';
  return null;
}

const FORBIDDEN: FakeReply = { status: 403, body: { errors: ['Forbidden'] } };

function bad(message: string): FakeReply {
  return { status: 400, body: { errors: [message] } };
}

/** Splits on commas outside braces and parentheses: `a{x,y} by {host},b{*}` is two queries. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '{' || char === '(') depth++;
    else if (char === '}' || char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

interface MetricTerm {
  aggregator: string;
  metric: string;
  scope: string[];
  by: string[];
}

export class DatadogFake {
  private readonly hosts = new Map<string, FakeHost>();
  private readonly metrics = new Map<string, Map<string, MetricValue>>();
  private readonly monitors = new Map<number, FakeMonitor>();
  /** Metrics whose queries are answered 400 with this message, as Datadog refuses a query it cannot run. */
  private readonly refused = new Map<string, string>();
  private readonly downtimeStore = new Map<string, FakeDowntime>();
  private limit: { limit: number; periodSeconds: number; windowStart: number; used: number } | undefined;

  readonly http = new FakeHttpServer((request) => this.answer(request));

  private constructor(private readonly options: DatadogFakeOptions) {}

  static async start(options: DatadogFakeOptions): Promise<DatadogFake> {
    const fake = new DatadogFake(options);
    await fake.http.listen();
    return fake;
  }

  get url(): string {
    return this.http.url;
  }

  addHost(host: FakeHost): this {
    this.hosts.set(host.name, host);
    return this;
  }

  setHostUp(name: string, up: boolean): this {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`no host ${name}`);
    host.up = up;
    return this;
  }

  /** Sets what a metric reports on a host; a host must be added first. */
  setMetric(metric: string, host: string, value: MetricValue): this {
    if (!this.hosts.has(host)) throw new Error(`no host ${host}`);
    const byHost = this.metrics.get(metric) ?? new Map<string, MetricValue>();
    byHost.set(host, value);
    this.metrics.set(metric, byHost);
    return this;
  }

  clearMetric(metric: string, host: string): this {
    this.metrics.get(metric)?.delete(host);
    return this;
  }

  addMonitor(monitor: FakeMonitor): this {
    this.monitors.set(monitor.id, monitor);
    return this;
  }

  /** The downtimes held, canceled ones included, in the order they were scheduled. */
  downtimes(): FakeDowntime[] {
    return [...this.downtimeStore.values()];
  }

  /** The downtimes that are not canceled. */
  liveDowntimes(): FakeDowntime[] {
    return this.downtimes().filter((downtime) => downtime.canceled === null);
  }

  /** Queries naming the metric are answered 400 `{"errors": [message]}` (the spec's APIErrorResponse for GET /api/v1/query). */
  refuseQueriesOf(metric: string, message: string): this {
    this.refused.set(metric, message);
    return this;
  }

  /** After `limit` calls in a period, answers 429 until the period ends (calendar-aligned to the first call). */
  rateLimit(limit: number, periodSeconds: number): this {
    this.limit = { limit, periodSeconds, windowStart: 0, used: 0 };
    return this;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private answer(request: RecordedRequest): FakeReply {
    const apiKey = request.headers['dd-api-key'];
    const appKey = request.headers['dd-application-key'];
    if (apiKey !== this.options.apiKey) return FORBIDDEN;
    const downtimes = request.path.startsWith('/api/v2/downtime');
    if (request.method !== 'GET' && !downtimes) return { status: 405, body: { errors: ['Method Not Allowed'] } };
    if (request.path === '/api/v1/validate') return { status: 200, body: { valid: true } };
    if (appKey !== this.options.applicationKey) return FORBIDDEN;
    const limited = this.rateLimited();
    if (limited.status === 429) return limited;
    const reply = this.route(request);
    return { ...reply, headers: { ...limited.headers, ...reply.headers } };
  }

  private rateLimited(): FakeReply {
    const limit = this.limit;
    if (!limit) return { status: 200 };
    const now = Date.now();
    const periodMs = limit.periodSeconds * 1000;
    if (now - limit.windowStart >= periodMs) {
      limit.windowStart = now;
      limit.used = 0;
    }
    limit.used += 1;
    const headers = {
      'X-RateLimit-Limit': String(limit.limit),
      'X-RateLimit-Period': String(limit.periodSeconds),
      'X-RateLimit-Remaining': String(Math.max(0, limit.limit - limit.used)),
      'X-RateLimit-Reset': String(Math.max(1, Math.ceil((limit.windowStart + periodMs - now) / 1000))),
    };
    if (limit.used > limit.limit) return { status: 429, headers, body: { errors: ['Too many requests'] } };
    return { status: 200, headers };
  }

  private route(request: RecordedRequest): FakeReply {
    if (request.path === '/api/v2/downtime') {
      if (request.method === 'GET') return this.listDowntimes(request.query);
      if (request.method === 'POST') return this.createDowntime(request.body);
      return { status: 405, body: { errors: ['Method Not Allowed'] } };
    }
    const downtimeId = /^\/api\/v2\/downtime\/([^/]+)$/.exec(request.path)?.[1];
    if (downtimeId !== undefined) return this.oneDowntime(request, decodeURIComponent(downtimeId));
    switch (request.path) {
      case '/api/v1/query':
        return this.query(request.query);
      case '/api/v1/monitor':
        return this.listMonitors(request.query);
      case '/api/v1/hosts':
        return this.listHosts(request.query);
      default:
        return { status: 404, body: { errors: ['Not found'] } };
    }
  }

  /** `status` as Datadog reports it: a one-time downtime is scheduled, active or ended by the clock; a recurring one is scheduled between occurrences. */
  private downtimeStatus(downtime: FakeDowntime): string {
    if (downtime.canceled !== null) return 'canceled';
    const schedule = downtime.attributes.schedule;
    if (!isRecord(schedule) || 'recurrences' in schedule) return 'scheduled';
    const now = Date.now();
    const start = typeof schedule.start === 'string' ? Date.parse(schedule.start) : Date.parse(downtime.created);
    const end = typeof schedule.end === 'string' ? Date.parse(schedule.end) : Number.POSITIVE_INFINITY;
    if (now < start) return 'scheduled';
    return now < end ? 'active' : 'ended';
  }

  private downtimeData(downtime: FakeDowntime): unknown {
    return {
      id: downtime.id,
      type: 'downtime',
      attributes: {
        message: null,
        display_timezone: 'UTC',
        mute_first_recovery_notification: false,
        notify_end_states: ['alert', 'no data', 'warn'],
        notify_end_types: ['expired'],
        ...downtime.attributes,
        created: downtime.created,
        modified: downtime.modified,
        canceled: downtime.canceled,
        status: this.downtimeStatus(downtime),
      },
      relationships: { created_by: { data: { id: '00000000-0000-0000-0000-000000000001', type: 'users' } }, monitor: { data: null } },
    };
  }

  private createDowntime(text: string): FakeReply {
    const body = parseJson(text);
    const data = isRecord(body) ? body.data : undefined;
    if (!isRecord(data) || data.type !== 'downtime' || !isRecord(data.attributes)) return bad("Invalid request: expected {data: {type: 'downtime', attributes}}");
    const problem = downtimeProblem(data.attributes, true);
    if (problem) return bad(problem);
    const now = new Date().toISOString();
    const downtime: FakeDowntime = { id: randomUUID(), attributes: { ...data.attributes }, created: now, modified: now, canceled: null };
    this.downtimeStore.set(downtime.id, downtime);
    return { status: 200, body: { data: this.downtimeData(downtime) } };
  }

  private listDowntimes(params: URLSearchParams): FakeReply {
    const offset = params.has('page[offset]') ? Number(params.get('page[offset]')) : 0;
    const limit = params.has('page[limit]') ? Number(params.get('page[limit]')) : 30;
    if (!Number.isInteger(offset) || offset < 0) return bad('page[offset] must be a non-negative integer');
    if (!Number.isInteger(limit) || limit < 1) return bad('page[limit] must be a positive integer');
    const currentOnly = params.get('current_only') === 'true';
    const matching = this.downtimes().filter((downtime) => !currentOnly || this.downtimeStatus(downtime) === 'active');
    return {
      status: 200,
      body: { data: matching.slice(offset, offset + limit).map((downtime) => this.downtimeData(downtime)), meta: { page: { total_filtered_count: matching.length } } },
    };
  }

  private oneDowntime(request: RecordedRequest, id: string): FakeReply {
    const downtime = this.downtimeStore.get(id);
    if (!downtime) return { status: 404, body: { errors: ['Downtime not found'] } };
    switch (request.method) {
      case 'GET':
        return { status: 200, body: { data: this.downtimeData(downtime) } };
      case 'DELETE':
        downtime.canceled ??= new Date().toISOString();
        return { status: 204, text: '' };
      case 'PATCH': {
        const body = parseJson(request.body);
        const data = isRecord(body) ? body.data : undefined;
        if (!isRecord(data) || data.type !== 'downtime' || data.id !== id || !isRecord(data.attributes)) {
          return bad("Invalid request: expected {data: {type: 'downtime', id, attributes}} with the downtime's id");
        }
        const problem = downtimeProblem(data.attributes, false);
        if (problem) return bad(problem);
        downtime.attributes = { ...downtime.attributes, ...data.attributes };
        downtime.modified = new Date().toISOString();
        return { status: 200, body: { data: this.downtimeData(downtime) } };
      }
      default:
        return { status: 405, body: { errors: ['Method Not Allowed'] } };
    }
  }

  private query(params: URLSearchParams): FakeReply {
    const from = Number(params.get('from'));
    const to = Number(params.get('to'));
    const query = params.get('query');
    if (!params.has('from') || !Number.isInteger(from)) return bad("Missing or invalid required parameter 'from'");
    if (!params.has('to') || !Number.isInteger(to)) return bad("Missing or invalid required parameter 'to'");
    if (!query) return bad("Missing required parameter 'query'");
    for (const [metric, message] of this.refused) if (query.includes(metric)) return bad(message);
    const fromMs = from * 1000;
    const toMs = to * 1000;
    const intervalMs = Math.max(20_000, Math.ceil((toMs - fromMs) / 300 / 20_000) * 20_000);
    const times: number[] = [];
    for (let t = Math.ceil(fromMs / intervalMs) * intervalMs; t < toMs; t += intervalMs) times.push(t);

    const series: unknown[] = [];
    const groupBy = new Set<string>();
    try {
      splitTopLevel(query).forEach((expression, queryIndex) => {
        const terms: MetricTerm[] = [];
        const value = new Parser(expression, (term) => {
          terms.push(term);
          term.by.forEach((tag) => groupBy.add(tag));
          return this.evaluate(term, times);
        }).parse();
        if (typeof value === 'number') throw new QueryError(`Error parsing query: no metric in "${expression}"`);
        const first = terms[0];
        for (const [group, pointlist] of value) {
          const filter = first && first.scope.length > 0 ? first.scope : [];
          series.push({
            metric: first?.metric ?? '',
            display_name: first?.metric ?? '',
            expression,
            aggr: first?.aggregator ?? null,
            scope: group === '*' ? (filter.join(',') || '*') : [group, ...filter].join(','),
            tag_set: group === '*' ? [] : group.split(','),
            pointlist,
            start: times[0] ?? fromMs,
            end: times[times.length - 1] ?? toMs,
            interval: intervalMs / 1000,
            length: pointlist.length,
            unit: null,
            query_index: queryIndex,
          });
        }
      });
    } catch (error) {
      if (error instanceof QueryError) return bad(error.message);
      throw error;
    }
    return {
      status: 200,
      body: { status: 'ok', res_type: 'time_series', resp_version: 1, query, from_date: fromMs, to_date: toMs, group_by: [...groupBy], message: '', series },
    };
  }

  private hostTags(host: FakeHost): string[] {
    return [`host:${host.name}`, ...(host.tags ?? [])];
  }

  private matches(host: FakeHost, scope: readonly string[]): boolean {
    const tags = this.hostTags(host);
    return scope.every((tag) => (tag.startsWith('!') ? !tags.includes(tag.slice(1)) : tags.includes(tag)));
  }

  private evaluate(term: MetricTerm, times: readonly number[]): Grouped {
    const byHost = this.metrics.get(term.metric) ?? new Map<string, MetricValue>();
    const groups = new Map<string, Array<Array<number | null>>>();
    for (const [name, value] of byHost) {
      const host = this.hosts.get(name);
      if (!host || !this.matches(host, term.scope)) continue;
      const tags = this.hostTags(host);
      const key = term.by.length === 0 ? '*' : term.by.map((by) => tags.find((tag) => tag.startsWith(`${by}:`))).join(',');
      if (key.includes('undefined')) continue;
      const values = times.map((t) => (typeof value === 'number' ? value : value(t)));
      groups.set(key, [...(groups.get(key) ?? []), values]);
    }
    const result: Grouped = new Map();
    for (const [key, members] of groups) {
      result.set(
        key,
        times.map((t, i): [number, number | null] => {
          const present = members.map((values) => values[i]).filter((v): v is number => v !== null && v !== undefined);
          return [t, present.length === 0 ? null : aggregate(term.aggregator, present)];
        }),
      );
    }
    return result;
  }

  private listMonitors(params: URLSearchParams): FakeReply {
    const pageSize = params.has('page_size') ? Number(params.get('page_size')) : 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return bad('page_size must be an integer between 1 and 1000');
    const groupStates = (params.get('group_states') ?? '').split(',').map((state) => state.trim().toLowerCase()).filter(Boolean);
    const tagFilter = (params.get('monitor_tags') ?? '').split(',').map((tag) => tag.trim()).filter(Boolean);
    const name = params.get('name');
    const withDowntimes = params.get('with_downtimes') === 'true';
    let monitors = [...this.monitors.values()]
      .filter((monitor) => tagFilter.every((tag) => (monitor.tags ?? []).includes(tag)))
      .filter((monitor) => !name || monitor.name.includes(name))
      .sort((a, b) => a.id - b.id);
    if (params.has('page')) {
      const page = Number(params.get('page'));
      if (!Number.isInteger(page) || page < 0) return bad('page must be a non-negative integer');
      monitors = monitors.slice(page * pageSize, (page + 1) * pageSize);
    }
    return {
      status: 200,
      body: monitors.map((monitor) => ({
        id: monitor.id,
        name: monitor.name,
        type: monitor.type ?? 'query alert',
        query: monitor.query ?? 'avg(last_5m):avg:system.cpu.user{*} by {host} > 90',
        message: monitor.message ?? '',
        tags: monitor.tags ?? [],
        options: {},
        overall_state: monitor.overall_state,
        priority: monitor.priority ?? null,
        created: monitor.created ?? '2026-01-01T00:00:00.000000+00:00',
        modified: monitor.modified ?? '2026-01-01T00:00:00.000000+00:00',
        multi: Object.keys(monitor.groups ?? {}).some((group) => group !== '*'),
        deleted: null,
        restricted_roles: null,
        state: {
          groups: Object.fromEntries(
            Object.entries(monitor.groups ?? {})
              .filter(([, group]) => groupStates.includes('all') || groupStates.includes(group.status.toLowerCase()))
              .map(([groupName, group]) => [groupName, { name: groupName, status: group.status, last_triggered_ts: group.last_triggered_ts ?? 0 }]),
          ),
        },
        ...(withDowntimes ? { matching_downtimes: monitor.matching_downtimes ?? [] } : {}),
      })),
    };
  }

  private listHosts(params: URLSearchParams): FakeReply {
    const start = params.has('start') ? Number(params.get('start')) : 0;
    const count = params.has('count') ? Number(params.get('count')) : 100;
    if (!Number.isInteger(start) || start < 0) return bad('start must be a non-negative integer');
    if (!Number.isInteger(count) || count < 1 || count > 1000) return bad('count must be an integer between 1 and 1000');
    const filter = params.get('filter');
    const matching = [...this.hosts.values()]
      .filter((host) => !filter || [host.name, ...(host.aliases ?? []), ...(host.tags ?? [])].some((text) => text.includes(filter)))
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = matching.slice(start, start + count);
    return {
      status: 200,
      body: {
        host_list: page.map((host, index) => ({
          id: start + index + 1,
          name: host.name,
          host_name: host.name,
          aliases: host.aliases ?? [host.name],
          apps: ['agent', 'ntp'],
          sources: ['agent'],
          up: host.up ?? true,
          is_muted: false,
          mute_timeout: null,
          last_reported_time: Math.floor(Date.now() / 1000),
          tags_by_source: { Datadog: host.tags ?? [] },
          meta: {},
          metrics: {},
        })),
        total_matching: matching.length,
        total_returned: page.length,
      },
    };
  }
}


function aggregate(aggregator: string, values: readonly number[]): number {
  switch (aggregator) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    default:
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

function combine(left: Value, right: Value, op: string): Value {
  const apply = (a: number | null, b: number | null): number | null => {
    if (a === null || b === null) return null;
    const result = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : b === 0 ? Number.NaN : a / b;
    return Number.isFinite(result) ? result : null;
  };
  const each = (grouped: Grouped, f: (v: number | null) => number | null): Grouped =>
    new Map([...grouped].map(([key, points]) => [key, points.map(([t, v]): [number, number | null] => [t, f(v)])]));
  if (typeof left === 'number') return typeof right === 'number' ? (apply(left, right) ?? Number.NaN) : each(right, (v) => apply(left, v));
  if (typeof right === 'number') return each(left, (v) => apply(v, right));
  // Series match by group; a series that is not grouped applies to every group of the other side.
  const result: Grouped = new Map();
  const keys = new Set([...left.keys(), ...right.keys()].filter((key) => key !== '*'));
  if (keys.size === 0) keys.add('*');
  for (const key of keys) {
    const a = left.get(key) ?? left.get('*');
    const b = right.get(key) ?? right.get('*');
    if (!a || !b) continue;
    result.set(
      key,
      a.map(([t, v], i): [number, number | null] => [t, apply(v, b[i]?.[1] ?? null)]),
    );
  }
  return result;
}

const METRIC_TERM = /^(avg|sum|min|max):([A-Za-z][\w.]*)\{([^}]*)\}(?:\s*by\s*\{([^}]*)\})?/;

/** Recursive descent over one query: expr := term (+|- term)*, term := factor (*|/ factor)*. */
class Parser {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly metric: (term: MetricTerm) => Grouped,
  ) {}

  parse(): Value {
    const value = this.expression();
    this.skipSpace();
    if (this.position < this.text.length) throw new QueryError(`Error parsing query: unexpected "${this.text.slice(this.position, this.position + 20)}"`);
    return value;
  }

  private skipSpace(): void {
    while (this.text[this.position] === ' ') this.position++;
  }

  private expression(): Value {
    let value = this.term();
    for (;;) {
      this.skipSpace();
      const op = this.text[this.position];
      if (op !== '+' && op !== '-') return value;
      this.position++;
      value = combine(value, this.term(), op);
    }
  }

  private term(): Value {
    let value = this.factor();
    for (;;) {
      this.skipSpace();
      const op = this.text[this.position];
      if (op !== '*' && op !== '/') return value;
      this.position++;
      value = combine(value, this.factor(), op);
    }
  }

  private factor(): Value {
    this.skipSpace();
    const rest = this.text.slice(this.position);
    if (rest.startsWith('(')) {
      this.position++;
      const value = this.expression();
      this.skipSpace();
      if (this.text[this.position] !== ')') throw new QueryError('Error parsing query: missing ")"');
      this.position++;
      return value;
    }
    const number = /^\d+(\.\d+)?/.exec(rest);
    if (number) {
      this.position += number[0].length;
      return Number(number[0]);
    }
    const metric = METRIC_TERM.exec(rest);
    if (!metric) throw new QueryError(`Error parsing query: unable to parse "${rest.slice(0, 40)}"`);
    this.position += metric[0].length;
    const scopeText = (metric[3] ?? '').trim();
    if (scopeText === '' || scopeText.includes('$')) throw new QueryError(`Error parsing query: invalid scope "{${scopeText}}"`);
    const split = (text: string) => text.split(',').map((tag) => tag.trim()).filter(Boolean);
    return this.metric({
      aggregator: metric[1] ?? 'avg',
      metric: metric[2] ?? '',
      scope: scopeText === '*' ? [] : split(scopeText),
      by: split(metric[4] ?? ''),
    });
  }
}

/** Starts a Datadog fake on 127.0.0.1 with a free port; seed it with addHost, setMetric and addMonitor. */
export function startDatadogFake(options: DatadogFakeOptions): Promise<DatadogFake> {
  return DatadogFake.start(options);
}
