import { Temporal } from 'temporal-polyfill';
import type { PublishOutcome } from '../../../shared/contract/calendar.js';
import { OpsFailure } from '../../../shared/contract/errors.js';
import type { CalendarDefinition, WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import type { CoreContext } from '../core-context.js';
import type { PublicationRecord } from '../store/publication-repo.js';
import { buildItem, fingerprintOf, occurrenceKey, positionKey, positionOf, requestedOf, seriesKey } from './publish/maintenance-item.js';
import { PublishService, type CancelTask, type PublishTask } from './publish/publish-service.js';
import { expandWindow, occurrenceAt, type ExpandedOccurrence } from './recurrence/expand.js';
import type { Scoped, WindowScopes } from './window-scopes.js';

const DAY_MS = 86_400_000;
/** How far ahead "publish the next N" looks. */
export const PUBLISH_HORIZON_MS = 3 * 366 * DAY_MS;

export interface PublishRequest {
  keys?: string[] | undefined;
  next: number;
  backends?: string[] | undefined;
}

/**
 * What the backends (status pages, silences, downtimes) hold of the windows: publishing
 * occurrences or whole series, and bringing what was published in line with a window that
 * moved, changed or went.
 */
export class CalendarPublishing {
  private readonly publisher: PublishService;

  constructor(
    private readonly ctx: CoreContext,
    private readonly calendar: () => CalendarDefinition,
    private readonly scopes: WindowScopes,
  ) {
    this.publisher = new PublishService({ repo: ctx.store.publications, connectors: ctx.connectors, now: ctx.clock.now, log: ctx.log });
  }

  targetsOf(window: WindowDefinition): string[] {
    return window.publishTo ?? this.calendar().publishTo;
  }

  async publish(window: WindowDefinition, request: PublishRequest): Promise<PublishOutcome[]> {
    const targets = request.backends ?? this.targetsOf(window);
    if (targets.length === 0) {
      throw new OpsFailure('invalid-input', `input.backends: window "${window.id}" has no backend to publish to; set publishTo on the window or the calendar`);
    }
    const now = this.ctx.clock.now();
    const scoped = this.scopes.of(window);
    const missing: PublishOutcome[] = [];
    let occurrences: Array<{ key: string; occurrence: ExpandedOccurrence }>;
    if (request.keys) {
      occurrences = [];
      for (const key of request.keys) {
        const requested = requestedOf(key);
        const occurrence = requested === null ? null : findOccurrence(window, requested);
        if (occurrence) occurrences.push({ key, occurrence });
        else for (const backendId of targets) missing.push({ key, backendId, state: 'failed', unchanged: false, error: `window "${window.id}" has no occurrence ${key}` });
      }
    } else {
      occurrences = expandWindow(window, { from: now, to: now + PUBLISH_HORIZON_MS }, request.next).map((occurrence) => ({
        key: occurrenceKey(window.id, occurrence.requested),
        occurrence,
      }));
      if (occurrences.length === 0) throw new OpsFailure('invalid-input', `input.windowId: window "${window.id}" has no occurrence ahead to publish`);
    }
    const tasks = new Map<string, PublishTask[]>();
    for (const backendId of targets) {
      const series = this.seriesTask(window, scoped, backendId);
      tasks.set(backendId, series && occurrences.length > 0 ? [series] : occurrences.map(({ occurrence }) => this.occurrenceTask(window, scoped, occurrence)));
    }
    return [...missing, ...(await this.publisher.publish(window.id, tasks))];
  }

  /** Whether any backend holds something of the window. */
  holdsAny(windowId: string): boolean {
    return this.liveRecords(windowId).length > 0;
  }

  occurrenceTask(window: WindowDefinition, scoped: Scoped, occurrence: ExpandedOccurrence, replaces?: PublicationRecord): PublishTask {
    const key = positionKey(window.id, occurrence.position);
    const item = buildItem({
      key,
      window,
      start: occurrence.start,
      end: occurrence.end,
      scope: scoped.scope,
      environments: scoped.watched,
      series: false,
      createdBy: this.ctx.operator,
    });
    const shownKey = occurrenceKey(window.id, occurrence.requested);
    return { windowId: window.id, key, shownKey, replaces, series: false, item, fingerprint: fingerprintOf(item, scoped.digest) };
  }

  /** The whole series as one item, where the backend takes the rule; null where each occurrence goes on its own. */
  seriesTask(window: WindowDefinition, scoped: Scoped, backendId: string): PublishTask | null {
    if (!window.rrule) return null;
    const found = this.publisher.publisherOf(backendId);
    if ('error' in found || !found.publisher.acceptsSeries(window.rrule, (window.exdates ?? []).length > 0)) return null;
    const first = findOccurrence(window, window.start) ?? expandWindow(window, { from: 0, to: Number.MAX_SAFE_INTEGER }, 1)[0];
    if (!first) return null;
    const key = seriesKey(window.id);
    const item = buildItem({
      key,
      window,
      start: first.start,
      end: first.end,
      scope: scoped.scope,
      environments: scoped.watched,
      series: true,
      createdBy: this.ctx.operator,
    });
    return { windowId: window.id, key, shownKey: key, series: true, item, fingerprint: fingerprintOf(item, scoped.digest) };
  }

  /**
   * Brings what the backends hold of a window in line with it. Each published occurrence is
   * matched by its position in the series, so a window whose time or rule moved has what was
   * published updated in place (customers told of the new time); occurrences that are gone are
   * cancelled.
   */
  async resync(windowId: string, previous: WindowDefinition | null, window: WindowDefinition | null): Promise<PublishOutcome[]> {
    const records = this.liveRecords(windowId);
    if (records.length === 0) return [];
    const tasks = new Map<string, PublishTask[]>();
    const add = (backendId: string, task: PublishTask) => tasks.set(backendId, [...(tasks.get(backendId) ?? []), task]);
    const cancels: CancelTask[] = [];
    const scoped = window ? this.scopes.of(window) : null;
    const positionOfRecord = (record: PublicationRecord): number | null => {
      const position = positionOf(record.itemKey);
      if (position !== null) return position;
      // Published before positions, under its local start: where that start was in the series.
      const requested = requestedOf(record.itemKey);
      const before = previous ?? window;
      return before && requested !== null ? (findOccurrence(before, requested)?.position ?? null) : null;
    };
    const occurrenceTaskFor = (record: PublicationRecord): PublishTask | null => {
      const position = positionOfRecord(record);
      const occurrence = window && position !== null ? occurrenceAt(window, position) : null;
      const legacy = positionOf(record.itemKey) === null ? record : undefined;
      return window && scoped && occurrence ? this.occurrenceTask(window, scoped, occurrence, legacy) : null;
    };
    const shownKeyOf = (record: PublicationRecord): string => {
      if (record.series) return record.itemKey;
      const position = positionOf(record.itemKey);
      const was = previous && position !== null ? occurrenceAt(previous, position) : null;
      return was ? occurrenceKey(windowId, was.requested) : record.itemKey;
    };
    const publishedOccurrences = records.filter((record) => !record.series);
    for (const record of records) {
      const task = record.series ? (window && scoped ? this.seriesTask(window, scoped, record.backendId) : null) : occurrenceTaskFor(record);
      if (task) {
        add(record.backendId, task);
        continue;
      }
      cancels.push({ record, shownKey: shownKeyOf(record) });
      // A series the backend can no longer hold as one (an exception was added) goes on as the occurrences published elsewhere.
      if (record.series && window) {
        const positions = new Set<string>();
        for (const published of publishedOccurrences) {
          const single = occurrenceTaskFor(published);
          if (single && !positions.has(single.key)) {
            positions.add(single.key);
            add(record.backendId, { ...single, replaces: undefined });
          }
        }
      }
    }
    const cancelled = await this.publisher.cancel(windowId, cancels);
    const published = await this.publisher.publish(windowId, tasks);
    return [...cancelled, ...published];
  }

  private liveRecords(windowId: string): PublicationRecord[] {
    return this.ctx.store.publications.forWindow(windowId).filter((record) => record.state !== 'cancelled' && (record.remoteId !== null || record.state === 'published'));
  }
}

/** The occurrence a window's rule puts at a local start, or null when it puts none there. */
function findOccurrence(window: WindowDefinition, requested: string): ExpandedOccurrence | null {
  let around: number;
  try {
    around = Temporal.PlainDateTime.from(requested).toZonedDateTime(window.timeZone).epochMilliseconds;
  } catch {
    return null;
  }
  return expandWindow(window, { from: around - 2 * DAY_MS, to: around + 2 * DAY_MS }).find((occurrence) => occurrence.requested === requested) ?? null;
}
