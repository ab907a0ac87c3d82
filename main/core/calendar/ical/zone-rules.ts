import type { Temporal } from 'temporal-polyfill';
import { formatRecurrence, type RecurrenceRule, type Weekday } from '../../../../shared/fleet-definition/recurrence-rule.js';
import { DAY_MS, plainDateTimeOfWall } from '../recurrence/calendar-days.js';
import { expandWindow } from '../recurrence/expand.js';
import type { ZoneOffsets } from '../recurrence/zone-offsets.js';

/** An offset change: the instant (epoch ms) and the offsets (ms) before and after it. */
export interface OffsetChange {
  at: number;
  before: number;
  after: number;
}

/** How many years of a zone's later changes, as Temporal reports them, a yearly rule must give exactly to be written. */
export const CHECKED_YEARS = 40;

const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/**
 * Yearly rules that give the date of one change, in the shapes tzdata's rules take: the last
 * weekday of the month ("lastSun"), the nth weekday ("second Sunday"), the weekday on or after
 * a day ("Sun>=2" in Chile, "Fri>=23" in Israel: the change's date is one of the seven days
 * from that day), a fixed date. Which one the zone follows is then checked.
 */
function candidateRules(local: Temporal.PlainDateTime): RecurrenceRule[] {
  const day = WEEKDAYS[local.dayOfWeek - 1] ?? 'SU';
  const base: RecurrenceRule = { freq: 'YEARLY', interval: 1, byMonth: [local.month] };
  const rules: RecurrenceRule[] = [];
  if (local.day > local.daysInMonth - 7) rules.push({ ...base, byDay: [{ day, ordinal: -1 }] });
  if (local.day <= 28) rules.push({ ...base, byDay: [{ day, ordinal: Math.ceil(local.day / 7) }] });
  for (let from = Math.max(1, local.day - 6); from <= local.day && from + 6 <= local.daysInMonth; from++) {
    // From the 1st, 8th, 15th or 22nd that is the nth weekday, already tried.
    if (from % 7 !== 1) rules.push({ ...base, byDay: [{ day }], byMonthDay: Array.from({ length: 7 }, (_, k) => from + k) });
  }
  rules.push({ ...base, byMonthDay: [local.day] });
  return rules;
}

/** The instants a rule started at a change gives after `after` and before `to`: its local times read on the clock before the change. */
function instantsOf(change: OffsetChange, rrule: string, after: number, to: number): number[] {
  const start = plainDateTimeOfWall(change.at + change.before).toString();
  // In UTC an occurrence's instant is its wall-clock time, so the rule's dates come straight from the expansion.
  return expandWindow({ start, timeZone: 'UTC', duration: 'PT1M', rrule }, { from: after + change.before, to: to + change.before + DAY_MS })
    .map((occurrence) => occurrence.start - change.before)
    .filter((at) => at > after && at < to);
}

/**
 * The RRULE each of a zone's last two changes repeats by, when the zone keeps changing its
 * clocks the same way each year: the rule of each is the first candidate that gives exactly the
 * changes Temporal reports for the next CHECKED_YEARS years, and together they give every one
 * of them. Null when the zone changes no more (the last observance holds for ever) or follows
 * no such rule (a zone whose changes move with a lunar calendar, say).
 */
export function yearlyRules(zone: ZoneOffsets, last: readonly [OffsetChange, OffsetChange]): [string, string] | null {
  const [first, second] = last;
  if (first.after !== second.before || second.after !== first.before) return null;
  const to = second.at + CHECKED_YEARS * 366 * DAY_MS;
  const later = zone.transitionsBetween(second.at + 1, to);
  if (later.length === 0) return null;
  const ruleOf = (change: OffsetChange): string | null => {
    const expected = later.filter((next) => next.before === change.before && next.after === change.after).map((next) => next.at);
    for (const rule of candidateRules(plainDateTimeOfWall(change.at + change.before))) {
      const rrule = formatRecurrence(rule);
      const given = instantsOf(change, rrule, second.at, to);
      if (given.length === expected.length && given.every((at, index) => at === expected[index])) return rrule;
    }
    return null;
  };
  const firstRule = ruleOf(first);
  const secondRule = ruleOf(second);
  if (firstRule === null || secondRule === null) return null;
  const covered = later.filter((next) => (next.before === first.before && next.after === first.after) || (next.before === second.before && next.after === second.after));
  return covered.length === later.length ? [firstRule, secondRule] : null;
}
