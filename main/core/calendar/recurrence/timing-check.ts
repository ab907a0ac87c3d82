import { Temporal } from 'temporal-polyfill';
import { parseRecurrence, type RecurrenceUntil } from '../../../../shared/fleet-definition/recurrence-rule.js';
import { expandWindow, type WindowTiming } from './expand.js';

/** A window's timing that makes no sense, named by the field of the window to change. */
export interface TimingProblem {
  field: 'start' | 'rrule';
  message: string;
  /** For a start off its rule: the rule's first occurrence from then, where the window could start instead. */
  firstOnRule?: string;
}

/** How far ahead a rule must give an occurrence: further off than this, it is a mistake rather than a plan. */
const LOOK_AHEAD_YEARS = 10;

/** The start as asked for (a time in a DST gap stays as written, as the expansion's requested start does) and as an instant. */
function untilBeforeStart(until: RecurrenceUntil, local: Temporal.PlainDateTime, start: Temporal.ZonedDateTime): boolean {
  switch (until.form) {
    case 'utc':
      return Temporal.Instant.compare(Temporal.Instant.from(until.value), start.toInstant()) < 0;
    case 'local':
      return Temporal.PlainDateTime.compare(Temporal.PlainDateTime.from(until.value), local) < 0;
    case 'date':
      return Temporal.PlainDate.compare(Temporal.PlainDate.from(until.value), local.toPlainDate()) < 0;
  }
}

/**
 * What is wrong with a recurring window's timing, beyond what its schema checks: UNTIL before
 * the start, a rule with no occurrence in the ten years from the start, or a start the rule
 * would not pick (the expansion begins the series at the rule's first date instead, so the
 * start names a day that never happens). A rule that does not parse is the schema's to report.
 */
export function timingProblems(window: WindowTiming): TimingProblem[] {
  if (window.rrule === undefined) return [];
  const parsed = parseRecurrence(window.rrule);
  if (!parsed.ok) return [];
  const rrule = window.rrule.trim();
  const local = Temporal.PlainDateTime.from(window.start);
  const start = local.toZonedDateTime(window.timeZone);
  if (parsed.rule.until && untilBeforeStart(parsed.rule.until, local, start)) {
    return [{ field: 'rrule', message: `UNTIL is before the start ${window.start}: the rule would have no occurrence` }];
  }
  const range = { from: start.subtract({ days: 1 }).epochMilliseconds, to: start.add({ years: LOOK_AHEAD_YEARS }).epochMilliseconds };
  const [first] = expandWindow({ ...window, exdates: [] }, range, 1);
  if (!first) return [{ field: 'rrule', message: `${rrule} gives no occurrence in the ten years from ${window.start}` }];
  if (!Temporal.PlainDateTime.from(first.requested).equals(local)) {
    return [{ field: 'start', message: `${window.start} is not on the rule ${rrule}: its first occurrence from then is ${first.requested}; start there`, firstOnRule: first.requested }];
  }
  return [];
}
