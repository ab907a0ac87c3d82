import { Temporal } from 'temporal-polyfill';

/** RFC 5545 DATE, DATE-TIME, UTC-OFFSET and DURATION values (§3.3.4–3.3.6, §3.3.14), to and from the forms windows use. */

/** "2026-01-31T23:00[:SS]" → "20260131T230000" */
export function basicDateTime(local: string): string {
  const plain = Temporal.PlainDateTime.from(local);
  return plain.toString({ smallestUnit: 'second' }).replace(/[-:]/g, '');
}

/** An instant as a UTC DATE-TIME: "20260131T120000Z". */
export function utcDateTime(epochMs: number): string {
  return Temporal.Instant.fromEpochMilliseconds(Math.floor(epochMs / 1000) * 1000)
    .toString({ smallestUnit: 'second' })
    .replace(/[-:]/g, '');
}

/** A UTC offset in ms as "+1030", "-0500", or "+051000" when it has seconds. */
export function utcOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const total = Math.round(Math.abs(offsetMs) / 1000);
  const hh = String(Math.floor(total / 3600)).padStart(2, '0');
  const mm = String(Math.floor(total / 60) % 60).padStart(2, '0');
  const ss = total % 60;
  return `${sign}${hh}${mm}${ss ? String(ss).padStart(2, '0') : ''}`;
}

/** "+1030" / "-0500" / "+051000" → ms, or null. */
export function parseUtcOffset(text: string): number | null {
  const match = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(text.trim());
  if (!match) return null;
  const ms = ((Number(match[2]) * 60 + Number(match[3])) * 60 + Number(match[4] ?? 0)) * 1000;
  return match[1] === '-' ? -ms : ms;
}

/**
 * An elapsed duration as RFC 5545 DURATION in hours, minutes and seconds only: a "D" there is
 * a nominal day (23 or 25 hours across a DST change), while a window's duration is elapsed time.
 */
export function elapsedDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor(total / 60) % 60;
  const seconds = total % 60;
  // §3.3.6 grammar: a minute part follows an hour part, a second part a minute part.
  if (seconds) return `PT${hours ? `${hours}H` : ''}${minutes || hours ? `${minutes}M` : ''}${seconds}S`;
  if (minutes) return `PT${hours ? `${hours}H` : ''}${minutes}M`;
  return `PT${hours}H`;
}

export type IcsDateTime =
  | { kind: 'date'; date: Temporal.PlainDate }
  | { kind: 'utc'; dateTime: Temporal.PlainDateTime }
  | { kind: 'local'; dateTime: Temporal.PlainDateTime };

/** A DATE ("20260131") or DATE-TIME ("20260131T230000", "…Z"), or null when it is neither or names a day or time that does not exist. */
export function parseIcsDateTime(text: string): IcsDateTime | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  try {
    if (hour === undefined) return { kind: 'date', date: Temporal.PlainDate.from({ year: year ?? 0, month: month ?? 0, day: day ?? 0 }, { overflow: 'reject' }) };
    const dateTime = Temporal.PlainDateTime.from(
      { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour, minute: minute ?? 0, second: second ?? 0 },
      { overflow: 'reject' },
    );
    return { kind: match[7] ? 'utc' : 'local', dateTime };
  } catch {
    return null;
  }
}

/** An RFC 5545 DURATION ("PT2H", "P1DT2H", "P1W"), or null; days and weeks stay nominal for Temporal to add in a zone. */
export function parseIcsDuration(text: string): Temporal.Duration | null {
  const match = /^([+-])?P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)$/.exec(text.trim());
  if (!match || text.trim().endsWith('T') || text.trim() === 'P') return null;
  const [, sign, weeks, days, hours, minutes, seconds] = match;
  const duration = Temporal.Duration.from({
    days: Number(days ?? 0) + 7 * Number(weeks ?? 0),
    hours: Number(hours ?? 0),
    minutes: Number(minutes ?? 0),
    seconds: Number(seconds ?? 0),
  });
  return sign === '-' ? duration.negated() : duration;
}

/** "YYYY-MM-DDTHH:MM", with ":SS" only when not zero: the form a window's start and exdates take. */
export function localText(dateTime: Temporal.PlainDateTime): string {
  return dateTime.toString({ smallestUnit: dateTime.second ? 'second' : 'minute' });
}
