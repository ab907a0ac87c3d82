import { z } from 'zod';
import { ConnectorError, type BackendClient } from '../../http/backend-client.js';
import { identify, parseAnswer, quoted } from '../prometheus/answer.js';

/**
 * Datadog's v1 API answers (and v2 downtimes) as its published OpenAPI specs describe them
 * (DataDog/datadog-api-client-typescript, .generator/schemas/v{1,2}/openapi.yaml), reduced to the
 * fields the console reads. States and types stay plain strings so that a value Datadog adds
 * later does not break parsing.
 */

/** `GET /api/v1/validate` (AuthenticationValidationResponse). */
const ValidateAnswer = z.object({ valid: z.boolean() });

/** One series of `GET /api/v1/query` (MetricsQueryMetadata); points are [epoch ms, value or null]. */
export const QuerySeries = z.object({
  query_index: z.number().int().optional(),
  scope: z.string().optional(),
  tag_set: z.array(z.string()).optional(),
  pointlist: z.array(z.tuple([z.number(), z.number().nullable()])),
});
export type QuerySeries = z.infer<typeof QuerySeries>;

/** `GET /api/v1/query` (MetricsQueryResponse): `status` is "ok", or "error" with `error`. */
const QueryAnswer = z.object({
  status: z.string(),
  error: z.string().optional(),
  series: z.array(QuerySeries).optional(),
});

const MonitorGroup = z.object({
  status: z.string().optional(),
  last_triggered_ts: z.number().optional(),
});

/** `GET /api/v1/monitor` answers an array of these (Monitor). */
export const Monitor = z.object({
  id: z.number().int(),
  name: z.string().optional(),
  message: z.string().optional(),
  overall_state: z.string().optional(),
  tags: z.array(z.string()).optional(),
  created: z.string().optional(),
  modified: z.string().optional(),
  matching_downtimes: z
    .array(z.object({ id: z.number().int(), start: z.number().optional(), end: z.number().nullable().optional() }))
    .optional(),
  state: z.object({ groups: z.record(z.string(), MonitorGroup).optional() }).optional(),
});
export type Monitor = z.infer<typeof Monitor>;

const MonitorList = z.array(Monitor);

/** `GET /api/v1/hosts` (HostListResponse). */
const HostList = z.object({
  host_list: z.array(
    z.object({
      name: z.string().optional(),
      host_name: z.string().optional(),
      aliases: z.array(z.string()).optional(),
      up: z.boolean().optional(),
    }),
  ),
  total_matching: z.number().int(),
  total_returned: z.number().int(),
});
type HostEntry = z.infer<typeof HostList>['host_list'][number];

/**
 * A downtime of the v2 API (.generator/schemas/v2/openapi.yaml, DowntimeResponseData), reduced
 * to what publishing reads. `status` is active, scheduled, ended or canceled.
 */
const Downtime = z.object({
  id: z.string().min(1),
  attributes: z.object({
    message: z.string().nullable().optional(),
    scope: z.string().optional(),
    status: z.string().optional(),
  }),
});
export type Downtime = z.infer<typeof Downtime>;

const DowntimeAnswer = z.object({ data: Downtime });

/** `GET /api/v2/downtime` (ListDowntimesResponse). */
const DowntimeList = z.object({
  data: z.array(Downtime),
  meta: z.object({ page: z.object({ total_filtered_count: z.number().int().optional() }).optional() }).optional(),
});

/** The attributes of `POST /api/v2/downtime` and `PATCH /api/v2/downtime/{id}` (DowntimeCreateRequestAttributes). */
export interface DowntimeAttributes {
  scope: string;
  monitor_identifier: { monitor_tags: string[] };
  message: string;
  display_timezone: string;
  mute_first_recovery_notification: boolean;
  schedule:
    | { start: string; end: string }
    | { timezone: string; recurrences: Array<{ rrule: string; duration: string; start: string }> };
}

interface SeriesAnswer {
  series: QuerySeries[];
  latencyMs: number;
}

/** The Datadog calls the console makes, each answer parsed against the spec. */
export class DatadogApi {
  constructor(
    private readonly client: BackendClient,
    /** Names the backend in every error, e.g. `Datadog "dd-eu"`. */
    readonly label: string,
  ) {}

  /** `GET /api/v1/query`; `from` and `to` go as epoch seconds. Several queries may be comma-separated. */
  async query(query: string, fromMs: number, toMs: number, signal: AbortSignal): Promise<SeriesAnswer> {
    const path = '/api/v1/query';
    const response = await this.client.json({ path, query: { from: Math.floor(fromMs / 1000), to: Math.ceil(toMs / 1000), query }, signal });
    const answer = parseAnswer(QueryAnswer, response.body, `${this.label} ${path}`);
    if (answer.status !== 'ok') {
      throw new ConnectorError('http', `${this.label} ${path}: Datadog could not run the query: ${quoted(answer.error ?? `status "${answer.status}"`)}`);
    }
    return { series: answer.series ?? [], latencyMs: response.latencyMs };
  }

  /** `GET /api/v1/hosts`, every page: the hosts seen in the last three hours, at most 1000 an answer. */
  async hosts(signal: AbortSignal, pageSize = 1000): Promise<{ hosts: HostEntry[]; latencyMs: number }> {
    const path = '/api/v1/hosts';
    const hosts: HostEntry[] = [];
    const firsts = new Set<string>();
    let latencyMs = 0;
    for (;;) {
      const response = await this.client.json({ path, query: { start: hosts.length, count: pageSize }, signal });
      const page = parseAnswer(HostList, response.body, `${this.label} ${path}`);
      latencyMs = Math.max(latencyMs, response.latencyMs);
      // A page that starts as an earlier one did: the server ignores `start`, and the walk ends instead of looping.
      const first = JSON.stringify(page.host_list[0] ?? null);
      if (page.host_list.length === 0 || firsts.has(first)) return { hosts, latencyMs };
      firsts.add(first);
      hosts.push(...page.host_list);
      if (hosts.length >= page.total_matching) return { hosts, latencyMs };
    }
  }

  /**
   * `GET /api/v1/monitor` page by page, with the state of each group in alert or warn and the
   * downtimes that match. A short page is the last; a page that starts where an earlier one did
   * means the server ignores paging, and ends the walk instead of looping.
   */
  async monitors(signal: AbortSignal, pageSize: number): Promise<Monitor[]> {
    const path = '/api/v1/monitor';
    const monitors: Monitor[] = [];
    const firstIds = new Set<number>();
    for (let page = 0; ; page++) {
      const response = await this.client.json({ path, query: { group_states: 'alert,warn', with_downtimes: true, page, page_size: pageSize }, signal });
      const batch = parseAnswer(MonitorList, response.body, `${this.label} ${path}`);
      const first = batch[0]?.id;
      if (first === undefined || firstIds.has(first)) return monitors;
      firstIds.add(first);
      monitors.push(...batch);
      if (batch.length < pageSize) return monitors;
    }
  }

  /** `GET /api/v2/downtime`, every page (`page[offset]`, `page[limit]`), canceled and ended ones included. */
  async downtimes(signal: AbortSignal, pageSize: number): Promise<Downtime[]> {
    const path = '/api/v2/downtime';
    const downtimes: Downtime[] = [];
    const firsts = new Set<string>();
    for (;;) {
      const response = await this.client.json({ path, query: { 'page[offset]': downtimes.length, 'page[limit]': pageSize }, signal });
      const page = parseAnswer(DowntimeList, response.body, `${this.label} GET ${path}`);
      // A page that starts as an earlier one did: the server ignores the offset, and the walk ends instead of looping.
      const first = page.data[0]?.id;
      if (first === undefined || firsts.has(first)) return downtimes;
      firsts.add(first);
      downtimes.push(...page.data);
      const total = page.meta?.page?.total_filtered_count;
      if (page.data.length < pageSize || (total !== undefined && downtimes.length >= total)) return downtimes;
    }
  }

  /** `GET /api/v2/downtime/{id}`; a ConnectorError with status 404 when there is none. */
  async downtime(id: string, signal: AbortSignal): Promise<Downtime> {
    const path = `/api/v2/downtime/${encodeURIComponent(id)}`;
    const response = await this.client.json({ path, signal });
    return parseAnswer(DowntimeAnswer, response.body, `${this.label} GET ${path}`).data;
  }

  async createDowntime(attributes: DowntimeAttributes, signal: AbortSignal): Promise<Downtime> {
    const path = '/api/v2/downtime';
    // Not retried: a retry after a lost answer would schedule the downtime twice.
    const response = await this.client.json({ method: 'POST', path, body: { data: { type: 'downtime', attributes } }, idempotent: false, signal });
    return parseAnswer(DowntimeAnswer, response.body, `${this.label} POST ${path}`).data;
  }

  /** Setting the same attributes twice leaves the same downtime, so a retry is safe. */
  async updateDowntime(id: string, attributes: DowntimeAttributes, signal: AbortSignal): Promise<Downtime> {
    const path = `/api/v2/downtime/${encodeURIComponent(id)}`;
    const response = await this.client.json({ method: 'PATCH', path, body: { data: { type: 'downtime', id, attributes } }, idempotent: true, signal });
    return parseAnswer(DowntimeAnswer, response.body, `${this.label} PATCH ${path}`).data;
  }

  /** `DELETE /api/v2/downtime/{id}` cancels it (204). */
  async cancelDowntime(id: string, signal: AbortSignal): Promise<void> {
    await this.client.json({ method: 'DELETE', path: `/api/v2/downtime/${encodeURIComponent(id)}`, idempotent: true, signal });
  }

  /** `GET /api/v1/validate`: whether the API key is valid; `wrong-kind` when the server is not Datadog. */
  async validate(signal: AbortSignal): Promise<boolean> {
    const path = '/api/v1/validate';
    const what = `${this.label} ${path}`;
    const answer = identify(
      this.client.json({ path, signal }).then((response) => parseAnswer(ValidateAnswer, response.body, what)),
      'the Datadog API',
      what,
    );
    return (await answer).valid;
  }
}
