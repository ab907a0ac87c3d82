import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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
    // The deploys section goes too: its plans book stages into the calendar's upgrade slots; so does the UAT kept for one of its releases.
    const withoutCalendar = example.slice(0, example.indexOf('\n# Releases and how they roll out')).replace(/lifecycle: \{ kind: release-temporary[^}]*\}, /, '');
    const next = upsertWindow(withoutCalendar, freeze);
    expect(windowsOf(next).map((window) => window.id)).toEqual(['release-freeze']);
  });
});

describe('editing windows in every YAML style', () => {
  const styles = `calendar:
  windows:
    # Flow style, on one line.
    - { id: flow, kind: upgrade-slot, title: Flow slot, scope: { regions: [apac] }, start: 2026-12-03T20:00, timeZone: Australia/Sydney, duration: PT4H }
    # Block style: the scope and the exceptions on several lines.
    - id: block
      kind: planned-maintenance
      title: Block patching
      scope:
        regions:
          - uk
      start: 2026-01-26T23:00
      timeZone: Europe/London
      duration: PT2H
      rrule: FREQ=MONTHLY;BYDAY=-1MO
      exdates:
        - 2026-12-28T23:00
      noticeDays: 14
    - id: "quoted"
      kind: 'upgrade-slot'
      title: "Quoted: slot"
      scope: { regions: ["uk"] }
      start: "2026-12-01T20:00"
      timeZone: 'Europe/London'
      duration: "PT1H"
    - id: commented   # the team's note on the id
      kind: upgrade-slot
      # why this title
      title: Commented slot  # trailing note
      scope: # where
        regions: [uk]
      start: 2026-12-02T20:00 # when
      timeZone: Europe/London
      duration: PT1H
    - id: anchored
      kind: upgrade-slot
      title: Anchored slot
      scope: &apac { regions: [apac] }
      start: 2026-12-04T20:00
      timeZone: Australia/Sydney
      duration: PT1H
    - id: aliased
      kind: upgrade-slot
      title: Aliased slot
      scope: *apac
      start: 2026-12-05T20:00
      timeZone: Australia/Sydney
      duration: PT1H
`;
  type Windows = Array<Record<string, unknown>>;
  const windowsIn = (text: string): Windows => (parse(text) as { calendar: { windows: Windows } }).calendar.windows;
  const byId = (text: string, id: string) => {
    const found = windowsIn(text).find((window) => window.id === id);
    if (!found) throw new Error(`no window ${id}`);
    return found as WindowDefinition;
  };
  /** The lines of `after` that are not lines of `before`, and the lines of `before` that are gone. */
  const diff = (before: string, after: string) => {
    const a = before.split('\n');
    const b = after.split('\n');
    return { added: b.filter((line) => !a.includes(line)), removed: a.filter((line) => !b.includes(line)) };
  };

  it('a block-style window: a new scope replaces the lines of the old one, and the next key stays on its own line', () => {
    const next = upsertWindow(styles, { ...byId(styles, 'block'), scope: { regions: ['uk', 'apac'] }, exdates: ['2027-01-25T23:00'] }, 'block');
    expect(byId(next, 'block')).toMatchObject({ scope: { regions: ['uk', 'apac'] }, start: '2026-01-26T23:00', exdates: ['2027-01-25T23:00'], noticeDays: 14 });
    expect(diff(styles, next)).toEqual({
      added: ['      scope: {regions: [uk, apac]}', '      exdates: [2027-01-25T23:00]'],
      removed: ['      scope:', '        regions:', '          - uk', '      exdates:', '        - 2026-12-28T23:00'],
    });
  });

  it('a block-style window loses a key and gains one', () => {
    const edited: WindowDefinition = { ...byId(styles, 'block'), publishTo: ['status'] };
    delete edited.noticeDays;
    const next = upsertWindow(styles, edited, 'block');
    expect(byId(next, 'block')).not.toHaveProperty('noticeDays');
    expect(diff(styles, next)).toEqual({ added: ['      publishTo: [status]'], removed: ['      noticeDays: 14'] });
  });

  it('a flow-style window is rewritten on its line', () => {
    const next = upsertWindow(styles, { ...byId(styles, 'flow'), duration: 'PT3H' }, 'flow');
    expect(byId(next, 'flow').duration).toBe('PT3H');
    expect(diff(styles, next).removed).toEqual([styles.split('\n')[3]]);
    expect(diff(styles, next).added).toHaveLength(1);
  });

  it('a quoted window keeps its quotes on the values it edits', () => {
    const next = upsertWindow(styles, { ...byId(styles, 'quoted'), title: 'Quoted: later slot', start: '2026-12-01T21:00' }, 'quoted');
    expect(byId(next, 'quoted')).toMatchObject({ title: 'Quoted: later slot', start: '2026-12-01T21:00' });
    expect(diff(styles, next)).toEqual({
      added: ['      title: "Quoted: later slot"', '      start: "2026-12-01T21:00"'],
      removed: ['      title: "Quoted: slot"', '      start: "2026-12-01T20:00"'],
    });
  });

  it('a commented window keeps its comments, the ones on edited lines included', () => {
    const next = upsertWindow(styles, { ...byId(styles, 'commented'), title: 'Noted slot', scope: { regions: ['apac'] }, start: '2026-12-02T21:00' }, 'commented');
    expect(byId(next, 'commented')).toMatchObject({ title: 'Noted slot', scope: { regions: ['apac'] }, start: '2026-12-02T21:00' });
    expect(diff(styles, next)).toEqual({
      added: ['      title: Noted slot  # trailing note', '      scope: {regions: [apac]} # where', '      start: 2026-12-02T21:00 # when'],
      removed: ['      title: Commented slot  # trailing note', '      scope: # where', '        regions: [uk]', '      start: 2026-12-02T20:00 # when'],
    });
  });

  it('an anchored scope another window uses is not changed under it: the edit is refused, saying so', () => {
    expect(() => upsertWindow(styles, { ...byId(styles, 'anchored'), scope: { regions: ['uk'] } }, 'anchored')).toThrow(
      /scope of window "anchored" is anchored as &apac and used elsewhere in the file/,
    );
    // Editing the window that uses it gives that window a scope of its own; the anchor stays.
    const next = upsertWindow(styles, { ...byId(styles, 'aliased'), scope: { regions: ['uk'] } }, 'aliased');
    expect(byId(next, 'aliased').scope).toEqual({ regions: ['uk'] });
    expect(byId(next, 'anchored').scope).toEqual({ regions: ['apac'] });
    expect(diff(styles, next)).toEqual({ added: ['      scope: {regions: [uk]}'], removed: ['      scope: *apac'] });
    // And an edit of anything else in the anchored window leaves the anchor as it is.
    const titled = upsertWindow(styles, { ...byId(styles, 'anchored'), title: 'Anchored slot, renamed' }, 'anchored');
    expect(diff(styles, titled)).toEqual({ added: ['      title: Anchored slot, renamed'], removed: ['      title: Anchored slot'] });
  });
});
