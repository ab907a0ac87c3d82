import { randomBytes } from 'node:crypto';
import { FakeHttpServer, type FakeReply, type RecordedRequest, isRecord, parseJson } from './fake-http.js';

/**
 * A local Atlassian Statuspage REST API (v1) that follows its published reference
 * (developer.statuspage.io) for what Watchfloor uses: `GET /v1/pages/{page_id}`, and the page's
 * incidents (`POST`, `GET …/incidents/{upcoming,active_maintenance,scheduled,unresolved}` paged
 * with `page` and `per_page`, `GET …/incidents` newest first paged with `page` and `limit`,
 * `GET`/`PATCH`/`DELETE …/incidents/{id}`), with `Authorization: OAuth <api key>`,
 * `{"message": …}` error bodies (401, 404, 422) and its rate limit: 429 with Retry-After past a
 * number of requests in a rolling window. Scheduled maintenance moves to in progress and to
 * completed on its own, by the clock, when its `scheduled_auto_*` flags say so. A realtime
 * incident (investigating, identified, monitoring, resolved) sets the statuses of the page's
 * components, which belong to the page, not to the incident: each update records what it changed
 * (`affected_components`), and a resolved incident leaves them as they were told to be.
 */

export interface StatuspageFakeOptions {
  apiKey: string;
  pageId: string;
  pageName?: string;
  /** The page's components by id; incidents may name only these. */
  components?: string[];
  now?: () => number;
}

const COMPONENT_STATUSES = new Set(['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage']);
const SCHEDULED_STATUSES = new Set(['scheduled', 'in_progress', 'verifying', 'completed']);
const REALTIME_STATUSES = new Set(['investigating', 'identified', 'monitoring', 'resolved']);
const MAX_PER_PAGE = 100;
const MAX_BODY = 25_000;
/** Statuspage's incident impact from the worst component status it set, worst last. */
const IMPACTS: Array<[status: string, impact: string]> = [
  ['degraded_performance', 'minor'],
  ['partial_outage', 'major'],
  ['major_outage', 'critical'],
];

/** A notification subscribers were sent: the incident's creation, or an update posted with a body. */
export interface FakeNotification {
  incidentId: string;
  status: string;
  body: string;
}

export interface FakeAffectedComponent {
  code: string;
  name: string;
  old_status: string;
  new_status: string;
}

export interface FakeIncidentUpdate {
  id: string;
  status: string;
  body: string;
  created_at: string;
  deliver_notifications: boolean;
  affected_components: FakeAffectedComponent[];
}

export interface FakeIncident {
  id: string;
  name: string;
  status: string;
  scheduled_for: string;
  scheduled_until: string;
  scheduled_remind_prior: boolean;
  scheduled_auto_in_progress: boolean;
  scheduled_auto_completed: boolean;
  auto_transition_to_maintenance_state: boolean;
  auto_transition_to_operational_state: boolean;
  component_ids: string[];
  components: Record<string, string>;
  metadata: Record<string, Record<string, unknown>>;
  incident_updates: FakeIncidentUpdate[];
  created_at: string;
  updated_at: string;
}

class Unprocessable extends Error {}



function message(status: number, text: string): FakeReply {
  return { status, body: { message: text } };
}

export class StatuspageFake {
  readonly http = new FakeHttpServer((request) => this.answer(request));
  /** Every notification subscribers were sent, in order. */
  readonly notifications: FakeNotification[] = [];
  private readonly incidents = new Map<string, FakeIncident>();
  /** The page's components' statuses, as realtime incidents set them; a component not here is operational. */
  private readonly componentStatuses = new Map<string, string>();
  private limit: { limit: number; windowMs: number; times: number[] } | undefined;
  private readonly now: () => number;

  private constructor(private readonly options: StatuspageFakeOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  static async start(options: StatuspageFakeOptions): Promise<StatuspageFake> {
    const fake = new StatuspageFake(options);
    await fake.http.listen();
    return fake;
  }

  get url(): string {
    return this.http.url;
  }

  /** The incidents held (deleted ones are gone), with their status as of now. */
  list(): FakeIncident[] {
    return [...this.incidents.values()].map((incident) => this.current(incident));
  }

  /** What the page shows of a component now. */
  componentStatus(id: string): string {
    return this.componentStatuses.get(id) ?? 'operational';
  }

  /** At most `limit` requests in any rolling window of `windowSeconds`; past that, 429 with Retry-After. */
  rateLimit(limit: number, windowSeconds: number): this {
    this.limit = { limit, windowMs: windowSeconds * 1000, times: [] };
    return this;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private answer(request: RecordedRequest): FakeReply {
    if (request.headers.authorization !== `OAuth ${this.options.apiKey}`) return message(401, 'Could not authenticate');
    const limited = this.rateLimited();
    if (limited) return limited;
    const base = `/v1/pages/${this.options.pageId}`;
    if (!request.path.startsWith('/v1/pages/')) return message(404, 'The requested resource could not be found.');
    if (request.path !== base && !request.path.startsWith(`${base}/`)) return message(404, 'The requested resource could not be found.');
    const rest = request.path.slice(base.length);
    try {
      if (rest === '' && request.method === 'GET') return { status: 200, body: this.page() };
      if (rest === '/incidents' && request.method === 'POST') return this.create(request.body);
      if (rest === '/incidents' && request.method === 'GET') return this.everyIncident(request.query);
      const list = /^\/incidents\/(upcoming|active_maintenance|scheduled|unresolved)$/.exec(rest)?.[1];
      if (list !== undefined && request.method === 'GET') return this.listOf(list, request.query);
      const id = /^\/incidents\/([^/]+)$/.exec(rest)?.[1];
      if (id !== undefined) return this.one(request, decodeURIComponent(id));
      return message(404, 'The requested resource could not be found.');
    } catch (error) {
      if (error instanceof Unprocessable) return message(422, error.message);
      throw error;
    }
  }

  private rateLimited(): FakeReply | null {
    const limit = this.limit;
    if (!limit) return null;
    const now = Date.now();
    limit.times = limit.times.filter((at) => now - at < limit.windowMs);
    if (limit.times.length >= limit.limit) {
      const oldest = limit.times[0] ?? now;
      const wait = Math.max(1, Math.ceil((oldest + limit.windowMs - now) / 1000));
      return { status: 429, headers: { 'Retry-After': String(wait) }, body: { message: 'Rate limit exceeded' } };
    }
    limit.times.push(now);
    return null;
  }

  private page(): unknown {
    return {
      id: this.options.pageId,
      name: this.options.pageName ?? 'Example status',
      subdomain: 'example',
      time_zone: 'Etc/UTC',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    };
  }

  /** The status the clock gives an incident whose auto transitions are on. */
  private current(incident: FakeIncident): FakeIncident {
    const now = this.now();
    let status = incident.status;
    if (status === 'scheduled' && incident.scheduled_auto_in_progress && now >= Date.parse(incident.scheduled_for)) status = 'in_progress';
    if ((status === 'in_progress' || status === 'verifying') && incident.scheduled_auto_completed && now >= Date.parse(incident.scheduled_until)) {
      status = 'completed';
    }
    return status === incident.status ? incident : { ...incident, status };
  }

  private listOf(list: string, query: URLSearchParams): FakeReply {
    const page = query.has('page') ? Number(query.get('page')) : 1;
    const perPage = query.has('per_page') ? Number(query.get('per_page')) : MAX_PER_PAGE;
    if (!Number.isInteger(page) || page < 1) return message(400, 'page must be a positive integer');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) return message(400, `per_page must be between 1 and ${MAX_PER_PAGE}`);
    const wanted: Record<string, (status: string) => boolean> = {
      upcoming: (status) => status === 'scheduled',
      active_maintenance: (status) => status === 'in_progress' || status === 'verifying',
      scheduled: (status) => SCHEDULED_STATUSES.has(status),
      unresolved: (status) => REALTIME_STATUSES.has(status) && status !== 'resolved',
    };
    const matching = this.list()
      .filter((incident) => wanted[list]?.(incident.status) ?? false)
      .sort((a, b) => a.scheduled_for.localeCompare(b.scheduled_for) || a.id.localeCompare(b.id));
    return { status: 200, body: matching.slice((page - 1) * perPage, page * perPage).map((incident) => this.shown(incident)) };
  }

  /** `GET …/incidents`: every incident of either kind, newest first, `limit` a page (at most 100). */
  private everyIncident(query: URLSearchParams): FakeReply {
    const page = query.has('page') ? Number(query.get('page')) : 1;
    const limit = query.has('limit') ? Number(query.get('limit')) : MAX_PER_PAGE;
    if (!Number.isInteger(page) || page < 1) return message(400, 'page must be a positive integer');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PER_PAGE) return message(400, `limit must be between 1 and ${MAX_PER_PAGE}`);
    const newestFirst = this.list().reverse();
    return { status: 200, body: newestFirst.slice((page - 1) * limit, page * limit).map((incident) => this.shown(incident)) };
  }

  private one(request: RecordedRequest, id: string): FakeReply {
    const stored = this.incidents.get(id);
    if (!stored) return message(404, 'The requested resource could not be found.');
    const incident = this.current(stored);
    switch (request.method) {
      case 'GET':
        return { status: 200, body: this.shown(incident) };
      case 'DELETE':
        this.incidents.delete(id);
        return { status: 200, body: this.shown(incident) };
      case 'PATCH':
        return this.update(incident, request.body);
      default:
        return message(405, 'Method not allowed');
    }
  }

  private create(text: string): FakeReply {
    const fields = this.fieldsOf(text);
    if (typeof fields.name !== 'string' || fields.name.trim() === '') throw new Unprocessable("Name can't be blank");
    const status = fields.status ?? 'investigating';
    if (typeof status !== 'string' || !(SCHEDULED_STATUSES.has(status) || REALTIME_STATUSES.has(status))) throw new Unprocessable(`Status is not included in the list: ${JSON.stringify(status)}`);
    const now = new Date(this.now()).toISOString();
    const incident: FakeIncident = {
      id: randomBytes(6).toString('hex'),
      name: fields.name,
      status,
      scheduled_for: '',
      scheduled_until: '',
      scheduled_remind_prior: false,
      scheduled_auto_in_progress: false,
      scheduled_auto_completed: false,
      auto_transition_to_maintenance_state: false,
      auto_transition_to_operational_state: false,
      component_ids: [],
      components: {},
      metadata: {},
      incident_updates: [],
      created_at: now,
      updated_at: now,
    };
    const created = this.apply(incident, fields);
    const realtime = REALTIME_STATUSES.has(status);
    if (!realtime && (created.scheduled_for === '' || created.scheduled_until === '')) throw new Unprocessable("Scheduled for and scheduled until can't be blank for scheduled maintenance");
    this.checkPost(fields);
    this.post(created, fields, typeof fields.body === 'string' ? fields.body : '', realtime ? this.setComponents(fields) : []);
    this.incidents.set(created.id, created);
    return { status: 201, body: this.shown(created) };
  }

  private update(incident: FakeIncident, text: string): FakeReply {
    const fields = this.fieldsOf(text);
    const realtime = REALTIME_STATUSES.has(incident.status);
    const statuses = realtime ? REALTIME_STATUSES : SCHEDULED_STATUSES;
    if (fields.status !== undefined && (typeof fields.status !== 'string' || !statuses.has(fields.status))) {
      throw new Unprocessable(`Status is not a ${realtime ? 'realtime incident' : 'scheduled maintenance'} status: ${JSON.stringify(fields.status)}`);
    }
    const updated = this.apply({ ...incident, status: typeof fields.status === 'string' ? fields.status : incident.status }, fields);
    this.checkPost(fields);
    const affected = realtime ? this.setComponents(fields) : [];
    if (typeof fields.body === 'string') this.post(updated, fields, fields.body, affected);
    updated.updated_at = new Date(this.now()).toISOString();
    this.incidents.set(updated.id, updated);
    return { status: 200, body: this.shown(updated) };
  }

  private fieldsOf(text: string): Record<string, unknown> {
    const body = parseJson(text);
    const incident = isRecord(body) ? body.incident : undefined;
    if (!isRecord(incident)) throw new Unprocessable('Expected an incident object');
    return incident;
  }

  /** The fields of a create or an update, checked as Statuspage checks them. */
  private apply(incident: FakeIncident, fields: Record<string, unknown>): FakeIncident {
    const next = { ...incident };
    if (typeof fields.name === 'string') {
      if (fields.name.length > 255) throw new Unprocessable('Name is too long (maximum is 255 characters)');
      next.name = fields.name;
    }
    for (const key of ['scheduled_for', 'scheduled_until'] as const) {
      const value = fields[key];
      if (value === undefined) continue;
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new Unprocessable(`${key} is not a valid timestamp: ${JSON.stringify(value)}`);
      next[key] = new Date(Date.parse(value)).toISOString();
    }
    if (next.scheduled_for !== '' && next.scheduled_until !== '' && Date.parse(next.scheduled_until) <= Date.parse(next.scheduled_for)) {
      throw new Unprocessable('Scheduled until must be after scheduled for');
    }
    for (const key of ['scheduled_remind_prior', 'scheduled_auto_in_progress', 'scheduled_auto_completed', 'auto_transition_to_maintenance_state', 'auto_transition_to_operational_state'] as const) {
      const value = fields[key];
      if (value === undefined) continue;
      if (typeof value !== 'boolean') throw new Unprocessable(`${key} must be true or false`);
      next[key] = value;
    }
    if (fields.component_ids !== undefined) {
      if (!Array.isArray(fields.component_ids) || !fields.component_ids.every((id) => typeof id === 'string')) throw new Unprocessable('component_ids must be a list of ids');
      next.component_ids = fields.component_ids.map(String);
    }
    if (fields.components !== undefined) {
      if (!isRecord(fields.components)) throw new Unprocessable('components must map component ids to statuses');
      for (const [id, status] of Object.entries(fields.components)) {
        if (typeof status !== 'string' || !COMPONENT_STATUSES.has(status)) throw new Unprocessable(`Component status ${JSON.stringify(status)} is not valid`);
        this.checkComponent(id);
      }
      next.components = Object.fromEntries(Object.entries(fields.components).map(([id, status]) => [id, String(status)]));
    }
    next.component_ids.forEach((id) => this.checkComponent(id));
    if (fields.metadata !== undefined) {
      if (!isRecord(fields.metadata) || !Object.values(fields.metadata).every(isRecord)) throw new Unprocessable('Metadata top level values must be objects');
      next.metadata = fields.metadata as Record<string, Record<string, unknown>>;
    }
    return next;
  }

  /** The update a create or an update posts, checked before anything changes. */
  private checkPost(fields: Record<string, unknown>): void {
    if (fields.deliver_notifications !== undefined && typeof fields.deliver_notifications !== 'boolean') throw new Unprocessable('deliver_notifications must be true or false');
    if (fields.body === undefined) return;
    if (typeof fields.body !== 'string') throw new Unprocessable('Body must be text');
    if (fields.body.length > MAX_BODY) throw new Unprocessable(`Body is too long (maximum is ${MAX_BODY} characters)`);
  }

  /** A realtime incident's `components` set the page's components; what changed goes on the update. Checked by apply() first. */
  private setComponents(fields: Record<string, unknown>): FakeAffectedComponent[] {
    if (!isRecord(fields.components)) return [];
    const affected: FakeAffectedComponent[] = [];
    for (const [id, status] of Object.entries(fields.components)) {
      const old = this.componentStatus(id);
      this.componentStatuses.set(id, String(status));
      affected.push({ code: id, name: id, old_status: old, new_status: String(status) });
    }
    return affected;
  }

  private checkComponent(id: string): void {
    const known = this.options.components;
    if (known && !known.includes(id)) throw new Unprocessable(`Component ${id} could not be found`);
  }

  /** A body posts an incident update; subscribers are sent it when deliver_notifications is on (the default). */
  private post(incident: FakeIncident, fields: Record<string, unknown>, body: string, affected: FakeAffectedComponent[]): void {
    const deliver = fields.deliver_notifications !== false;
    const update: FakeIncidentUpdate = {
      id: randomBytes(6).toString('hex'),
      status: incident.status,
      body,
      created_at: new Date(this.now()).toISOString(),
      deliver_notifications: deliver,
      affected_components: affected,
    };
    incident.incident_updates = [update, ...incident.incident_updates];
    if (deliver) this.notifications.push({ incidentId: incident.id, status: incident.status, body });
  }

  /** The incident in the API's Incident shape. */
  private shown(incident: FakeIncident): unknown {
    const realtime = REALTIME_STATUSES.has(incident.status);
    const statusOf = (id: string) => (realtime ? this.componentStatus(id) : (incident.components[id] ?? 'operational'));
    const set = new Set(incident.incident_updates.flatMap((update) => update.affected_components.map((component) => component.new_status)));
    const impact = IMPACTS.filter(([status]) => set.has(status)).at(-1)?.[1] ?? 'none';
    return {
      ...incident,
      page_id: this.options.pageId,
      impact: realtime ? impact : 'maintenance',
      scheduled_for: incident.scheduled_for || null,
      scheduled_until: incident.scheduled_until || null,
      shortlink: `https://stspg.io/${incident.id.slice(0, 6)}`,
      components: incident.component_ids.map((id) => ({ id, name: id, status: statusOf(id) })),
      incident_updates: incident.incident_updates.map((update) => ({ ...update, incident_id: incident.id, display_at: update.created_at })),
    };
  }
}

/** Starts a Statuspage fake on 127.0.0.1 with a free port. */
export function startStatuspageFake(options: StatuspageFakeOptions): Promise<StatuspageFake> {
  return StatuspageFake.start(options);
}
