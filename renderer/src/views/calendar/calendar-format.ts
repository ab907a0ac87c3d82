import { Temporal } from 'temporal-polyfill';
import type { ZonedTime } from '../../../../shared/contract/calendar.js';
import { formatZonedClock, zoneAbbreviation } from '../../../../shared/time/zoned-time.js';

/**
 * Words for times in the Calendar view. Every time carries its zone's abbreviation for that
 * date. Intl only formats here (day names, clocks); the arithmetic stays with Temporal.
 */

const LOCALE = 'en-GB';
const formats = new Map<string, Intl.DateTimeFormat>();

function format(kind: 'day' | 'dayShort' | 'clock' | 'weekday', zone: string): Intl.DateTimeFormat {
  const key = `${kind} ${zone}`;
  let found = formats.get(key);
  if (found === undefined) {
    const options: Record<typeof kind, Intl.DateTimeFormatOptions> = {
      day: { weekday: 'short', day: 'numeric', month: 'short' },
      dayShort: { weekday: 'short', day: 'numeric' },
      clock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      weekday: { weekday: 'short' },
    };
    found = new Intl.DateTimeFormat(LOCALE, { timeZone: zone, ...options[kind] });
    formats.set(key, found);
  }
  return found;
}

/** "Sat 28 Feb" */
export function formatDay(epochMs: number, zone: string): string {
  return format('day', zone).format(epochMs);
}


/** "23:00", without the zone: for rulers whose zone is named beside every hour. */
export function formatClockOnly(epochMs: number, zone: string): string {
  return format('clock', zone).format(epochMs);
}

export function formatWeekday(epochMs: number, zone: string): string {
  return format('weekday', zone).format(epochMs);
}

/** "23:00 AEDT" */
export function formatClock(epochMs: number, zone: string): string {
  return `${formatClockOnly(epochMs, zone)} ${zoneAbbreviation(epochMs, zone)}`;
}

/** "Sat 28 Feb 23:00 AEDT" */
export function formatStamp(epochMs: number, zone: string): string {
  return `${formatDay(epochMs, zone)} ${formatClock(epochMs, zone)}`;
}

/** "Sat 28 Feb 23:00 AEDT – Sun 1 Mar 01:00 AEDT"; the second day is left out when it is the same. */
export function formatSpan(start: number, end: number, zone: string): string {
  const sameDay = formatDay(start, zone) === formatDay(end, zone);
  return `${formatStamp(start, zone)} – ${sameDay ? formatClock(end, zone) : formatStamp(end, zone)}`;
}

/** "23:00–01:00 AEDT", or "01:00 AEDT–03:00 AEST" when the clocks change in between. */
export function formatLocalSpan(start: ZonedTime, end: ZonedTime): string {
  const from = start.local.slice(11, 16);
  const to = end.local.slice(11, 16);
  return start.abbreviation === end.abbreviation ? `${from}–${to} ${end.abbreviation}` : `${from} ${start.abbreviation}–${to} ${end.abbreviation}`;
}

const localDays = new Map<string, string>();

/** "Sat 28 Feb 23:00 AEDT" from a local time the core gave, with no conversion. */
export function formatZonedTime(time: ZonedTime): string {
  const date = time.local.slice(0, 10);
  let day = localDays.get(date);
  if (day === undefined) {
    day = Temporal.PlainDate.from(date).toLocaleString(LOCALE, { weekday: 'short', day: 'numeric', month: 'short' });
    localDays.set(date, day);
  }
  return `${day} ${formatZonedClock(time)}`;
}

/** "February 2026" */
export function formatMonth(month: Temporal.PlainYearMonth): string {
  return month.toPlainDate({ day: 1 }).toLocaleString(LOCALE, { month: 'long', year: 'numeric' });
}

/** "Mon 23 Feb – Sun 1 Mar 2026" */
export function formatDateRange(first: Temporal.PlainDate, last: Temporal.PlainDate): string {
  const short = { weekday: 'short', day: 'numeric', month: 'short' } as const;
  // en-GB puts a comma after the weekday once a year is shown; the rest of the view writes none.
  return `${first.toLocaleString(LOCALE, short)} – ${last.toLocaleString(LOCALE, { ...short, year: 'numeric' }).replace(',', '')}`;
}

export interface RulerLabel {
  at: number;
  clock: string;
  abbreviation: string;
  /** The date ("Sat 28"), on the first row and where the zone's date changes. */
  day: string | null;
}

/**
 * Labels for a ruler of hours in one zone. The abbreviation is looked up once per stretch
 * between the zone's offset changes (Temporal finds them), not once per hour.
 */
export function rulerLabels(rows: readonly number[], zone: string): RulerLabel[] {
  const first = rows[0];
  const last = rows.at(-1);
  if (first === undefined || last === undefined) return [];
  const changes: number[] = [];
  let zoned = Temporal.Instant.fromEpochMilliseconds(first).toZonedDateTimeISO(zone);
  for (;;) {
    const next = zoned.getTimeZoneTransition('next');
    if (next === null || next.epochMilliseconds > last) break;
    changes.push(next.epochMilliseconds);
    zoned = next;
  }
  let change = 0;
  let abbreviation = zoneAbbreviation(first, zone);
  let previousDay = '';
  return rows.map((at) => {
    while (change < changes.length && (changes[change] ?? Infinity) <= at) {
      abbreviation = zoneAbbreviation(at, zone);
      change += 1;
    }
    const day = format('dayShort', zone).format(at);
    const label: RulerLabel = { at, clock: formatClockOnly(at, zone), abbreviation, day: day === previousDay ? null : day };
    previousDay = day;
    return label;
  });
}
