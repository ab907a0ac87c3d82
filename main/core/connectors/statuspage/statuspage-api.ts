import { z } from 'zod';
import type { BackendClient } from '../../http/backend-client.js';
import { identify, IsoTime, parseAnswer } from '../prometheus/answer.js';

/**
 * The Statuspage REST API v1 (developer.statuspage.io) as the console uses it: the page, and
 * its incidents, both kinds: scheduled maintenance and realtime incidents. Fields are reduced to
 * what is read; states stay plain strings so that one Statuspage adds later does not break parsing.
 */

/** `GET /v1/pages/{page_id}` (Page). */
const Page = z.object({ id: z.string().min(1), name: z.string() });

const IncidentUpdate = z.object({
  id: z.string().min(1),
  status: z.string(),
  body: z.string().nullable().optional(),
  created_at: IsoTime,
});

/** An incident (Incident); `metadata` holds objects only, one per integration. */
export const Incident = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  scheduled_for: z.string().nullable().optional(),
  scheduled_until: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  /** The public page's short link to the incident. */
  shortlink: z.string().nullable().optional(),
  /** Newest first, as Statuspage lists them. */
  incident_updates: z.array(IncidentUpdate).optional(),
});
export type Incident = z.infer<typeof Incident>;

const Incidents = z.array(Incident);

/** The body of `POST` and `PATCH /v1/pages/{page_id}/incidents[/{id}]` (PostPagesPageIdIncidents) for scheduled maintenance. */
export interface MaintenanceFields {
  name: string;
  /** Sent with a body: the update it posts keeps (or, on creation, sets) this status. */
  status?: string;
  scheduled_for: string;
  scheduled_until: string;
  scheduled_remind_prior: boolean;
  scheduled_auto_in_progress: boolean;
  scheduled_auto_completed: boolean;
  auto_transition_to_maintenance_state: boolean;
  auto_transition_to_operational_state: boolean;
  deliver_notifications?: boolean;
  body?: string;
  component_ids: string[];
  components: Record<string, 'under_maintenance'>;
  metadata: Record<string, Record<string, string>>;
}

/** What a component shows customers (Component `status`). */
export type ComponentStatus = 'operational' | 'under_maintenance' | 'degraded_performance' | 'partial_outage' | 'major_outage';

/** The same bodies for a realtime incident: a body posts an incident update with the status, and the components take the statuses given. */
export interface RealtimeFields {
  name?: string;
  status: string;
  body: string;
  deliver_notifications: boolean;
  component_ids?: string[];
  components?: Record<string, ComponentStatus>;
  metadata?: Record<string, Record<string, string>>;
}

export type IncidentFields = MaintenanceFields | RealtimeFields;

/** Lists of incidents that have not ended: scheduled maintenance not started yet, under way, and realtime incidents not resolved. */
export type IncidentList = 'upcoming' | 'active_maintenance' | 'unresolved';

/** Statuspage pages its lists 1-based, up to 100 a page. */
const PER_PAGE = 100;

export class StatuspageApi {
  constructor(
    private readonly client: BackendClient,
    private readonly pageId: string,
    /** Names the backend in every error, e.g. `Statuspage "status"`. */
    readonly label: string,
  ) {}

  private get base(): string {
    return `/v1/pages/${encodeURIComponent(this.pageId)}`;
  }

  /** The page's name; `wrong-kind` when the server is not Statuspage. */
  async page(signal: AbortSignal): Promise<string> {
    const path = this.base;
    const what = `${this.label} GET ${path}`;
    const page = await identify(
      this.client.json({ path, signal }).then((response) => parseAnswer(Page, response.body, what, 'wrong-kind')),
      'the Statuspage API',
      what,
    );
    return page.name;
  }

  /** Every incident of a list, page by page; a page that repeats an earlier one ends the walk (a server that ignores paging). */
  async list(list: IncidentList, signal: AbortSignal): Promise<Incident[]> {
    return this.walk(`${this.base}/incidents/${list}`, 'per_page', Number.POSITIVE_INFINITY, signal);
  }

  /** Every kind of incident, newest first, up to `pages` pages (`GET …/incidents` pages with `limit`, not `per_page`). */
  async recent(pages: number, signal: AbortSignal): Promise<Incident[]> {
    return this.walk(`${this.base}/incidents`, 'limit', pages, signal);
  }

  private async walk(path: string, sizeParameter: 'per_page' | 'limit', pages: number, signal: AbortSignal): Promise<Incident[]> {
    const incidents: Incident[] = [];
    const seen = new Set<string>();
    for (let page = 1; page <= pages; page++) {
      const response = await this.client.json({ path, query: { page, [sizeParameter]: PER_PAGE }, signal });
      const batch = parseAnswer(Incidents, response.body, `${this.label} GET ${path}`);
      const first = batch[0]?.id;
      if (first === undefined || seen.has(first)) return incidents;
      seen.add(first);
      incidents.push(...batch);
      if (batch.length < PER_PAGE) return incidents;
    }
    return incidents;
  }

  async get(id: string, signal: AbortSignal): Promise<Incident> {
    const path = `${this.base}/incidents/${encodeURIComponent(id)}`;
    const response = await this.client.json({ path, signal });
    return parseAnswer(Incident, response.body, `${this.label} GET ${path}`);
  }

  async create(fields: IncidentFields, signal: AbortSignal): Promise<Incident> {
    const path = `${this.base}/incidents`;
    // Not retried: a retry after a lost answer would announce it twice.
    const response = await this.client.json({ method: 'POST', path, body: { incident: fields }, idempotent: false, signal });
    return parseAnswer(Incident, response.body, `${this.label} POST ${path}`);
  }

  /** Only the fields given change; setting the same fields twice leaves the same incident, so a retry is safe; but a body posts an update each time, so that is sent once. */
  async update(id: string, fields: Partial<IncidentFields>, signal: AbortSignal): Promise<Incident> {
    const path = `${this.base}/incidents/${encodeURIComponent(id)}`;
    const response = await this.client.json({ method: 'PATCH', path, body: { incident: fields }, idempotent: fields.body === undefined, signal });
    return parseAnswer(Incident, response.body, `${this.label} PATCH ${path}`);
  }

  async delete(id: string, signal: AbortSignal): Promise<void> {
    const path = `${this.base}/incidents/${encodeURIComponent(id)}`;
    await this.client.json({ method: 'DELETE', path, idempotent: true, signal });
  }
}
