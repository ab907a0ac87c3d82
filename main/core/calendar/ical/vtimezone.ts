import { Temporal } from 'temporal-polyfill';
import { zoneAbbreviation } from '../../../../shared/time/zoned-time.js';
import { plainDateTimeOfWall } from '../recurrence/calendar-days.js';
import { zoneOffsets } from '../recurrence/zone-offsets.js';
import { escapeText } from './ics-text.js';
import { basicDateTime, utcOffset } from './ics-time.js';
import { CHECKED_YEARS, yearlyRules, type OffsetChange } from './zone-rules.js';

/** The years a VTIMEZONE covers change by change; endless when a series in the zone has no last occurrence. */
export interface ZoneCoverage {
  from: number;
  to: number;
  endless: boolean;
}

/**
 * A VTIMEZONE (RFC 5545 §3.6.5) written from the transitions Temporal reports, one
 * STANDARD or DAYLIGHT observance per offset change over the years covered, each with an
 * explicit DTSTART: what the zone actually did (and is scheduled to do), never a DST rule of
 * our own. The last two observances carry the yearly RRULE the zone's later changes follow
 * (zone-rules.ts checks it against Temporal's), so a client that trusts the VTIMEZONE stays
 * right after the years covered. For a zone that follows no such rule, an endless series gets
 * CHECKED_YEARS more of explicit changes instead. A change that moves clocks forward is
 * DAYLIGHT, one that moves them back STANDARD. The first observance states the offset in force
 * when the coverage begins.
 */
export function vtimezoneLines(timeZone: string, coverage: ZoneCoverage): string[] {
  const yearStart = (year: number) => Temporal.PlainDate.from({ year, month: 1, day: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
  const from = yearStart(coverage.from);
  const zone = zoneOffsets(timeZone, from);
  const changes = zone.transitionsBetween(from, yearStart(coverage.to + 1));
  const [first, second] = changes.slice(-2);
  const last = first && second ? ([first, second] as const) : null;
  const rules = last ? yearlyRules(zone, last) : null;
  const irregular = rules === null && coverage.endless && zone.nextChangeAfter(changes.at(-1)?.at ?? from) !== Infinity;
  const written = irregular ? zone.transitionsBetween(from, yearStart(coverage.to + 1 + CHECKED_YEARS)) : changes;
  const ruleOf = (change: OffsetChange): string | null => (rules && last ? (change === last[0] ? rules[0] : change === last[1] ? rules[1] : null) : null);
  const initialOffset = zone.offsetAt(from);
  const firstChange = written[0];
  const initialIsDaylight = firstChange !== undefined && firstChange.after < firstChange.before;
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', startWall: number, before: number, after: number, at: number, rrule: string | null): string[] => [
    `BEGIN:${kind}`,
    `DTSTART:${basicDateTime(plainDateTimeOfWall(startWall).toString())}`,
    ...(rrule === null ? [] : [`RRULE:${rrule}`]),
    `TZOFFSETFROM:${utcOffset(before)}`,
    `TZOFFSETTO:${utcOffset(after)}`,
    `TZNAME:${escapeText(zoneAbbreviation(at, timeZone))}`,
    `END:${kind}`,
  ];
  const lines = [`BEGIN:VTIMEZONE`, `TZID:${timeZone}`];
  lines.push(...observance(initialIsDaylight ? 'DAYLIGHT' : 'STANDARD', from + initialOffset, initialOffset, initialOffset, from, null));
  for (const change of written) {
    // DTSTART of an observance is local time on the clock in force before the change.
    lines.push(...observance(change.after > change.before ? 'DAYLIGHT' : 'STANDARD', change.at + change.before, change.before, change.after, change.at, ruleOf(change)));
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
