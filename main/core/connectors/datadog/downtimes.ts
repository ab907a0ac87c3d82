import { Temporal } from 'temporal-polyfill';
import { ConnectorError } from '../../http/backend-client.js';
import type { MaintenanceItem, MaintenancePublisher, WatchedEnvironment } from '../capabilities.js';
import type { DatadogApi, Downtime, DowntimeAttributes } from './datadog-api.js';

/**
 * The RRULE parts a Datadog downtime takes. Its spec supports "most common rrule options" and
 * refuses those that set the start or the length (DTSTART, DTEND, DURATION: `start` and
 * `duration` say those); its own example uses BYSETPOS. Parts that make several occurrences a
 * day (BYHOUR, BYMINUTE, BYSECOND) and sub-daily frequencies are left out: the window's start
 * time is the only time of day a downtime recurs at.
 */
const RULE_PARTS = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYYEARDAY', 'BYWEEKNO', 'BYSETPOS', 'WKST']);
const FREQUENCIES = new Set(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);

/** Whether one downtime can carry this rule. */
function datadogTakesRule(rrule: string): boolean {
  const parts = rrule.split(';').map((part) => part.split('='));
  if (parts.some((part) => part.length !== 2 || !RULE_PARTS.has(part[0] ?? '') || part[1] === '')) return false;
  const freq = parts.filter(([name]) => name === 'FREQ');
  return freq.length === 1 && FREQUENCIES.has(freq[0]?.[1] ?? '');
}

/** Characters a term of Datadog's search syntax may hold unescaped. */
const PLAIN = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** A tag as a term of the search syntax: `key:value`, the value quoted when it holds anything special (`/`, `:`, spaces…). */
function tagTerm(tag: string): string {
  const colon = tag.indexOf(':');
  if (colon < 0) return PLAIN.test(tag) ? tag : quoted(tag);
  const key = tag.slice(0, colon).replace(/[^A-Za-z0-9_.-]/g, (char) => `\\${char}`);
  const value = tag.slice(colon + 1);
  return `${key}:${PLAIN.test(value) ? value : quoted(value)}`;
}

/**
 * The downtime's scope: an environment is the monitor groups that carry all its tags, and the
 * downtime covers any of them, e.g. `environment:acme-prod OR environment:globex-prod`.
 */
function downtimeScope(environments: readonly WatchedEnvironment[]): string | null {
  const clauses = [
    ...new Set(
      environments
        .map((env) => env.binding.tags.map(tagTerm))
        .filter((terms) => terms.length > 0)
        .map((terms) => (terms.length === 1 ? (terms[0] ?? '') : `(${terms.join(' AND ')})`)),
    ),
  ];
  return clauses.length === 0 ? null : clauses.join(' OR ');
}

/** Datadog's duration: an integer and one of m, h, d (or w). */
function durationOf(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** A recurrence's `start` takes no UTC offset: the local wall-clock time in the schedule's zone. */
function localStart(start: string): string {
  const local = Temporal.PlainDateTime.from(start);
  return local.toString({ smallestUnit: local.second === 0 ? 'minute' : 'second' });
}

function markerText(marker: string): string {
  return `[${marker}]`;
}

/** Downtimes that can still mute something; a canceled or ended one is history. */
function isLive(downtime: Downtime): boolean {
  const status = downtime.attributes.status;
  return status !== 'canceled' && status !== 'ended';
}

/**
 * A maintenance window as a Datadog downtime (API v2): all monitors, scoped to the window's
 * environments by their tags; a series as one downtime with the RRULE in the region's zone.
 * The marker goes on the last line of the message, the only free text a downtime has: the
 * team's notifications show it, customers never see a downtime.
 */
export class Downtimes implements MaintenancePublisher {
  constructor(
    private readonly api: DatadogApi,
    /** The caller's signal, also aborted when the connector closes (a fleet reload). */
    private readonly whileOpen: (signal: AbortSignal) => AbortSignal,
    /** Downtimes per page when searching; Datadog's default is 30. */
    private readonly pageSize = 100,
  ) {}

  acceptsSeries(rrule: string, hasExdates: boolean): boolean {
    // A downtime has no exception dates: a series with some is published occurrence by occurrence.
    return !hasExdates && datadogTakesRule(rrule);
  }

  async find(marker: string, caller: AbortSignal): Promise<string | null> {
    const text = markerText(marker);
    const downtimes = await this.api.downtimes(this.whileOpen(caller), this.pageSize);
    return downtimes.find((downtime) => isLive(downtime) && (downtime.attributes.message ?? '').includes(text))?.id ?? null;
  }

  async create(item: MaintenanceItem, caller: AbortSignal): Promise<string> {
    return (await this.api.createDowntime(this.attributes(item), this.whileOpen(caller))).id;
  }

  /** A canceled downtime cannot come back, so an edit of one schedules a new downtime in its place. */
  async update(remoteId: string, item: MaintenanceItem, caller: AbortSignal): Promise<string> {
    const signal = this.whileOpen(caller);
    const attributes = this.attributes(item);
    const current = await this.api.downtime(remoteId, signal);
    if (current.attributes.status === 'canceled') return (await this.api.createDowntime(attributes, signal)).id;
    return (await this.api.updateDowntime(remoteId, attributes, signal)).id;
  }

  /** One already canceled, or gone, counts as cancelled. */
  async cancel(remoteId: string, caller: AbortSignal): Promise<void> {
    try {
      await this.api.cancelDowntime(remoteId, this.whileOpen(caller));
    } catch (error) {
      if (!(error instanceof ConnectorError && error.status === 404)) throw error;
    }
  }

  private attributes(item: MaintenanceItem): DowntimeAttributes {
    const scope = downtimeScope(item.environments);
    if (scope === null) {
      // An empty scope would mute every monitor of the organisation.
      throw new ConnectorError('http', `${this.api.label}: "${item.title}" covers no environment with Datadog tags, so there is nothing to put in downtime`);
    }
    const message = [...new Set([item.title, item.body])].concat(markerText(item.marker)).join('\n\n');
    const common = { scope, monitor_identifier: { monitor_tags: ['*'] }, message, mute_first_recovery_notification: true };
    const series = item.series;
    if (series) {
      const recurrence = { rrule: series.rrule, duration: durationOf(series.durationMinutes), start: localStart(series.start) };
      return { ...common, display_timezone: series.timeZone, schedule: { timezone: series.timeZone, recurrences: [recurrence] } };
    }
    const iso = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toString({ fractionalSecondDigits: 3 });
    return { ...common, display_timezone: 'UTC', schedule: { start: iso(item.start), end: iso(item.end) } };
  }
}
