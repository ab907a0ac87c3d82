import { Temporal } from 'temporal-polyfill';
import type { ZonedTime } from '../contract/calendar.js';

/**
 * Local wall-clock times with the abbreviation people read for that zone on that date
 * (AEST or AEDT, GMT or BST). ICU knows each abbreviation only in the locales that use it,
 * so a few English locales are asked in turn; where none has one, the offset is shown.
 */

const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-NZ', 'en-IN'] as const;
const formatters = new Map<string, Intl.DateTimeFormat[]>();

function formattersFor(timeZone: string): Intl.DateTimeFormat[] {
  let list = formatters.get(timeZone);
  if (!list) {
    list = ABBREVIATION_LOCALES.map((locale) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }));
    formatters.set(timeZone, list);
  }
  return list;
}

const OFFSET_NAME = /^(GMT|UTC)[+-]/;

export function zoneAbbreviation(epochMs: number, timeZone: string): string {
  let fallback: string | undefined;
  for (const formatter of formattersFor(timeZone)) {
    const name = formatter.formatToParts(epochMs).find((part) => part.type === 'timeZoneName')?.value;
    if (!name) continue;
    if (!OFFSET_NAME.test(name)) return name;
    fallback ??= name.replace(/^GMT/, 'UTC');
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

/** "23:00 AEDT" */
export function formatZonedClock(time: ZonedTime): string {
  return `${time.local.slice(11, 16)} ${time.abbreviation}`;
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
