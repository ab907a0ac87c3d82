import { Temporal } from 'temporal-polyfill';
import type { ZonedTime } from '../contract/calendar.js';

/**
 * Local wall-clock times with the abbreviation people read for that zone on that date
 * (AEST or AEDT, GMT or BST). ICU knows each abbreviation only in the locales that use it,
 * so a few English locales are asked in turn; where none has one, the offset is written as
 * tzdata writes such zones' abbreviations ("+1345" for Chatham, "-03" for São Paulo), and
 * shown with the UTC offset beside it.
 */

// Not en-NZ: its CLDR names for Chatham (CHAST, CHADT) are not tzdata's, which writes "+1245" and "+1345"; en-AU has NZST and NZDT.
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN'] as const;
const formatters = new Map<string, Intl.DateTimeFormat[]>();

function formattersFor(timeZone: string): Intl.DateTimeFormat[] {
  let list = formatters.get(timeZone);
  if (!list) {
    list = ABBREVIATION_LOCALES.map((locale) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }));
    formatters.set(timeZone, list);
  }
  return list;
}

const OFFSET_NAME = /^(?:GMT|UTC)([+-])(\d{1,2})(?::(\d{2}))?$/;
/** tzdata's numeric abbreviation: sign, hours, and minutes when there are any. */
const NUMERIC_ABBREVIATION = /^[+-]\d{2}(\d{2})?$/;

/** ICU's "GMT+13:45" as tzdata writes it, "+1345". */
function tzdataForm(name: string): string | null {
  const match = OFFSET_NAME.exec(name);
  if (!match) return null;
  const [, sign, hours, minutes] = match;
  return `${sign}${(hours ?? '').padStart(2, '0')}${minutes && minutes !== '00' ? minutes : ''}`;
}

export function zoneAbbreviation(epochMs: number, timeZone: string): string {
  let fallback: string | undefined;
  for (const formatter of formattersFor(timeZone)) {
    const name = formatter.formatToParts(epochMs).find((part) => part.type === 'timeZoneName')?.value;
    if (!name) continue;
    const numeric = tzdataForm(name);
    if (numeric === null) return name;
    fallback ??= numeric;
  }
  return fallback ?? timeZone;
}

/** An instant as wall-clock time in a zone: "2026-01-31T23:00", "AEDT", "+11:00". */
export function zonedTime(epochMs: number, timeZone: string): ZonedTime {
  const zoned = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
  return {
    local: zoned.toPlainDateTime().toString({ smallestUnit: 'minute' }),
    timeZone,
    abbreviation: zoneAbbreviation(epochMs, timeZone),
    offset: zoned.offset,
  };
}

/** "AEDT"; a numeric abbreviation with the offset beside it, "+1345 (UTC+13:45)". */
export function abbreviationText(time: ZonedTime): string {
  return NUMERIC_ABBREVIATION.test(time.abbreviation) ? `${time.abbreviation} (UTC${time.offset})` : time.abbreviation;
}

/** "23:00 AEDT" */
export function formatZonedClock(time: ZonedTime): string {
  return `${time.local.slice(11, 16)} ${abbreviationText(time)}`;
}

const longDays = new Map<string, Intl.DateTimeFormat>();

/** "Saturday 28 November 2026" in the zone: the day a banner or a screen reader names. */
export function formatDayLong(epochMs: number, timeZone: string): string {
  let format = longDays.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    longDays.set(timeZone, format);
  }
  return format.format(epochMs).replace(',', '');
}

/** A span in a zone's own time: "Saturday 28 November 2026, 23:00 to 01:00 AEDT" within a day, else each end with its day. */
export function localSpanText(start: number, end: number, timeZone: string): string {
  const from = zonedTime(start, timeZone);
  const to = zonedTime(end, timeZone);
  return from.local.slice(0, 10) === to.local.slice(0, 10)
    ? `${formatDayLong(start, timeZone)}, ${from.local.slice(11, 16)} to ${to.local.slice(11, 16)} ${abbreviationText(to)}`
    : `${formatDayLong(start, timeZone)} ${from.local.slice(11, 16)} ${abbreviationText(from)} to ${formatDayLong(end, timeZone)} ${to.local.slice(11, 16)} ${abbreviationText(to)}`;
}
