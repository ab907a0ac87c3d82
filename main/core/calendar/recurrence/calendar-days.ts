import { Temporal } from 'temporal-polyfill';

/**
 * Dates as whole days since 1970-01-01 ("epoch days"), so a rule walks the calendar with
 * integer steps. The facts of each month (its first epoch day, its length, the weekday of its
 * 1st) come from Temporal.PlainDate, asked once per month and kept; every other day of the
 * month follows by counting from the 1st.
 */

export const DAY_MS = 86_400_000;

export interface MonthFacts {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** Months since 0000-01 (year * 12 + month - 1). */
  readonly index: number;
  readonly firstDay: number;
  readonly daysInMonth: number;
  /** ISO weekday of the 1st: 1 = Monday … 7 = Sunday. */
  readonly firstWeekday: number;
  /** "YYYY-MM-" */
  readonly prefix: string;
  /** "YYYY-MM-DD" per day of the month, made when first asked for. */
  labels?: string[];
}

const months = new Map<number, MonthFacts>();
const EPOCH = new Temporal.PlainDate(1970, 1, 1);

export function monthFacts(index: number): MonthFacts {
  let facts = months.get(index);
  if (!facts) {
    const year = Math.floor(index / 12);
    const month = index - year * 12 + 1;
    const first = new Temporal.PlainDate(year, month, 1);
    facts = {
      year,
      month,
      index,
      firstDay: EPOCH.until(first, { largestUnit: 'days' }).days,
      daysInMonth: first.daysInMonth,
      firstWeekday: first.dayOfWeek,
      prefix: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-`,
    };
    months.set(index, facts);
  }
  return facts;
}

export function monthOf(year: number, month: number): MonthFacts {
  return monthFacts(year * 12 + month - 1);
}

let lastMonth: MonthFacts | undefined;

/** The month that holds an epoch day: the last one asked for (walks go day by day), else guessed from the mean month length, then corrected. */
export function monthOfDay(day: number): MonthFacts {
  if (lastMonth && day >= lastMonth.firstDay && day < lastMonth.firstDay + lastMonth.daysInMonth) return lastMonth;
  let facts = monthFacts(1970 * 12 + Math.floor(day / 30.436875));
  while (day < facts.firstDay) facts = monthFacts(facts.index - 1);
  while (day >= facts.firstDay + facts.daysInMonth) facts = monthFacts(facts.index + 1);
  lastMonth = facts;
  return facts;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of an epoch day in a known month. */
export function weekdayIn(facts: MonthFacts, day: number): number {
  return ((facts.firstWeekday - 1 + day - facts.firstDay) % 7) + 1;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

export function twoDigits(n: number): string {
  return TWO_DIGITS[n] ?? String(n).padStart(2, '0');
}

/** "YYYY-MM-DD" of an epoch day. */
export function dateLabel(day: number): string {
  const facts = monthOfDay(day);
  facts.labels ??= Array.from({ length: facts.daysInMonth }, (_, i) => facts.prefix + twoDigits(i + 1));
  return facts.labels[day - facts.firstDay] as string;
}

/** The Temporal.PlainDateTime of a wall-clock millisecond count. */
export function plainDateTimeOfWall(wall: number): Temporal.PlainDateTime {
  const day = Math.floor(wall / DAY_MS);
  const facts = monthOfDay(day);
  let rest = Math.round((wall - day * DAY_MS) / 1000);
  const second = rest % 60;
  rest = (rest - second) / 60;
  return new Temporal.PlainDateTime(facts.year, facts.month, day - facts.firstDay + 1, Math.floor(rest / 60), rest % 60, second);
}

/** "YYYY-MM-DDTHH:MM", with ":SS" only when the seconds are not zero: the form LocalDateTime and the window's start use. */
export function localLabel(wall: number): string {
  const day = Math.floor(wall / DAY_MS);
  const seconds = Math.round((wall - day * DAY_MS) / 1000);
  const clock = `${twoDigits(Math.floor(seconds / 3600))}:${twoDigits(Math.floor(seconds / 60) % 60)}`;
  return `${dateLabel(day)}T${clock}${seconds % 60 ? `:${twoDigits(seconds % 60)}` : ''}`;
}
