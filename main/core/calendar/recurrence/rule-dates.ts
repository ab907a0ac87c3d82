import { WEEKDAYS, type RecurrenceRule, type WeekdaySpec } from '../../../../shared/fleet-definition/recurrence-rule.js';
import { monthFacts, monthOf, monthOfDay, weekdayIn, type MonthFacts } from './calendar-days.js';

/**
 * The dates a rule picks, period by period (RFC 5545 §3.3.10): a period is a day, a week
 * (starting on WKST), a month or a year, INTERVAL periods apart from the one holding DTSTART.
 * BYMONTH, BYMONTHDAY and BYDAY expand or limit as the RFC's table says for each FREQ; BYSETPOS
 * then picks by position within the period. Dates are epoch days (see calendar-days), so this
 * is integer work; impossible dates (the 31st of a 30-day month) are simply not produced.
 */

const isoWeekday = (day: WeekdaySpec['day']): number => WEEKDAYS.indexOf(day) + 1;

export class RuleDates {
  private readonly interval: number;
  private readonly startDay: number;
  private readonly startFacts: MonthFacts;
  private readonly startDayOfMonth: number;
  /** Days since 1970 of the first day of DTSTART's week (WKST, default Monday). */
  private readonly weekStart: number;
  private readonly wkst: number;
  private readonly plainDays: number;
  private readonly positioned: ReadonlyArray<{ weekday: number; ordinal: number }>;
  private readonly months: ReadonlySet<number> | null;

  constructor(
    private readonly rule: RecurrenceRule,
    startDay: number,
  ) {
    this.interval = rule.interval;
    this.startDay = startDay;
    this.startFacts = monthOfDay(startDay);
    this.startDayOfMonth = startDay - this.startFacts.firstDay + 1;
    this.wkst = rule.wkst ? isoWeekday(rule.wkst) : 1;
    const startWeekday = weekdayIn(this.startFacts, startDay);
    this.weekStart = startDay - ((startWeekday - this.wkst + 7) % 7);
    let plainDays = 0;
    const positioned: Array<{ weekday: number; ordinal: number }> = [];
    for (const spec of rule.byDay ?? []) {
      if (spec.ordinal === undefined) plainDays |= 1 << isoWeekday(spec.day);
      else positioned.push({ weekday: isoWeekday(spec.day), ordinal: spec.ordinal });
    }
    // WEEKLY without BYDAY repeats on DTSTART's weekday (RFC 5545 §3.3.10).
    if (rule.freq === 'WEEKLY' && !rule.byDay) plainDays = 1 << startWeekday;
    this.plainDays = plainDays;
    this.positioned = positioned;
    this.months = rule.byMonth ? new Set(rule.byMonth) : null;
  }

  /**
   * Days between instances when the rule is a plain step from DTSTART (DAILY with no BY parts,
   * or WEEKLY on DTSTART's weekday alone), so a walk can count days instead of building periods;
   * null otherwise.
   */
  plainStep(): number | null {
    const rule = this.rule;
    if (rule.byMonth || rule.byMonthDay || rule.bySetPos) return null;
    if (rule.freq === 'DAILY' && !rule.byDay) return rule.interval;
    const startWeekday = weekdayIn(this.startFacts, this.startDay);
    if (rule.freq === 'WEEKLY' && this.plainDays === 1 << startWeekday) return 7 * rule.interval;
    return null;
  }

  /** The first day of period p (p = 0 holds DTSTART). */
  periodStart(p: number): number {
    switch (this.rule.freq) {
      case 'DAILY':
        return this.startDay + p * this.interval;
      case 'WEEKLY':
        return this.weekStart + p * 7 * this.interval;
      case 'MONTHLY':
        return monthFacts(this.startFacts.index + p * this.interval).firstDay;
      case 'YEARLY':
        return monthOf(this.startFacts.year + p * this.interval, 1).firstDay;
    }
  }

  /** The period holding a day (negative before DTSTART's). */
  periodOf(day: number): number {
    switch (this.rule.freq) {
      case 'DAILY':
        return Math.floor((day - this.startDay) / this.interval);
      case 'WEEKLY':
        return Math.floor((day - this.weekStart) / (7 * this.interval));
      case 'MONTHLY':
        return Math.floor((monthOfDay(day).index - this.startFacts.index) / this.interval);
      case 'YEARLY':
        return Math.floor((monthOfDay(day).year - this.startFacts.year) / this.interval);
    }
  }

  /** The days period p picks, ascending. */
  datesOf(p: number): number[] {
    const days: number[] = [];
    switch (this.rule.freq) {
      case 'DAILY':
        this.daily(this.startDay + p * this.interval, days);
        break;
      case 'WEEKLY':
        this.weekly(this.weekStart + p * 7 * this.interval, days);
        break;
      case 'MONTHLY': {
        const facts = monthFacts(this.startFacts.index + p * this.interval);
        if (!this.months || this.months.has(facts.month)) this.inMonth(facts, days, true);
        break;
      }
      case 'YEARLY':
        this.yearly(this.startFacts.year + p * this.interval, days);
        break;
    }
    return this.rule.bySetPos ? this.pickPositions(days) : days;
  }

  private daily(day: number, out: number[]): void {
    const facts = monthOfDay(day);
    if (this.months && !this.months.has(facts.month)) return;
    if (this.rule.byMonthDay && !this.monthDayMatches(facts, day)) return;
    if (this.rule.byDay && !(this.plainDays & (1 << weekdayIn(facts, day)))) return;
    out.push(day);
  }

  private weekly(first: number, out: number[]): void {
    for (let i = 0; i < 7; i++) {
      const weekday = ((this.wkst - 1 + i) % 7) + 1;
      if (!(this.plainDays & (1 << weekday))) continue;
      const day = first + i;
      if (this.months && !this.months.has(monthOfDay(day).month)) continue;
      out.push(day);
    }
  }

  private yearly(year: number, out: number[]): void {
    const rule = this.rule;
    const everyMonth = rule.byMonthDay !== undefined || rule.byDay !== undefined;
    const months = rule.byMonth ? [...rule.byMonth].sort((a, b) => a - b) : everyMonth ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [this.startFacts.month];
    if (rule.byDay && !rule.byMonthDay && !rule.byMonth) {
      this.wholeYearByDay(year, out);
      return;
    }
    // With BYMONTH, a position such as -1SA counts within the month; without it, within the year.
    const withinMonth = rule.byMonth !== undefined;
    for (const month of months) this.inMonth(monthOf(year, month), out, withinMonth);
    if (!withinMonth && rule.byMonthDay && this.positioned.length > 0) {
      const kept = out.filter((day) => this.positionInYearMatches(year, day));
      out.length = 0;
      out.push(...kept);
    }
  }

  /** The days of one month the BYMONTHDAY / BYDAY parts (or DTSTART's day of the month) pick. */
  private inMonth(facts: MonthFacts, out: number[], positionsWithinMonth: boolean): void {
    const rule = this.rule;
    const found: number[] = [];
    if (rule.byMonthDay) {
      for (const monthDay of rule.byMonthDay) {
        const d = monthDay > 0 ? monthDay : facts.daysInMonth + monthDay + 1;
        if (d < 1 || d > facts.daysInMonth) continue;
        const day = facts.firstDay + d - 1;
        if (rule.byDay && !this.weekdayMatches(facts, day, positionsWithinMonth)) continue;
        found.push(day);
      }
    } else if (rule.byDay) {
      for (let weekday = 1; weekday <= 7; weekday++) {
        if (!(this.plainDays & (1 << weekday))) continue;
        for (let day = facts.firstDay + ((weekday - facts.firstWeekday + 7) % 7); day < facts.firstDay + facts.daysInMonth; day += 7) found.push(day);
      }
      for (const { weekday, ordinal } of this.positioned) {
        const day = nthWeekday(facts.firstDay, facts.daysInMonth, facts.firstWeekday, weekday, ordinal);
        if (day !== null) found.push(day);
      }
    } else if (this.startDayOfMonth <= facts.daysInMonth) {
      found.push(facts.firstDay + this.startDayOfMonth - 1);
    }
    sortUnique(found);
    for (const day of found) out.push(day);
  }

  private wholeYearByDay(year: number, out: number[]): void {
    const january = monthOf(year, 1);
    const length = monthOf(year + 1, 1).firstDay - january.firstDay;
    const found: number[] = [];
    for (let weekday = 1; weekday <= 7; weekday++) {
      if (!(this.plainDays & (1 << weekday))) continue;
      for (let day = january.firstDay + ((weekday - january.firstWeekday + 7) % 7); day < january.firstDay + length; day += 7) found.push(day);
    }
    for (const { weekday, ordinal } of this.positioned) {
      const day = nthWeekday(january.firstDay, length, january.firstWeekday, weekday, ordinal);
      if (day !== null) found.push(day);
    }
    sortUnique(found);
    for (const day of found) out.push(day);
  }

  private monthDayMatches(facts: MonthFacts, day: number): boolean {
    const d = day - facts.firstDay + 1;
    return (this.rule.byMonthDay ?? []).some((monthDay) => (monthDay > 0 ? monthDay === d : facts.daysInMonth + monthDay + 1 === d));
  }

  /** BYDAY limiting BYMONTHDAY: the weekday, and for a position such as 2FR, that it is the 2nd Friday of the month. */
  private weekdayMatches(facts: MonthFacts, day: number, positionsWithinMonth: boolean): boolean {
    const weekday = weekdayIn(facts, day);
    if (this.plainDays & (1 << weekday)) return true;
    if (!positionsWithinMonth) return this.positioned.some((spec) => spec.weekday === weekday);
    const d = day - facts.firstDay + 1;
    return this.positioned.some(
      (spec) => spec.weekday === weekday && (spec.ordinal > 0 ? Math.floor((d - 1) / 7) + 1 === spec.ordinal : Math.floor((facts.daysInMonth - d) / 7) + 1 === -spec.ordinal),
    );
  }

  private positionInYearMatches(year: number, day: number): boolean {
    const january = monthOf(year, 1);
    const length = monthOf(year + 1, 1).firstDay - january.firstDay;
    const weekday = weekdayIn(monthOfDay(day), day);
    if (this.plainDays & (1 << weekday)) return true;
    const n = day - january.firstDay;
    return this.positioned.some(
      (spec) => spec.weekday === weekday && (spec.ordinal > 0 ? Math.floor(n / 7) + 1 === spec.ordinal : Math.floor((length - 1 - n) / 7) + 1 === -spec.ordinal),
    );
  }

  private pickPositions(days: number[]): number[] {
    const picked: number[] = [];
    for (const position of this.rule.bySetPos ?? []) {
      const day = position > 0 ? days[position - 1] : days[days.length + position];
      if (day !== undefined) picked.push(day);
    }
    sortUnique(picked);
    return picked;
  }
}

/** The ordinal-th weekday (1 = first, -1 = last) within a run of days starting on a known weekday, or null when there is none. */
function nthWeekday(firstDay: number, length: number, firstWeekday: number, weekday: number, ordinal: number): number | null {
  const first = firstDay + ((weekday - firstWeekday + 7) % 7);
  const day = ordinal > 0 ? first + 7 * (ordinal - 1) : first + 7 * Math.floor((firstDay + length - 1 - first) / 7) + 7 * (ordinal + 1);
  return day >= firstDay && day < firstDay + length ? day : null;
}

function sortUnique(days: number[]): void {
  if (days.length < 2) return;
  days.sort((a, b) => a - b);
  let w = 1;
  for (let r = 1; r < days.length; r++) if (days[r] !== days[w - 1]) days[w++] = days[r] as number;
  days.length = w;
}
