import { Temporal } from 'temporal-polyfill';
import type { StartAdjustment } from '../../../../shared/contract/calendar.js';
import { parseRecurrence, type RecurrenceRule, type RecurrenceUntil } from '../../../../shared/fleet-definition/recurrence-rule.js';
import { DAY_MS, dateLabel, monthOf, twoDigits } from './calendar-days.js';
import { RuleDates } from './rule-dates.js';
import { zoneOffsets, type ResolvedStart, type ZoneOffsets } from './zone-offsets.js';

/**
 * Occurrences of a window: its start (a local date-time in a named zone) repeated by its
 * RFC 5545 rule, each lasting the window's elapsed duration.
 *
 * - DTSTART is the first instance when the rule picks it. One the rule would not pick is not
 *   counted as an extra occurrence, as RFC 5545 §3.8.5.3 would have it: the series begins at
 *   the rule's first date, and COUNT counts from there (saving such a window is refused, naming
 *   that date: timing-check.ts). COUNT counts from the first even when the range starts later.
 * - EXDATE removes an instance by its requested local start; a removed instance still counts
 *   towards COUNT (the RFC subtracts EXDATE from the set COUNT bounded).
 * - UNTIL bounds every instance's start, DTSTART's included, inclusively: as an instant in
 *   its UTC form, as local wall-clock time in its local and date forms.
 * - A requested start in a DST gap moves later by the gap; one that happens twice takes the
 *   first (RFC 5545 §3.3.5, Temporal's 'compatible'); the occurrence says so. This is the
 *   console's rule for every instance, generated ones included, so a maintenance window is
 *   never silently dropped; RFC 5545 §3.3.10 would drop a generated instance in a gap (and
 *   not count it), which is what rrule-temporal does.
 * - The end is the start plus the elapsed duration, whatever the clocks do meanwhile.
 *
 * The calendar pattern is walked on epoch days (integers); only instances near the range are
 * converted to instants, through the per-zone offset periods of zone-offsets.ts.
 */

export interface WindowTiming {
  /** Local wall-clock start in timeZone: "2026-01-31T23:00". */
  start: string;
  timeZone: string;
  /** Elapsed time, ISO 8601: "PT2H". */
  duration: string;
  rrule?: string;
  /** Requested local starts of instances that do not happen. */
  exdates?: readonly string[];
}

export interface ExpandedOccurrence {
  /**
   * Its place in the series, 1 for the first instance, counting instances removed by EXDATE:
   * what RFC 5545's RECURRENCE-ID stands for, kept when the window's time or rule is edited.
   */
  position: number;
  /** The rule's local start, "YYYY-MM-DDTHH:MM" (":SS" when not zero). */
  requested: string;
  /** Epoch ms. */
  start: number;
  /** Epoch ms: start + the elapsed duration. */
  end: number;
  adjustment: StartAdjustment | null;
  /** The zone's offset changes strictly inside [start, end]: local end differs from local start + duration. */
  crossesOffsetChange: boolean;
}

/** A wall time this far from an instant cannot map to it: more than any UTC offset plus any DST gap. */
const REACH_MS = 2 * DAY_MS;
/** nextOccurrence looks this far ahead: the Gregorian calendar repeats every 400 years, so a rule with nothing by then has nothing at all. */
const SEARCH_MS = 401 * 366 * DAY_MS;

/** The latest instant ECMAScript dates reach. */
const MAX_EPOCH_MS = 8.64e15;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Wall-clock ms of "YYYY-MM-DDTHH:MM[:SS]", refusing dates and times that do not exist on any calendar. */
function parseLocal(text: string, what: string): { wall: number; day: number; timeMs: number } {
  const match = LOCAL.exec(text);
  if (match) {
    const [year, month, dayOfMonth, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
    if (month >= 1 && month <= 12 && hour < 24 && minute < 60 && second < 60) {
      const facts = monthOf(year, month);
      if (dayOfMonth >= 1 && dayOfMonth <= facts.daysInMonth) {
        const day = facts.firstDay + dayOfMonth - 1;
        const timeMs = ((hour * 60 + minute) * 60 + second) * 1000;
        return { wall: day * DAY_MS + timeMs, day, timeMs };
      }
    }
  }
  throw new RangeError(`${what}: "${text}" is not a local date and time such as 2026-01-31T23:00`);
}

const rules = new Map<string, RecurrenceRule>();
const durations = new Map<string, number>();

function ruleOf(text: string): RecurrenceRule {
  let rule = rules.get(text);
  if (!rule) {
    const parsed = parseRecurrence(text);
    if (!parsed.ok) throw new RangeError(`rrule "${text}": ${parsed.message}`);
    rule = parsed.rule;
    if (rules.size > 10_000) rules.clear();
    rules.set(text, rule);
  }
  return rule;
}

/** Elapsed milliseconds; a day in an elapsed duration is 24 hours. */
function durationMs(text: string): number {
  let ms = durations.get(text);
  if (ms === undefined) {
    const duration = Temporal.Duration.from(text);
    if (duration.years || duration.months || duration.weeks) throw new RangeError(`duration "${text}": years, months and weeks have no fixed length`);
    ms = duration.total({ unit: 'milliseconds' });
    if (!(ms > 0)) throw new RangeError(`duration "${text}": expected a positive duration`);
    if (durations.size > 10_000) durations.clear();
    durations.set(text, ms);
  }
  return ms;
}

type UntilTest = (wall: number) => boolean;

function untilTest(until: RecurrenceUntil | undefined, zone: ZoneOffsets): UntilTest | null {
  if (!until) return null;
  if (until.form === 'date') {
    const lastDay = parseLocal(`${until.value}T00:00`, 'UNTIL').day;
    return (wall) => Math.floor(wall / DAY_MS) <= lastDay;
  }
  if (until.form === 'local') {
    const last = parseLocal(until.value, 'UNTIL').wall;
    return (wall) => wall <= last;
  }
  const last = Temporal.Instant.from(until.value).epochMilliseconds;
  const probe: ResolvedStart = { epochMs: 0, adjustment: null, nextChange: Infinity };
  return (wall) => {
    if (wall + REACH_MS <= last) return true;
    if (wall - REACH_MS > last) return false;
    return zone.resolve(wall, probe).epochMs <= last;
  };
}

/** Walks the instances in order, handing those that overlap [from, to) to `take` until it returns false. */
function walk(window: WindowTiming, from: number, to: number, take: (occurrence: ExpandedOccurrence) => boolean): void {
  const start = parseLocal(window.start, 'start');
  const elapsed = durationMs(window.duration);
  const zone = zoneOffsets(window.timeZone, start.wall);
  const rule = window.rrule === undefined ? null : ruleOf(window.rrule);
  const excluded = new Set((window.exdates ?? []).map((text) => parseLocal(text, 'exdate').wall));
  const withinUntil = untilTest(rule?.until, zone);
  const timeLabel = `T${twoDigits(Math.floor(start.timeMs / 3_600_000))}:${twoDigits(Math.floor(start.timeMs / 60_000) % 60)}${start.timeMs % 60_000 ? `:${twoDigits((start.timeMs / 1000) % 60)}` : ''}`;
  const resolved: ResolvedStart = { epochMs: 0, adjustment: null, nextChange: Infinity };
  let counted = 0;

  /** One instance of the recurrence set; false when the walk is over. */
  const visit = (day: number): boolean => {
    const wall = day * DAY_MS + start.timeMs;
    if (withinUntil && !withinUntil(wall)) return false;
    counted++;
    const last = rule?.count !== undefined && counted >= rule.count;
    if (excluded.has(wall) || wall + REACH_MS + elapsed <= from) return !last;
    if (wall - REACH_MS >= to) return false;
    zone.resolve(wall, resolved);
    const begins = resolved.epochMs;
    const ends = begins + elapsed;
    if (ends > from && begins < to) {
      const occurrence: ExpandedOccurrence = {
        position: counted,
        requested: resolved.adjustment ? resolved.adjustment.requested : dateLabel(day) + timeLabel,
        start: begins,
        end: ends,
        adjustment: resolved.adjustment,
        crossesOffsetChange: resolved.nextChange < ends,
      };
      if (!take(occurrence)) return false;
    }
    return !last;
  };

  if (!rule) {
    visit(start.day);
    return;
  }
  const dates = new RuleDates(rule, start.day);
  // A start the rule would not pick is no occurrence of its own: the series begins at the rule's first.
  if (dates.datesOf(0).includes(start.day) && !visit(start.day)) return;
  const step = dates.plainStep();
  if (step !== null) {
    // One instance per step: the walk may skip to the range and still know each one's position.
    const skipped = rule.count === undefined ? Math.max(1, dates.periodOf(Math.floor((from - elapsed - REACH_MS) / DAY_MS)) - 1) : 1;
    counted = skipped;
    for (let day = start.day + skipped * step; day * DAY_MS + start.timeMs - REACH_MS < to; day += step) if (!visit(day)) return;
    return;
  }
  // Every period from DTSTART's is walked, so each instance's position is counted.
  for (let period = 0; ; period++) {
    if (dates.periodStart(period) * DAY_MS + start.timeMs - REACH_MS >= to) return;
    const days = dates.datesOf(period);
    for (let i = 0; i < days.length; i++) {
      const day = days[i] as number;
      if (day > start.day && !visit(day)) return;
    }
  }
}

/** The occurrences overlapping [range.from, range.to) (end > from and start < to), in order; at most `limit`. */
export function expandWindow(window: WindowTiming, range: { from: number; to: number }, limit = Infinity): ExpandedOccurrence[] {
  const found: ExpandedOccurrence[] = [];
  if (limit <= 0 || range.to <= range.from) return found;
  walk(window, range.from, range.to, (occurrence) => {
    found.push(occurrence);
    return found.length < limit;
  });
  return found;
}

/** The occurrence at a position in the series (see ExpandedOccurrence.position), or null when it was removed or the series ends before it. */
export function occurrenceAt(window: WindowTiming, position: number): ExpandedOccurrence | null {
  let found: ExpandedOccurrence | null = null;
  // Instances of a rule that has any are never further apart than SEARCH_MS, so the walk ends even for a rule that has none.
  const to = Math.min(parseLocal(window.start, 'start').wall + position * SEARCH_MS, MAX_EPOCH_MS);
  walk(window, -MAX_EPOCH_MS, to, (occurrence) => {
    if (occurrence.position === position) found = occurrence;
    return occurrence.position < position;
  });
  return found;
}

/** The first occurrence that starts at or after `after`, or null when the rule has no more. */
export function nextOccurrence(window: WindowTiming, after: number): ExpandedOccurrence | null {
  let next: ExpandedOccurrence | null = null;
  walk(window, after, after + SEARCH_MS, (occurrence) => {
    if (occurrence.start < after) return true;
    next = occurrence;
    return false;
  });
  return next;
}
