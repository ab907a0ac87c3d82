import { Temporal } from 'temporal-polyfill';
import { zoneAbbreviation } from '../../../../shared/time/zoned-time.js';
import { plainDateTimeOfWall } from '../recurrence/calendar-days.js';
import { zoneOffsets } from '../recurrence/zone-offsets.js';
import { escapeText } from './ics-text.js';
import { basicDateTime, utcOffset } from './ics-time.js';

/**
 * A VTIMEZONE (RFC 5545 §3.6.5) written from the transitions Temporal reports, one
 * STANDARD or DAYLIGHT observance per offset change, each with an explicit DTSTART and no
 * rule: what the zone actually did (and is scheduled to do) over the years covered, never a
 * DST rule of our own. A change that moves clocks forward is DAYLIGHT, one that moves them
 * back STANDARD. The first observance states the offset in force when the coverage begins.
 */
export function vtimezoneLines(timeZone: string, years: { from: number; to: number }): string[] {
  const from = Temporal.PlainDate.from({ year: years.from, month: 1, day: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
  const to = Temporal.PlainDate.from({ year: years.to + 1, month: 1, day: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
  const zone = zoneOffsets(timeZone, from);
  const changes = zone.transitionsBetween(from, to);
  const initialOffset = zone.offsetAt(from);
  const firstChange = changes[0];
  const initialIsDaylight = firstChange !== undefined && firstChange.after < firstChange.before;
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', startWall: number, before: number, after: number, at: number): string[] => [
    `BEGIN:${kind}`,
    `DTSTART:${basicDateTime(plainDateTimeOfWall(startWall).toString())}`,
    `TZOFFSETFROM:${utcOffset(before)}`,
    `TZOFFSETTO:${utcOffset(after)}`,
    `TZNAME:${escapeText(zoneAbbreviation(at, timeZone))}`,
    `END:${kind}`,
  ];
  const lines = [`BEGIN:VTIMEZONE`, `TZID:${timeZone}`];
  lines.push(...observance(initialIsDaylight ? 'DAYLIGHT' : 'STANDARD', from + initialOffset, initialOffset, initialOffset, from));
  for (const change of changes) {
    // DTSTART of an observance is local time on the clock in force before the change.
    lines.push(...observance(change.after > change.before ? 'DAYLIGHT' : 'STANDARD', change.at + change.before, change.before, change.after, change.at));
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
