import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { expandWindow, nextOccurrence, type WindowTiming } from '../../../main/core/calendar/recurrence/expand.js';

const instant = (text: string) => Temporal.Instant.from(text).epochMilliseconds;
const zonedMs = (local: string, zone: string) => Temporal.PlainDateTime.from(local).toZonedDateTime(zone).epochMilliseconds;
const localOf = (epochMs: number, zone: string) => Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: 'minute' });
const YEARS_2024_2030 = { from: instant('2024-01-01T00:00:00Z'), to: instant('2031-01-01T00:00:00Z') };
const requestedOf = (window: WindowTiming, range = YEARS_2024_2030, limit?: number) => expandWindow(window, range, limit).map((o) => o.requested);

/** The last given ISO weekday of a month, found by walking back from its last day (independently of the engine). */
function lastWeekday(year: number, month: number, isoWeekday: number): Temporal.PlainDate {
  const first = Temporal.PlainDate.from({ year, month, day: 1 });
  let day = first.with({ day: first.daysInMonth });
  while (day.dayOfWeek !== isoWeekday) day = day.subtract({ days: 1 });
  return day;
}

describe('the last weekday of the month', () => {
  it.each([
    ['SA', 6, 'Australia/Sydney'],
    ['MO', 1, 'Europe/London'],
    ['FR', 5, 'America/New_York'],
  ] as const)('-1%s falls on the last such day of every month 2024–2030', (code, isoWeekday, zone) => {
    const window = { start: `${lastWeekday(2024, 1, isoWeekday).toString()}T23:00`, timeZone: zone, duration: 'PT2H', rrule: `FREQ=MONTHLY;BYDAY=-1${code}` };
    const expected: string[] = [];
    for (let year = 2024; year <= 2030; year++) for (let month = 1; month <= 12; month++) expected.push(`${lastWeekday(year, month, isoWeekday).toString()}T23:00`);
    expect(requestedOf(window)).toEqual(expected);
  });

  it.each([
    ['a 28-day February', 'FREQ=MONTHLY;BYDAY=-1MO', '2027-02', '2027-02-22T23:00'],
    ['a 29-day February (2028, leap)', 'FREQ=MONTHLY;BYDAY=-1SA', '2028-02', '2028-02-26T23:00'],
    ['a 29-day February ending on its last Tuesday', 'FREQ=MONTHLY;BYDAY=-1TU', '2028-02', '2028-02-29T23:00'],
    ['a 30-day month', 'FREQ=MONTHLY;BYDAY=-1FR', '2026-04', '2026-04-24T23:00'],
    ['a 31-day month ending on its last Saturday', 'FREQ=MONTHLY;BYDAY=-1SA', '2026-01', '2026-01-31T23:00'],
    ['a 31-day month ending on its last Monday', 'FREQ=MONTHLY;BYDAY=-1MO', '2026-08', '2026-08-31T23:00'],
  ])('in %s (%s)', (_, rrule, month, expected) => {
    const window = { start: '2024-01-01T23:00', timeZone: 'Europe/London', duration: 'PT2H', rrule };
    expect(requestedOf(window).filter((requested) => requested.startsWith(month))).toEqual([expected]);
  });

  it('APAC: a last Saturday that is the 31st runs 23:00 to 01:00 on the 1st of the next month', () => {
    const window = { start: '2026-01-31T23:00', timeZone: 'Australia/Sydney', duration: 'PT2H', rrule: 'FREQ=MONTHLY;BYDAY=-1SA' };
    const [january, february] = expandWindow(window, { from: instant('2026-01-01T00:00:00Z'), to: instant('2026-03-01T00:00:00Z') });
    expect(january).toMatchObject({ requested: '2026-01-31T23:00', start: instant('2026-01-31T12:00:00Z'), end: instant('2026-01-31T14:00:00Z'), crossesOffsetChange: false });
    expect(localOf(january?.end ?? 0, 'Australia/Sydney')).toBe('2026-02-01T01:00');
    // February 2026 is 28 days long and ends on a Saturday: the window ends on 1 March.
    expect(february?.requested).toBe('2026-02-28T23:00');
    expect(localOf(february?.end ?? 0, 'Australia/Sydney')).toBe('2026-03-01T01:00');
  });

  it('UK: a last Monday that is 31 December ends at 01:00 on New Year’s Day', () => {
    const window = { start: '2029-01-29T23:00', timeZone: 'Europe/London', duration: 'PT2H', rrule: 'FREQ=MONTHLY;BYDAY=-1MO' };
    const [december] = expandWindow(window, { from: instant('2029-12-01T00:00:00Z'), to: instant('2030-01-01T00:00:00Z') });
    expect(december).toMatchObject({ requested: '2029-12-31T23:00', start: instant('2029-12-31T23:00:00Z'), end: instant('2030-01-01T01:00:00Z') });
  });

  it('the last weekday of the month: BYDAY=MO,TU,WE,TH,FR with BYSETPOS=-1', () => {
    const window = { start: '2026-01-30T22:00', timeZone: 'UTC', duration: 'PT1H', rrule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1' };
    expect(requestedOf(window, { from: instant('2026-01-01T00:00:00Z'), to: instant('2026-07-01T00:00:00Z') })).toEqual([
      '2026-01-30T22:00',
      '2026-02-27T22:00',
      '2026-03-31T22:00',
      '2026-04-30T22:00',
      '2026-05-29T22:00',
      '2026-06-30T22:00',
    ]);
  });
});

describe('weekly upgrade slots', () => {
  it('APAC Thursday and Friday 20:00–24:00 Sydney: two a week, ending at midnight, in AEDT and AEST alike', () => {
    const window = { start: '2026-03-26T20:00', timeZone: 'Australia/Sydney', duration: 'PT4H', rrule: 'FREQ=WEEKLY;BYDAY=TH,FR' };
    const occurrences = expandWindow(window, { from: instant('2026-03-25T00:00:00Z'), to: instant('2026-04-11T00:00:00Z') });
    expect(occurrences.map((o) => o.requested)).toEqual(['2026-03-26T20:00', '2026-03-27T20:00', '2026-04-02T20:00', '2026-04-03T20:00', '2026-04-09T20:00', '2026-04-10T20:00']);
    expect(occurrences.map((o) => localOf(o.end, 'Australia/Sydney'))).toEqual(['2026-03-27T00:00', '2026-03-28T00:00', '2026-04-03T00:00', '2026-04-04T00:00', '2026-04-10T00:00', '2026-04-11T00:00']);
    // AEDT (+11) until 5 April, AEST (+10) after.
    expect(occurrences[3]?.start).toBe(instant('2026-04-03T09:00:00Z'));
    expect(occurrences[4]?.start).toBe(instant('2026-04-09T10:00:00Z'));
  });

  it('UK Monday 23:00–01:00: every Monday, ending on Tuesday', () => {
    const window = { start: '2026-01-05T23:00', timeZone: 'Europe/London', duration: 'PT2H', rrule: 'FREQ=WEEKLY;BYDAY=MO' };
    const occurrences = expandWindow(window, { from: instant('2026-03-20T00:00:00Z'), to: instant('2026-04-07T00:00:00Z') });
    expect(occurrences.map((o) => [o.requested, localOf(o.end, 'Europe/London')])).toEqual([
      ['2026-03-23T23:00', '2026-03-24T01:00'],
      ['2026-03-30T23:00', '2026-03-31T01:00'],
      ['2026-04-06T23:00', '2026-04-07T01:00'],
    ]);
    expect(occurrences[0]?.start).toBe(instant('2026-03-23T23:00:00Z'));
    expect(occurrences[1]?.start).toBe(instant('2026-03-30T22:00:00Z'));
  });

  it('RFC 5545 examples: WKST decides which weeks INTERVAL=2 keeps', () => {
    const base = { start: '1997-08-05T09:00', timeZone: 'America/New_York', duration: 'PT1H' };
    const range = { from: instant('1997-01-01T00:00:00Z'), to: instant('1998-01-01T00:00:00Z') };
    expect(requestedOf({ ...base, rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO' }, range)).toEqual([
      '1997-08-05T09:00',
      '1997-08-10T09:00',
      '1997-08-19T09:00',
      '1997-08-24T09:00',
    ]);
    expect(requestedOf({ ...base, rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU' }, range)).toEqual([
      '1997-08-05T09:00',
      '1997-08-17T09:00',
      '1997-08-19T09:00',
      '1997-08-31T09:00',
    ]);
  });
});

describe('COUNT, UNTIL and EXDATE', () => {
  const monthly = { start: '2026-01-31T23:00', timeZone: 'Australia/Sydney', duration: 'PT2H' };

  it('COUNT counts from the start, even when the range begins later', () => {
    const window = { ...monthly, rrule: 'FREQ=MONTHLY;BYDAY=-1SA;COUNT=5' };
    expect(requestedOf(window, { from: instant('2026-03-01T00:00:00Z'), to: instant('2027-01-01T00:00:00Z') })).toEqual([
      '2026-03-28T23:00',
      '2026-04-25T23:00',
      '2026-05-30T23:00',
    ]);
    expect(requestedOf(window, { from: instant('2026-06-01T00:00:00Z'), to: instant('2027-01-01T00:00:00Z') })).toEqual([]);
  });

  it('a start the rule would not pick is no extra occurrence: the series begins at the rule\'s first, and COUNT counts from there', () => {
    // 15 January 2026 is a Thursday; the last Saturdays are 31 January, 28 February and 28 March.
    const window = { ...monthly, start: '2026-01-15T23:00', rrule: 'FREQ=MONTHLY;BYDAY=-1SA;COUNT=3' };
    expect(requestedOf(window)).toEqual(['2026-01-31T23:00', '2026-02-28T23:00', '2026-03-28T23:00']);
    expect(expandWindow(window, YEARS_2024_2030).map((occurrence) => occurrence.position)).toEqual([1, 2, 3]);
  });

  it('the 20th Monday of the year, as RFC 5545 allows for YEARLY', () => {
    // 2027 begins on a Friday: its first Monday is 4 January, and 19 weeks later is 17 May. 2028 begins on a Saturday: 3 January, then 15 May.
    const window = { start: '2027-05-17T10:00', timeZone: 'UTC', duration: 'PT1H', rrule: 'FREQ=YEARLY;BYDAY=20MO;COUNT=2' };
    expect(requestedOf(window, { from: instant('2027-01-01T00:00:00Z'), to: instant('2029-01-01T00:00:00Z') })).toEqual(['2027-05-17T10:00', '2028-05-15T10:00']);
  });

  it('an excluded instance does not happen but still counts', () => {
    const window = { ...monthly, rrule: 'FREQ=MONTHLY;BYDAY=-1SA;COUNT=4', exdates: ['2026-02-28T23:00', '2026-03-28T22:00'] };
    expect(requestedOf(window)).toEqual(['2026-01-31T23:00', '2026-03-28T23:00', '2026-04-25T23:00']);
  });

  it('UNTIL includes an instance that starts exactly then, in each of its forms', () => {
    // 2026-04-25T23:00 Sydney (AEST, +10) is 2026-04-25T13:00Z.
    expect(requestedOf({ ...monthly, rrule: 'FREQ=MONTHLY;BYDAY=-1SA;UNTIL=20260425T130000Z' }).at(-1)).toBe('2026-04-25T23:00');
    expect(requestedOf({ ...monthly, rrule: 'FREQ=MONTHLY;BYDAY=-1SA;UNTIL=20260425T125959Z' }).at(-1)).toBe('2026-03-28T23:00');
    expect(requestedOf({ ...monthly, rrule: 'FREQ=MONTHLY;BYDAY=-1SA;UNTIL=20260425T230000' }).at(-1)).toBe('2026-04-25T23:00');
    expect(requestedOf({ ...monthly, rrule: 'FREQ=MONTHLY;BYDAY=-1SA;UNTIL=20260425' }).at(-1)).toBe('2026-04-25T23:00');
    expect(requestedOf({ ...monthly, rrule: 'FREQ=MONTHLY;BYDAY=-1SA;UNTIL=20260424' }).at(-1)).toBe('2026-03-28T23:00');
  });

  it('an occurrence that began before the range but is still running is included; limit caps the list', () => {
    const window = { ...monthly, rrule: 'FREQ=MONTHLY;BYDAY=-1SA' };
    const during = instant('2026-01-31T13:00:00Z');
    expect(requestedOf(window, { from: during, to: during + 1 })).toEqual(['2026-01-31T23:00']);
    expect(requestedOf(window, { from: instant('2026-01-31T14:00:00Z'), to: instant('2026-02-28T12:00:00Z') })).toEqual([]);
    expect(requestedOf(window, YEARS_2024_2030, 2)).toEqual(['2026-01-31T23:00', '2026-02-28T23:00']);
  });
});

describe('other calendar patterns', () => {
  it('BYMONTHDAY=31 skips shorter months; -1 is always the last day', () => {
    const base = { start: '2026-01-31T02:00', timeZone: 'Asia/Kolkata', duration: 'PT1H' };
    const year = { from: instant('2026-01-01T00:00:00Z'), to: instant('2027-01-01T00:00:00Z') };
    expect(requestedOf({ ...base, rrule: 'FREQ=MONTHLY;BYMONTHDAY=31' }, year).map((r) => r.slice(5, 10))).toEqual(['01-31', '03-31', '05-31', '07-31', '08-31', '10-31', '12-31']);
    expect(requestedOf({ ...base, rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1' }, year).map((r) => r.slice(5, 10))).toEqual([
      '01-31', '02-28', '03-31', '04-30', '05-31', '06-30', '07-31', '08-31', '09-30', '10-31', '11-30', '12-31',
    ]);
  });

  it('a yearly window on 29 February happens in leap years only', () => {
    const window = { start: '2024-02-29T12:00', timeZone: 'Pacific/Chatham', duration: 'PT1H', rrule: 'FREQ=YEARLY' };
    expect(requestedOf(window)).toEqual(['2024-02-29T12:00', '2028-02-29T12:00']);
  });

  it('YEARLY with BYMONTH and a position counts within the month: the last Sunday of March and October', () => {
    const window = { start: '2026-03-29T01:00', timeZone: 'UTC', duration: 'PT1H', rrule: 'FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;COUNT=4' };
    expect(requestedOf(window)).toEqual(['2026-03-29T01:00', '2026-10-25T01:00', '2027-03-28T01:00', '2027-10-31T01:00']);
  });

  it('DAILY with INTERVAL and BYDAY keeps the interval from the start', () => {
    const window = { start: '2026-01-01T06:00', timeZone: 'UTC', duration: 'PT1H', rrule: 'FREQ=DAILY;INTERVAL=3;BYDAY=MO,TU,WE,TH,FR;COUNT=5' };
    expect(requestedOf(window)).toEqual(['2026-01-01T06:00', '2026-01-07T06:00', '2026-01-13T06:00', '2026-01-16T06:00', '2026-01-19T06:00']);
  });

  it('a window far from its start is found without walking from it, with the same answers', () => {
    const window = { start: '2001-01-01T23:00', timeZone: 'Europe/London', duration: 'PT2H', rrule: 'FREQ=DAILY;INTERVAL=7' };
    const far = expandWindow(window, { from: zonedMs('2030-06-01T00:00', 'Europe/London'), to: zonedMs('2030-06-15T00:00', 'Europe/London') });
    expect(far.map((o) => o.requested)).toEqual(['2030-06-03T23:00', '2030-06-10T23:00']);
    expect(far[0]?.start).toBe(instant('2030-06-03T22:00:00Z'));
  });
});

describe('nextOccurrence', () => {
  const window = { start: '2026-01-26T23:00', timeZone: 'Europe/London', duration: 'PT2H', rrule: 'FREQ=MONTHLY;BYDAY=-1MO;COUNT=3' };

  it('is the first occurrence starting at or after the moment', () => {
    expect(nextOccurrence(window, instant('2026-02-01T00:00:00Z'))?.requested).toBe('2026-02-23T23:00');
    expect(nextOccurrence(window, instant('2026-02-23T23:00:00Z'))?.requested).toBe('2026-02-23T23:00');
    expect(nextOccurrence(window, instant('2026-02-23T23:30:00Z'))?.requested).toBe('2026-03-30T23:00');
  });

  it('is null once the rule is spent, or when it can never happen', () => {
    expect(nextOccurrence(window, instant('2026-04-01T00:00:00Z'))).toBeNull();
    expect(nextOccurrence({ start: '2026-01-30T00:00', timeZone: 'UTC', duration: 'PT1H', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }, instant('2026-02-01T00:00:00Z'))).toBeNull();
    expect(nextOccurrence({ start: '2026-01-30T00:00', timeZone: 'UTC', duration: 'PT1H' }, instant('2026-02-01T00:00:00Z'))).toBeNull();
  });
});

describe('refuses what is not a window', () => {
  it('names the bad part', () => {
    const base = { start: '2026-01-26T23:00', timeZone: 'Europe/London', duration: 'PT2H' };
    expect(() => expandWindow({ ...base, rrule: 'FREQ=HOURLY' }, YEARS_2024_2030)).toThrow('FREQ=HOURLY is not supported');
    expect(() => expandWindow({ ...base, start: '2026-02-30T23:00' }, YEARS_2024_2030)).toThrow('start: "2026-02-30T23:00" is not a local date and time');
    expect(() => expandWindow({ ...base, exdates: ['yesterday'] }, YEARS_2024_2030)).toThrow('exdate: "yesterday"');
    expect(() => expandWindow({ ...base, duration: 'P1M' }, YEARS_2024_2030)).toThrow('years, months and weeks have no fixed length');
  });
});
