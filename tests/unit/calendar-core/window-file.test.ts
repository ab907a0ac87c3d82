import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import { parseFleetText } from '../../../main/core/definition/fleet-file.js';
import { removeWindow, upsertWindow } from '../../../main/core/calendar/window-file.js';

const example = readFileSync(new URL('../../../resources/fleet.example.yaml', import.meta.url), 'utf8');

const freeze: WindowDefinition = {
  id: 'release-freeze',
  kind: 'deploy-freeze',
  title: 'Release freeze',
  scope: { environments: ['eu-prod'] },
  start: '2027-03-01T00:00',
  timeZone: 'Europe/Dublin',
  duration: 'P2D',
};

function windowsOf(text: string) {
  const parsed = parseFleetText(text, 'fleet.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.map((problem) => problem.message).join('\n'));
  return parsed.definition.calendar.windows;
}

describe('writing windows back into the fleet file', () => {
  it('adds a window at the end and keeps every comment of the file', () => {
    const next = upsertWindow(example, freeze);
    for (const line of example.split('\n').filter((line) => line.trim().startsWith('#'))) expect(next).toContain(line.trim());
    expect(windowsOf(next).map((window) => window.id)).toEqual([...windowsOf(example).map((window) => window.id), 'release-freeze']);
  });

  it('changes only the values that differ, leaving the comment above the window and its order', () => {
    const current = windowsOf(example).find((window) => window.id === 'uk-monthly-patching');
    if (!current) throw new Error('example has no uk-monthly-patching');
    const next = upsertWindow(example, { ...current, duration: 'PT3H', exdates: ['2026-12-28T23:00'] }, 'uk-monthly-patching');
    expect(next).toContain('# UK: last Monday 23:00 to 01:00 UK time (GMT in winter, BST in summer).');
    const changed = windowsOf(next).find((window) => window.id === 'uk-monthly-patching');
    expect(changed?.duration).toBe('PT3H');
    expect(changed?.exdates).toEqual(['2026-12-28T23:00']);
    expect(windowsOf(next).map((window) => window.id)).toEqual(windowsOf(example).map((window) => window.id));
    // Nothing else in the file moved: the diff is the two edited lines and the new one.
    const before = example.split('\n');
    const after = next.split('\n');
    expect(after.filter((line) => !before.includes(line)).map((line) => line.trim())).toEqual(['duration: PT3H', 'exdates: [2026-12-28T23:00]']);
  });

  it('removes a window and nothing else', () => {
    const next = removeWindow(example, 'uk-monthly-patching');
    expect(windowsOf(next).map((window) => window.id)).not.toContain('uk-monthly-patching');
    expect(windowsOf(next)).toHaveLength(windowsOf(example).length - 1);
    expect(next).toContain('# Upgrade timeslots: customers are booked into these in groups over a few weeks.');
  });

  it('refuses a new window whose id is taken, and an edit of a window that is not there', () => {
    expect(() => upsertWindow(example, { ...freeze, id: 'uk-upgrade-slot' })).toThrow(/already exists/);
    expect(() => upsertWindow(example, freeze, 'no-such-window')).toThrow(/no window "no-such-window"/);
    expect(() => removeWindow(example, 'no-such-window')).toThrow(/no window "no-such-window"/);
  });

  it('creates the calendar section in a file that has none', () => {
    // The deploys section goes too: its plans book stages into the calendar's upgrade slots.
    const withoutCalendar = example.slice(0, example.indexOf('\n# Releases and how they roll out'));
    const next = upsertWindow(withoutCalendar, freeze);
    expect(windowsOf(next).map((window) => window.id)).toEqual(['release-freeze']);
  });
});
