import { Temporal } from 'temporal-polyfill';

/**
 * Pure helpers of the Calendar view: the ranges shown, in the viewer's zone, and where each
 * occurrence lands in them. All zoned arithmetic goes through Temporal; instants are epoch ms.
 */

export const CALENDAR_MODES = ['month', 'week', 'agenda'] as const;
export type CalendarMode = (typeof CALENDAR_MODES)[number];

export function isCalendarMode(value: unknown): value is CalendarMode {
  return typeof value === 'string' && (CALENDAR_MODES as readonly string[]).includes(value);
}

export const HOUR_MS = 3_600_000;

const UTC_ALIASES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'UCT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu', 'Etc/GMT', 'GMT']);

/** One name for UTC, whatever the browser calls it, so it is never shown twice. */
export function normalizeZone(zone: string): string {
  return UTC_ALIASES.has(zone) ? 'UTC' : zone;
}

/** The one thing the host's zone is used for: whose wall clock "yours" means. */
export function viewerTimeZone(): string {
  return normalizeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
}

export function todayIn(zone: string, now: number): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(zone).toPlainDate();
}

/** The date an instant falls on in a zone. */
export function dateIn(epochMs: number, zone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone).toPlainDate();
}

/** Weeks start on Monday (ISO 8601). */
export function mondayOf(date: Temporal.PlainDate): Temporal.PlainDate {
  return date.subtract({ days: date.dayOfWeek - 1 });
}

/** Midnight (or the day's first instant where midnight does not exist) of a date in a zone. */
export function startOfDay(date: Temporal.PlainDate, zone: string): number {
  return date.toZonedDateTime({ timeZone: zone }).epochMilliseconds;
}

export interface VisibleRange {
  mode: CalendarMode;
  zone: string;
  /** First instant shown and the first one after. */
  from: number;
  to: number;
  firstDay: Temporal.PlainDate;
  days: number;
  /** The month a month or agenda view is about (the grid shows some days around it). */
  month: Temporal.PlainYearMonth;
}

const MONTH_GRID_DAYS = 42;

export function rangeFor(mode: CalendarMode, cursor: Temporal.PlainDate, zone: string): VisibleRange {
  const month = cursor.toPlainYearMonth();
  let firstDay: Temporal.PlainDate;
  let days: number;
  if (mode === 'week') {
    firstDay = mondayOf(cursor);
    days = 7;
  } else if (mode === 'month') {
    // Six whole weeks, so the grid keeps its height from month to month.
    firstDay = mondayOf(month.toPlainDate({ day: 1 }));
    days = MONTH_GRID_DAYS;
  } else {
    firstDay = month.toPlainDate({ day: 1 });
    days = month.daysInMonth;
  }
  return { mode, zone, from: startOfDay(firstDay, zone), to: startOfDay(firstDay.add({ days }), zone), firstDay, days, month };
}

export function stepCursor(mode: CalendarMode, cursor: Temporal.PlainDate, direction: 1 | -1): Temporal.PlainDate {
  return mode === 'week' ? cursor.add({ weeks: direction }) : cursor.with({ day: 1 }).add({ months: direction });
}

/** The first instant of each day shown, and the end of the last: days + 1 instants. */
export function dayStarts(range: VisibleRange): number[] {
  const starts: number[] = [];
  for (let day = 0; day <= range.days; day++) starts.push(startOfDay(range.firstDay.add({ days: day }), range.zone));
  return starts;
}

/** The day (index into dayStarts) an instant falls in; -1 before the first, days after the last. */
export function dayIndexOf(starts: readonly number[], at: number): number {
  let low = 0;
  let high = starts.length - 1;
  if (at < (starts[0] ?? 0)) return -1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? Infinity) <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}

export interface Span {
  key: string;
  start: number;
  end: number;
}

export interface DayEntry<T extends Span> {
  item: T;
  /** It started on an earlier day shown, or before the range. */
  continued: boolean;
}

/** Each day's occurrences, in start order: an occurrence is listed on every day it covers. */
export function entriesByDay<T extends Span>(items: readonly T[], starts: readonly number[]): DayEntry<T>[][] {
  const days = starts.length - 1;
  const result: DayEntry<T>[][] = Array.from({ length: days }, () => []);
  const sorted = items.toSorted((a, b) => a.start - b.start || a.end - b.end);
  for (const item of sorted) {
    const first = Math.max(0, dayIndexOf(starts, item.start));
    // The end is exclusive: a window ending at midnight does not touch the next day.
    const last = Math.min(days - 1, dayIndexOf(starts, Math.max(item.start, item.end - 1)));
    for (let day = first; day <= last; day++) result[day]?.push({ item, continued: day > first || item.start < (starts[0] ?? 0) });
  }
  return result;
}

export interface PlacedBlock<T extends Span> {
  item: T;
  top: number;
  height: number;
  lane: number;
  lanes: number;
  /** Cut at the edges of the range. */
  clippedStart: boolean;
  clippedEnd: boolean;
}

/**
 * Blocks on a vertical time axis: side by side where they overlap (as drawn, so a short window
 * drawn at the minimum height does not hide under the next), each group as wide as it needs.
 */
export function layoutBlocks<T extends Span>(
  items: readonly T[],
  range: { from: number; to: number },
  pxPerMs: number,
  minHeight: number,
): PlacedBlock<T>[] {
  const visible = items
    .filter((item) => item.end > range.from && item.start < range.to)
    .toSorted((a, b) => a.start - b.start || b.end - a.end || (a.key < b.key ? -1 : 1));
  const placed: PlacedBlock<T>[] = [];
  let group: PlacedBlock<T>[] = [];
  let groupBottom = -Infinity;
  let laneBottoms: number[] = [];
  const closeGroup = () => {
    for (const block of group) block.lanes = laneBottoms.length;
    group = [];
    laneBottoms = [];
  };
  for (const item of visible) {
    const top = (Math.max(item.start, range.from) - range.from) * pxPerMs;
    const bottom = (Math.min(item.end, range.to) - range.from) * pxPerMs;
    const height = Math.max(minHeight, bottom - top);
    if (top >= groupBottom) closeGroup();
    let lane = laneBottoms.findIndex((laneBottom) => laneBottom <= top);
    if (lane < 0) lane = laneBottoms.push(top + height) - 1;
    else laneBottoms[lane] = top + height;
    groupBottom = Math.max(groupBottom, top + height);
    const block: PlacedBlock<T> = { item, top, height, lane, lanes: 1, clippedStart: item.start < range.from, clippedEnd: item.end > range.to };
    group.push(block);
    placed.push(block);
  }
  closeGroup();
  return placed;
}

/** The local start an occurrence key names (`<window id>@<requested local start>`); null for a whole series' key. */
export function requestedStartOf(key: string): string | null {
  const requested = key.slice(key.lastIndexOf('@') + 1);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(requested) ? requested : null;
}

/** The hours of a range as rows: row i starts i hours after `from` (the last may be cut short). */
export function hourRows(range: { from: number; to: number }): number[] {
  const rows: number[] = [];
  for (let at = range.from; at < range.to; at += HOUR_MS) rows.push(at);
  return rows;
}

/** Whole days, then hours and minutes: "2 h", "4 h 30 min", "12 d". */
export function durationWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const rest = minutes % 60;
  const parts = [days > 0 ? `${days} d` : '', hours > 0 ? `${hours} h` : '', rest > 0 ? `${rest} min` : ''].filter(Boolean);
  return parts.length === 0 ? '0 min' : parts.join(' ');
}
