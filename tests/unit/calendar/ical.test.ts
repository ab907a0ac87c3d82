import { readFileSync } from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { exportIcs } from '../../../main/core/calendar/ical/export-ics.js';
import { importIcs } from '../../../main/core/calendar/ical/import-ics.js';
import { parseComponents, type Component } from '../../../main/core/calendar/ical/ics-text.js';
import { expandWindow } from '../../../main/core/calendar/recurrence/expand.js';
import type { WindowDefinition } from '../../../shared/fleet-definition/calendar.js';

const NOW = Temporal.Instant.from('2026-01-10T08:00:00Z').epochMilliseconds;
const RANGE = { from: Temporal.Instant.from('2024-01-01T00:00:00Z').epochMilliseconds, to: Temporal.Instant.from('2031-01-01T00:00:00Z').epochMilliseconds };
const DEFAULTS = { kind: 'upgrade-slot' as const, scope: { regions: ['imported'] } };
const ZONES = ['Australia/Sydney', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'] as const;
const sample = (name: string) => readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8');
const instant = (text: string) => Temporal.Instant.from(text).epochMilliseconds;

function windowsIn(zone: string): WindowDefinition[] {
  const slug = zone.toLowerCase().replace(/[^a-z]+/g, '-');
  return [
    {
      id: `${slug}-patching`,
      kind: 'planned-maintenance',
      title: `Patching; ${zone}, monthly`,
      description: 'OS and database patching.\nTwo hours, sometimes less.',
      customerText: 'The service may be unavailable during this window.',
      scope: { regions: ['apac', 'uk'], tenants: ['acme'] },
      start: '2024-01-27T23:00',
      timeZone: zone,
      duration: 'PT2H',
      rrule: 'FREQ=MONTHLY;BYDAY=-1SA',
      exdates: ['2024-12-28T23:00', '2026-12-26T23:00'],
      noticeDays: 10,
      publishTo: ['statuspage', 'am-au'],
    },
    {
      id: `${slug}-upgrades`,
      kind: 'upgrade-slot',
      title: 'Upgrade slot',
      scope: { environments: ['acme-prod'] },
      start: '2024-01-04T20:00',
      timeZone: zone,
      duration: 'PT4H',
      rrule: 'FREQ=WEEKLY;BYDAY=TH,FR;UNTIL=20291231T230000',
    },
    {
      id: `${slug}-nightly`,
      kind: 'deploy-freeze',
      title: 'Nightly freeze at the hour the clocks change',
      scope: { sites: ['syd-1'] },
      start: '2024-01-01T02:30',
      timeZone: zone,
      duration: 'PT1H30M',
      rrule: 'FREQ=DAILY;COUNT=900',
    },
    {
      id: `${slug}-emergency`,
      kind: 'emergency-maintenance',
      title: 'Emergency storage fix',
      reason: 'A failing disk array cannot wait for the monthly window.',
      scope: { regions: ['apac'] },
      start: '2026-04-04T22:00',
      timeZone: zone,
      duration: 'P1DT6H',
    },
  ];
}

const expansions = (windows: readonly WindowDefinition[]) => windows.map((window) => expandWindow(window, RANGE));

function unfoldedLines(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n');
}

describe('exportIcs', () => {
  const text = exportIcs([...windowsIn('Australia/Sydney'), ...windowsIn('UTC')], { calendarName: 'Watchfloor, APAC; test', now: NOW });

  it('writes RFC 5545 text: CRLF only, lines of at most 75 octets, escaped TEXT', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const lines = unfoldedLines(text);
    expect(lines.slice(0, 3)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Watchfloor//Maintenance calendar//EN']);
    expect(lines).toContain('X-WR-CALNAME:Watchfloor\\, APAC\\; test');
    expect(lines).toContain('SUMMARY:Patching\\; Australia/Sydney\\, monthly');
    expect(lines).toContain('DESCRIPTION:OS and database patching.\\nTwo hours\\, sometimes less.');
  });

  it('writes each event in its zone, with its rule, exceptions, elapsed duration and our own properties', () => {
    const lines = unfoldedLines(text);
    expect(lines).toEqual(
      expect.arrayContaining([
        'UID:australia-sydney-patching@watchfloor',
        'DTSTAMP:20260110T080000Z',
        'DTSTART;TZID=Australia/Sydney:20240127T230000',
        'DURATION:PT2H',
        'RRULE:FREQ=MONTHLY;BYDAY=-1SA',
        'EXDATE;TZID=Australia/Sydney:20241228T230000,20261226T230000',
        'CATEGORIES:Planned maintenance',
        'X-WATCHFLOOR-KIND:planned-maintenance',
        'X-WATCHFLOOR-SCOPE:{"regions":["apac"\\,"uk"]\\,"tenants":["acme"]}',
        'X-WATCHFLOOR-NOTICE-DAYS:10',
        // A local UNTIL becomes a UTC one (RFC 5545 asks for UTC with a zoned DTSTART): 2029-12-31 23:00 AEDT.
        'RRULE:FREQ=WEEKLY;UNTIL=20291231T120000Z;BYDAY=TH,FR',
        // One day and six hours of elapsed time, not a nominal day.
        'DURATION:PT30H',
        'DTSTART:20240127T230000Z',
        'EXDATE:20241228T230000Z,20261226T230000Z',
      ]),
    );
  });

  it('has one VTIMEZONE per zone used, none for UTC, holding every offset change Temporal reports from the first start to five years ahead', () => {
    const calendar = parseComponents(text)[0];
    const zones = calendar?.children.filter((child) => child.name === 'VTIMEZONE') ?? [];
    expect(zones.map((zone) => zone.properties.find((p) => p.name === 'TZID')?.value)).toEqual(['Australia/Sydney']);
    const onsets = (zones[0]?.children ?? []).slice(1).map(onsetOf);
    const expected: Array<{ at: number; kind: string; from: string; to: string }> = [];
    let cursor = Temporal.PlainDateTime.from('2024-01-01T00:00').toZonedDateTime('Australia/Sydney');
    const end = Temporal.PlainDateTime.from('2032-01-01T00:00').toZonedDateTime('Australia/Sydney');
    for (;;) {
      const next = cursor.getTimeZoneTransition('next');
      if (!next || Temporal.ZonedDateTime.compare(next, end) >= 0) break;
      const from = next.subtract({ nanoseconds: 1 }).offset.replace(':', '');
      const to = next.offset.replace(':', '');
      expected.push({ at: next.epochMilliseconds, kind: to > from ? 'DAYLIGHT' : 'STANDARD', from, to });
      cursor = next;
    }
    // 2024 to 2031 (2026 + 5): two changes a year.
    expect(expected).toHaveLength(16);
    expect(onsets).toEqual(expected);
    expect(zones[0]?.children[0]?.properties.map((p) => `${p.name}:${p.value}`)).toEqual(['DTSTART:20240101T000000', 'TZOFFSETFROM:+1100', 'TZOFFSETTO:+1100', 'TZNAME:AEDT']);
  });
});

/** An observance's onset as an instant: its DTSTART is local time on the clock before the change. */
function onsetOf(observance: Component): { at: number; kind: string; from: string; to: string } {
  const value = (name: string) => observance.properties.find((p) => p.name === name)?.value ?? '';
  const from = value('TZOFFSETFROM');
  const local = Temporal.PlainDateTime.from(value('DTSTART').replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/, '$1-$2-$3T$4:$5:$6'));
  const offset = `${from.slice(0, 3)}:${from.slice(3, 5)}`;
  return { at: Temporal.ZonedDateTime.from(`${local.toString()}${offset}[${offset}]`).epochMilliseconds, kind: observance.name, from, to: value('TZOFFSETTO') };
}

describe('round trips through iCalendar', () => {
  it.each(ZONES)('%s: the imported windows expand to the same instants, with kind, scope and texts restored', (zone) => {
    const windows = windowsIn(zone);
    const result = importIcs(exportIcs(windows, { calendarName: 'Round trip', now: NOW }), DEFAULTS);
    expect(result.skipped).toEqual([]);
    expect(result.windows.map((w) => [w.id, w.kind, w.scope, w.title, w.timeZone, w.start])).toEqual(windows.map((w) => [w.id, w.kind, w.scope, w.title, w.timeZone, w.start]));
    expect(result.windows.map((w) => [w.description, w.customerText, w.reason, w.noticeDays, w.publishTo, w.exdates])).toEqual(
      windows.map((w) => [w.description, w.customerText, w.reason, w.noticeDays, w.publishTo, w.exdates]),
    );
    const before = expansions(windows);
    // 84 last Saturdays less 2 exceptions; Thursdays and Fridays 2024–2029; 900 nights (one may fall before 2024 UTC); one emergency.
    expect(before.map((list) => list.length)).toEqual([82, 626, zone === 'Australia/Sydney' || zone === 'Pacific/Chatham' || zone === 'Asia/Kolkata' ? 899 : 900, 1]);
    expect(expansions(result.windows)).toEqual(before);
  });

  it('a VTIMEZONE covers a finite series to its last occurrence, so a client that trusts it stays right to the end', () => {
    // Monthly from January 2026, 120 times: the last is in December 2035, past five years ahead.
    const window: WindowDefinition = { id: 'long', kind: 'upgrade-slot', title: 'Long', scope: { regions: ['uk'] }, start: '2026-01-03T20:00', timeZone: 'Europe/London', duration: 'PT1H', rrule: 'FREQ=MONTHLY;COUNT=120' };
    const [zone] = parseComponents(exportIcs([window], { calendarName: 'x', now: NOW }))[0]?.children.filter((child) => child.name === 'VTIMEZONE') ?? [];
    const years = (zone?.children ?? []).map((observance) => Number(observance.properties.find((p) => p.name === 'DTSTART')?.value.slice(0, 4)));
    // London's clocks go back on the last Sunday of October 2035: 28 October.
    expect(Math.max(...years)).toBe(2035);
    expect((zone?.children ?? []).some((observance) => observance.properties.find((p) => p.name === 'DTSTART')?.value === '20351028T020000')).toBe(true);
  });

  it('a second round trip gives the same file', () => {
    const windows = ZONES.flatMap(windowsIn);
    const first = exportIcs(windows, { calendarName: 'All', now: NOW });
    const second = exportIcs(importIcs(first, DEFAULTS).windows, { calendarName: 'All', now: NOW });
    expect(second).toBe(first);
  });
});

describe('importIcs: an Outlook / Exchange file', () => {
  const result = importIcs(sample('outlook-exchange.ics'), DEFAULTS);

  it('maps Windows zone names through CLDR, takes DTEND, and converts UTC EXDATEs to local time', () => {
    expect(result.windows).toEqual([
      {
        id: '040000008200e00074c5b7101a82e00800000000d0f1c6b2a2d1da010000000',
        kind: 'upgrade-slot',
        title: 'APAC maintenance',
        description: 'Monthly OS and database patching for APAC. Services may be unavailable for up to two hours.',
        scope: { regions: ['imported'] },
        start: '2026-01-31T23:00',
        timeZone: 'Australia/Sydney',
        duration: 'PT2H',
        rrule: 'FREQ=MONTHLY;BYDAY=-1SA',
        exdates: ['2026-12-26T23:00'],
      },
      {
        id: '040000008200e00074c5b7101a82e00800000000e1a2b3c4d5e6f7010000000',
        kind: 'upgrade-slot',
        title: 'UK maintenance',
        description: 'Monthly patching for the UK region.',
        scope: { regions: ['imported'] },
        start: '2026-01-26T23:00',
        timeZone: 'Europe/London',
        duration: 'PT2H',
        rrule: 'FREQ=MONTHLY;UNTIL=20271231T000000Z;BYDAY=-1MO',
        exdates: ['2026-03-30T23:00', '2026-12-28T23:00'],
      },
    ]);
    const uk = result.windows[1];
    const months = uk ? expandWindow(uk, { from: instant('2026-03-01T00:00:00Z'), to: instant('2026-06-01T00:00:00Z') }) : [];
    expect(months.map((o) => o.requested)).toEqual(['2026-04-27T23:00', '2026-05-25T23:00']);
  });

  it('skips an event whose zone is only a display name, naming it', () => {
    expect(result.skipped).toEqual([
      {
        uid: '040000008200E00074C5B7101A82E00800000000F0F0F0F0F0F0F0F0',
        reason:
          'time zone "(UTC+10:00) Canberra, Melbourne, Sydney" is neither an IANA name (such as Australia/Sydney) nor a Windows zone name (the file defines it in a VTIMEZONE, but only a named zone can be followed across years)',
      },
    ]);
  });

  it('refuses a Windows name whose VTIMEZONE declares other offsets', () => {
    const text = sample('outlook-exchange.ics').replace(/TZOFFSETTO:\+1000/g, 'TZOFFSETTO:+0900').replace(/TZOFFSETTO:\+1100/g, 'TZOFFSETTO:+0930');
    const skipped = importIcs(text, DEFAULTS).skipped.map((s) => s.reason);
    expect(skipped).toContain('time zone "AUS Eastern Standard Time" maps to Australia/Sydney, whose offset on 2026-01-31 is not one the file\'s VTIMEZONE "AUS Eastern Standard Time" declares');
  });
});

describe('importIcs: a Google Calendar file', () => {
  const result = importIcs(sample('google-calendar.ics'), DEFAULTS);

  it('takes the series with its exceptions; a moved instance becomes a one-off, a cancelled one an exception', () => {
    expect(result.windows.map((w) => [w.id, w.title, w.start, w.timeZone, w.duration, w.rrule, w.exdates])).toEqual([
      [
        '6f3k1s2v9m0a4q8r7t5u2w1x0y-google.com',
        'APAC upgrade slot',
        '2026-01-01T20:00',
        'Australia/Sydney',
        'PT4H',
        'FREQ=WEEKLY;UNTIL=20261231T130000Z;BYDAY=TH,FR;WKST=MO',
        ['2026-04-02T20:00', '2026-04-03T20:00', '2026-04-16T20:00', '2026-05-01T20:00'],
      ],
      ['freeze-2026-google.com', 'Christmas change freeze', '2026-12-21T00:00', 'Australia/Sydney', 'PT336H', undefined, undefined],
      ['6f3k1s2v9m0a4q8r7t5u2w1x0y-google.com-2', 'APAC upgrade slot (late start)', '2026-04-16T21:00', 'Australia/Sydney', 'PT4H', undefined, undefined],
    ]);
    expect(result.windows[0]?.description).toBe('Upgrade slot for APAC customers, groups 1–4.');
    const slot = result.windows[0];
    const april = slot ? expandWindow(slot, { from: instant('2026-03-31T00:00:00Z'), to: instant('2026-05-03T00:00:00Z') }) : [];
    expect(april.map((o) => o.requested)).toEqual(['2026-04-09T20:00', '2026-04-10T20:00', '2026-04-17T20:00', '2026-04-23T20:00', '2026-04-24T20:00', '2026-04-30T20:00']);
  });

  it('skips a floating time and an unsupported rule, saying why', () => {
    expect(result.skipped).toEqual([
      { uid: 'floating-1@google.com', reason: 'DTSTART 20260601T090000 is a floating time (no TZID and no Z): it names no zone, so when it happens is unknown' },
      { uid: 'twice-daily@google.com', reason: 'RRULE: BYHOUR is not supported: a window starts once a day, at the time of its start' },
    ]);
  });
});

describe('importIcs: hand-written edge cases', () => {
  const calendar = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
  const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');

  it('computes the elapsed time of DTEND across a DST change through the zone', () => {
    const { windows } = importIcs(
      calendar(
        event('UID:back', 'SUMMARY:Clocks go back', 'DTSTART;TZID=Europe/London:20261025T000000', 'DTEND;TZID=Europe/London:20261025T030000'),
        event('UID:forward', 'SUMMARY:Clocks go forward', 'DTSTART;TZID=America/New_York:20260308T000000', 'DTEND;TZID=America/New_York:20260308T040000'),
        event('UID:day', 'SUMMARY:A nominal day', 'DTSTART;TZID=Pacific/Chatham:20260405T000000', 'DURATION:P1D'),
      ),
      DEFAULTS,
    );
    expect(windows.map((w) => w.duration)).toEqual(['PT4H', 'PT3H', 'PT25H']);
  });

  it('takes UTC start times as zone UTC, EXDATEs in several forms, and ids made unique', () => {
    const { windows, skipped } = importIcs(
      calendar(
        event(
          'UID:Nightly Job!',
          'SUMMARY:Nightly',
          'DTSTART:20260301T020000Z',
          'DURATION:PT1H',
          'RRULE:FREQ=DAILY;COUNT=10',
          'EXDATE:20260302T020000Z',
          'EXDATE;TZID=Asia/Kolkata:20260303T073000,20260304T073000',
          'EXDATE;VALUE=DATE:20260305',
        ),
        event('UID:nightly-job-', 'SUMMARY:Same id', 'DTSTART:20260301T020000Z', 'DURATION:PT1H'),
      ),
      DEFAULTS,
    );
    expect(skipped).toEqual([]);
    expect(windows.map((w) => [w.id, w.timeZone, w.exdates])).toEqual([
      ['nightly-job-', 'UTC', ['2026-03-02T02:00', '2026-03-03T02:00', '2026-03-04T02:00', '2026-03-05T02:00']],
      ['nightly-job--2', 'UTC', undefined],
    ]);
  });

  it('says why an event cannot be a window, and never throws', () => {
    const { windows, skipped } = importIcs(
      calendar(
        event('UID:no-end', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260101T100000'),
        event('UID:backwards', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260101T100000', 'DTEND;TZID=Europe/London:20260101T090000'),
        event('UID:too-long', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260101T100000', 'DURATION:P15D'),
        event('UID:bad-date', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260231T100000', 'DURATION:PT1H'),
        event('UID:bad-line', 'SUMMARY:x', 'this line has no colon', 'DTSTART;TZID=Europe/London:20260101T100000', 'DURATION:PT1H'),
        event('UID:rdate', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260101T100000', 'DURATION:PT1H', 'RRULE:FREQ=DAILY', 'RDATE:20260105T100000Z'),
        event('UID:no-zone-all-day', 'SUMMARY:x', 'DTSTART;VALUE=DATE:20260101'),
        event('UID:mars', 'SUMMARY:x', 'DTSTART;TZID=Mars/Olympus_Mons:20260101T100000', 'DURATION:PT1H'),
        event('UID:scope', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260101T100000', 'DURATION:PT1H', 'X-WATCHFLOOR-SCOPE:{}'),
        event('UID:emergency', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260101T100000', 'DURATION:PT1H', 'X-WATCHFLOOR-KIND:emergency-maintenance'),
        'BEGIN:VEVENT\r\nUID:cut-off\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/London:20260101T100000',
      ),
      DEFAULTS,
    );
    expect(windows).toEqual([]);
    expect(skipped).toEqual([
      { uid: 'no-end', reason: 'it has neither DTEND nor DURATION, so it lasts no time at all' },
      { uid: 'backwards', reason: 'it ends before it starts' },
      { uid: 'too-long', reason: 'it lasts 360 h; a window lasts at most 14 days' },
      { uid: 'bad-date', reason: 'DTSTART "20260231T100000" is not a date (20260131) or date-time (20260131T230000)' },
      { uid: 'bad-line', reason: 'line 30 is not NAME:VALUE: "this line has no colon"' },
      { uid: 'rdate', reason: 'RDATE (extra dates outside the rule) is not supported' },
      { uid: 'no-zone-all-day', reason: 'it is an all-day event and the file names no zone for it (no TZID and no X-WR-TIMEZONE)' },
      { uid: 'mars', reason: 'time zone "Mars/Olympus_Mons" is neither an IANA name (such as Australia/Sydney) nor a Windows zone name' },
      { uid: 'scope', reason: 'X-WATCHFLOOR-SCOPE is not a scope: expected a scope: at least one region, site, tenant or environment' },
      { uid: 'cut-off', reason: 'END:VEVENT is missing before line 71' },
      // Checked last, against the window schema.
      { uid: 'emergency', reason: 'reason: emergency maintenance needs a reason: why it cannot wait for the usual notice' },
    ]);
  });

  it('a zero or negative DURATION is named as the DURATION', () => {
    const { skipped } = importIcs(
      calendar(
        event('UID:zero', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260101T100000', 'DURATION:PT0S'),
        event('UID:negative', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260101T100000', 'DURATION:-PT1H'),
      ),
      DEFAULTS,
    );
    expect(skipped).toEqual([
      { uid: 'zero', reason: 'DURATION "PT0S" lasts no time: expected a positive duration such as PT2H' },
      { uid: 'negative', reason: 'DURATION "-PT1H" is negative: expected a positive duration such as PT2H' },
    ]);
  });

  it('says when a VTIMEZONE contradicts the IANA zone it names, and which was used', () => {
    // London is on GMT (+00:00) in January; this VTIMEZONE says +01:00 all year.
    const wrong = ['BEGIN:VTIMEZONE', 'TZID:Europe/London', 'BEGIN:STANDARD', 'DTSTART:19700101T000000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0100', 'TZNAME:XST', 'END:STANDARD', 'END:VTIMEZONE'].join('\r\n');
    const { windows, notes } = importIcs(calendar(wrong, event('UID:london', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260115T100000', 'DURATION:PT1H')), DEFAULTS);
    expect(windows.map((window) => [window.start, window.timeZone])).toEqual([['2026-01-15T10:00', 'Europe/London']]);
    expect(notes).toEqual([
      {
        uid: 'london',
        note: 'the file\'s VTIMEZONE "Europe/London" declares +01:00, but Europe/London is +00:00 on 2026-01-15: the IANA zone Europe/London was used, as it follows the zone\'s real changes across the years',
      },
    ]);
    // A VTIMEZONE that agrees is no news.
    expect(importIcs(calendar(wrong.replace(/\+0100/g, '+0000'), event('UID:london', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260115T100000', 'DURATION:PT1H')), DEFAULTS).notes).toEqual([]);
  });

  it('quotes at most the start of a long bad value in its reasons', () => {
    const long = '9'.repeat(1_000_000);
    const { skipped } = importIcs(
      calendar(
        event('UID:long-date', 'SUMMARY:x', `DTSTART;TZID=Europe/London:${long}`, 'DURATION:PT1H'),
        event('UID:long-duration', 'SUMMARY:x', 'DTSTART;TZID=Europe/London:20260101T100000', `DURATION:${long}`),
        event('UID:long-zone', 'SUMMARY:x', `DTSTART;TZID=${long}:20260101T100000`, 'DURATION:PT1H'),
        event('UID:long-line', 'SUMMARY:x', long, 'DTSTART;TZID=Europe/London:20260101T100000', 'DURATION:PT1H'),
      ),
      DEFAULTS,
    );
    const shortened = `"${'9'.repeat(64)}…(1000000 characters)"`;
    expect(skipped.map((skip) => skip.uid)).toEqual(['long-date', 'long-duration', 'long-zone', 'long-line']);
    for (const { uid, reason } of skipped) {
      expect(reason, uid).toContain(shortened);
      expect(reason.length, uid).toBeLessThan(300);
    }
  });

  it('reads what it can of a file cut off in the middle', () => {
    const text = sample('google-calendar.ics');
    const cut = text.slice(0, text.indexOf('SUMMARY:APAC upgrade slot (late start)'));
    const { windows, skipped } = importIcs(cut, DEFAULTS);
    expect(windows.map((w) => w.title)).toEqual(['APAC upgrade slot']);
    // The change to 16 April could not be read, so that instance stays in the series.
    expect(windows[0]?.exdates).toEqual(['2026-04-02T20:00', '2026-04-03T20:00']);
    expect(skipped).toEqual([{ uid: '6f3k1s2v9m0a4q8r7t5u2w1x0y@google.com', reason: 'END:VEVENT is missing: the file ends inside it' }]);
  });

  it('answers text that is not iCalendar with one reason', () => {
    expect(importIcs('Subject: maintenance\nSee you Saturday.', DEFAULTS)).toEqual({
      windows: [],
      skipped: [{ uid: '', reason: 'this is not an iCalendar file: it has no BEGIN:VCALENDAR' }],
      notes: [],
    });
  });

  it('reads a path-style TZID and folded lines split inside a character', () => {
    const title = 'Wartung für Österreich und die Schweiz — Datenbanken, Betriebssysteme und Netzwerke';
    const exported = exportIcs(
      [{ id: 'dach', kind: 'planned-maintenance', title, scope: { regions: ['eu'] }, start: '2026-02-01T01:00', timeZone: 'Europe/Vienna', duration: 'PT3H' }],
      { calendarName: 'x', now: NOW },
    ).replace(/TZID=Europe\/Vienna/g, 'TZID=/citadel.org/20190914_1/Europe/Vienna');
    const { windows } = importIcs(exported, DEFAULTS);
    expect(windows.map((w) => [w.title, w.timeZone])).toEqual([[title, 'Europe/Vienna']]);
  });
});
