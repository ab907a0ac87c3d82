import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { dayStarts, durationWords, entriesByDay, hourRows, layoutBlocks, rangeFor, requestedStartOf, stepCursor } from '../../renderer/src/views/calendar/calendar-model.js';
import { formatDateRange, formatLocalSpan, formatSpan, rulerLabels } from '../../renderer/src/views/calendar/calendar-format.js';
import { chosenColumns, defaultZones, zoneCandidates } from '../../renderer/src/views/calendar/calendar-zones.js';
import { durationInput, idList, scopeInput, slugOf } from '../../renderer/src/views/calendar/window-form.js';

/** The Calendar view's pure helpers: ranges across DST changes, rulers, block layout, form conversions. */
describe('calendar model', () => {
  it('lays out weeks, rulers, blocks and days in any zone, DST changes included', () => {
    // Week containing Sydney's DST start (Sun 4 Oct 2026 02:00 -> 03:00): 167 hours in Sydney.
    const w = rangeFor('week', Temporal.PlainDate.from('2026-10-07'), 'Australia/Sydney');
    assert.equal(w.firstDay.toString(), '2026-10-05');
    const sydWeek = rangeFor('week', Temporal.PlainDate.from('2026-10-01'), 'Australia/Sydney');
    assert.equal(sydWeek.firstDay.toString(), '2026-09-28');
    assert.equal((sydWeek.to - sydWeek.from) / 3.6e6, 167);
    const rows = hourRows(sydWeek);
    assert.equal(rows.length, 167);
    const syd = rulerLabels(rows, 'Australia/Sydney');
    const i = syd.findIndex((l) => l.abbreviation === 'AEDT');
    assert.equal(syd[i - 1]?.clock, '01:00'); assert.equal(syd[i - 1]?.abbreviation, 'AEST');
    assert.equal(syd[i]?.clock, '03:00');
    const utc = rulerLabels(rows, 'UTC');
    assert.equal(utc[0]?.day, 'Sun 27'); assert.equal(utc[0]?.clock, '14:00');
    const lon = rulerLabels(rows, 'Europe/London');
    assert.equal(lon[0]?.abbreviation, 'BST');
    // London week containing its DST end (Sun 25 Oct 2026): 169 hours.
    const lw = rangeFor('week', Temporal.PlainDate.from('2026-10-25'), 'Europe/London');
    assert.equal((lw.to - lw.from) / 3.6e6, 169);
    const ll = rulerLabels(hourRows(lw), 'Europe/London');
    const j = ll.findIndex((l) => l.abbreviation === 'GMT');
    assert.equal(ll[j - 1]?.clock, '01:00'); assert.equal(ll[j]?.clock, '01:00'); // 01:00 happens twice
    // Month grid: six weeks from the Monday on or before the 1st.
    const m = rangeFor('month', Temporal.PlainDate.from('2026-02-14'), 'Europe/London');
    assert.equal(m.firstDay.toString(), '2026-01-26'); assert.equal(m.days, 42);
    assert.equal(dayStarts(m).length, 43);
    assert.equal(stepCursor('month', Temporal.PlainDate.from('2026-01-31'), 1).toString(), '2026-02-01');
    // Layout: overlapping blocks side by side, a later free one back to full width.
    const H = 3.6e6, px = 26 / H;
    const b = layoutBlocks([
      { key: 'a', start: 0, end: 2 * H }, { key: 'b', start: H, end: 3 * H }, { key: 'c', start: 1.5 * H, end: 2.5 * H }, { key: 'd', start: 5 * H, end: 6 * H },
      { key: 'e', start: 7 * H, end: 7 * H + 60_000 }, { key: 'f', start: 7 * H + 120_000, end: 7 * H + 180_000 },
    ], { from: 0, to: 10 * H }, px, 22);
    const by = Object.fromEntries(b.map((x) => [x.item.key, x]));
    assert.deepEqual([by.a!.lane, by.b!.lane, by.c!.lane], [0, 1, 2]);
    assert.deepEqual([by.a!.lanes, by.b!.lanes, by.c!.lanes, by.d!.lanes], [3, 3, 3, 1]);
    // Two one-minute windows two minutes apart overlap as drawn (22 px minimum): side by side.
    assert.deepEqual([by.e!.lane, by.f!.lane, by.e!.lanes], [0, 1, 2]);
    // Clipping at range edges.
    const c = layoutBlocks([{ key: 'x', start: -H, end: H }], { from: 0, to: 10 * H }, px, 22);
    assert.equal(c[0]!.top, 0); assert.equal(c[0]!.clippedStart, true); assert.equal(c[0]!.height, 26);
    // Days: an occurrence is listed on each day it covers, continued after the first; an end at midnight does not touch the next day.
    const starts = [0, 24 * H, 48 * H, 72 * H];
    const e = entriesByDay([{ key: 'f', start: 22 * H, end: 50 * H }, { key: 'g', start: 20 * H, end: 24 * H }], starts);
    assert.deepEqual(e.map((d) => d.map((x) => `${x.item.key}${x.continued ? '+' : ''}`)), [['g', 'f'], ['f+'], ['f+']]);
    assert.equal(requestedStartOf('apac@2026-02-28T23:00'), '2026-02-28T23:00');
    assert.equal(requestedStartOf('apac@series'), null);
    assert.equal(durationWords(4.5 * H), '4 h 30 min'); assert.equal(durationWords(12 * 24 * H), '12 d');
    // Form helpers.
    assert.equal(durationInput('2h'), 'PT2H'); assert.equal(durationInput('4h 30m'), 'PT4H30M'); assert.equal(durationInput('1d 2h'), 'P1DT2H');
    assert.equal(durationInput('90 min'), 'PT90M'); assert.equal(durationInput('pt2h'), 'PT2H'); assert.equal(durationInput('two hours'), 'two hours');
    assert.equal(slugOf('APAC patching (March)'), 'apac-patching-march');
    assert.deepEqual(idList(' a, b\nc '), ['a', 'b', 'c']);
    assert.deepEqual(scopeInput({ regions: ['uk'], sites: '', tenants: 'x, y', environments: '' }), { regions: ['uk'], tenants: ['x', 'y'] });
    // Zones.
    const regions = [{ id: 'apac', name: 'APAC', timeZone: 'Australia/Sydney' }, { id: 'uk', name: 'UK', timeZone: 'Europe/London' }, { id: 'eu', name: 'EU', timeZone: 'Europe/Dublin' }];
    const cand = zoneCandidates('Etc/UTC', regions);
    assert.deepEqual(cand.map((c) => c.timeZone), ['UTC', 'Australia/Sydney', 'Europe/London', 'Europe/Dublin']);
    assert.deepEqual(cand[0]!.readers, ['You', 'UTC']);
    const def = defaultZones('America/New_York', { regions, windows: [{ definition: { timeZone: 'Australia/Sydney', scope: { regions: ['uk'] } } } as never] });
    assert.deepEqual(chosenColumns(zoneCandidates('America/New_York', regions), def).map((c) => c.timeZone), ['America/New_York', 'Australia/Sydney', 'Europe/London', 'UTC']);
    // Words.
    assert.equal(formatLocalSpan({ local: '2026-04-05T01:00', timeZone: 'Australia/Sydney', abbreviation: 'AEDT', offset: '+11:00' }, { local: '2026-04-05T02:00', timeZone: 'Australia/Sydney', abbreviation: 'AEST', offset: '+10:00' }), '01:00 AEDT–02:00 AEST');
    const sat = Temporal.ZonedDateTime.from('2026-11-28T23:00[Australia/Sydney]').epochMilliseconds;
    assert.equal(formatSpan(sat, sat + 2 * H, 'Australia/Sydney'), 'Sat 28 Nov 23:00 AEDT – Sun 29 Nov 01:00 AEDT');
    assert.equal(formatSpan(sat, sat + 2 * H, 'Europe/London'), 'Sat 28 Nov 12:00 GMT – 14:00 GMT');
    assert.equal(formatDateRange(Temporal.PlainDate.from('2026-11-23'), Temporal.PlainDate.from('2026-11-29')), 'Mon 23 Nov – Sun 29 Nov 2026');
  });
});
