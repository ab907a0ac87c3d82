import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import { exportIcs } from '../../../main/core/calendar/ical/export-ics.js';

/**
 * Exported VTIMEZONEs read by a client that trusts them: python-dateutil's tzical, which
 * follows the observances and their RRULEs, compared day by day with Python's zoneinfo of the
 * same name (Debian's python3-dateutil and tzdata; .ci/run installs them), decades past the
 * years the VTIMEZONE lists change by change.
 */

const SCRIPT = fileURLToPath(new URL('../../support/dateutil-vtimezone.py', import.meta.url));
const NOW = Date.parse('2026-12-08T00:00:00Z');

interface Comparison {
  days: number;
  wrong: string[];
  wrongCount: number;
}

function endless(timeZone: string): WindowDefinition {
  const id = timeZone.toLowerCase().replace(/[^a-z]+/g, '-');
  return { id, kind: 'upgrade-slot', title: timeZone, scope: { regions: ['uk'] }, start: '2026-01-03T20:00', timeZone, duration: 'PT1H', rrule: 'FREQ=MONTHLY;BYDAY=1SA' };
}

function byDateutil(ics: string, years: { from: number; to: number }): Record<string, Comparison> {
  const run = spawnSync('python3', [SCRIPT], { input: JSON.stringify({ ics, ...years }), encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw new Error(`python3 could not be run (install Debian's python3 and python3-dateutil): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`dateutil-vtimezone.py failed (is python3-dateutil installed?): ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, Comparison>;
}

function unfolded(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n');
}

describe('an exported VTIMEZONE stays right for an endless series', () => {
  // Zones that change by the last, the nth and the "on or after" weekday (Santiago: Sun>=2), by half an hour
  // (Lord Howe), with winter as the shifted time (Dublin), on a Friday before a Sunday (Jerusalem: Fri>=23).
  const zones = [
    'Europe/London',
    'Europe/Dublin',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'America/New_York',
    'America/St_Johns',
    'America/Santiago',
    'Asia/Jerusalem',
    'Asia/Kolkata',
  ];

  it('gives the offset zoneinfo gives on every day to 2075, read by dateutil', () => {
    const ics = exportIcs(zones.map(endless), { calendarName: 'Endless', now: NOW });
    const compared = byDateutil(ics, { from: 2026, to: 2075 });
    expect(Object.keys(compared).sort()).toEqual([...zones].sort());
    const wrong = Object.entries(compared).filter(([, comparison]) => comparison.wrongCount > 0);
    expect(wrong).toEqual([]);
    expect(Object.values(compared).every((comparison) => comparison.days === 18_262)).toBe(true);
  }, 180_000);

  it("carries London's rule from the Summer Time Order: the last Sundays of March and October, at 01:00 and 02:00 local", () => {
    const lines = unfolded(exportIcs([endless('Europe/London')], { calendarName: 'x', now: NOW }));
    const rules = lines.filter((line) => line.startsWith('RRULE:FREQ=YEARLY'));
    expect(rules.sort()).toEqual(['RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU']);
    // Each rule sits on the last change listed of its kind: 30 March 2031 01:00 GMT and 26 October 2031 02:00 BST.
    const before = (rule: string) => lines.slice(0, lines.indexOf(rule)).reverse().find((line) => line.startsWith('DTSTART:'));
    expect(before('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU')).toBe('DTSTART:20310330T010000');
    expect(before('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU')).toBe('DTSTART:20311026T020000');
  });

  it('a zone whose changes follow no yearly rule lists them one by one for 40 more years', () => {
    // Morocco moves its clocks around Ramadan, which wanders through the solar year.
    const lines = unfolded(exportIcs([endless('Africa/Casablanca')], { calendarName: 'x', now: NOW }));
    expect(lines.filter((line) => line.startsWith('RRULE:FREQ=YEARLY'))).toEqual([]);
    const years = lines.filter((line) => line.startsWith('DTSTART:')).map((line) => Number(line.slice(8, 12)));
    // The changes of 2026 to 2031 (five years ahead), then forty years more.
    expect(Math.max(...years)).toBeGreaterThanOrEqual(2070);
  });

  it('a zone that no longer changes its clocks gets no rule', () => {
    const lines = unfolded(exportIcs([endless('Asia/Kolkata')], { calendarName: 'x', now: NOW }));
    expect(lines.filter((line) => line.startsWith('RRULE:FREQ=YEARLY'))).toEqual([]);
  });
});
