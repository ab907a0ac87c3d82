import type { AlertFeed } from '../../../shared/contract/alerts.js';
import type { CalendarSource, CalendarView, IcsExport, IcsImportResult, PublishOutcome, RegionBanner, WindowView } from '../../../shared/contract/calendar.js';
import type { DeploymentView } from '../../../shared/contract/deploys.js';
import { OpsFailure } from '../../../shared/contract/errors.js';
import type { CalendarDefinition, WindowDefinition, WindowKind, WindowScope } from '../../../shared/fleet-definition/calendar.js';
import { CalendarDocument, type CalendarDocumentDeps } from './calendar-document.js';
import { CalendarPublishing, type PublishRequest } from './calendar-publishing.js';
import { CalendarViews } from './calendar-views.js';
import { importIcs } from './ical/import-ics.js';
import { timingProblems } from './recurrence/timing-check.js';
import { removeWindow, upsertWindow } from './window-file.js';
import { WindowScopes } from './window-scopes.js';

export interface CalendarServiceDeps extends Omit<CalendarDocumentDeps, 'localChanged'> {
  alerts: () => AlertFeed;
  /** The console's deployments: one inside a freeze is a conflict of that freeze. */
  deployments?: () => readonly DeploymentView[];
}

/**
 * The maintenance and upgrade calendar: the file that holds it (calendar-document.ts), what
 * it shows (calendar-views.ts) and what the backends hold of it (calendar-publishing.ts),
 * with the edits that change it. Each window is known as the backends were last brought in
 * line with it, so a change read back from the file (an edit by hand, or the reload after the
 * console's own write) updates what was published only where it differs from that.
 */
export class CalendarService {
  private readonly document: CalendarDocument;
  private readonly scopes: WindowScopes;
  private readonly publishing: CalendarPublishing;
  private readonly views: CalendarViews;
  /** Each window as what was published of it was last brought in line with. */
  private readonly inLine: Map<string, WindowDefinition>;

  constructor(private readonly deps: CalendarServiceDeps) {
    const { ctx } = deps;
    this.document = new CalendarDocument({ ...deps, localChanged: (next) => this.definitionChanged(next) });
    this.scopes = new WindowScopes(ctx);
    this.publishing = new CalendarPublishing(ctx, () => this.document.calendar(), this.scopes);
    this.views = new CalendarViews({ ctx, document: this.document, publishing: this.publishing, scopes: this.scopes, alerts: deps.alerts, deployments: deps.deployments });
    this.inLine = windowsById(this.document.calendar());
  }

  calendar(): CalendarDefinition {
    return this.document.calendar();
  }

  source(): CalendarSource {
    return this.document.source();
  }

  view(range: { from: number; to: number }): CalendarView {
    return this.views.view(range);
  }

  banners(): RegionBanner[] {
    return this.views.banners();
  }

  exportIcs(request: { windowId?: string | undefined; regionId?: string | undefined }): IcsExport {
    return this.views.exportIcs(request);
  }

  async saveWindow(window: WindowDefinition, previousId: string | undefined): Promise<{ window: WindowView; republished: PublishOutcome[] }> {
    if (previousId !== undefined && previousId !== window.id && this.publishing.holdsAny(previousId)) {
      throw new OpsFailure(
        'conflict',
        `window "${previousId}" is published; keep its id, or remove it (which cancels what was published) and add it anew`,
      );
    }
    const [problem] = timingProblems(window);
    if (problem) throw new OpsFailure('invalid-input', `input.window.${problem.field}: ${problem.message}`);
    const previous = this.inLine.get(window.id) ?? null;
    const ids = previousId === undefined ? [window.id] : [window.id, previousId];
    this.document.write((text) => upsertWindow(text, window, previousId), window.id, (written) => this.takeInLine(written, ids));
    const saved = this.document.findWindow(window.id);
    const republished = await this.publishing.resync(window.id, previous, saved);
    this.changed();
    return { window: this.views.windowView(saved, this.deps.ctx.clock.now()), republished };
  }

  async removeWindow(id: string): Promise<{ id: string; cancelled: PublishOutcome[] }> {
    const previous = this.inLine.get(id) ?? this.document.findWindow(id);
    this.document.write((text) => removeWindow(text, id), null, (written) => this.takeInLine(written, [id]));
    const cancelled = await this.publishing.resync(id, previous, null);
    this.changed();
    return { id, cancelled };
  }

  async publish(request: PublishRequest & { windowId: string }): Promise<PublishOutcome[]> {
    const outcomes = await this.publishing.publish(this.document.findWindow(request.windowId), request);
    this.changed();
    return outcomes;
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
      const ids = windows.map((window) => window.id);
      this.document.write((text) => windows.reduce((next, window) => upsertWindow(next, window), text), null, (written) => this.takeInLine(written, ids));
      this.changed();
    }
    return { added: windows.map((window) => window.id), skipped, notes };
  }

  /** The calendar was read again: windows edited outside the console get what was published of them updated or cancelled too. */
  definitionChanged(next: CalendarDefinition): void {
    this.scopes.clear();
    const after = windowsById(next);
    const touched = [...new Set([...this.inLine.keys(), ...after.keys()])].filter((id) => JSON.stringify(this.inLine.get(id)) !== JSON.stringify(after.get(id)));
    this.changed();
    for (const id of touched) {
      const before = this.inLine.get(id) ?? null;
      const window = after.get(id) ?? null;
      if (window) this.inLine.set(id, window);
      else this.inLine.delete(id);
      if (!this.publishing.holdsAny(id)) continue;
      void this.publishing
        .resync(id, before, window)
        .then(() => this.changed())
        .catch((error: unknown) => this.deps.ctx.log(`calendar: updating what was published of "${id}" failed: ${String(error)}`));
    }
  }

  /** The console's own edit is brought in line by the edit itself, not again when the file is read back. */
  private takeInLine(written: CalendarDefinition, ids: readonly string[]): void {
    const after = windowsById(written);
    for (const id of ids) {
      const window = after.get(id);
      if (window) this.inLine.set(id, window);
      else this.inLine.delete(id);
    }
  }

  private changed(): void {
    this.deps.ctx.bus.emit('calendar.changed', { at: this.deps.ctx.clock.now() });
  }
}

function windowsById(calendar: CalendarDefinition): Map<string, WindowDefinition> {
  return new Map(calendar.windows.map((window) => [window.id, window]));
}
