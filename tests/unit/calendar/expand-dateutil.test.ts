import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { expandWindow, type WindowTiming } from '../../../main/core/calendar/recurrence/expand.js';

/**
 * The expansion checked against an implementation it shares nothing with: python-dateutil's
 * rrule and Python's zoneinfo (Debian's python3-dateutil and tzdata; .ci/run installs them),
 * over a generated set of rules, zones and starts. A start off its rule is no occurrence in
 * either; a local time in a DST gap lands later by the gap, and one that happens twice takes
 * the first, in both.
 */

const SCRIPT = fileURLToPath(new URL('../../support/dateutil-expand.py', import.meta.url));
const ZONES = [
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Europe/London',
  'Europe/Dublin',
  'America/New_York',
  'America/St_Johns',
  'America/Santiago',
  'Asia/Kolkata',
  'UTC',
];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const LIMIT = 30;

/** A small deterministic generator, so a failure names a case that can be run again. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const some = (items: readonly string[]) => [...new Set(Array.from({ length: int(1, 3) }, () => pick(items)))].join(',');
  return { int, pick, some };
}

function generatedRule(g: ReturnType<typeof generator>): string {
  const position = () => `${g.pick([1, 2, 3, 4, -1, -2])}${g.pick(DAYS)}`;
  const pattern = g.pick([
    () => `FREQ=DAILY;INTERVAL=${g.int(1, 3)}`,
    () => `FREQ=DAILY;BYDAY=${g.some(DAYS)}`,
    () => `FREQ=WEEKLY;INTERVAL=${g.int(1, 3)};BYDAY=${g.some(DAYS)};WKST=${g.pick(['MO', 'SU'])}`,
    () => `FREQ=WEEKLY`,
    () => `FREQ=MONTHLY;BYDAY=${position()}`,
    () => `FREQ=MONTHLY;INTERVAL=${g.int(1, 3)};BYMONTHDAY=${g.pick(['1', '15', '-1', '1,-1', '28', '31'])}`,
    () => `FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=${g.pick(['1', '-1', '2'])}`,
    () => `FREQ=MONTHLY`,
    () => `FREQ=YEARLY;BYMONTH=${g.int(1, 12)};BYDAY=${position()}`,
    () => `FREQ=YEARLY;BYMONTH=${g.pick(['3,10', '4,9', '11'])};BYDAY=1SU`,
    () => `FREQ=YEARLY;BYDAY=${g.pick([1, 10, 20, 52, -1, -20])}${g.pick(DAYS)}`,
    () => `FREQ=YEARLY`,
  ])();
  const bound = g.pick(['', `;COUNT=${g.int(1, 25)}`, `;UNTIL=${2027 + g.int(0, 2)}${String(g.int(1, 12)).padStart(2, '0')}15T120000`]);
  return pattern + bound;
}

interface Case {
  window: WindowTiming & { rrule: string };
  from: number;
  to: number;
}

function generatedCases(count: number): Case[] {
  const g = generator(20261207);
  return Array.from({ length: count }, () => {
    // Starts at the hours when clocks change, as often as at others.
    const start = Temporal.PlainDateTime.from({ year: g.int(2025, 2027), month: g.int(1, 12), day: g.int(1, 28), hour: g.pick([0, 1, 2, 3, 9, 20, 23]), minute: g.pick([0, 30, 45]) });
    const timeZone = g.pick(ZONES);
    const window: Case['window'] = { start: start.toString({ smallestUnit: 'minute' }), timeZone, duration: 'PT1H', rrule: generatedRule(g) };
    const from = start.toZonedDateTime(timeZone).subtract({ days: 2 }).epochMilliseconds;
    const to = start.toZonedDateTime(timeZone).add({ years: 4 }).epochMilliseconds;
    if (g.int(0, 3) === 0) {
      // An exception on a date the rule may or may not give: either way both must agree.
      window.exdates = [start.add({ days: g.pick([7, 14, 28, 30, 31, 365]) }).toString({ smallestUnit: 'minute' })];
    }
    return { window, from, to };
  });
}

function byDateutil(cases: readonly Case[]): Array<Array<[string, number]>> {
  const input = cases.map(({ window, from, to }) => ({ start: window.start, timeZone: window.timeZone, rrule: window.rrule, exdates: window.exdates ?? [], from, to, limit: LIMIT }));
  const run = spawnSync('python3', [SCRIPT], { input: JSON.stringify(input), encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw new Error(`python3 could not be run (install Debian's python3 and python3-dateutil): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`dateutil-expand.py failed (is python3-dateutil installed?): ${run.stderr}`);
  return JSON.parse(run.stdout) as Array<Array<[string, number]>>;
}

function byEngine({ window, from, to }: Case): Array<[string, number]> {
  return expandWindow(window, { from, to })
    .filter((occurrence) => occurrence.start >= from)
    .slice(0, LIMIT)
    .map((occurrence) => [occurrence.requested, occurrence.start]);
}

describe('the expansion agrees with python-dateutil and zoneinfo', () => {
  it('over 400 generated rules, zones and starts', () => {
    const cases = generatedCases(400);
    const expected = byDateutil(cases);
    const disagreements = cases
      .map((testCase, index) => ({ window: testCase.window, engine: byEngine(testCase), dateutil: expected[index] }))
      .filter((result) => JSON.stringify(result.engine) !== JSON.stringify(result.dateutil));
    expect(disagreements).toEqual([]);
    // The generated set reaches what it means to: gaps and repeats, starts off their rules, exceptions.
    expect(cases.filter((testCase) => testCase.window.exdates).length).toBeGreaterThan(50);
  }, 120_000);
});
