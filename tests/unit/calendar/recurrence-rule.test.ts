import { describe, expect, it } from 'vitest';
import { describeWindowTiming, formatRecurrence, parseRecurrence } from '../../../shared/fleet-definition/recurrence-rule.js';

function messageOf(text: string): string {
  const parsed = parseRecurrence(text);
  if (parsed.ok) throw new Error(`expected "${text}" to be refused`);
  return parsed.message;
}

describe('parseRecurrence', () => {
  it('reads the rules of the two operating models', () => {
    expect(parseRecurrence('FREQ=MONTHLY;BYDAY=-1SA')).toEqual({ ok: true, rule: { freq: 'MONTHLY', interval: 1, byDay: [{ day: 'SA', ordinal: -1 }] } });
    expect(parseRecurrence('RRULE:FREQ=WEEKLY;BYDAY=TH,FR;UNTIL=20271231T000000Z')).toEqual({
      ok: true,
      rule: { freq: 'WEEKLY', interval: 1, byDay: [{ day: 'TH' }, { day: 'FR' }], until: { form: 'utc', value: '2027-12-31T00:00:00Z' } },
    });
    expect(parseRecurrence('freq=monthly;byday=-1mo;count=12')).toEqual({ ok: true, rule: { freq: 'MONTHLY', interval: 1, count: 12, byDay: [{ day: 'MO', ordinal: -1 }] } });
  });

  it('takes a position within the year for a YEARLY rule without BYMONTH (RFC 5545: BYDAY=20MO)', () => {
    expect(parseRecurrence('FREQ=YEARLY;BYDAY=20MO')).toEqual({ ok: true, rule: { freq: 'YEARLY', interval: 1, byDay: [{ day: 'MO', ordinal: 20 }] } });
    expect(parseRecurrence('FREQ=YEARLY;BYDAY=-53FR')).toMatchObject({ ok: true });
  });

  it('keeps the three forms of UNTIL apart', () => {
    const until = (text: string) => {
      const parsed = parseRecurrence(`FREQ=DAILY;UNTIL=${text}`);
      return parsed.ok ? parsed.rule.until : parsed.message;
    };
    expect(until('20270101T120000Z')).toEqual({ form: 'utc', value: '2027-01-01T12:00:00Z' });
    expect(until('20270101T120000')).toEqual({ form: 'local', value: '2027-01-01T12:00:00' });
    expect(until('20270101')).toEqual({ form: 'date', value: '2027-01-01' });
    expect(until('20270230')).toBe('UNTIL: "20270230" is not a real date and time');
  });

  it.each([
    ['FREQ=DAILY;BYHOUR=3', 'BYHOUR is not supported'],
    ['FREQ=DAILY;BYMINUTE=30', 'BYMINUTE is not supported'],
    ['FREQ=DAILY;BYSECOND=1', 'BYSECOND is not supported'],
    ['FREQ=YEARLY;BYWEEKNO=20', 'BYWEEKNO is not supported'],
    ['FREQ=YEARLY;BYYEARDAY=100', 'BYYEARDAY is not supported'],
    ['FREQ=HOURLY', 'FREQ=HOURLY is not supported'],
    ['FREQ=MINUTELY', 'FREQ=MINUTELY is not supported'],
    ['FREQ=SECONDLY', 'FREQ=SECONDLY is not supported'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z', 'COUNT and UNTIL cannot both be given'],
    ['FREQ=WEEKLY;BYDAY=-1SA', 'BYDAY with a position such as -1SA needs FREQ=MONTHLY or FREQ=YEARLY'],
    ['FREQ=WEEKLY;BYMONTHDAY=1', 'BYMONTHDAY cannot be used with FREQ=WEEKLY'],
    ['FREQ=MONTHLY;BYSETPOS=1', 'BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH'],
    ['BYDAY=MO', 'FREQ is missing'],
    ['FREQ=FORTNIGHTLY', 'FREQ: "FORTNIGHTLY" is not DAILY, WEEKLY, MONTHLY or YEARLY'],
    ['FREQ=MONTHLY;BYDAY=-6SA', 'BYDAY: "-6SA" has position -6; a month has at most 5 of a weekday'],
    ['FREQ=YEARLY;BYMONTH=3;BYDAY=6MO', 'BYDAY: "6MO" has position 6; a month has at most 5 of a weekday'],
    ['FREQ=YEARLY;BYDAY=54MO', 'BYDAY: "54MO" has position 54; a year has at most 53 of a weekday'],
    ['FREQ=YEARLY;BYDAY=0MO', 'BYDAY: "0MO" has position 0'],
    ['FREQ=MONTHLY;BYDAY=SAT', 'BYDAY: "SAT" is not a weekday'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'BYMONTHDAY'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'BYMONTHDAY: expected -31 to -1 or 1 to 31'],
    ['FREQ=YEARLY;BYMONTH=13', 'BYMONTH: expected 1 to 12'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=400', 'BYSETPOS: expected -366 to -1 or 1 to 366'],
    ['FREQ=DAILY;INTERVAL=0', 'INTERVAL: expected 1 or more'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'FREQ is given twice'],
    ['FREQ=DAILY;WKST=XX', 'WKST: "XX" is not a weekday'],
    ['FREQ=DAILY;X-NAME=1', 'X-NAME is not a recurrence rule part'],
    ['FREQ=DAILY;RSCALE=HEBREW', 'RSCALE is not supported'],
    ['FREQ=DAILY;BYDAY', '"BYDAY" is not NAME=VALUE'],
    ['', 'expected a recurrence rule'],
  ])('refuses %s, naming the part', (text, expected) => {
    expect(messageOf(text)).toContain(expected);
  });

  it('writes a canonical rule that reads back the same', () => {
    const texts = [
      'BYDAY=-1SA;FREQ=MONTHLY',
      'FREQ=WEEKLY;INTERVAL=1;BYDAY=TH,FR;UNTIL=20271231T000000Z',
      'WKST=SU;FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU',
      'FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR',
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;UNTIL=20400101',
    ];
    const canonical = texts.map((text) => {
      const parsed = parseRecurrence(text);
      if (!parsed.ok) throw new Error(parsed.message);
      return formatRecurrence(parsed.rule);
    });
    expect(canonical).toEqual([
      'FREQ=MONTHLY;BYDAY=-1SA',
      'FREQ=WEEKLY;UNTIL=20271231T000000Z;BYDAY=TH,FR',
      'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU',
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
      'FREQ=YEARLY;UNTIL=20400101;BYMONTH=2;BYMONTHDAY=29',
    ]);
    for (const text of canonical) {
      const again = parseRecurrence(text);
      expect(again.ok && formatRecurrence(again.rule)).toBe(text);
    }
  });
});

describe('describeWindowTiming', () => {
  it('puts the windows of the operating models in words', () => {
    expect(describeWindowTiming({ rrule: 'FREQ=MONTHLY;BYDAY=-1SA', start: '2026-01-31T23:00', timeZone: 'Australia/Sydney', duration: 'PT2H' })).toBe(
      'Monthly on the last Saturday at 23:00 Australia/Sydney, for 2 h',
    );
    expect(describeWindowTiming({ rrule: 'FREQ=MONTHLY;BYDAY=-1MO', start: '2026-01-26T23:00', timeZone: 'Europe/London', duration: 'PT2H' })).toBe(
      'Monthly on the last Monday at 23:00 Europe/London, for 2 h',
    );
    expect(describeWindowTiming({ rrule: 'FREQ=WEEKLY;BYDAY=TH,FR', start: '2026-01-01T20:00', timeZone: 'Australia/Sydney', duration: 'PT4H' })).toBe(
      'Weekly on Thursday and Friday at 20:00 Australia/Sydney, for 4 h',
    );
    expect(describeWindowTiming({ start: '2026-12-05T23:00', timeZone: 'Europe/London', duration: 'PT2H' })).toBe('Once, 2026-12-05 23:00 Europe/London, for 2 h');
  });

  it('says the interval, the bound, the picked position and minutes', () => {
    expect(describeWindowTiming({ rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=6', start: '2026-01-05T23:00', timeZone: 'Europe/London', duration: 'PT1H30M' })).toBe(
      'Every 2 weeks on Monday at 23:00 Europe/London, for 1 h 30 min, 6 times',
    );
    expect(describeWindowTiming({ rrule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;UNTIL=20271231T130000Z', start: '2026-01-30T22:00', timeZone: 'UTC', duration: 'PT30M' })).toBe(
      'Monthly on the last of Monday, Tuesday, Wednesday, Thursday and Friday at 22:00 UTC, for 30 min, until 2027-12-31 13:00 UTC',
    );
    expect(describeWindowTiming({ rrule: 'FREQ=MONTHLY', start: '2026-01-31T02:00', timeZone: 'Asia/Kolkata', duration: 'P1DT2H' })).toBe(
      'Monthly on the 31st at 02:00 Asia/Kolkata, for 1 d 2 h',
    );
    expect(describeWindowTiming({ rrule: 'FREQ=YEARLY', start: '2026-12-24T18:00', timeZone: 'Pacific/Chatham', duration: 'PT6H' })).toBe(
      'Yearly on 24 December at 18:00 Pacific/Chatham, for 6 h',
    );
  });

  it('shows a rule it cannot read as it is, with the reason', () => {
    expect(describeWindowTiming({ rrule: 'FREQ=HOURLY', start: '2026-01-01T00:00', timeZone: 'UTC', duration: 'PT1H' })).toBe(
      'Repeats by "FREQ=HOURLY" (FREQ=HOURLY is not supported: a window repeats at most daily (DAILY, WEEKLY, MONTHLY or YEARLY)), from 2026-01-01 00:00 UTC, for 1 h',
    );
  });
});
