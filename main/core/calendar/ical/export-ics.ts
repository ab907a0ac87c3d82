import { Temporal } from 'temporal-polyfill';
import type { WindowDefinition, WindowKind } from '../../../../shared/fleet-definition/calendar.js';
import { formatRecurrence, parseRecurrence, type RecurrenceRule } from '../../../../shared/fleet-definition/recurrence-rule.js';
import { escapeText, foldLine, paramValue } from './ics-text.js';
import { basicDateTime, elapsedDuration, utcDateTime } from './ics-time.js';
import { expandWindow } from '../recurrence/expand.js';
import { timingProblems } from '../recurrence/timing-check.js';
import { vtimezoneLines, type ZoneCoverage } from './vtimezone.js';
import { zonedTime } from '../../../../shared/time/zoned-time.js';
import { END_ENTRY_MS, type EnvironmentEnd } from '../../lifecycle/environment-ends.js';

/**
 * Windows as an iCalendar file (RFC 5545): one VTIMEZONE per zone used (none for UTC, whose
 * times are written with "Z"), one VEVENT per window with its recurrence and exceptions.
 * X-WATCHFLOOR-* properties carry what iCalendar has no place for (kind, scope, customer
 * text, reason, notice, publish targets), so importing the file restores the windows. The
 * environments' ends ride along as events of their own kind, which an import leaves out.
 */

export const KIND_LABELS: Readonly<Record<WindowKind, string>> = {
  'planned-maintenance': 'Planned maintenance',
  'emergency-maintenance': 'Emergency maintenance',
  'upgrade-slot': 'Upgrade slot',
  'deploy-freeze': 'Deploy freeze',
};

export const UID_DOMAIN = 'watchfloor';
/** Years past the later of now and the last window start that each VTIMEZONE covers (and a bounded series to its last occurrence). */
const YEARS_AHEAD = 5;

const isUtc = (timeZone: string) => timeZone === 'UTC';

/** UNTIL must be a UTC date-time when DTSTART names a zone (§3.3.10): a local or date bound becomes the instant of the last start it allows. */
function withUtcUntil(rule: RecurrenceRule, window: WindowDefinition): RecurrenceRule {
  if (!rule.until || rule.until.form === 'utc') return rule;
  const local = rule.until.form === 'local' ? Temporal.PlainDateTime.from(rule.until.value) : Temporal.PlainDate.from(rule.until.value).toPlainDateTime(Temporal.PlainDateTime.from(window.start).toPlainTime());
  const instant = local.toZonedDateTime(window.timeZone, { disambiguation: 'compatible' }).toInstant();
  return { ...rule, until: { form: 'utc', value: instant.toString({ smallestUnit: 'second' }) } };
}

function dateTimeProperty(name: string, timeZone: string, locals: readonly string[]): string {
  if (isUtc(timeZone)) return `${name}:${locals.map((local) => `${basicDateTime(local)}Z`).join(',')}`;
  return `${name};TZID=${paramValue(timeZone)}:${locals.map(basicDateTime).join(',')}`;
}

function durationMs(duration: string): number {
  return Temporal.Duration.from(duration).total({ unit: 'milliseconds' });
}

function eventLines(window: WindowDefinition, stamp: string): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${window.id}@${UID_DOMAIN}`, `DTSTAMP:${stamp}`, dateTimeProperty('DTSTART', window.timeZone, [window.start])];
  lines.push(`DURATION:${elapsedDuration(durationMs(window.duration))}`);
  if (window.rrule) {
    const parsed = parseRecurrence(window.rrule);
    lines.push(`RRULE:${parsed.ok ? formatRecurrence(withUtcUntil(parsed.rule, window)) : window.rrule}`);
    if (window.exdates && window.exdates.length > 0) lines.push(dateTimeProperty('EXDATE', window.timeZone, window.exdates));
  }
  lines.push(`SUMMARY:${escapeText(window.title)}`);
  const description = window.description ?? window.customerText;
  if (description) lines.push(`DESCRIPTION:${escapeText(description)}`);
  lines.push(`CATEGORIES:${escapeText(KIND_LABELS[window.kind])}`);
  lines.push(`X-WATCHFLOOR-KIND:${window.kind}`);
  lines.push(`X-WATCHFLOOR-SCOPE:${escapeText(JSON.stringify(window.scope))}`);
  if (window.customerText) lines.push(`X-WATCHFLOOR-CUSTOMER-TEXT:${escapeText(window.customerText)}`);
  if (window.reason) lines.push(`X-WATCHFLOOR-REASON:${escapeText(window.reason)}`);
  if (window.noticeDays !== undefined) lines.push(`X-WATCHFLOOR-NOTICE-DAYS:${window.noticeDays}`);
  if (window.publishTo) lines.push(`X-WATCHFLOOR-PUBLISH-TO:${window.publishTo.map(escapeText).join(',')}`);
  lines.push('END:VEVENT');
  return lines;
}

/** An environment's end as an event in its region's zone; marked so an import skips it (it comes from the fleet file). */
function endLines(end: EnvironmentEnd, stamp: string): string[] {
  const { plan } = end;
  return [
    'BEGIN:VEVENT',
    `UID:end-${end.environmentId}-${plan.endDate}@${UID_DOMAIN}`,
    `DTSTAMP:${stamp}`,
    dateTimeProperty('DTSTART', plan.timeZone, [zonedTime(plan.endsAt, plan.timeZone).local]),
    `DURATION:${elapsedDuration(END_ENTRY_MS)}`,
    `SUMMARY:${escapeText(`${end.environmentName} ends`)}`,
    `DESCRIPTION:${escapeText(`${end.environmentName} (${end.environmentId}) of ${end.tenantName} is kept through ${plan.endDate}, ${plan.timeZone} time, and is decommissioned after it.`)}`,
    `CATEGORIES:${escapeText('Environment end')}`,
    'X-WATCHFLOOR-KIND:environment-end',
    `X-WATCHFLOOR-SCOPE:${escapeText(JSON.stringify({ environments: [end.environmentId] }))}`,
    'END:VEVENT',
  ];
}

const DAY_MS = 86_400_000;

/** The year of a bounded series' last occurrence, so its VTIMEZONE reaches it; null for an endless one. */
function lastYear(window: WindowDefinition): number | null {
  const parsed = window.rrule === undefined ? null : parseRecurrence(window.rrule);
  if (!parsed?.ok || timingProblems(window).length > 0) return null;
  if (parsed.rule.until) return Number(parsed.rule.until.value.slice(0, 4));
  if (parsed.rule.count === undefined) return null;
  const start = Temporal.PlainDateTime.from(window.start).toZonedDateTime(window.timeZone).epochMilliseconds;
  // Instances of a rule that has any are at most 401 years apart: the walk ends with COUNT, whatever the rule.
  const last = expandWindow(window, { from: start - DAY_MS, to: Math.min(8.64e15, start + parsed.rule.count * 401 * 366 * DAY_MS) }).at(-1);
  return last ? Temporal.Instant.fromEpochMilliseconds(last.start).toZonedDateTimeISO(window.timeZone).year : null;
}

/** A series with a rule that neither counts nor ends. */
function isEndless(window: WindowDefinition): boolean {
  const parsed = window.rrule === undefined ? null : parseRecurrence(window.rrule);
  return parsed?.ok === true && parsed.rule.count === undefined && parsed.rule.until === undefined;
}

/** The zones the windows and the environments' ends use (UTC aside), each with the years its VTIMEZONE must cover. */
function zoneYears(windows: readonly WindowDefinition[], ends: readonly EnvironmentEnd[], now: number): Map<string, ZoneCoverage> {
  const nowYear = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO('UTC').year;
  const years = new Map<string, ZoneCoverage>();
  const cover = (timeZone: string, startYear: number, lastYearOf: number, endless: boolean) => {
    if (isUtc(timeZone)) return;
    const known = years.get(timeZone);
    years.set(timeZone, {
      from: Math.min(known?.from ?? startYear, startYear),
      to: Math.max(known?.to ?? 0, startYear + YEARS_AHEAD, nowYear + YEARS_AHEAD, lastYearOf),
      endless: (known?.endless ?? false) || endless,
    });
  };
  for (const window of windows) cover(window.timeZone, Temporal.PlainDateTime.from(window.start).year, lastYear(window) ?? 0, isEndless(window));
  for (const end of ends) cover(end.plan.timeZone, Temporal.PlainDate.from(end.plan.endDate).year, 0, false);
  return years;
}

/** The windows as an RFC 5545 calendar: CRLF line ends, lines folded at 75 octets. */
export function exportIcs(windows: readonly WindowDefinition[], options: { calendarName: string; now: number; ends?: readonly EnvironmentEnd[] }): string {
  const ends = options.ends ?? [];
  const name = escapeText(options.calendarName);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Watchfloor//Maintenance calendar//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `NAME:${name}`, `X-WR-CALNAME:${name}`];
  const zones = [...zoneYears(windows, ends, options.now)].sort(([a], [b]) => a.localeCompare(b));
  for (const [timeZone, years] of zones) lines.push(...vtimezoneLines(timeZone, years));
  const stamp = utcDateTime(options.now);
  for (const window of windows) lines.push(...eventLines(window, stamp));
  for (const end of ends) lines.push(...endLines(end, stamp));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
