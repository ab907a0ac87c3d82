import { join } from 'node:path';
import { z } from 'zod';
import type { CalendarSource } from '../../../shared/contract/calendar.js';
import { OpsFailure } from '../../../shared/contract/errors.js';
import { describeProblem, type DefinitionProblem } from '../../../shared/contract/fleet.js';
import type { CalendarDefinition, WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import type { CoreContext } from '../core-context.js';
import { parseFleetText, yamlData } from '../definition/fleet-file.js';
import { readTextFile } from '../files/text-file.js';
import { checkCalendarText, ensureCalendarFile, readCalendarFile } from './calendar-file.js';
import { timingProblems } from './recurrence/timing-check.js';
import { WINDOWS_PATH, writeFileAtomically } from './window-file.js';

export interface CalendarDocumentDeps {
  ctx: CoreContext;
  dataDir: string;
  /** The fleet file when there is one: the calendar lives in its "calendar" section. */
  fleetFile: () => string | null;
  /** Problems of the fleet file as it is on disk. */
  definitionProblems: () => DefinitionProblem[];
  /** Reads the fleet file again at once after a write, as its watcher would a little later. */
  reloadDefinition: () => void;
  /** The calendar beside the simulated fleet was written: what the fleet file's reload says for the fleet file. */
  localChanged: (next: CalendarDefinition) => void;
}

/**
 * The file that holds the calendar: the fleet file's "calendar" section, or beside the
 * simulated fleet a calendar file of the console's own. Reads it, and writes an edit only
 * once the whole file checks.
 */
export class CalendarDocument {
  private readonly localFile: string;
  private local: CalendarDefinition | null = null;
  private localProblems: DefinitionProblem[] = [];

  constructor(private readonly deps: CalendarDocumentDeps) {
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

  findWindow(id: string): WindowDefinition {
    const window = this.calendar().windows.find((candidate) => candidate.id === id);
    if (!window) throw new OpsFailure('not-found', `no window "${id}" in the calendar`);
    return window;
  }

  /**
   * Edits the file, checks the result as a whole, and only then writes it. `written` gets the
   * calendar as written before the change is made known (the fleet file reloaded), so the
   * editor can take its own edit as already handled.
   */
  write(edit: (text: string) => string, windowId: string | null, written: (calendar: CalendarDefinition) => void): void {
    const fleetFile = this.deps.fleetFile();
    const file = fleetFile ?? this.localFile;
    const read = readTextFile(file, fleetFile === null ? 'calendar file' : 'fleet file');
    if (!read.ok) throw new OpsFailure('conflict', describeProblem(read.problem));
    const next = edit(read.text);
    if (fleetFile !== null) {
      const checked = parseFleetText(next, file);
      if (!checked.ok) throw invalid(checked.problems, next, windowId);
      writeFileAtomically(file, next);
      written(checked.definition.calendar);
      this.deps.reloadDefinition();
      return;
    }
    const checked = checkCalendarText(next, file, this.deps.ctx.definition());
    if (!checked.ok) throw invalid(checked.problems, next, windowId);
    writeFileAtomically(file, next);
    written(checked.calendar);
    this.local = checked.calendar;
    this.localProblems = [];
    this.deps.localChanged(checked.calendar);
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
}

/** Problems of the edited window are named by its form's fields (`input.window.scope.regions[0]`), the rest by file and line. */
function invalid(problems: readonly DefinitionProblem[], text: string, windowId: string | null): OpsFailure {
  const index = windowId === null ? -1 : windowIndex(text, windowId);
  const prefix = `${WINDOWS_PATH.join('.')}[${index}]`;
  const parts = problems.map((problem) =>
    index >= 0 && problem.path.startsWith(prefix) ? `input.window${problem.path.slice(prefix.length)}: ${problem.message}` : describeProblem(problem),
  );
  return new OpsFailure('invalid-input', parts.join('; '));
}

const WindowIds = z.object({ calendar: z.object({ windows: z.array(z.object({ id: z.unknown() })) }) });

function windowIndex(text: string, id: string): number {
  const parsed = WindowIds.safeParse(yamlData(text));
  return parsed.success ? parsed.data.calendar.windows.findIndex((window) => window.id === id) : -1;
}
