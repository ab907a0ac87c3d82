import { Temporal } from 'temporal-polyfill';
import { quote } from '../../../../shared/contract/quote.js';
import { WindowDefinition, WindowKind, WindowScope } from '../../../../shared/fleet-definition/calendar.js';
import { isTimeZone } from '../../../../shared/fleet-definition/ids.js';
import { formatRecurrence, parseRecurrence } from '../../../../shared/fleet-definition/recurrence-rule.js';
import { firstProperty, param, parseComponents, splitList, unescapeText, type Component, type ContentLine } from './ics-text.js';
import { elapsedDuration, localText, parseIcsDateTime, parseIcsDuration, parseUtcOffset, type IcsDateTime } from './ics-time.js';
import { UID_DOMAIN } from './export-ics.js';
import { WINDOWS_ZONES } from './windows-zones.js';

/**
 * Windows from an iCalendar file (RFC 5545): each VEVENT becomes a window in its own zone,
 * with its recurrence and exceptions; what cannot be a window is skipped with the reason.
 *
 * - DTSTART with TZID (an IANA name, a path ending in one, or a Windows name mapped through
 *   CLDR and checked against the file's VTIMEZONE offsets), with Z (zone UTC), or a DATE
 *   (all day, in the calendar's X-WR-TIMEZONE). A floating time names no zone: skipped.
 * - DURATION or DTEND; the elapsed time of the first occurrence is what Temporal says lies
 *   between its start and end in their zones (a nominal day across a DST change is 23 or 25 h).
 * - RRULE through parseRecurrence; EXDATE in any form, converted to the event's local time.
 * - An instance changed on its own (RECURRENCE-ID) is taken out of its series and becomes a
 *   one-off window of its own, or just taken out when it is cancelled.
 */

export interface IcsImport {
  windows: WindowDefinition[];
  skipped: Array<{ uid: string; reason: string }>;
  /** What was read otherwise than the file says, and why: a VTIMEZONE that contradicts the zone it names. */
  notes: Array<{ uid: string; note: string }>;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

const WINDOWS_BY_LOWER = new Map([...WINDOWS_ZONES].map(([name, zone]) => [name.toLowerCase(), zone]));
const TITLE_MAX = 200;
const TEXT_MAX = 4000;
const MAX_ELAPSED_MS = 14 * 86_400_000;

interface CalendarContext {
  timeZones: ReadonlyMap<string, Component>;
  /** Google's and Apple's calendar-wide zone, used for all-day events. */
  defaultZone: string | undefined;
  /** Notes of the event being read, taken by readCalendar after each. */
  notes: string[];
}

interface Draft {
  uid: string;
  window: Omit<WindowDefinition, 'id'>;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function textOf(component: Component, name: string): string | undefined {
  const line = firstProperty(component, name);
  return line === undefined ? undefined : unescapeText(line.value).trim();
}

/** The offsets a VTIMEZONE's observances switch to. */
function declaredOffsets(definition: Component | undefined): Set<number> {
  const offsets = new Set<number>();
  for (const observance of definition?.children ?? []) {
    const to = firstProperty(observance, 'TZOFFSETTO');
    const ms = to ? parseUtcOffset(to.value) : null;
    if (ms !== null) offsets.add(ms);
  }
  return offsets;
}

function offsetText(ms: number): string {
  const minutes = Math.abs(ms) / 60_000;
  return `${ms < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** An IANA zone named by a TZID is followed whatever the file's VTIMEZONE says; where the two disagree, the import says so. */
function ianaZone(tzid: string, zone: string, context: CalendarContext, at: Temporal.PlainDateTime): Outcome<string> {
  const declared = declaredOffsets(context.timeZones.get(tzid));
  const offset = at.toZonedDateTime(zone, { disambiguation: 'compatible' }).offsetNanoseconds / 1e6;
  if (declared.size > 0 && !declared.has(offset)) {
    const offsets = [...declared].sort((a, b) => a - b).map(offsetText).join(', ');
    context.notes.push(
      `the file's VTIMEZONE ${quote(tzid)} declares ${offsets}, but ${zone} is ${offsetText(offset)} on ${at.toPlainDate().toString()}: the IANA zone ${zone} was used, as it follows the zone's real changes across the years`,
    );
  }
  return { ok: true, value: zone };
}

/** An IANA zone for a TZID, or why there is none. `at` is a local date-time the zone must agree with the file's VTIMEZONE on. */
function resolveZone(tzid: string, context: CalendarContext, at: Temporal.PlainDateTime): Outcome<string> {
  const name = tzid.trim();
  if (isTimeZone(name)) return ianaZone(tzid, name, context, at);
  // Globally unique TZIDs such as "/mozilla.org/20050126_1/Europe/London" end in an IANA name.
  const parts = name.split('/');
  for (let i = 1; i < parts.length - 1; i++) {
    const tail = parts.slice(i).join('/');
    if (tail && isTimeZone(tail)) return ianaZone(tzid, tail, context, at);
  }
  const mapped = WINDOWS_BY_LOWER.get(name.toLowerCase());
  const definition = context.timeZones.get(name);
  if (!mapped) {
    return fail(
      `time zone ${quote(name)} is neither an IANA name (such as Australia/Sydney) nor a Windows zone name${definition ? ' (the file defines it in a VTIMEZONE, but only a named zone can be followed across years)' : ''}`,
    );
  }
  const declared = declaredOffsets(definition);
  if (declared.size > 0) {
    const offset = at.toZonedDateTime(mapped, { disambiguation: 'compatible' }).offsetNanoseconds / 1e6;
    if (!declared.has(offset)) {
      return fail(`time zone ${quote(name)} maps to ${mapped}, whose offset on ${at.toPlainDate().toString()} is not one the file's VTIMEZONE ${quote(name)} declares`);
    }
  }
  return { ok: true, value: mapped };
}

/** The zone a DATE-TIME or DATE property is in: its TZID, UTC for "Z", else `fallback`. */
function zoneOfValue(line: ContentLine, value: IcsDateTime, context: CalendarContext, fallback: string | undefined): Outcome<string | undefined> {
  if (value.kind === 'utc') return { ok: true, value: 'UTC' };
  const tzid = param(line, 'TZID');
  if (tzid !== undefined) return resolveZone(tzid, context, value.kind === 'date' ? value.date.toPlainDateTime() : value.dateTime);
  return { ok: true, value: fallback };
}

function plainOf(value: IcsDateTime, timeOfDay?: Temporal.PlainTime): Temporal.PlainDateTime {
  return value.kind === 'date' ? value.date.toPlainDateTime(timeOfDay) : value.dateTime;
}

function readDateTime(line: ContentLine, what: string): Outcome<IcsDateTime> {
  const value = parseIcsDateTime(line.value);
  if (!value) return fail(`${what} ${quote(line.value)} is not a date (20260131) or date-time (20260131T230000)`);
  if (param(line, 'VALUE')?.toUpperCase() === 'DATE' && value.kind !== 'date') return fail(`${what} ${quote(line.value)} says VALUE=DATE but is a date-time`);
  return { ok: true, value };
}

interface Start {
  timeZone: string;
  plain: Temporal.PlainDateTime;
  zoned: Temporal.ZonedDateTime;
  allDay: boolean;
}

function readStart(event: Component, context: CalendarContext): Outcome<Start> {
  const line = firstProperty(event, 'DTSTART');
  if (!line) return fail('it has no DTSTART');
  const value = readDateTime(line, 'DTSTART');
  if (!value.ok) return value;
  const zone = zoneOfValue(line, value.value, context, value.value.kind === 'date' ? context.defaultZone : undefined);
  if (!zone.ok) return zone;
  if (zone.value === undefined) {
    return fail(
      value.value.kind === 'date'
        ? `it is an all-day event and the file names no zone for it (no TZID and no X-WR-TIMEZONE)`
        : `DTSTART ${line.value} is a floating time (no TZID and no Z): it names no zone, so when it happens is unknown`,
    );
  }
  const plain = plainOf(value.value);
  return { ok: true, value: { timeZone: zone.value, plain, zoned: plain.toZonedDateTime(zone.value, { disambiguation: 'compatible' }), allDay: value.value.kind === 'date' } };
}

/** Elapsed ms from DTEND or DURATION (or one day for an all-day event with neither, RFC 5545 §3.6.1). */
function readElapsed(event: Component, start: Start, context: CalendarContext): Outcome<number> {
  const endLine = firstProperty(event, 'DTEND');
  const durationLine = firstProperty(event, 'DURATION');
  let end: Temporal.ZonedDateTime;
  if (endLine) {
    const value = readDateTime(endLine, 'DTEND');
    if (!value.ok) return value;
    const zone = zoneOfValue(endLine, value.value, context, start.timeZone);
    if (!zone.ok) return zone;
    end = plainOf(value.value).toZonedDateTime(zone.value ?? start.timeZone, { disambiguation: 'compatible' });
  } else if (durationLine) {
    const duration = parseIcsDuration(durationLine.value);
    if (!duration) return fail(`DURATION ${quote(durationLine.value)} is not a duration such as PT2H`);
    if (duration.sign <= 0) {
      return fail(`DURATION ${quote(durationLine.value)} ${duration.sign === 0 ? 'lasts no time' : 'is negative'}: expected a positive duration such as PT2H`);
    }
    end = start.zoned.add(duration);
  } else if (start.allDay) {
    end = start.zoned.add({ days: 1 });
  } else {
    return fail('it has neither DTEND nor DURATION, so it lasts no time at all');
  }
  const elapsed = end.epochMilliseconds - start.zoned.epochMilliseconds;
  if (elapsed < 60_000) return fail(elapsed <= 0 ? 'it ends before it starts' : 'it lasts less than a minute');
  if (elapsed > MAX_ELAPSED_MS) return fail(`it lasts ${Math.round(elapsed / 3_600_000)} h; a window lasts at most 14 days`);
  return { ok: true, value: elapsed };
}

/** A DATE-TIME or DATE as local time in the event's zone: "Z" and other TZIDs converted, a DATE given the event's time of day. */
function localInZone(line: ContentLine, value: IcsDateTime, start: Start, context: CalendarContext): Outcome<string> {
  const zone = zoneOfValue(line, value, context, start.timeZone);
  if (!zone.ok) return zone;
  const plain = plainOf(value, start.plain.toPlainTime());
  const inEventZone = zone.value === undefined || zone.value === start.timeZone ? plain : plain.toZonedDateTime(zone.value, { disambiguation: 'compatible' }).withTimeZone(start.timeZone).toPlainDateTime();
  return { ok: true, value: localText(inEventZone) };
}

function readExdates(event: Component, start: Start, context: CalendarContext): Outcome<string[]> {
  const locals = new Set<string>();
  for (const line of event.properties.filter((property) => property.name === 'EXDATE')) {
    for (const item of line.value.split(',')) {
      if (item.trim() === '') continue;
      const value = parseIcsDateTime(item);
      if (!value) return fail(`EXDATE ${quote(item)} is not a date or date-time`);
      const local = localInZone(line, value, start, context);
      if (!local.ok) return local;
      locals.add(local.value);
    }
  }
  return { ok: true, value: [...locals].sort() };
}

function readRule(event: Component): Outcome<string | undefined> {
  const rules = event.properties.filter((property) => property.name === 'RRULE');
  if (rules.length > 1) return fail('it has more than one RRULE; a window has one rule');
  if (event.properties.some((property) => property.name === 'RDATE')) return fail('RDATE (extra dates outside the rule) is not supported');
  if (event.properties.some((property) => property.name === 'EXRULE')) return fail('EXRULE is not supported (RFC 5545 dropped it); list the dates in EXDATE');
  const rule = rules[0];
  if (!rule) return { ok: true, value: undefined };
  const parsed = parseRecurrence(rule.value);
  if (!parsed.ok) return fail(`RRULE: ${parsed.message}`);
  return { ok: true, value: formatRecurrence(parsed.rule) };
}

/** kind, scope and the rest from our own X- properties when the file came from Watchfloor; the defaults otherwise. */
function readWatchfloorFields(event: Component, defaults: { kind: WindowKind; scope: WindowScope }): Outcome<Pick<WindowDefinition, 'kind' | 'scope' | 'customerText' | 'reason' | 'noticeDays' | 'publishTo'>> {
  const kind = WindowKind.safeParse(textOf(event, 'X-WATCHFLOOR-KIND'));
  let scope = defaults.scope;
  const scopeText = textOf(event, 'X-WATCHFLOOR-SCOPE');
  if (scopeText !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(scopeText);
    } catch {
      return fail('X-WATCHFLOOR-SCOPE is not JSON');
    }
    const parsed = WindowScope.safeParse(json);
    if (!parsed.success) return fail(`X-WATCHFLOOR-SCOPE is not a scope: ${parsed.error.issues[0]?.message ?? 'unreadable'}`);
    scope = parsed.data;
  }
  const notice = textOf(event, 'X-WATCHFLOOR-NOTICE-DAYS');
  const publishTo = firstProperty(event, 'X-WATCHFLOOR-PUBLISH-TO');
  const customerText = textOf(event, 'X-WATCHFLOOR-CUSTOMER-TEXT');
  const reason = textOf(event, 'X-WATCHFLOOR-REASON');
  return {
    ok: true,
    value: {
      kind: kind.success ? kind.data : defaults.kind,
      scope,
      ...(customerText ? { customerText: truncate(customerText, TEXT_MAX) } : {}),
      ...(reason ? { reason } : {}),
      ...(notice !== undefined && /^\d+$/.test(notice) ? { noticeDays: Number(notice) } : {}),
      ...(publishTo ? { publishTo: splitList(publishTo.value).map((id) => unescapeText(id).trim()).filter(Boolean) } : {}),
    },
  };
}

function readEvent(event: Component, context: CalendarContext, defaults: { kind: WindowKind; scope: WindowScope }, oneOff: boolean): Outcome<Omit<WindowDefinition, 'id'>> {
  if (event.problems.length > 0) return fail(event.problems.join('; '));
  if (textOf(event, 'STATUS')?.toUpperCase() === 'CANCELLED') return fail('it is cancelled (STATUS:CANCELLED)');
  if (textOf(event, 'X-WATCHFLOOR-KIND') === 'environment-end') return fail("it is an environment's end, which comes from its lifecycle in the fleet file, not from a window");
  const start = readStart(event, context);
  if (!start.ok) return start;
  const elapsed = readElapsed(event, start.value, context);
  if (!elapsed.ok) return elapsed;
  const rule = oneOff ? { ok: true as const, value: undefined } : readRule(event);
  if (!rule.ok) return rule;
  const exdates = rule.value ? readExdates(event, start.value, context) : { ok: true as const, value: [] };
  if (!exdates.ok) return exdates;
  const fields = readWatchfloorFields(event, defaults);
  if (!fields.ok) return fields;
  const description = textOf(event, 'DESCRIPTION');
  return {
    ok: true,
    value: {
      ...fields.value,
      title: truncate(textOf(event, 'SUMMARY') || 'Untitled event', TITLE_MAX),
      ...(description && description !== fields.value.customerText ? { description: truncate(description, TEXT_MAX) } : {}),
      start: localText(start.value.plain),
      timeZone: start.value.timeZone,
      duration: elapsedDuration(elapsed.value),
      ...(rule.value ? { rrule: rule.value } : {}),
      ...(exdates.value.length > 0 ? { exdates: exdates.value } : {}),
    },
  };
}

/** An id for the Id pattern from a UID: ours lose their "@watchfloor", others are slugged; repeats get "-2", "-3". */
function idFor(uid: string, taken: Set<string>): string {
  const own = uid.toLowerCase().endsWith(`@${UID_DOMAIN}`) ? uid.slice(0, -UID_DOMAIN.length - 1) : uid;
  const slug =
    own
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 63) || 'event';
  let id = slug;
  for (let n = 2; taken.has(id); n++) id = `${slug.slice(0, 62 - String(n).length)}-${n}`;
  taken.add(id);
  return id;
}

function calendarContext(calendar: Component): CalendarContext {
  const timeZones = new Map<string, Component>();
  for (const child of calendar.children) {
    const tzid = child.name === 'VTIMEZONE' ? textOf(child, 'TZID') : undefined;
    if (tzid) timeZones.set(tzid, child);
  }
  const wr = textOf(calendar, 'X-WR-TIMEZONE');
  return { timeZones, defaultZone: wr && isTimeZone(wr) ? wr : undefined, notes: [] };
}

/** Runs a reader, turning anything it throws into a reason. */
function safely<T>(read: () => Outcome<T>): Outcome<T> {
  try {
    return read();
  } catch (error) {
    return fail(`it could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Events of one calendar as drafts. An instance changed on its own (RECURRENCE-ID) is read
 * first and only then taken out of its series, so a change that cannot be read leaves the
 * series whole rather than losing the instance.
 */
function readCalendar(calendar: Component, defaults: { kind: WindowKind; scope: WindowScope }, skipped: IcsImport['skipped'], notes: IcsImport['notes']): Draft[] {
  const context = calendarContext(calendar);
  const noteFor = (uid: string) => {
    for (const note of new Set(context.notes.splice(0))) notes.push({ uid, note });
  };
  const events = calendar.children.filter((child) => child.name === 'VEVENT');
  const drafts: Draft[] = [];
  const series = new Map<string, Draft | null>();
  for (const event of events) {
    if (firstProperty(event, 'RECURRENCE-ID')) continue;
    const uid = textOf(event, 'UID') ?? '';
    const outcome = safely(() => readEvent(event, context, defaults, false));
    if (outcome.ok) noteFor(uid);
    context.notes.length = 0;
    const draft = outcome.ok ? { uid, window: outcome.value } : null;
    if (draft) drafts.push(draft);
    else if (!outcome.ok) skipped.push({ uid, reason: outcome.reason });
    if (uid) series.set(uid, draft);
  }
  for (const event of events) {
    const recurrenceId = firstProperty(event, 'RECURRENCE-ID');
    if (!recurrenceId) continue;
    const uid = textOf(event, 'UID') ?? '';
    const master = series.get(uid);
    if (master === null) {
      skipped.push({ uid, reason: `it changes one instance (RECURRENCE-ID ${recurrenceId.value}) of a series that was skipped` });
      continue;
    }
    const cancelled = event.problems.length === 0 && textOf(event, 'STATUS')?.toUpperCase() === 'CANCELLED';
    const replacement = cancelled ? null : safely(() => readEvent(event, context, defaults, true));
    if (replacement && !replacement.ok) {
      skipped.push({ uid, reason: replacement.reason });
      continue;
    }
    if (master?.window.rrule) {
      const taken = safely(() => takeOutOfSeries(master, recurrenceId, context));
      if (!taken.ok) {
        skipped.push({ uid, reason: taken.reason });
        continue;
      }
    }
    if (replacement) drafts.push({ uid, window: replacement.value });
    noteFor(uid);
  }
  return drafts;
}

/** Adds the changed instance's original start to its series' exdates. */
function takeOutOfSeries(master: Draft, recurrenceId: ContentLine, context: CalendarContext): Outcome<null> {
  const value = parseIcsDateTime(recurrenceId.value);
  if (!value) return fail(`RECURRENCE-ID ${quote(recurrenceId.value)} is not a date or date-time`);
  const plain = Temporal.PlainDateTime.from(master.window.start);
  const start: Start = {
    timeZone: master.window.timeZone,
    plain,
    zoned: plain.toZonedDateTime(master.window.timeZone, { disambiguation: 'compatible' }),
    allDay: false,
  };
  const local = localInZone(recurrenceId, value, start, context);
  if (!local.ok) return local;
  const exdates = new Set(master.window.exdates ?? []);
  exdates.add(local.value);
  master.window.exdates = [...exdates].sort();
  return { ok: true, value: null };
}

/** Windows from an .ics text; never throws: what cannot be read is in `skipped` with the reason. */
export function importIcs(text: string, defaults: { kind: WindowKind; scope: WindowScope }): IcsImport {
  const skipped: IcsImport['skipped'] = [];
  const notes: IcsImport['notes'] = [];
  let calendars: Component[];
  try {
    calendars = parseComponents(text).filter((component) => component.name === 'VCALENDAR');
  } catch (error) {
    return { windows: [], skipped: [{ uid: '', reason: `the file could not be read: ${error instanceof Error ? error.message : String(error)}` }], notes };
  }
  if (calendars.length === 0) return { windows: [], skipped: [{ uid: '', reason: 'this is not an iCalendar file: it has no BEGIN:VCALENDAR' }], notes };
  const drafts = calendars.flatMap((calendar) => readCalendar(calendar, defaults, skipped, notes));
  const taken = new Set<string>();
  const windows: WindowDefinition[] = [];
  for (const draft of drafts) {
    const parsed = WindowDefinition.safeParse({ id: idFor(draft.uid, taken), ...draft.window });
    if (parsed.success) windows.push(parsed.data);
    else skipped.push({ uid: draft.uid, reason: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'window'}: ${issue.message}`).join('; ') });
  }
  return { windows, skipped, notes };
}
