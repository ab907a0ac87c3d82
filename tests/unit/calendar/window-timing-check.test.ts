import { describe, expect, it } from 'vitest';
import { timingProblems } from '../../../main/core/calendar/recurrence/timing-check.js';

const monthly = { timeZone: 'Australia/Sydney', duration: 'PT2H' };

describe('a window whose timing makes no sense is refused, saying why', () => {
  it('a start that is not on its rule names the first occurrence the rule gives', () => {
    // 7 December 2026 is a Monday; the last Saturday of December 2026 is the 26th.
    expect(timingProblems({ ...monthly, start: '2026-12-07T23:00', rrule: 'FREQ=MONTHLY;BYDAY=-1SA' })).toEqual([
      {
        field: 'start',
        message: '2026-12-07T23:00 is not on the rule FREQ=MONTHLY;BYDAY=-1SA: its first occurrence from then is 2026-12-26T23:00; start there',
        firstOnRule: '2026-12-26T23:00',
      },
    ]);
  });

  it('UNTIL before the start, in each of its forms', () => {
    for (const until of ['20261201T000000Z', '20261201T000000', '20261201']) {
      expect(timingProblems({ ...monthly, start: '2026-12-26T23:00', rrule: `FREQ=MONTHLY;BYDAY=-1SA;UNTIL=${until}` })).toEqual([
        { field: 'rrule', message: `UNTIL is before the start 2026-12-26T23:00: the rule would have no occurrence` },
      ]);
    }
    // 26 December 23:00 in Sydney (AEDT, +11) is 12:00 UTC: an UNTIL of that very instant keeps it.
    expect(timingProblems({ ...monthly, start: '2026-12-26T23:00', rrule: 'FREQ=MONTHLY;BYDAY=-1SA;UNTIL=20261226T120000Z' })).toEqual([]);
  });

  it('a rule with no occurrence in the next ten years', () => {
    expect(timingProblems({ ...monthly, start: '2026-02-28T23:00', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' })).toEqual([
      { field: 'rrule', message: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30 gives no occurrence in the ten years from 2026-02-28T23:00' },
    ]);
    // 29 February comes every four years: rare, but well within ten.
    expect(timingProblems({ ...monthly, start: '2024-02-29T10:00', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29' })).toEqual([]);
  });

  it('a start on its rule, and a one-off window, are fine', () => {
    expect(timingProblems({ ...monthly, start: '2026-12-26T23:00', rrule: 'FREQ=MONTHLY;BYDAY=-1SA' })).toEqual([]);
    expect(timingProblems({ ...monthly, start: '2026-12-07T23:00' })).toEqual([]);
  });
});

describe('a start in a DST gap', () => {
  it('is on its rule all the same: the occurrence moves later, the start stays as written', () => {
    // Sydney's clocks jump from 02:00 to 03:00 on 4 October 2026, the first Sunday of October.
    expect(timingProblems({ start: '2026-10-04T02:30', timeZone: 'Australia/Sydney', duration: 'PT1H', rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=1SU' })).toEqual([]);
  });
});
