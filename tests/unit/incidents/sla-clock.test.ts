import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { HoldReason, IncidentStatus, StatusChange } from '../../../shared/contract/incidents.js';
import { BusinessHours, defaultIncidents } from '../../../shared/fleet-definition/incidents.js';
import { runningMsBetween, type SlaCalendar } from '../../../main/core/incidents/sla-calendar.js';
import { clockLater, slaClocks, slaTermsOf, type SlaTerms } from '../../../main/core/incidents/sla-clock.js';

/**
 * SLA clocks against values worked out by hand. Instants are written with the offset the zone
 * has at that moment, so the working can be checked against a wall clock; the expected answers
 * are in UTC.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;
const ms = (text: string) => Temporal.Instant.from(text).epochMilliseconds;
const iso = (value: number | null) => (value === null ? null : Temporal.Instant.fromEpochMilliseconds(value).toString({ smallestUnit: 'minute' }));

const change = (at: string, status: IncidentStatus, hold: HoldReason | null = null): StatusChange => ({ at: ms(at), status, hold, by: 'Ana Ruiz' });
const businessHours = (input: Partial<BusinessHours>): SlaCalendar => ({ kind: 'business-hours', hours: BusinessHours.parse(input) });
const terms = (overrides: Partial<SlaTerms>): SlaTerms => ({
  response: 'PT1H',
  resolution: 'PT8H',
  pauseOn: ['waiting-for-customer'],
  calendar: { kind: '24x7' },
  warnAt: [50, 75],
  ...overrides,
});
const warningsOf = (clock: { warnings: Array<{ percent: number; at: number | null; passed: boolean }> }) =>
  clock.warnings.map((warning) => ({ percent: warning.percent, at: iso(warning.at), passed: warning.passed }));

/** A night desk in a zone: every day 22:00 to 06:00 the next morning. */
const nightDesk = (timeZone: string) => businessHours({ timeZone, weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '22:00', end: '06:00' });

describe('SLA clocks, 24x7', () => {
  it('a Sev1 answered and resolved in time: both clocks stop, with the warnings that passed', () => {
    // Sev1 defaults: response PT15M, resolution PT4H, 24x7, warnings at 50 % and 75 %.
    // Declared 10:00Z, investigating 10:05Z: response 5 min of 15, stopped; its warnings (7.5 and
    // 11.25 min) were never reached. Resolved 12:50Z: 2 h 50 min of 4 h; 50 % (2 h) at 12:00Z
    // passed, 75 % (3 h, 13:00Z) never reached.
    const sev1 = slaTermsOf(defaultIncidents(), 'sev1');
    const history = [change('2026-03-10T10:00Z', 'triage'), change('2026-03-10T10:05Z', 'investigating'), change('2026-03-10T12:50Z', 'resolved')];
    const { response, resolution } = slaClocks(sev1, history, ms('2026-03-10T13:30Z'));

    expect(response).toMatchObject({ state: 'stopped', elapsedMs: 5 * MINUTE, remainingMs: 10 * MINUTE, breached: false, breachAt: null });
    expect(iso(response.stoppedAt)).toBe('2026-03-10T10:05Z');
    expect(warningsOf(response)).toEqual([
      { percent: 50, at: null, passed: false },
      { percent: 75, at: null, passed: false },
    ]);
    expect(resolution).toMatchObject({ state: 'stopped', elapsedMs: 2 * HOUR + 50 * MINUTE, remainingMs: 70 * MINUTE, breached: false, breachAt: null, pauses: [] });
    expect(iso(resolution.stoppedAt)).toBe('2026-03-10T12:50Z');
    expect(warningsOf(resolution)).toEqual([
      { percent: 50, at: '2026-03-10T12:00Z', passed: true },
      { percent: 75, at: null, passed: false },
    ]);
  });

  it('a breach: the instant the target was reached, and by how much it is over', () => {
    // Sev1: taken up at 10:20Z, 5 min after the 15 min response target (breach 10:15Z). Still
    // identified at 14:30Z: 4 h 30 min of the 4 h resolution target, breached at 14:00Z; the
    // warnings passed at 12:00Z (2 h) and 13:00Z (3 h).
    const sev1 = slaTermsOf(defaultIncidents(), 'sev1');
    const history = [change('2026-03-10T10:00Z', 'triage'), change('2026-03-10T10:20Z', 'investigating'), change('2026-03-10T11:00Z', 'identified')];
    const { response, resolution } = slaClocks(sev1, history, ms('2026-03-10T14:30Z'));

    expect(response).toMatchObject({ state: 'stopped', breached: true, remainingMs: -5 * MINUTE });
    expect(iso(response.breachAt)).toBe('2026-03-10T10:15Z');
    expect(resolution).toMatchObject({ state: 'running', breached: true, elapsedMs: 4.5 * HOUR, remainingMs: -30 * MINUTE });
    expect(iso(resolution.breachAt)).toBe('2026-03-10T14:00Z');
    expect(warningsOf(resolution)).toEqual([
      { percent: 50, at: '2026-03-10T12:00Z', passed: true },
      { percent: 75, at: '2026-03-10T13:00Z', passed: true },
    ]);
  });

  it('waiting for the customer pauses the clock; the breach moves by the pause', () => {
    // Resolution PT8H from 00:00Z. Counted 00:00-02:00 (2 h), paused 02:00-05:00 waiting for the
    // customer, counting again from 05:00: at 06:00Z, 3 h used, 5 h left, breach 06:00 + 5 h =
    // 11:00Z. 50 % (4 h): 2 h before the pause, 2 h after 05:00 = 07:00Z; 75 % (6 h) = 09:00Z.
    const history = [
      change('2026-03-10T00:00Z', 'triage'),
      change('2026-03-10T00:10Z', 'investigating'),
      change('2026-03-10T02:00Z', 'identified', 'waiting-for-customer'),
      change('2026-03-10T05:00Z', 'identified'),
    ];
    const { resolution } = slaClocks(terms({}), history, ms('2026-03-10T06:00Z'));

    expect(resolution).toMatchObject({ state: 'running', elapsedMs: 3 * HOUR, remainingMs: 5 * HOUR, breached: false });
    expect(resolution.pauses).toEqual([{ from: ms('2026-03-10T02:00Z'), to: ms('2026-03-10T05:00Z'), reason: 'waiting-for-customer' }]);
    expect(iso(resolution.breachAt)).toBe('2026-03-10T11:00Z');
    expect(warningsOf(resolution)).toEqual([
      { percent: 50, at: '2026-03-10T07:00Z', passed: false },
      { percent: 75, at: '2026-03-10T09:00Z', passed: false },
    ]);
  });

  it('while paused, nothing is projected: the breach is not known until the clock runs again', () => {
    const history = [change('2026-03-10T00:00Z', 'triage'), change('2026-03-10T00:10Z', 'investigating'), change('2026-03-10T02:00Z', 'investigating', 'waiting-for-customer')];
    const { resolution } = slaClocks(terms({}), history, ms('2026-03-10T03:00Z'));

    expect(resolution).toMatchObject({ state: 'paused', elapsedMs: 2 * HOUR, breachAt: null });
    expect(resolution.pauses).toEqual([{ from: ms('2026-03-10T02:00Z'), to: null, reason: 'waiting-for-customer' }]);
  });

  it('a hold the severity does not pause on leaves the clock running', () => {
    // Waiting for a vendor is the provider's risk: 00:00-03:00Z all counts.
    const history = [change('2026-03-10T00:00Z', 'triage'), change('2026-03-10T00:10Z', 'investigating'), change('2026-03-10T01:00Z', 'investigating', 'waiting-for-vendor')];
    const { resolution } = slaClocks(terms({}), history, ms('2026-03-10T03:00Z'));
    expect(resolution).toMatchObject({ state: 'running', elapsedMs: 3 * HOUR, pauses: [] });
  });

  it('a pause in triage holds the response clock too', () => {
    // Response PT1H: counted 00:00-00:20Z, paused to 01:00Z, counting again: at 01:30Z, 50 min used; breach 01:40Z.
    const history = [change('2026-03-10T00:00Z', 'triage'), change('2026-03-10T00:20Z', 'triage', 'waiting-for-customer'), change('2026-03-10T01:00Z', 'triage')];
    const { response } = slaClocks(terms({}), history, ms('2026-03-10T01:30Z'));
    expect(response).toMatchObject({ state: 'running', elapsedMs: 50 * MINUTE });
    expect(iso(response.breachAt)).toBe('2026-03-10T01:40Z');
  });

  it('a reopened incident goes on from where its clock stopped; the time it was resolved is a pause', () => {
    // Counted 00:00-03:00Z (3 h), resolved 03:00-04:00Z, reopened: at 05:00Z, 4 h used; breach 05:00 + 4 h = 09:00Z.
    const history = [
      change('2026-03-10T00:00Z', 'triage'),
      change('2026-03-10T00:10Z', 'investigating'),
      change('2026-03-10T03:00Z', 'resolved'),
      change('2026-03-10T04:00Z', 'investigating'),
    ];
    const { resolution } = slaClocks(terms({}), history, ms('2026-03-10T05:00Z'));
    expect(resolution).toMatchObject({ state: 'running', elapsedMs: 4 * HOUR, stoppedAt: null });
    expect(resolution.pauses).toEqual([{ from: ms('2026-03-10T03:00Z'), to: ms('2026-03-10T04:00Z'), reason: 'resolved' }]);
    expect(iso(resolution.breachAt)).toBe('2026-03-10T09:00Z');
  });

  it('a closed incident\'s resolution clock stopped when it was resolved, not when it was closed', () => {
    const history = [change('2026-03-10T00:00Z', 'triage'), change('2026-03-10T00:10Z', 'investigating'), change('2026-03-10T02:00Z', 'resolved'), change('2026-03-12T09:00Z', 'closed')];
    const { resolution } = slaClocks(terms({}), history, ms('2026-03-13T00:00Z'));
    expect(resolution).toMatchObject({ state: 'stopped', elapsedMs: 2 * HOUR, pauses: [] });
    expect(iso(resolution.stoppedAt)).toBe('2026-03-10T02:00Z');
  });

  it('reads the history in time order whatever order it is given in', () => {
    const history = [change('2026-03-10T02:00Z', 'identified', 'waiting-for-customer'), change('2026-03-10T00:00Z', 'triage'), change('2026-03-10T05:00Z', 'identified'), change('2026-03-10T00:10Z', 'investigating')];
    expect(slaClocks(terms({}), history, ms('2026-03-10T06:00Z')).resolution.elapsedMs).toBe(3 * HOUR);
  });

  it('a cancelled incident stops both clocks', () => {
    const history = [change('2026-03-10T00:00Z', 'triage'), change('2026-03-10T00:30Z', 'cancelled')];
    const { response, resolution } = slaClocks(terms({}), history, ms('2026-03-10T05:00Z'));
    expect(response).toMatchObject({ state: 'stopped', elapsedMs: 30 * MINUTE });
    expect(resolution).toMatchObject({ state: 'stopped', elapsedMs: 30 * MINUTE, breachAt: null });
  });
});

describe('SLA clocks, business hours in Sydney', () => {
  it('a night desk across the April change (clocks go back an hour): the span is 9 hours, the breach an hour earlier on the wall clock', () => {
    // Sun 5 April 2026, 03:00 AEDT (+11) becomes 02:00 AEST (+10). The span from Sat 22:00 AEDT
    // (4 Apr 11:00Z) to Sun 06:00 AEST (4 Apr 20:00Z) lasts 9 h. Declared Sat 21:00 AEDT
    // (10:00Z), before the desk opens: PT8H runs out at 11:00Z + 8 h = 19:00Z, which is
    // 05:00 AEST on the wall clock. At Sun 12:00 AEST the whole 9 h span has counted: 1 h over.
    // Warnings: 4 h (15:00Z) and 6 h (17:00Z).
    const history = [change('2026-04-04T21:00+11:00', 'triage'), change('2026-04-04T22:10+11:00', 'investigating')];
    const { response, resolution } = slaClocks(terms({ calendar: nightDesk('Australia/Sydney') }), history, ms('2026-04-05T12:00+10:00'));

    expect(response).toMatchObject({ state: 'stopped', elapsedMs: 10 * MINUTE });
    expect(resolution).toMatchObject({ state: 'running', elapsedMs: 9 * HOUR, remainingMs: -1 * HOUR, breached: true });
    expect(iso(resolution.breachAt)).toBe('2026-04-04T19:00Z');
    expect(warningsOf(resolution)).toEqual([
      { percent: 50, at: '2026-04-04T15:00Z', passed: true },
      { percent: 75, at: '2026-04-04T17:00Z', passed: true },
    ]);
  });

  it('declared inside a span that began the evening before (after midnight), counting from the declaration', () => {
    // Declared Sun 5 April 02:30 AEST (the second 02:30; 4 Apr 16:30Z), in the span that ends
    // 06:00 AEST (20:00Z): 3 h 30 min there. PT8H needs 4 h 30 min more from the next span,
    // Sun 22:00 AEST (5 Apr 12:00Z): 16:30Z.
    const history = [change('2026-04-05T02:30+10:00', 'triage')];
    const { resolution } = slaClocks(terms({ calendar: nightDesk('Australia/Sydney') }), history, ms('2026-04-05T03:00+10:00'));
    expect(resolution.elapsedMs).toBe(30 * MINUTE);
    expect(iso(resolution.breachAt)).toBe('2026-04-05T16:30Z');
  });

  it('a night desk across the October change (clocks go forward): the span is 7 hours and the breach falls in the next night', () => {
    // Sun 4 October 2026, 02:00 AEST (+10) becomes 03:00 AEDT (+11). Sat 22:00 AEST (3 Oct 12:00Z)
    // to Sun 06:00 AEDT (3 Oct 19:00Z) is 7 h. Declared at the start: PT8H needs 1 h of the next
    // span, Sun 22:00 AEDT (4 Oct 11:00Z): breach 12:00Z, 23:00 AEDT.
    const history = [change('2026-10-03T22:00+10:00', 'triage')];
    const calendar = nightDesk('Australia/Sydney');
    const { resolution } = slaClocks(terms({ calendar }), history, ms('2026-10-04T12:00+11:00'));

    expect(runningMsBetween(calendar, ms('2026-10-03T12:00Z'), ms('2026-10-04T00:00Z'))).toBe(7 * HOUR);
    expect(resolution).toMatchObject({ state: 'running', elapsedMs: 7 * HOUR, remainingMs: 1 * HOUR, breached: false });
    expect(iso(resolution.breachAt)).toBe('2026-10-04T12:00Z');
  });

  it('office hours over the October change weekend and the Labour Day holiday', () => {
    // Mon-Fri 09:00-17:00 Australia/Sydney. Declared Fri 2 Oct 2026 15:00 AEST (05:00Z): 2 h
    // that day. Clocks go forward on Sunday; Mon 5 Oct is Labour Day (a holiday). PT4H needs 2 h
    // more from Tue 6 Oct 09:00 AEDT (5 Oct 22:00Z): breach 11:00 AEDT = 6 Oct 00:00Z. Warnings:
    // 2 h at Fri 17:00 AEST (07:00Z), 3 h at Tue 10:00 AEDT (5 Oct 23:00Z).
    const calendar = businessHours({ timeZone: 'Australia/Sydney', holidays: ['2026-10-05'] });
    const history = [change('2026-10-02T15:00+10:00', 'triage')];
    const { response } = slaClocks(terms({ response: 'PT4H', calendar }), history, ms('2026-10-05T12:00+11:00'));

    expect(response).toMatchObject({ state: 'running', elapsedMs: 2 * HOUR, remainingMs: 2 * HOUR });
    expect(iso(response.breachAt)).toBe('2026-10-06T00:00Z');
    expect(warningsOf(response)).toEqual([
      { percent: 50, at: '2026-10-02T07:00Z', passed: true },
      { percent: 75, at: '2026-10-05T23:00Z', passed: false },
    ]);

    // Without the holiday the clock runs on Monday, 09:00 AEDT (4 Oct 22:00Z) + 2 h.
    const noHoliday = slaClocks(terms({ response: 'PT4H', calendar: businessHours({ timeZone: 'Australia/Sydney' }) }), history, ms('2026-10-02T16:00+10:00'));
    expect(iso(noHoliday.response.breachAt)).toBe('2026-10-05T00:00Z');
  });
});

describe('SLA clocks, business hours in London', () => {
  it('office hours over the March change weekend: Monday starts at 09:00 BST, an hour earlier in UTC than Friday', () => {
    // Mon-Fri 09:00-17:30 Europe/London. Sun 29 March 2026, 01:00 GMT becomes 02:00 BST.
    // Declared Fri 27 Mar 16:30 GMT (16:30Z): 1 h that day. PT4H needs 3 h from Mon 09:00 BST
    // (30 Mar 08:00Z): breach 11:00Z (12:00 BST). Warnings: 2 h at 09:00Z, 3 h at 10:00Z.
    const calendar = businessHours({ timeZone: 'Europe/London', end: '17:30' });
    const history = [change('2026-03-27T16:30Z', 'triage')];
    const { response } = slaClocks(terms({ response: 'PT4H', calendar }), history, ms('2026-03-30T09:30+01:00'));

    expect(response).toMatchObject({ state: 'running', elapsedMs: 1.5 * HOUR, remainingMs: 2.5 * HOUR });
    expect(iso(response.breachAt)).toBe('2026-03-30T11:00Z');
    expect(warningsOf(response)).toEqual([
      { percent: 50, at: '2026-03-30T09:00Z', passed: false },
      { percent: 75, at: '2026-03-30T10:00Z', passed: false },
    ]);
  });

  it('a night desk across the March change: 22:00 GMT to 06:00 BST is 7 hours', () => {
    // Sat 28 Mar 22:00 GMT (22:00Z) to Sun 29 Mar 06:00 BST (05:00Z): 7 h. PT8H from 22:00Z
    // needs 1 h of Sun 22:00 BST (21:00Z): breach 29 Mar 22:00Z.
    const history = [change('2026-03-28T22:00Z', 'triage')];
    const { resolution } = slaClocks(terms({ calendar: nightDesk('Europe/London') }), history, ms('2026-03-29T12:00+01:00'));
    expect(resolution.elapsedMs).toBe(7 * HOUR);
    expect(iso(resolution.breachAt)).toBe('2026-03-29T22:00Z');
  });

  it('a Sunday desk on the October change day runs 25 hours', () => {
    // Sundays 00:00-24:00 Europe/London. Sun 25 Oct 2026, 02:00 BST becomes 01:00 GMT: the span
    // from 00:00 BST (24 Oct 23:00Z) to Mon 00:00 GMT (26 Oct 00:00Z) is 25 h. Declared Sat
    // 24 Oct 13:00 BST: PT24H runs out at 24 Oct 23:00Z + 24 h = 25 Oct 23:00Z (23:00 GMT),
    // an hour before the wall clock's midnight; by Monday 25 h have counted: 1 h over.
    const calendar = businessHours({ timeZone: 'Europe/London', weekdays: ['sun'], start: '00:00', end: '24:00' });
    const history = [change('2026-10-24T13:00+01:00', 'triage'), change('2026-10-24T13:05+01:00', 'investigating')];
    const { resolution } = slaClocks(terms({ resolution: 'PT24H', calendar }), history, ms('2026-10-27T00:00Z'));

    expect(resolution).toMatchObject({ state: 'running', elapsedMs: 25 * HOUR, remainingMs: -1 * HOUR, breached: true });
    expect(iso(resolution.breachAt)).toBe('2026-10-25T23:00Z');
  });

  it('a night desk across the October change: 22:00 BST to 06:00 GMT is 9 hours', () => {
    // Sat 24 Oct 22:00 BST (21:00Z) to Sun 25 Oct 06:00 GMT (06:00Z): 9 h.
    expect(runningMsBetween(nightDesk('Europe/London'), ms('2026-10-24T12:00Z'), ms('2026-10-25T12:00Z'))).toBe(9 * HOUR);
  });

  it('a holiday removes the night span that starts on it, not the one that runs into it', () => {
    // Night desk 22:00-06:00 London (GMT), Christmas Day a holiday: the span from Christmas Eve
    // 22:00 into Christmas morning counts (8 h); the one starting Christmas night does not.
    const calendar = businessHours({ timeZone: 'Europe/London', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '22:00', end: '06:00', holidays: ['2026-12-25'] });
    expect(runningMsBetween(calendar, ms('2026-12-24T12:00Z'), ms('2026-12-26T12:00Z'))).toBe(8 * HOUR);
  });

  it('public holidays are skipped: Easter 2026', () => {
    // Mon-Fri 09:00-17:00 Europe/London, Good Friday 3 Apr and Easter Monday 6 Apr listed.
    // Declared Thu 2 Apr 16:00 BST (15:00Z): 1 h that day; then Tue 7 Apr 09:00 BST (08:00Z)
    // + 3 h: breach 11:00Z.
    const calendar = businessHours({ timeZone: 'Europe/London', holidays: ['2026-04-03', '2026-04-06'] });
    const history = [change('2026-04-02T16:00+01:00', 'triage')];
    const { response } = slaClocks(terms({ response: 'PT4H', calendar }), history, ms('2026-04-06T12:00+01:00'));
    expect(response).toMatchObject({ state: 'running', elapsedMs: 1 * HOUR });
    expect(iso(response.breachAt)).toBe('2026-04-07T11:00Z');
  });

  it('a breached clock goes on counting over the following days: how far over is what the list shows', () => {
    // Mon-Fri 09:00-17:00 London (GMT). Declared Mon 12 Jan 2026 09:00Z, PT4H: breached Mon
    // 13:00Z. At Wed 12:00Z: 8 h Monday + 8 h Tuesday + 3 h Wednesday = 19 h, 15 h over.
    const calendar = businessHours({ timeZone: 'Europe/London' });
    const { resolution } = slaClocks(terms({ resolution: 'PT4H', calendar }), [change('2026-01-12T09:00Z', 'investigating')], ms('2026-01-14T12:00Z'));
    expect(resolution).toMatchObject({ state: 'running', breached: true, elapsedMs: 19 * HOUR, remainingMs: -15 * HOUR });
    expect(iso(resolution.breachAt)).toBe('2026-01-12T13:00Z');
  });

  it('a pause in business hours only gives back the business time it covered', () => {
    // Mon-Fri 09:00-17:00 London (GMT in January). Declared Mon 12 Jan 2026 09:00Z; waiting for
    // the customer 11:00Z to Tue 10:00Z (6 business hours of Monday and 1 of Tuesday not
    // counted); counting again: at Tue 12:00Z, 2 h + 2 h = 4 h of PT8H; breach Tue 16:00Z.
    const calendar = businessHours({ timeZone: 'Europe/London' });
    const history = [
      change('2026-01-12T09:00Z', 'triage'),
      change('2026-01-12T09:30Z', 'investigating'),
      change('2026-01-12T11:00Z', 'investigating', 'waiting-for-customer'),
      change('2026-01-13T10:00Z', 'investigating'),
    ];
    const { resolution } = slaClocks(terms({ calendar }), history, ms('2026-01-13T12:00Z'));
    expect(resolution).toMatchObject({ state: 'running', elapsedMs: 4 * HOUR });
    expect(iso(resolution.breachAt)).toBe('2026-01-13T16:00Z');
  });
});

describe('SLA terms from the fleet file', () => {
  it('Sev3 and Sev4 run on business hours by default, Sev1 and Sev2 round the clock', () => {
    const incidents = defaultIncidents();
    expect(slaTermsOf(incidents, 'sev1').calendar).toEqual({ kind: '24x7' });
    expect(slaTermsOf(incidents, 'sev2').calendar).toEqual({ kind: '24x7' });
    expect(slaTermsOf(incidents, 'sev3')).toMatchObject({ response: 'PT4H', resolution: 'PT24H', calendar: { kind: 'business-hours', hours: { timeZone: 'UTC', start: '09:00', end: '17:00' } } });
    expect(slaTermsOf(incidents, 'sev4').warnAt).toEqual([50, 75]);
  });
});

describe('SLA clocks moved on from an earlier answer (what the incidents list keeps between calls)', () => {
  it('a running clock read at 01:00 AEDT and moved on to Sunday noon across the April change reads as the hand-worked clock', () => {
    // The night desk of the April case above: declared Sat 21:00 AEDT (4 Apr 10:00Z), the span
    // from 11:00Z. At Sun 01:00 AEDT (14:00Z) 3 h have counted, the warnings (15:00Z, 17:00Z) and
    // the breach (19:00Z) are ahead. At Sun 12:00 AEST the whole 9 h span has counted: 1 h over.
    const calendar = nightDesk('Australia/Sydney');
    const history = [change('2026-04-04T21:00+11:00', 'triage'), change('2026-04-04T22:10+11:00', 'investigating')];
    const read = ms('2026-04-05T01:00+11:00');
    const { resolution } = slaClocks(terms({ calendar }), history, read);
    expect(resolution).toMatchObject({ state: 'running', elapsedMs: 3 * HOUR, breached: false });
    expect(warningsOf(resolution).map((warning) => warning.passed)).toEqual([false, false]);

    const later = clockLater(resolution, calendar, read, ms('2026-04-05T12:00+10:00'));
    expect(later).toMatchObject({ state: 'running', elapsedMs: 9 * HOUR, remainingMs: -1 * HOUR, breached: true });
    expect(iso(later.breachAt)).toBe('2026-04-04T19:00Z');
    expect(warningsOf(later)).toEqual([
      { percent: 50, at: '2026-04-04T15:00Z', passed: true },
      { percent: 75, at: '2026-04-04T17:00Z', passed: true },
    ]);
  });

  it('a paused clock does not count on', () => {
    // Counted 00:00-02:00Z, waiting for the customer since: still 2 h used at 09:00Z.
    const history = [change('2026-03-10T00:00Z', 'triage'), change('2026-03-10T00:10Z', 'investigating'), change('2026-03-10T02:00Z', 'investigating', 'waiting-for-customer')];
    const read = ms('2026-03-10T03:00Z');
    const { resolution } = slaClocks(terms({}), history, read);
    expect(clockLater(resolution, { kind: '24x7' }, read, ms('2026-03-10T09:00Z'))).toMatchObject({ state: 'paused', elapsedMs: 2 * HOUR, remainingMs: 6 * HOUR, breachAt: null });
  });
});
