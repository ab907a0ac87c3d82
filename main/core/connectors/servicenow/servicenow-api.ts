import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { ConnectorError, type BackendClient, type JsonResponse, type QueryValue } from '../../http/backend-client.js';
import { parseAnswer } from '../prometheus/answer.js';

/**
 * ServiceNow's Table API (`/api/now/table/{tableName}`) as the console uses it: the `incident`
 * table, read with `sysparm_display_value=all` so each field comes as its value and the words a
 * person sees, and the journal (`sys_journal_field`) where work notes and comments are kept.
 * Answers are `{"result": …}`; lists page with `sysparm_limit`/`sysparm_offset` and a Link header.
 */

/** A field read with `sysparm_display_value=all`: the stored value and its display value (a reference adds its link). */
export const Field = z.object({ value: z.string(), display_value: z.string().nullable() });
export type Field = z.infer<typeof Field>;

/** The incident's fields the console reads; the record's custom field is read by its configured name. */
export const IncidentRow = z.looseObject({
  sys_id: Field,
  number: Field,
  short_description: Field,
  description: Field,
  state: Field,
  active: Field,
  correlation_id: Field,
  /** "yyyy-MM-dd HH:mm:ss" in UTC, as the database keeps it. */
  sys_updated_on: Field,
});
export type IncidentRow = z.infer<typeof IncidentRow>;

const INCIDENT_FIELDS = ['sys_id', 'number', 'short_description', 'description', 'state', 'active', 'correlation_id', 'sys_updated_on'];

/** One work note or comment, read with actual values. */
export const JournalEntry = z.object({
  sys_id: z.string(),
  element: z.string(),
  element_id: z.string(),
  value: z.string(),
  sys_created_on: z.string(),
  sys_created_by: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntry>;

const JOURNAL_FIELDS = ['sys_id', 'element', 'element_id', 'value', 'sys_created_on', 'sys_created_by'];

/** What the console writes to an incident: strings, as the Table API takes them (a state code as "6"). */
export type IncidentFields = Record<string, string>;

const PAGE_SIZE = 100;

/** ServiceNow's date-time as stored ("2026-12-07 21:04:05", UTC) as epoch milliseconds; null when it is not one. */
export function storedTimeMs(text: string): number | null {
  try {
    return Temporal.PlainDateTime.from(text.replace(' ', 'T')).toZonedDateTime('UTC').epochMilliseconds;
  } catch {
    return null;
  }
}

/** Epoch milliseconds as ServiceNow's stored date-time, for an encoded query. */
export function storedTime(ms: number): string {
  const utc = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO('UTC').toPlainDateTime();
  return utc.toString({ smallestUnit: 'second', roundingMode: 'floor' }).replace('T', ' ');
}

/** The offset of the Link header's rel="next", or null on the last page. */
function nextOffset(response: JsonResponse): number | null {
  const link = response.headers.get('link');
  const next = link?.split(',').find((part) => /;\s*rel="?next"?/.test(part));
  const target = next ? /<([^>]+)>/.exec(next)?.[1] : undefined;
  if (!target) return null;
  const offset = Number(new URL(target, 'http://link').searchParams.get('sysparm_offset'));
  return Number.isInteger(offset) && offset > 0 ? offset : null;
}

export class ServicenowApi {
  constructor(
    private readonly client: BackendClient,
    /** Names the backend in every error, e.g. `ServiceNow "desk"`. */
    readonly label: string,
    /** The incident column that holds the console's record. */
    readonly recordField: string,
  ) {}

  private get incidentQuery(): Record<string, QueryValue> {
    return { sysparm_display_value: 'all', sysparm_exclude_reference_link: 'true', sysparm_fields: [...INCIDENT_FIELDS, this.recordField].join(',') };
  }

  async incident(id: string, signal: AbortSignal): Promise<IncidentRow> {
    const path = `/api/now/table/incident/${encodeURIComponent(id)}`;
    const response = await this.client.json({ path, query: this.incidentQuery, signal });
    return parseAnswer(z.object({ result: IncidentRow }), response.body, `${this.label} GET ${path}`).result;
  }

  /** Every incident matching the encoded query, page by page. */
  async incidents(query: string, signal: AbortSignal): Promise<IncidentRow[]> {
    return this.pages('/api/now/table/incident', { ...this.incidentQuery, sysparm_query: query }, IncidentRow, signal);
  }

  /** Not retried by the client: the Table API has no idempotency key, a resend after a lost answer would open a second incident. */
  async createIncident(fields: IncidentFields, signal: AbortSignal): Promise<IncidentRow> {
    const path = '/api/now/table/incident';
    // A 429 means ServiceNow did nothing: that one is sent again after its Retry-After.
    const response = await this.client.json({ method: 'POST', path, query: this.incidentQuery, body: fields, idempotent: false, retryRateLimited: true, signal });
    return parseAnswer(z.object({ result: IncidentRow }), response.body, `${this.label} POST ${path}`).result;
  }

  /** `idempotent` says whether sending it twice leaves the same incident (a state does, a work note does not). */
  async updateIncident(id: string, fields: IncidentFields, idempotent: boolean, signal: AbortSignal): Promise<IncidentRow> {
    const path = `/api/now/table/incident/${encodeURIComponent(id)}`;
    const response = await this.client.json({ method: 'PATCH', path, query: this.incidentQuery, body: fields, idempotent, retryRateLimited: true, signal });
    return parseAnswer(z.object({ result: IncidentRow }), response.body, `${this.label} PATCH ${path}`).result;
  }

  /** The work notes and comments of the incidents, oldest first. */
  async journal(ids: readonly string[], signal: AbortSignal): Promise<JournalEntry[]> {
    const entries: JournalEntry[] = [];
    // A few dozen sys_ids per query keep the URL well under what proxies accept.
    for (let start = 0; start < ids.length; start += 40) {
      const query = `element_idIN${ids.slice(start, start + 40).join(',')}^elementINcomments,work_notes^ORDERBYsys_created_on`;
      entries.push(...(await this.pages('/api/now/table/sys_journal_field', { sysparm_query: query, sysparm_fields: JOURNAL_FIELDS.join(',') }, JournalEntry, signal)));
    }
    return entries;
  }

  /** How many incidents the user may read: what a connection test shows. */
  async incidentCount(signal: AbortSignal): Promise<number> {
    const path = '/api/now/table/incident';
    const response = await this.client.json({ path, query: { sysparm_limit: 1, sysparm_fields: 'sys_id' }, signal });
    parseAnswer(z.object({ result: z.array(z.object({ sys_id: z.string() })) }), response.body, `${this.label} GET ${path}`, 'wrong-kind');
    const total = Number(response.headers.get('x-total-count'));
    if (!Number.isInteger(total)) throw new ConnectorError('wrong-kind', `${this.label}: GET ${path} came without X-Total-Count; is this a ServiceNow instance?`);
    return total;
  }

  private async pages<S extends z.ZodType>(path: string, query: Record<string, QueryValue>, row: S, signal: AbortSignal): Promise<z.output<S>[]> {
    const rows: z.output<S>[] = [];
    for (let offset: number | null = 0; offset !== null; ) {
      const response: JsonResponse = await this.client.json({ path, query: { ...query, sysparm_limit: PAGE_SIZE, sysparm_offset: offset }, signal });
      rows.push(...parseAnswer(z.object({ result: z.array(row) }), response.body, `${this.label} GET ${path}`).result);
      const next = nextOffset(response);
      // A next page that does not move on would loop forever.
      offset = next !== null && next > offset ? next : null;
    }
    return rows;
  }
}
