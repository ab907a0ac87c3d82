import { Temporal } from 'temporal-polyfill';
import { DAY_MS, dateLabel } from '../calendar/recurrence/calendar-days.js';
import { clockMinutes, type BusinessHours, type IncidentsDefinition, type Severity } from '../../../shared/fleet-definition/incidents.js';

/**
 * When an SLA clock runs: always (24x7), or the spans of business hours in a named zone. Each
 * span's ends are local wall-clock times turned into instants by Temporal, so a span on a DST
 * change day is as long as the clocks make it and one that runs past midnight ends on the next
 * local date. A local time that a spring-forward skips moves later by the gap (Temporal's
 * 'compatible', as the maintenance calendar does).
 */

export type SlaCalendar = { kind: '24x7' } | { kind: 'business-hours'; hours: BusinessHours };

/** A half-open interval of instants, epoch ms: [start, end). */
export type Span = readonly [start: number, end: number];

/** The calendar a severity's clocks run on. */
export function slaCalendarOf(incidents: IncidentsDefinition, severity: Severity): SlaCalendar {
  return incidents.severities[severity].calendar === '24x7' ? { kind: '24x7' } : { kind: 'business-hours', hours: incidents.businessHours };
}

/** A calendar with no span for this many days in a row has none at all (every listed weekday a holiday). */
const MAX_EMPTY_DAYS = 3660;
/** By ISO weekday - 1; epoch day 0 (1970-01-01) was a Thursday. */
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const weekdayOf = (day: number) => WEEKDAYS[(((day + 3) % 7) + 7) % 7];

/** Spans of one business-hours definition per local date (as an epoch day), kept: clocks ask for the same days again and again. */
const spansByHours = new WeakMap<BusinessHours, Map<number, Span | null>>();

function daySpan(hours: BusinessHours, day: number): Span | null {
  let cache = spansByHours.get(hours);
  if (!cache) {
    cache = new Map();
    spansByHours.set(hours, cache);
  }
  const known = cache.get(day);
  if (known !== undefined) return known;
  let span: Span | null = null;
  const weekday = weekdayOf(day);
  const label = dateLabel(day);
  if (weekday !== undefined && hours.weekdays.includes(weekday) && !hours.holidays.includes(label)) {
    const date = Temporal.PlainDate.from(label);
    const startMinutes = clockMinutes(hours.start);
    const endMinutes = clockMinutes(hours.end);
    const endDate = endMinutes <= startMinutes || endMinutes === 1440 ? date.add({ days: 1 }) : date;
    span = [localInstant(date, startMinutes % 1440, hours.timeZone), localInstant(endDate, endMinutes % 1440, hours.timeZone)];
  }
  cache.set(day, span);
  return span;
}

function localInstant(date: Temporal.PlainDate, minutes: number, timeZone: string): number {
  const time = new Temporal.PlainTime(Math.floor(minutes / 60), minutes % 60);
  return date.toPlainDateTime(time).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** The spans in which the clock runs, from `from` on, in order, the first clipped to start at `from`. Endless for 24x7 and for any real calendar. */
export function* runningSpans(calendar: SlaCalendar, from: number): Generator<Span> {
  if (calendar.kind === '24x7') {
    yield [from, Number.POSITIVE_INFINITY];
    return;
  }
  const { hours } = calendar;
  // The local date at `from` is its UTC date or a day either side; a span that began the local
  // day before may still be running (22:00-06:00). Spans that ended before `from` are skipped.
  let day = Math.floor(from / DAY_MS) - 2;
  let emptyDays = 0;
  while (emptyDays < MAX_EMPTY_DAYS) {
    const span = daySpan(hours, day);
    day += 1;
    if (span === null || span[1] <= from) {
      emptyDays += 1;
      continue;
    }
    emptyDays = 0;
    yield [Math.max(span[0], from), span[1]];
  }
}

/** Clock time (ms) the calendar runs between two instants. */
export function runningMsBetween(calendar: SlaCalendar, from: number, to: number): number {
  let total = 0;
  if (to <= from) return 0;
  for (const [start, end] of runningSpans(calendar, from)) {
    if (start >= to) break;
    total += Math.min(end, to) - start;
    if (end >= to) break;
  }
  return total;
}
