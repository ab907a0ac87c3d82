import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';

/**
 * The RFC 5545 recurrence rules a window may carry (§3.3.10), as data: parsed from and written
 * back to RRULE text, and put into words. Only the parts a window needs are taken; the others
 * are refused by name, so a rule is never half understood. Pure: no Node, so the renderer can
 * import it.
 */

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

const nonZero = (value: number) => value !== 0;

export const WeekdaySpec = z.object({
  day: Weekday,
  /** 1 = the first such weekday of the month (or year), -1 = the last; RecurrenceRule checks the range its FREQ allows. */
  ordinal: z.number().int().refine(nonZero).optional(),
});
export type WeekdaySpec = z.infer<typeof WeekdaySpec>;

function isReal(kind: 'instant' | 'dateTime' | 'date', value: string): boolean {
  try {
    if (kind === 'instant') Temporal.Instant.from(value);
    else if (kind === 'dateTime') Temporal.PlainDateTime.from(value, { overflow: 'reject' });
    else Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

/** The last instance allowed: a UTC instant (RFC's form with a zoned DTSTART), a local date-time in the window's zone, or a whole local date. */
export const RecurrenceUntil = z.discriminatedUnion('form', [
  z.object({ form: z.literal('utc'), value: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/).refine((v) => isReal('instant', v)) }),
  z.object({ form: z.literal('local'), value: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/).refine((v) => isReal('dateTime', v)) }),
  z.object({ form: z.literal('date'), value: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => isReal('date', v)) }),
]);
export type RecurrenceUntil = z.infer<typeof RecurrenceUntil>;

const MONTH_DAY_RANGE = 'BYMONTHDAY: expected -31 to -1 or 1 to 31';
const SET_POS_RANGE = 'BYSETPOS: expected -366 to -1 or 1 to 366';

export const RecurrenceRule = z
  .object({
    freq: z.enum(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']),
    interval: z.number().int().min(1, 'INTERVAL: expected 1 or more').max(1000, 'INTERVAL: expected at most 1000'),
    count: z.number().int().min(1, 'COUNT: expected 1 or more').max(100_000, 'COUNT: expected at most 100000').optional(),
    until: RecurrenceUntil.optional(),
    byDay: z.array(WeekdaySpec).min(1).optional(),
    byMonthDay: z.array(z.number().int().min(-31, MONTH_DAY_RANGE).max(31, MONTH_DAY_RANGE).refine(nonZero, MONTH_DAY_RANGE)).min(1).optional(),
    byMonth: z.array(z.number().int().min(1, 'BYMONTH: expected 1 to 12').max(12, 'BYMONTH: expected 1 to 12')).min(1).optional(),
    bySetPos: z.array(z.number().int().min(-366, SET_POS_RANGE).max(366, SET_POS_RANGE).refine(nonZero, SET_POS_RANGE)).min(1).optional(),
    wkst: Weekday.optional(),
  })
  .superRefine((rule, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (rule.count !== undefined && rule.until !== undefined) issue('COUNT and UNTIL cannot both be given (RFC 5545): keep one');
    if (rule.byDay?.some((spec) => spec.ordinal !== undefined) && rule.freq !== 'MONTHLY' && rule.freq !== 'YEARLY') {
      issue(`BYDAY with a position such as -1SA needs FREQ=MONTHLY or FREQ=YEARLY, not FREQ=${rule.freq}`);
    } else {
      // RFC 5545: a position counts within the month for MONTHLY and for YEARLY with BYMONTH, else within the year.
      const [period, most] = rule.freq === 'MONTHLY' || rule.byMonth ? ['month', 5] : ['year', 53];
      for (const spec of rule.byDay ?? []) {
        if (spec.ordinal !== undefined && Math.abs(spec.ordinal) > most) {
          issue(`BYDAY: "${weekdayText(spec)}" has position ${spec.ordinal}; a ${period} has at most ${most} of a weekday`);
        }
      }
    }
    if (rule.byMonthDay && rule.freq === 'WEEKLY') issue('BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545)');
    if (rule.bySetPos && !rule.byDay && !rule.byMonthDay && !rule.byMonth) issue('BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH to pick from');
  });
export type RecurrenceRule = z.infer<typeof RecurrenceRule>;

type ParsedRecurrence = { ok: true; rule: RecurrenceRule } | { ok: false; message: string };

const REFUSED: Readonly<Record<string, string>> = {
  BYHOUR: 'BYHOUR is not supported: a window starts once a day, at the time of its start',
  BYMINUTE: 'BYMINUTE is not supported: a window starts once a day, at the time of its start',
  BYSECOND: 'BYSECOND is not supported: a window starts once a day, at the time of its start',
  BYWEEKNO: 'BYWEEKNO is not supported: use BYDAY with BYMONTH or BYMONTHDAY',
  BYYEARDAY: 'BYYEARDAY is not supported: use BYMONTH with BYMONTHDAY',
  RSCALE: 'RSCALE is not supported: rules use the Gregorian calendar',
  SKIP: 'SKIP is not supported: rules use the Gregorian calendar',
  DTSTART: "DTSTART does not belong in the rule: it is the window's start",
};

const FREQS = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
const FINER_FREQS = ['HOURLY', 'MINUTELY', 'SECONDLY'];

function parseIntegerList(part: string, text: string): number[] | string {
  const values = text.split(',');
  const numbers: number[] = [];
  for (const value of values) {
    if (!/^[+-]?\d{1,3}$/.test(value)) return `${part}: "${value}" is not a whole number`;
    numbers.push(Number(value));
  }
  return numbers;
}

function parseWeekdays(text: string): WeekdaySpec[] | string {
  const specs: WeekdaySpec[] = [];
  for (const value of text.split(',')) {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(value);
    if (!match) return `BYDAY: "${value}" is not a weekday such as MO, TH or -1SA`;
    const day = Weekday.parse(match[2]);
    if (match[1] === undefined) {
      specs.push({ day });
      continue;
    }
    const ordinal = Number(match[1]);
    if (ordinal === 0) return `BYDAY: "${value}" has position 0; positions count from 1 (the first) or -1 (the last)`;
    specs.push({ day, ordinal });
  }
  return specs;
}

function parseUntil(text: string): RecurrenceUntil | string {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(text);
  if (!match) return `UNTIL: "${text}" is not a date (20271231) or date-time (20271231T000000Z)`;
  const [, year, month, day, hour, minute, second, utc] = match;
  const date = `${year}-${month}-${day}`;
  const candidate: RecurrenceUntil =
    hour === undefined ? { form: 'date', value: date } : utc ? { form: 'utc', value: `${date}T${hour}:${minute}:${second}Z` } : { form: 'local', value: `${date}T${hour}:${minute}:${second}` };
  return RecurrenceUntil.safeParse(candidate).success ? candidate : `UNTIL: "${text}" is not a real date and time`;
}

/** Reads RRULE text such as "FREQ=MONTHLY;BYDAY=-1SA" (an optional leading "RRULE:" is allowed); names and values are case-insensitive. */
export function parseRecurrence(text: string): ParsedRecurrence {
  const fail = (message: string): ParsedRecurrence => ({ ok: false, message });
  const body = text.trim().replace(/^RRULE:/i, '').trim();
  if (body === '') return fail('expected a recurrence rule such as FREQ=MONTHLY;BYDAY=-1SA');
  const seen = new Set<string>();
  const draft: Record<string, unknown> = { interval: 1 };
  for (const raw of body.split(';')) {
    if (raw.trim() === '') continue;
    const eq = raw.indexOf('=');
    if (eq <= 0) return fail(`"${raw}" is not NAME=VALUE (for example FREQ=WEEKLY)`);
    const name = raw.slice(0, eq).trim().toUpperCase();
    const value = raw.slice(eq + 1).trim().toUpperCase();
    if (seen.has(name)) return fail(`${name} is given twice`);
    seen.add(name);
    const refused = REFUSED[name];
    if (refused) return fail(refused);
    if (value === '') return fail(`${name} has no value`);
    let parsed: unknown;
    switch (name) {
      case 'FREQ':
        if (FINER_FREQS.includes(value)) return fail(`FREQ=${value} is not supported: a window repeats at most daily (DAILY, WEEKLY, MONTHLY or YEARLY)`);
        if (!(FREQS as readonly string[]).includes(value)) return fail(`FREQ: "${value}" is not DAILY, WEEKLY, MONTHLY or YEARLY`);
        draft.freq = value;
        continue;
      case 'INTERVAL':
      case 'COUNT':
        if (!/^\d{1,6}$/.test(value)) return fail(`${name}: "${value}" is not a positive whole number`);
        draft[name.toLowerCase()] = Number(value);
        continue;
      case 'UNTIL':
        parsed = parseUntil(value);
        if (typeof parsed === 'string') return fail(parsed);
        draft.until = parsed;
        continue;
      case 'BYDAY':
        parsed = parseWeekdays(value);
        if (typeof parsed === 'string') return fail(parsed);
        draft.byDay = parsed;
        continue;
      case 'BYMONTHDAY':
      case 'BYMONTH':
      case 'BYSETPOS': {
        parsed = parseIntegerList(name, value);
        if (typeof parsed === 'string') return fail(parsed);
        const key = name === 'BYMONTHDAY' ? 'byMonthDay' : name === 'BYMONTH' ? 'byMonth' : 'bySetPos';
        draft[key] = parsed;
        continue;
      }
      case 'WKST':
        if (!Weekday.safeParse(value).success) return fail(`WKST: "${value}" is not a weekday such as MO or SU`);
        draft.wkst = value;
        continue;
      default:
        return fail(`${name} is not a recurrence rule part this console understands`);
    }
  }
  if (draft.freq === undefined) return fail('FREQ is missing: expected DAILY, WEEKLY, MONTHLY or YEARLY');
  const result = RecurrenceRule.safeParse(draft);
  if (!result.success) return fail(result.error.issues[0]?.message ?? 'not a valid recurrence rule');
  return { ok: true, rule: result.data };
}

function weekdayText(spec: WeekdaySpec): string {
  return `${spec.ordinal ?? ''}${spec.day}`;
}

function untilText(until: RecurrenceUntil): string {
  return until.value.replace(/[-:]/g, '');
}

/** Canonical RRULE text: parts in a fixed order, INTERVAL=1 left out; the same rule always reads the same. */
export function formatRecurrence(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${untilText(rule.until)}`);
  if (rule.byMonth) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
  if (rule.byMonthDay) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.byDay) parts.push(`BYDAY=${rule.byDay.map(weekdayText).join(',')}`);
  if (rule.bySetPos) parts.push(`BYSETPOS=${rule.bySetPos.join(',')}`);
  if (rule.wkst) parts.push(`WKST=${rule.wkst}`);
  return parts.join(';');
}

const DAY_NAMES: Readonly<Record<Weekday, string>> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const POSITION_WORDS: Readonly<Record<number, string>> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth' };

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function positionWord(position: number): string {
  if (position === -1) return 'last';
  const magnitude = Math.abs(position);
  const word = POSITION_WORDS[magnitude] ?? ordinalNumber(magnitude);
  return position > 0 ? word : `${word}-to-last`;
}

function ordinalNumber(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

function monthDayWords(day: number): string {
  if (day > 0) return ordinalNumber(day);
  return day === -1 ? 'last day' : `${positionWord(day)} day`;
}

function weekdayWords(spec: WeekdaySpec): string {
  return spec.ordinal === undefined ? DAY_NAMES[spec.day] : `${positionWord(spec.ordinal)} ${DAY_NAMES[spec.day]}`;
}

function durationWords(duration: string): string {
  let seconds: number;
  try {
    seconds = Math.round(Temporal.Duration.from(duration).total({ unit: 'seconds' }));
  } catch {
    return duration;
  }
  const parts: string[] = [];
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  const rest = seconds % 60;
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (rest) parts.push(`${rest} s`);
  return parts.join(' ') || '0 min';
}

function frequencyWords(rule: RecurrenceRule): string {
  const unit = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }[rule.freq];
  if (rule.interval === 1) return { DAILY: 'Daily', WEEKLY: 'Weekly', MONTHLY: 'Monthly', YEARLY: 'Yearly' }[rule.freq];
  return `Every ${rule.interval} ${unit}s`;
}

function patternWords(rule: RecurrenceRule, start: Temporal.PlainDateTime): string {
  const startDay = WEEKDAYS[start.dayOfWeek - 1] ?? 'MO';
  const months = rule.byMonth ? `in ${listWords(rule.byMonth.map((m) => MONTH_NAMES[m - 1] ?? String(m)))}` : '';
  let days = '';
  if (rule.byMonthDay && rule.byDay) {
    days = `on the ${listWords(rule.byMonthDay.map(monthDayWords))} when it is a ${listWords(rule.byDay.map(weekdayWords))}`;
  } else if (rule.byMonthDay) {
    days = `on the ${listWords(rule.byMonthDay.map(monthDayWords))}`;
  } else if (rule.byDay) {
    const specs = rule.byDay.map(weekdayWords);
    days = rule.byDay.some((spec) => spec.ordinal !== undefined) ? `on the ${listWords(specs)}` : `on ${listWords(specs)}`;
  } else if (rule.freq === 'WEEKLY') {
    days = `on ${DAY_NAMES[startDay]}`;
  } else if (rule.freq === 'MONTHLY') {
    days = `on the ${ordinalNumber(start.day)}`;
  } else if (rule.freq === 'YEARLY') {
    days = rule.byMonth ? `on the ${ordinalNumber(start.day)}` : `on ${start.day} ${MONTH_NAMES[start.month - 1]}`;
  }
  if (rule.bySetPos) {
    const picked = `the ${listWords(rule.bySetPos.map(positionWord))} of`;
    days = days.replace(/^on (the )?/, `on ${picked} `);
  }
  return [frequencyWords(rule), months, days].filter(Boolean).join(' ');
}

function boundWords(rule: RecurrenceRule): string {
  if (rule.count !== undefined) return rule.count === 1 ? ', once' : `, ${rule.count} times`;
  if (!rule.until) return '';
  if (rule.until.form === 'date') return `, until ${rule.until.value}`;
  const shown = `${rule.until.value.slice(0, 10)} ${rule.until.value.slice(11, 16)}`;
  return rule.until.form === 'utc' ? `, until ${shown} UTC` : `, until ${shown}`;
}

function clockWords(start: Temporal.PlainDateTime): string {
  const clock = start.toString({ smallestUnit: 'second' }).slice(11);
  return clock.endsWith(':00') ? clock.slice(0, 5) : clock;
}

/**
 * A window's timing in words: "Monthly on the last Saturday at 23:00 Australia/Sydney, for 2 h",
 * "Weekly on Thursday and Friday at 20:00 Australia/Sydney, for 4 h", "Once, 2026-12-05 23:00 Europe/London, for 2 h".
 */
export function describeWindowTiming(args: { rrule?: string; start: string; timeZone: string; duration: string }): string {
  let start: Temporal.PlainDateTime;
  try {
    start = Temporal.PlainDateTime.from(args.start);
  } catch {
    return `From ${args.start} ${args.timeZone}, for ${durationWords(args.duration)}`;
  }
  const length = `for ${durationWords(args.duration)}`;
  if (args.rrule === undefined || args.rrule.trim() === '') {
    return `Once, ${start.toPlainDate().toString()} ${clockWords(start)} ${args.timeZone}, ${length}`;
  }
  const parsed = parseRecurrence(args.rrule);
  if (!parsed.ok) return `Repeats by "${args.rrule}" (${parsed.message}), from ${start.toPlainDate().toString()} ${clockWords(start)} ${args.timeZone}, ${length}`;
  return `${patternWords(parsed.rule, start)} at ${clockWords(start)} ${args.timeZone}, ${length}${boundWords(parsed.rule)}`;
}
