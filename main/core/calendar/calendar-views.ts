import type { AlertFeed } from '../../../shared/contract/alerts.js';
import type { CalendarView, IcsExport, NoticeDueItem, Publication, RegionBanner, WindowView } from '../../../shared/contract/calendar.js';
import type { DeploymentView } from '../../../shared/contract/deploys.js';
import { OpsFailure } from '../../../shared/contract/errors.js';
import type { CalendarDefinition, WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import { describeWindowTiming } from '../../../shared/fleet-definition/recurrence-rule.js';
import { zonedTime } from '../../../shared/time/zoned-time.js';
import { openIncidents } from '../alerts/open-incidents.js';
import type { CoreContext } from '../core-context.js';
import type { PublicationRecord } from '../store/publication-repo.js';
import { bannerText } from './banners.js';
import type { CalendarDocument } from './calendar-document.js';
import { PUBLISH_HORIZON_MS, type CalendarPublishing } from './calendar-publishing.js';
import { findConflicts, type PlacedDeployment, type PlacedOccurrence } from './conflicts.js';
import { exportIcs } from './ical/export-ics.js';
import { endOccurrence, environmentEnds } from '../lifecycle/environment-ends.js';
import { DUE_AHEAD_DAYS, noticeOf, requiredNoticeDays } from './notice.js';
import { occurrenceView } from './occurrence-views.js';
import { occurrenceKey, positionKey, seriesKey } from './publish/maintenance-item.js';
import { expandWindow, type ExpandedOccurrence } from './recurrence/expand.js';
import type { Scoped, WindowScopes } from './window-scopes.js';

const DAY_MS = 86_400_000;
const BANNER_HORIZON_MS = 60 * DAY_MS;

export interface CalendarViewsDeps {
  ctx: CoreContext;
  document: CalendarDocument;
  publishing: CalendarPublishing;
  scopes: WindowScopes;
  alerts: () => AlertFeed;
  /** The console's deployments: one inside a freeze is a conflict of that freeze. */
  deployments?: (() => readonly DeploymentView[]) | undefined;
}

function placedDeployment(deployment: DeploymentView): PlacedDeployment {
  const what =
    deployment.action === 'decommission'
      ? `Decommission of ${deployment.environmentName}`
      : `${deployment.action === 'rollback' ? 'Rollback' : 'Deploy'} of ${deployment.version} to ${deployment.environmentName}`;
  return {
    environmentId: deployment.environmentId,
    at: deployment.scheduledFor ?? deployment.startedAt ?? deployment.requestedAt,
    description: deployment.state === 'scheduled' ? `${what} (scheduled)` : what,
    override: deployment.overrides.find((override) => override.guard === 'freeze')?.reason ?? null,
  };
}

/** What the store holds, read once per view, with what is worked out from it along the way. */
interface PublicationIndex {
  records: ReadonlyMap<string, PublicationRecord>;
  seriesFingerprints: Map<string, string | null>;
}

/**
 * What the calendar shows: occurrences in a range with their notice, conflicts and what each
 * backend holds of them, the maintenance due for announcement, the region banners and the
 * iCalendar export. It only reads.
 */
export class CalendarViews {
  constructor(private readonly deps: CalendarViewsDeps) {}

  view(range: { from: number; to: number }): CalendarView {
    const now = this.deps.ctx.clock.now();
    const calendar = this.calendar();
    const records = this.recordIndex();
    const placed: PlacedOccurrence[] = [];
    const expanded: Array<{ window: WindowDefinition; scoped: Scoped; occurrence: ExpandedOccurrence; key: string }> = [];
    for (const window of calendar.windows) {
      const scoped = this.deps.scopes.of(window);
      for (const occurrence of expandWindow(window, range)) {
        const key = occurrenceKey(window.id, occurrence.requested);
        expanded.push({ window, scoped, occurrence, key });
        placed.push({ key, kind: window.kind, title: window.title, start: occurrence.start, end: occurrence.end, environments: scoped.environments });
      }
    }
    const deployments = (this.deps.deployments?.() ?? []).filter((deployment) => deployment.state !== 'cancelled').map(placedDeployment);
    const conflicts = findConflicts(placed, openIncidents(this.deps.alerts().alerts), now, deployments);
    const occurrences = expanded.map(({ window, scoped, occurrence, key }) => {
      const publications = this.publicationsOf(window, scoped, key, occurrence, records);
      return occurrenceView({
        key,
        window,
        occurrence,
        scope: scoped.scope,
        notice: this.noticeFor(window, scoped, occurrence.start, publications, now),
        publications,
        conflicts: conflicts.get(key) ?? [],
      });
    });
    const ends = environmentEnds(this.deps.ctx.definition(), range).map(endOccurrence);
    return {
      source: this.deps.document.source(),
      windows: calendar.windows.map((window) => this.windowView(window, now)),
      occurrences: [...occurrences, ...ends],
      noticeDue: this.noticeDue(now, records),
      regions: this.deps.ctx.definition().regions.map((region) => ({ id: region.id, name: region.name, timeZone: region.timeZone })),
    };
  }

  banners(): RegionBanner[] {
    const now = this.deps.ctx.clock.now();
    const upcoming = new Map<string, RegionBanner & { start: number }>();
    for (const window of this.calendar().windows) {
      if (window.kind !== 'planned-maintenance' && window.kind !== 'emergency-maintenance') continue;
      const scoped = this.deps.scopes.of(window);
      const [next] = expandWindow(window, { from: now, to: now + BANNER_HORIZON_MS }, 1);
      if (!next) continue;
      for (const region of scoped.scope.regions) {
        const current = upcoming.get(region.id);
        if (current && current.start <= next.start) continue;
        upcoming.set(region.id, {
          regionId: region.id,
          regionName: region.name,
          occurrenceKey: occurrenceKey(window.id, next.requested),
          text: bannerText(window, next.start, next.end, region),
          start: next.start,
        });
      }
    }
    return this.deps.ctx
      .definition()
      .regions.flatMap((region) => {
        const banner = upcoming.get(region.id);
        return banner ? [{ regionId: banner.regionId, regionName: banner.regionName, occurrenceKey: banner.occurrenceKey, text: banner.text }] : [];
      });
  }

  exportIcs(request: { windowId?: string | undefined; regionId?: string | undefined }): IcsExport {
    let windows = this.calendar().windows;
    let name = 'all windows';
    if (request.windowId !== undefined) {
      windows = [this.deps.document.findWindow(request.windowId)];
      name = request.windowId;
    }
    if (request.regionId !== undefined) {
      const regionId = request.regionId;
      const region = this.deps.ctx.definition().regions.find((candidate) => candidate.id === regionId);
      if (!region) throw new OpsFailure('not-found', `no region "${regionId}" in the fleet`);
      windows = windows.filter((window) => this.deps.scopes.of(window).scope.regions.some((reached) => reached.id === regionId));
      name = request.windowId === undefined ? region.id : `${name}-${region.id}`;
    }
    const fleet = this.deps.ctx.definition();
    // Every end not yet decommissioned, overdue ones too; a single window's export has none.
    const ends =
      request.windowId === undefined
        ? environmentEnds(fleet, { from: 0, to: Number.MAX_SAFE_INTEGER }).filter((end) => request.regionId === undefined || end.regionId === request.regionId)
        : [];
    return {
      filename: `watchfloor-${name.replace(/[^a-z0-9._-]+/gi, '-')}.ics`,
      text: exportIcs(windows, { calendarName: `${fleet.name}: ${name}`, now: this.deps.ctx.clock.now(), ends }),
      windows: windows.length,
    };
  }

  windowView(window: WindowDefinition, now: number): WindowView {
    const [next] = expandWindow(window, { from: now, to: now + PUBLISH_HORIZON_MS }, 1);
    return {
      definition: window,
      summary: describeWindowTiming(window),
      next: next?.start ?? null,
      publishTo: this.deps.publishing.targetsOf(window),
    };
  }

  private calendar(): CalendarDefinition {
    return this.deps.document.calendar();
  }

  private recordIndex(): PublicationIndex {
    const records = new Map<string, PublicationRecord>();
    for (const record of this.deps.ctx.store.publications.loadAll()) records.set(`${record.itemKey}|${record.backendId}`, record);
    return { records, seriesFingerprints: new Map() };
  }

  /** A series' fingerprint is the same for all its occurrences: worked out once per window and backend in a view. */
  private seriesFingerprint(window: WindowDefinition, scoped: Scoped, backendId: string, index: PublicationIndex): string | null {
    const key = `${window.id}|${backendId}`;
    let fingerprint = index.seriesFingerprints.get(key);
    if (fingerprint === undefined) {
      fingerprint = this.deps.publishing.seriesTask(window, scoped, backendId)?.fingerprint ?? null;
      index.seriesFingerprints.set(key, fingerprint);
    }
    return fingerprint;
  }

  private publicationsOf(
    window: WindowDefinition,
    scoped: Scoped,
    key: string,
    occurrence: ExpandedOccurrence,
    index: PublicationIndex,
  ): Publication[] {
    const { records } = index;
    const connectors = this.deps.ctx.connectors();
    return this.deps.publishing.targetsOf(window).map((backendId) => {
      const connector = connectors.get(backendId);
      const base = { backendId, backendName: connector?.name ?? backendId, backendKind: connector?.kind ?? 'not connected' };
      const series = records.get(`${seriesKey(window.id)}|${backendId}`);
      const single = records.get(`${positionKey(window.id, occurrence.position)}|${backendId}`) ?? records.get(`${key}|${backendId}`);
      const record = single ?? (series && series.state !== 'cancelled' ? series : undefined);
      if (!record) return { ...base, state: 'not-published', remoteId: null, series: false, at: null, error: null };
      let state = record.state;
      if (state === 'published') {
        const current = record.series
          ? this.seriesFingerprint(window, scoped, backendId, index)
          : this.deps.publishing.occurrenceTask(window, scoped, occurrence).fingerprint;
        if (current !== record.fingerprint) state = 'outdated';
      }
      return { ...base, state, remoteId: record.remoteId, series: record.series, at: record.updatedAt, error: record.error };
    });
  }

  private noticeFor(window: WindowDefinition, scoped: Scoped, start: number, publications: readonly Publication[], now: number) {
    // Customers read the status page; the simulated one stands in for it only where there is no real one.
    const pages = publications.filter((publication) => publication.backendKind === 'statuspage');
    const announcers = pages.length > 0 ? pages : publications.filter((publication) => publication.backendKind === 'sandbox');
    // An outdated publication told customers something that no longer holds.
    const announced = announcers.length > 0 && announcers.every((publication) => publication.state === 'published');
    const announcedAt = announced ? Math.max(...announcers.map((publication) => publication.at ?? now)) : null;
    return noticeOf({ window, start, requiredDays: requiredNoticeDays(window, scoped.scope.regions, this.calendar().noticeDays), announcedAt, now });
  }

  /** Maintenance ahead that should be announced by now, or within a few days, and is not. */
  private noticeDue(now: number, records: PublicationIndex): NoticeDueItem[] {
    const due: NoticeDueItem[] = [];
    for (const window of this.calendar().windows) {
      if (window.kind !== 'planned-maintenance' && window.kind !== 'emergency-maintenance') continue;
      const scoped = this.deps.scopes.of(window);
      const days = requiredNoticeDays(window, scoped.scope.regions, this.calendar().noticeDays);
      const horizon = now + (days + DUE_AHEAD_DAYS + 1) * DAY_MS;
      for (const occurrence of expandWindow(window, { from: now, to: horizon })) {
        if (occurrence.start <= now) continue;
        const key = occurrenceKey(window.id, occurrence.requested);
        const notice = this.noticeFor(window, scoped, occurrence.start, this.publicationsOf(window, scoped, key, occurrence, records), now);
        const unannounced = notice.state === 'due' || notice.state === 'overdue' || (notice.state === 'short-notice' && window.kind === 'emergency-maintenance');
        if (!unannounced) continue;
        due.push({ key, windowId: window.id, title: window.title, start: occurrence.start, localStart: zonedTime(occurrence.start, window.timeZone), notice });
      }
    }
    return due.sort((a, b) => a.start - b.start);
  }
}
