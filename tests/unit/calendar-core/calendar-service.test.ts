import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CalendarView, OccurrenceView } from '../../../shared/contract/calendar.js';
import type { Result } from '../../../shared/contract/errors.js';
import { methods, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/contract/methods.js';
import { createOpsCore, type OpsCore } from '../../../main/core/ops-core.js';
import { ManualClock, useTempDirs } from '../../support/temp.js';

const tempDir = useTempDirs();
const cores: OpsCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

const example = new URL('../../../resources/fleet.example.yaml', import.meta.url);
let keys = 0;

function start(options: { fleetFile?: boolean; now?: string } = {}) {
  const dir = tempDir();
  const clock = new ManualClock(Date.parse(options.now ?? '2026-11-23T00:00:00Z'));
  let fleetFile: string | undefined;
  if (options.fleetFile) {
    fleetFile = join(dir, 'fleet.yaml');
    copyFileSync(example, fleetFile);
  }
  const core = createOpsCore({ dataDir: dir, version: 'test', sandboxSize: 40, clock, log: () => {}, ...(fleetFile ? { fleetFile } : {}) });
  cores.push(core);
  /** Commands get a fresh idempotency key, as the renderer gives each click. */
  const withKey = (method: MethodName, input: object) => (methods[method].kind === 'command' ? { ...input, idempotencyKey: `test-key-${++keys}` } : input);
  async function call<M extends MethodName>(method: M, input: Omit<MethodInput<M>, 'idempotencyKey'>): Promise<MethodOutput<M>> {
    const result = (await core.dispatch(method, withKey(method, input))) as Result<MethodOutput<M>>;
    if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
    return result.value;
  }
  async function attempt(method: MethodName, input: Record<string, unknown>) {
    return core.dispatch(method, withKey(method, input));
  }
  const view = (from: string, to: string): Promise<CalendarView> => call('calendar.view', { range: { from: Date.parse(from), to: Date.parse(to) } });
  return { core, clock, call, attempt, view, fleetFile, dir };
}

function only(view: CalendarView, windowId: string): OccurrenceView[] {
  return view.occurrences.filter((occurrence) => occurrence.windowId === windowId);
}

describe('the calendar of the simulated fleet', () => {
  it('shows each window in its own zone with the abbreviation of the date, and its customers in theirs', async () => {
    const { view } = start();
    const november = await view('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
    const [apac] = only(november, 'apac-monthly-patching');
    // Last Saturday of November 2026, 23:00 in Sydney: daylight time, UTC+11.
    expect(apac?.localStart).toEqual({ local: '2026-11-28T23:00', timeZone: 'Australia/Sydney', abbreviation: 'AEDT', offset: '+11:00' });
    expect(new Date(apac?.start ?? 0).toISOString()).toBe('2026-11-28T12:00:00.000Z');
    expect(apac?.localEnd.local).toBe('2026-11-29T01:00');
    expect(apac?.customers.length).toBeGreaterThan(0);
    expect(apac?.customers.every((customer) => customer.regionId === 'apac' && customer.start.abbreviation === 'AEDT')).toBe(true);
    const [uk] = only(november, 'uk-monthly-patching');
    expect(uk?.localStart).toMatchObject({ local: '2026-11-30T23:00', abbreviation: 'GMT' });
    const june = await view('2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z');
    expect(only(june, 'uk-monthly-patching')[0]?.localStart).toMatchObject({ local: '2026-06-29T23:00', abbreviation: 'BST' });
    expect(only(june, 'apac-monthly-patching')[0]?.localStart).toMatchObject({ local: '2026-06-27T23:00', abbreviation: 'AEST' });
  });

  it('lists maintenance that is due for announcement, and it leaves the list once published', async () => {
    const { call, view } = start();
    const before = await view('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
    const due = before.noticeDue.find((item) => item.windowId === 'apac-monthly-patching');
    // Seven days before 28 November 23:00 AEDT was 21 November: already late on the 23rd.
    expect(due?.notice.state).toBe('overdue');
    expect(new Date(due?.notice.announceBy ?? 0).toISOString()).toBe('2026-11-21T12:00:00.000Z');
    const published = await call('calendar.publish', { windowId: 'apac-monthly-patching', next: 1 });
    expect(published.outcomes.map((outcome) => [outcome.backendId, outcome.state])).toEqual([['sandbox', 'published']]);
    const after = await view('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
    expect(after.noticeDue.find((item) => item.windowId === 'apac-monthly-patching')).toBeUndefined();
    const [apac] = only(after, 'apac-monthly-patching');
    // Announced on the 23rd, two days after its announce-by date: customers had short notice.
    expect(apac?.notice.state).toBe('short-notice');
    expect(apac?.publications).toMatchObject([{ backendId: 'sandbox', state: 'published' }]);
    const again = await call('calendar.publish', { windowId: 'apac-monthly-patching', next: 1 });
    expect(again.outcomes.every((outcome) => outcome.unchanged)).toBe(true);
  });

  it('a published occurrence moved closer than its notice period is re-announced as short notice', async () => {
    const { call, view, clock } = start({ now: '2026-11-10T00:00:00Z' });
    await call('calendar.publish', { windowId: 'apac-monthly-patching', next: 1 });
    const [told] = only(await view('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'), 'apac-monthly-patching');
    expect(told?.notice.state).toBe('announced');
    // On 23 November the window moves two hours earlier: customers hear of 28 November 21:00 five days ahead, not seven.
    clock.advance(13 * 86_400_000);
    const window = (await view('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).windows.find((candidate) => candidate.definition.id === 'apac-monthly-patching');
    if (!window) throw new Error('no apac-monthly-patching');
    const saved = await call('calendar.saveWindow', { window: { ...window.definition, start: '2026-01-31T21:00' }, previousId: 'apac-monthly-patching' });
    expect(saved.republished.map((outcome) => outcome.state)).toEqual(['published']);
    const [moved] = only(await view('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'), 'apac-monthly-patching');
    expect(moved?.localStart.local).toBe('2026-11-28T21:00');
    expect(moved?.publications).toMatchObject([{ backendId: 'sandbox', state: 'published' }]);
    expect(moved?.notice.state).toBe('short-notice');
  });

  it('a window moved while the console was closed is not counted as announced until it is published again', async () => {
    const dir = tempDir();
    const clock = new ManualClock(Date.parse('2026-11-10T00:00:00Z'));
    const open = () => {
      const core = createOpsCore({ dataDir: dir, version: 'test', sandboxSize: 40, clock, log: () => {} });
      cores.push(core);
      return core;
    };
    const range = { from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z') };
    const apacIn = async (core: OpsCore) => {
      const result = (await core.dispatch('calendar.view', { range })) as Result<CalendarView>;
      if (!result.ok) throw new Error(result.error.message);
      return only(result.value, 'apac-monthly-patching')[0];
    };
    const first = open();
    const published = (await first.dispatch('calendar.publish', { windowId: 'apac-monthly-patching', next: 1, idempotencyKey: `test-key-${++keys}` })) as Result<unknown>;
    expect(published.ok).toBe(true);
    expect((await apacIn(first))?.notice.state).toBe('announced');
    first.close();
    cores.splice(cores.indexOf(first), 1);
    const file = join(dir, 'calendar.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('start: 2026-01-31T23:00', 'start: 2026-01-31T21:00'));
    const moved = await apacIn(open());
    expect(moved?.localStart.local).toBe('2026-11-28T21:00');
    expect(moved?.publications).toMatchObject([{ backendId: 'sandbox', state: 'outdated' }]);
    expect(moved?.notice.state).toBe('ahead');
  });

  it('imports an event whose start is off its rule as the rule\'s first occurrence, saying so', async () => {
    const { call, view } = start();
    // 10 November 2026 is a Tuesday; the last Saturday of November 2026 is the 28th.
    const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:off-rule', 'SUMMARY:Off rule', 'DTSTART;TZID=Australia/Sydney:20261110T230000', 'DURATION:PT2H', 'RRULE:FREQ=MONTHLY;BYDAY=-1SA', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const result = await call('calendar.importIcs', { text: ics, kind: 'upgrade-slot', scope: { regions: ['apac'] } });
    expect(result.added).toEqual(['off-rule']);
    expect(result.notes).toEqual([
      { uid: 'off-rule', note: '2026-11-10T23:00 is not on the rule FREQ=MONTHLY;BYDAY=-1SA: saved as its first occurrence, 2026-11-28T23:00' },
    ]);
    const imported = (await view('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).windows.find((window) => window.definition.id === 'off-rule');
    expect(imported?.definition.start).toBe('2026-11-28T23:00');
  });

  it('marks APAC upgrade slots that fall inside the year-end freeze', async () => {
    const { view } = start();
    const december = await view('2026-12-14T00:00:00Z', '2027-01-04T00:00:00Z');
    const slots = only(december, 'apac-upgrade-slots');
    const christmasEve = slots.find((slot) => slot.localStart.local === '2026-12-24T20:00');
    expect(christmasEve?.conflicts.map((conflict) => conflict.kind)).toEqual(['inside-freeze']);
    expect(christmasEve?.conflicts[0]?.message).toMatch(/^Inside the freeze "Year-end change freeze" for /);
    const before = slots.find((slot) => slot.localStart.local === '2026-12-17T20:00');
    expect(before?.conflicts).toEqual([]);
  });

  it('produces a banner per region in the region\'s own time', async () => {
    const { call } = start();
    const banners = await call('calendar.banners', {});
    expect(banners.find((banner) => banner.regionId === 'apac')?.text).toBe(
      'Scheduled maintenance (APAC, Australia/Sydney): Saturday 28 November 2026 23:00 AEDT to Sunday 29 November 2026 01:00 AEDT. Scheduled maintenance: the service may be unavailable for up to two hours while we apply operating system and database updates.',
    );
    expect(banners.find((banner) => banner.regionId === 'uk')?.text).toMatch(/^Scheduled maintenance \(UK, Europe\/London\): Monday 30 November 2026 23:00 GMT to Tuesday 1 December 2026 01:00 GMT\./);
  });

  it('keeps edits in its own calendar file, and cancelling one occurrence cancels what was published of it', async () => {
    const { call, view, dir } = start();
    await call('calendar.publish', { windowId: 'uk-upgrade-slot', next: 1 });
    const window = (await view('2026-11-23T00:00:00Z', '2026-12-01T00:00:00Z')).windows.find((candidate) => candidate.definition.id === 'uk-upgrade-slot');
    if (!window) throw new Error('no uk-upgrade-slot');
    const saved = await call('calendar.saveWindow', { window: { ...window.definition, exdates: ['2026-11-23T23:00'] }, previousId: 'uk-upgrade-slot' });
    expect(saved.window.definition.exdates).toEqual(['2026-11-23T23:00']);
    expect(readFileSync(join(dir, 'calendar.yaml'), 'utf8')).toContain('exdates: [2026-11-23T23:00]');
    const november = await view('2026-11-23T00:00:00Z', '2026-12-01T00:00:00Z');
    expect(only(november, 'uk-upgrade-slot').map((occurrence) => occurrence.localStart.local)).toEqual(['2026-11-30T23:00']);
  });
});

describe('the calendar in a fleet file', () => {
  it('writes a new window into the file, keeps its comments, and refuses a bad one with the field named', async () => {
    const { call, attempt, view, fleetFile } = start({ fleetFile: true });
    if (!fleetFile) throw new Error('no fleet file');
    const before = readFileSync(fleetFile, 'utf8');
    await call('calendar.saveWindow', {
      window: {
        id: 'eu-db-upgrade',
        kind: 'emergency-maintenance',
        title: 'EU database failover test',
        reason: 'Storage vendor advisory',
        scope: { environments: ['eu-prod'] },
        start: '2026-11-25T22:00',
        timeZone: 'Europe/Dublin',
        duration: 'PT1H',
      },
    });
    const after = readFileSync(fleetFile, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toContain('- id: eu-db-upgrade');
    const [occurrence] = only(await view('2026-11-23T00:00:00Z', '2026-12-01T00:00:00Z'), 'eu-db-upgrade');
    expect(occurrence?.notice).toMatchObject({ state: 'short-notice', reason: 'Storage vendor advisory' });
    expect(occurrence?.environments).toEqual(['eu-prod']);

    const bad = await attempt('calendar.saveWindow', {
      window: { id: 'bad-window', kind: 'planned-maintenance', title: 'Bad', scope: { regions: ['mars'] }, start: '2026-12-01T01:00', timeZone: 'Europe/London', duration: 'PT1H' },
    });
    expect(bad).toEqual({ ok: false, error: { kind: 'invalid-input', message: 'input.window.scope.regions[0]: unknown region "mars"' } });
    expect(readFileSync(fleetFile, 'utf8')).toBe(after);
  });

  it('refuses a start that is not on its rule, naming the first occurrence, and a rule that never comes', async () => {
    const { attempt, fleetFile } = start({ fleetFile: true });
    if (!fleetFile) throw new Error('no fleet file');
    const before = readFileSync(fleetFile, 'utf8');
    const window = { id: 'apac-late', kind: 'upgrade-slot', title: 'APAC late slot', scope: { regions: ['apac'] }, timeZone: 'Australia/Sydney', duration: 'PT2H' };
    // 7 December 2026 is a Monday; the last Saturday of December 2026 is the 26th.
    expect(await attempt('calendar.saveWindow', { window: { ...window, start: '2026-12-07T23:00', rrule: 'FREQ=MONTHLY;BYDAY=-1SA' } })).toEqual({
      ok: false,
      error: { kind: 'invalid-input', message: 'input.window.start: 2026-12-07T23:00 is not on the rule FREQ=MONTHLY;BYDAY=-1SA: its first occurrence from then is 2026-12-26T23:00; start there' },
    });
    expect(await attempt('calendar.saveWindow', { window: { ...window, start: '2026-12-26T23:00', rrule: 'FREQ=MONTHLY;BYDAY=-1SA;UNTIL=20261201' } })).toEqual({
      ok: false,
      error: { kind: 'invalid-input', message: 'input.window.rrule: UNTIL is before the start 2026-12-26T23:00: the rule would have no occurrence' },
    });
    expect(readFileSync(fleetFile, 'utf8')).toBe(before);
  });

  it('names a window in the file whose start is not on its rule, and shows the series from the rule\'s first occurrence', async () => {
    const { core, view, fleetFile } = start({ fleetFile: true });
    if (!fleetFile) throw new Error('no fleet file');
    const changes: unknown[] = [];
    core.subscribe('calendar.changed', (event) => changes.push(event));
    // 24 November 2026 is a Tuesday; the last Monday of November is the 30th.
    writeFileSync(fleetFile, readFileSync(fleetFile, 'utf8').replace('start: 2026-01-26T23:00', 'start: 2026-11-24T23:00'));
    await expect.poll(() => changes.length, { timeout: 5000 }).toBeGreaterThan(0);
    const november = await view('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
    expect(only(november, 'uk-monthly-patching').map((occurrence) => occurrence.localStart.local)).toEqual(['2026-11-30T23:00']);
    expect(november.source.problems).toEqual([
      'window "uk-monthly-patching": 2026-11-24T23:00 is not on the rule FREQ=MONTHLY;BYDAY=-1MO: its first occurrence from then is 2026-11-30T23:00; start there',
    ]);
  });

  it('a window edited in the file by hand shows at once, without restarting the fleet', async () => {
    const { core, view, fleetFile } = start({ fleetFile: true });
    if (!fleetFile) throw new Error('no fleet file');
    const reloads: unknown[] = [];
    const changes: unknown[] = [];
    core.subscribe('fleet.reloaded', (event) => reloads.push(event));
    core.subscribe('calendar.changed', (event) => changes.push(event));
    writeFileSync(fleetFile, readFileSync(fleetFile, 'utf8').replace('rrule: FREQ=MONTHLY;BYDAY=-1MO', 'rrule: FREQ=MONTHLY;BYDAY=-1TU'));
    await expect.poll(() => changes.length, { timeout: 5000 }).toBeGreaterThan(0);
    const [uk] = only(await view('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z'), 'uk-monthly-patching');
    expect(uk?.localStart.local).toBe('2026-11-24T23:00');
    expect(reloads).toEqual([]);
  });
});
