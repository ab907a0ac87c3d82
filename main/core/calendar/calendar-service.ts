import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { AlertFeed } from '../../../shared/contract/alerts.js';
import type {
  CalendarSource,
  CalendarView,
  IcsExport,
  IcsImportResult,
  NoticeDueItem,
  Publication,
  PublishOutcome,
  RegionBanner,
  WindowView,
} from '../../../shared/contract/calendar.js';
import { OpsFailure } from '../../../shared/contract/errors.js';
import { describeProblem, type DefinitionProblem } from '../../../shared/contract/fleet.js';
import type { CalendarDefinition, WindowDefinition, WindowKind, WindowScope } from '../../../shared/fleet-definition/calendar.js';
import { describeWindowTiming } from '../../../shared/fleet-definition/recurrence-rule.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import { zonedTime } from '../../../shared/time/zoned-time.js';
import type { DeploymentView } from '../../../shared/contract/deploys.js';
import { openIncidents } from '../alerts/open-incidents.js';
import type { WatchedEnvironment } from '../connectors/capabilities.js';
import type { CoreContext } from '../core-context.js';
import { parseFleetText, yamlData } from '../definition/fleet-file.js';
import { readTextFile } from '../files/text-file.js';
import type { PublicationRecord } from '../store/publication-repo.js';
import { bannerText } from './banners.js';
import { checkCalendarText, ensureCalendarFile, readCalendarFile } from './calendar-file.js';
import { findConflicts, type PlacedDeployment, type PlacedOccurrence } from './conflicts.js';
import { exportIcs } from './ical/export-ics.js';
import { endOccurrence, environmentEnds } from '../lifecycle/environment-ends.js';
import { importIcs } from './ical/import-ics.js';
import { DUE_AHEAD_DAYS, noticeOf, requiredNoticeDays } from './notice.js';
import { occurrenceView } from './occurrence-views.js';
import { buildItem, fingerprintOf, occurrenceKey, positionKey, positionOf, requestedOf, scopeDigest, seriesKey } from './publish/maintenance-item.js';
import { PublishService, type CancelTask, type PublishTask } from './publish/publish-service.js';
import { expandWindow, occurrenceAt, type ExpandedOccurrence } from './recurrence/expand.js';
import { timingProblems } from './recurrence/timing-check.js';
import { resolveScope, type ResolvedScope } from './scope.js';
import { removeWindow, upsertWindow, WINDOWS_PATH, writeFileAtomically } from './window-file.js';

const DAY_MS = 86_400_000;
/** How far ahead "publish the next N" and the notice list look. */
const PUBLISH_HORIZON_MS = 3 * 366 * DAY_MS;
const BANNER_HORIZON_MS = 60 * DAY_MS;

export interface CalendarServiceDeps {
  ctx: CoreContext;
  dataDir: string;
  /** The fleet file when there is one: the calendar lives in its "calendar" section. */
  fleetFile: () => string | null;
  /** Problems of the fleet file as it is on disk. */
  definitionProblems: () => DefinitionProblem[];
  /** Reads the fleet file again at once after a write, as its watcher would a little later. */
  reloadDefinition: () => void;
  alerts: () => AlertFeed;
  /** The console's deployments: one inside a freeze is a conflict of that freeze. */
  deployments?: () => readonly DeploymentView[];
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

interface Scoped {
  scope: ResolvedScope;
  environments: ReadonlySet<string>;
  watched: WatchedEnvironment[];
  digest: string;
}

/**
 * The maintenance and upgrade calendar: windows from the fleet file (or, beside the simulated
 * fleet, a calendar file of the console's own), their occurrences in any range with notice,
 * conflicts and what each backend holds of them, and the edits and publishing that change it.
 */
export class CalendarService {
  private readonly publisher: PublishService;
  private readonly localFile: string;
  private local: CalendarDefinition | null = null;
  private localProblems: DefinitionProblem[] = [];
  private scoped = new WeakMap<FleetDefinition, WeakMap<WindowDefinition, Scoped>>();
  /** Windows being saved through the console: their republishing is done by the save itself. */
  private readonly saving = new Set<string>();

  constructor(private readonly deps: CalendarServiceDeps) {
    const { ctx } = deps;
    this.publisher = new PublishService({ repo: ctx.store.publications, connectors: ctx.connectors, now: ctx.clock.now, log: ctx.log });
    this.localFile = join(deps.dataDir, 'calendar.yaml');
    if (deps.fleetFile() === null) this.loadLocal();
  }

  calendar(): CalendarDefinition {
    return this.local ?? this.deps.ctx.definition().calendar;
  }

  source(): CalendarSource {
    const file = this.deps.fleetFile();
    const problems = file === null ? this.localProblems : this.deps.definitionProblems();
    // A window in the file whose timing makes no sense is shown as the expansion reads it, and named here.
    const timing = this.calendar().windows.flatMap((window) => timingProblems(window).map((problem) => `window "${window.id}": ${problem.message}`));
    return {
      file: file ?? this.localFile,
      kind: file === null ? 'local-calendar' : 'fleet-file',
      editable: true,
      problems: [...problems.map(describeProblem), ...timing],
    };
  }

  view(range: { from: number; to: number }): CalendarView {
    const now = this.deps.ctx.clock.now();
    const calendar = this.calendar();
    const records = this.recordIndex();
    const placed: PlacedOccurrence[] = [];
    const expanded: Array<{ window: WindowDefinition; scoped: Scoped; occurrence: ExpandedOccurrence; key: string }> = [];
    for (const window of calendar.windows) {
      const scoped = this.scopeOf(window);
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
      source: this.source(),
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
      const scoped = this.scopeOf(window);
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

  async saveWindow(window: WindowDefinition, previousId: string | undefined): Promise<{ window: WindowView; republished: PublishOutcome[] }> {
    if (previousId !== undefined && previousId !== window.id && this.liveRecords(previousId).length > 0) {
      throw new OpsFailure(
        'conflict',
        `window "${previousId}" is published; keep its id, or remove it (which cancels what was published) and add it anew`,
      );
    }
    const [problem] = timingProblems(window);
    if (problem) throw new OpsFailure('invalid-input', `input.window.${problem.field}: ${problem.message}`);
    const previous = this.calendar().windows.find((candidate) => candidate.id === window.id) ?? null;
    this.saving.add(window.id);
    try {
      this.writeCalendar((text) => upsertWindow(text, window, previousId), window.id);
      const saved = this.findWindow(window.id);
      const republished = await this.resync(window.id, previous, saved);
      this.changed();
      return { window: this.windowView(saved, this.deps.ctx.clock.now()), republished };
    } finally {
      this.saving.delete(window.id);
    }
  }

  async removeWindow(id: string): Promise<{ id: string; cancelled: PublishOutcome[] }> {
    const previous = this.findWindow(id);
    this.saving.add(id);
    try {
      this.writeCalendar((text) => removeWindow(text, id), null);
      const cancelled = await this.resync(id, previous, null);
      this.changed();
      return { id, cancelled };
    } finally {
      this.saving.delete(id);
    }
  }

  async publish(request: { windowId: string; keys?: string[] | undefined; next: number; backends?: string[] | undefined }): Promise<PublishOutcome[]> {
    const window = this.findWindow(request.windowId);
    const targets = request.backends ?? this.publishTargets(window);
    if (targets.length === 0) {
      throw new OpsFailure('invalid-input', `input.backends: window "${window.id}" has no backend to publish to; set publishTo on the window or the calendar`);
    }
    const now = this.deps.ctx.clock.now();
    const scoped = this.scopeOf(window);
    const missing: PublishOutcome[] = [];
    let occurrences: Array<{ key: string; occurrence: ExpandedOccurrence }>;
    if (request.keys) {
      occurrences = [];
      for (const key of request.keys) {
        const requested = requestedOf(key);
        const occurrence = requested === null ? null : this.findOccurrence(window, requested);
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
    const outcomes = [...missing, ...(await this.publisher.publish(window.id, tasks))];
    this.changed();
    return outcomes;
  }

  exportIcs(request: { windowId?: string | undefined; regionId?: string | undefined }): IcsExport {
    let windows = this.calendar().windows;
    let name = 'all windows';
    if (request.windowId !== undefined) {
      windows = [this.findWindow(request.windowId)];
      name = request.windowId;
    }
    if (request.regionId !== undefined) {
      const regionId = request.regionId;
      const region = this.deps.ctx.definition().regions.find((candidate) => candidate.id === regionId);
      if (!region) throw new OpsFailure('not-found', `no region "${regionId}" in the fleet`);
      windows = windows.filter((window) => this.scopeOf(window).scope.regions.some((reached) => reached.id === regionId));
      name = request.windowId === undefined ? region.id : `${name}-${region.id}`;
    }
    const fleet = this.deps.ctx.definition();
    // Every end not yet decommissioned, overdue ones too; a single window's export has none.
    const ends = request.windowId === undefined ? environmentEnds(fleet, { from: 0, to: Number.MAX_SAFE_INTEGER }).filter((end) => request.regionId === undefined || end.regionId === request.regionId) : [];
    return {
      filename: `watchfloor-${name.replace(/[^a-z0-9._-]+/gi, '-')}.ics`,
      text: exportIcs(windows, { calendarName: `${fleet.name}: ${name}`, now: this.deps.ctx.clock.now(), ends }),
      windows: windows.length,
    };
  }

  importIcs(request: { text: string; kind: WindowKind; scope: WindowScope }): IcsImportResult {
    const imported = importIcs(request.text, { kind: request.kind, scope: request.scope });
    const { skipped, notes } = imported;
    const taken = new Set(this.calendar().windows.map((window) => window.id));
    const windows: WindowDefinition[] = [];
    for (const window of imported.windows) {
      // A start off its rule is taken as the rule's first occurrence (other clients would count it as one more); a rule that never comes is skipped.
      const [problem] = timingProblems(window);
      if (problem && problem.firstOnRule === undefined) {
        skipped.push({ uid: window.id, reason: problem.message });
        continue;
      }
      if (problem?.firstOnRule !== undefined) notes.push({ uid: window.id, note: `${window.start} is not on the rule ${window.rrule ?? ''}: saved as its first occurrence, ${problem.firstOnRule}` });
      let id = window.id;
      for (let n = 2; taken.has(id); n++) id = `${window.id.slice(0, 58)}-${n}`;
      taken.add(id);
      windows.push({ ...window, id, ...(problem?.firstOnRule !== undefined ? { start: problem.firstOnRule } : {}) });
    }
    if (windows.length > 0) {
      this.writeCalendar((text) => windows.reduce((next, window) => upsertWindow(next, window), text), null);
      this.changed();
    }
    return { added: windows.map((window) => window.id), skipped, notes };
  }

  /** The definition was read again: windows edited outside the console get what was published of them updated or cancelled too. */
  definitionChanged(previous: CalendarDefinition, next: CalendarDefinition): void {
    this.scoped = new WeakMap();
    const before = new Map(previous.windows.map((window) => [window.id, window]));
    const after = new Map(next.windows.map((window) => [window.id, window]));
    const touched = [...before.keys(), ...after.keys()].filter(
      (id, index, ids) => ids.indexOf(id) === index && !this.saving.has(id) && JSON.stringify(before.get(id)) !== JSON.stringify(after.get(id)),
    );
    this.changed();
    for (const id of touched) {
      if (this.liveRecords(id).length === 0) continue;
      void this.resync(id, before.get(id) ?? null, after.get(id) ?? null)
        .then(() => this.changed())
        .catch((error: unknown) => this.deps.ctx.log(`calendar: updating what was published of "${id}" failed: ${String(error)}`));
    }
  }

  private changed(): void {
    this.deps.ctx.bus.emit('calendar.changed', { at: this.deps.ctx.clock.now() });
  }

  private loadLocal(): void {
    const definition = this.deps.ctx.definition();
    ensureCalendarFile(this.localFile, definition.calendar);
    const read = readCalendarFile(this.localFile, definition);
    if (read.ok) {
      this.local = read.calendar;
      this.localProblems = [];
    } else {
      this.local ??= definition.calendar;
      this.localProblems = read.problems;
      for (const problem of read.problems) this.deps.ctx.log(`calendar file: ${describeProblem(problem)}`);
    }
  }

  /** Edits the file that holds the calendar, checks the result as a whole, and only then writes it. */
  private writeCalendar(edit: (text: string) => string, windowId: string | null): void {
    const fleetFile = this.deps.fleetFile();
    const file = fleetFile ?? this.localFile;
    const read = readTextFile(file, fleetFile === null ? 'calendar file' : 'fleet file');
    if (!read.ok) throw new OpsFailure('conflict', describeProblem(read.problem));
    const next = edit(read.text);
    if (fleetFile !== null) {
      const checked = parseFleetText(next, file);
      if (!checked.ok) throw this.invalid(checked.problems, next, windowId);
      writeFileAtomically(file, next);
      this.deps.reloadDefinition();
      return;
    }
    const checked = checkCalendarText(next, file, this.deps.ctx.definition());
    if (!checked.ok) throw this.invalid(checked.problems, next, windowId);
    writeFileAtomically(file, next);
    const previous = this.calendar();
    this.local = checked.calendar;
    this.localProblems = [];
    this.definitionChanged(previous, checked.calendar);
  }

  /** Problems of the edited window are named by its form's fields (`input.window.scope.regions[0]`), the rest by file and line. */
  private invalid(problems: readonly DefinitionProblem[], text: string, windowId: string | null): OpsFailure {
    const index = windowId === null ? -1 : windowIndex(text, windowId);
    const prefix = `${WINDOWS_PATH.join('.')}[${index}]`;
    const parts = problems.map((problem) =>
      index >= 0 && problem.path.startsWith(prefix) ? `input.window${problem.path.slice(prefix.length)}: ${problem.message}` : describeProblem(problem),
    );
    return new OpsFailure('invalid-input', parts.join('; '));
  }

  private findWindow(id: string): WindowDefinition {
    const window = this.calendar().windows.find((candidate) => candidate.id === id);
    if (!window) throw new OpsFailure('not-found', `no window "${id}" in the calendar`);
    return window;
  }

  private findOccurrence(window: WindowDefinition, requested: string): ExpandedOccurrence | null {
    let around: number;
    try {
      around = Temporal.PlainDateTime.from(requested).toZonedDateTime(window.timeZone).epochMilliseconds;
    } catch {
      return null;
    }
    return expandWindow(window, { from: around - 2 * DAY_MS, to: around + 2 * DAY_MS }).find((occurrence) => occurrence.requested === requested) ?? null;
  }

  private publishTargets(window: WindowDefinition): string[] {
    return window.publishTo ?? this.calendar().publishTo;
  }

  private scopeOf(window: WindowDefinition): Scoped {
    const definition = this.deps.ctx.definition();
    let byWindow = this.scoped.get(definition);
    if (!byWindow) {
      byWindow = new WeakMap();
      this.scoped.set(definition, byWindow);
    }
    let scoped = byWindow.get(window);
    if (!scoped) {
      const scope = resolveScope(definition, window.scope);
      const environments = new Set(scope.environments);
      const watched = this.deps.ctx.view().watched.filter((env) => environments.has(env.view.id));
      scoped = { scope, environments, watched, digest: scopeDigest(scope) };
      byWindow.set(window, scoped);
    }
    return scoped;
  }

  private occurrenceTask(window: WindowDefinition, scoped: Scoped, occurrence: ExpandedOccurrence, replaces?: PublicationRecord): PublishTask {
    const key = positionKey(window.id, occurrence.position);
    const item = buildItem({
      key,
      window,
      start: occurrence.start,
      end: occurrence.end,
      scope: scoped.scope,
      environments: scoped.watched,
      series: false,
      createdBy: this.deps.ctx.operator,
    });
    const shownKey = occurrenceKey(window.id, occurrence.requested);
    return { windowId: window.id, key, shownKey, replaces, series: false, item, fingerprint: fingerprintOf(item, scoped.digest) };
  }

  /** The whole series as one item, where the backend takes the rule; null where each occurrence goes on its own. */
  private seriesTask(window: WindowDefinition, scoped: Scoped, backendId: string): PublishTask | null {
    if (!window.rrule) return null;
    const found = this.publisher.publisherOf(backendId);
    if ('error' in found || !found.publisher.acceptsSeries(window.rrule, (window.exdates ?? []).length > 0)) return null;
    const first = this.findOccurrence(window, window.start) ?? expandWindow(window, { from: 0, to: Number.MAX_SAFE_INTEGER }, 1)[0];
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
      createdBy: this.deps.ctx.operator,
    });
    return { windowId: window.id, key, shownKey: key, series: true, item, fingerprint: fingerprintOf(item, scoped.digest) };
  }

  private liveRecords(windowId: string): PublicationRecord[] {
    return this.deps.ctx.store.publications.forWindow(windowId).filter((record) => record.state !== 'cancelled' && (record.remoteId !== null || record.state === 'published'));
  }

  /**
   * Brings what the backends hold of a window in line with it. Each published occurrence is
   * matched by its position in the series, so a window whose time or rule moved has what was
   * published updated in place (customers told of the new time); occurrences that are gone are
   * cancelled.
   */
  private async resync(windowId: string, previous: WindowDefinition | null, window: WindowDefinition | null): Promise<PublishOutcome[]> {
    const records = this.liveRecords(windowId);
    if (records.length === 0) return [];
    const tasks = new Map<string, PublishTask[]>();
    const add = (backendId: string, task: PublishTask) => tasks.set(backendId, [...(tasks.get(backendId) ?? []), task]);
    const cancels: CancelTask[] = [];
    const scoped = window ? this.scopeOf(window) : null;
    const positionOfRecord = (record: PublicationRecord): number | null => {
      const position = positionOf(record.itemKey);
      if (position !== null) return position;
      // Published before positions, under its local start: where that start was in the series.
      const requested = requestedOf(record.itemKey);
      const before = previous ?? window;
      return before && requested !== null ? (this.findOccurrence(before, requested)?.position ?? null) : null;
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
      fingerprint = this.seriesTask(window, scoped, backendId)?.fingerprint ?? null;
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
    return this.publishTargets(window).map((backendId) => {
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
          : this.occurrenceTask(window, scoped, occurrence).fingerprint;
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
      const scoped = this.scopeOf(window);
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

  private windowView(window: WindowDefinition, now: number): WindowView {
    const [next] = expandWindow(window, { from: now, to: now + PUBLISH_HORIZON_MS }, 1);
    return {
      definition: window,
      summary: describeWindowTiming(window),
      next: next?.start ?? null,
      publishTo: this.publishTargets(window),
    };
  }
}

const WindowIds = z.object({ calendar: z.object({ windows: z.array(z.object({ id: z.unknown() })) }) });

function windowIndex(text: string, id: string): number {
  const parsed = WindowIds.safeParse(yamlData(text));
  return parsed.success ? parsed.data.calendar.windows.findIndex((window) => window.id === id) : -1;
}
