import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { HealthStatus } from '../../../shared/contract/health.js';
import { createTrayController } from '../../../main/electron/tray-controller.js';
import { trayBitmap } from '../../../main/electron/tray-icon.js';

const SIZE = 16;

/** Draws a bitmap as text, one character a pixel, so a shape can be read and compared by eye. */
function ascii(bitmap: Buffer): string[] {
  const rows: string[] = [];
  for (let y = 0; y < SIZE; y++) {
    let row = '';
    for (let x = 0; x < SIZE; x++) row += bitmap[(y * SIZE + x) * 4 + 3] === 255 ? '#' : '.';
    rows.push(row);
  }
  return rows;
}

function filled(bitmap: Buffer, x: number, y: number): boolean {
  return bitmap[(y * SIZE + x) * 4 + 3] === 255;
}

describe('tray icon', () => {
  it('tells the statuses apart by shape alone, not only by colour', () => {
    const statuses: HealthStatus[] = ['ok', 'warning', 'critical', 'unknown', 'maintenance'];
    const shapes = new Set(statuses.map((status) => ascii(trayBitmap(status, SIZE, true)).join('\n')));
    expect(shapes.size).toBe(statuses.length);
  });

  it('draws critical as a square, warning as a triangle pointing up, ok as a disc, unknown as a hollow ring', () => {
    const critical = trayBitmap('critical', SIZE);
    // A square reaches its corners; a disc does not.
    expect(filled(critical, 2, 2)).toBe(true);
    expect(filled(trayBitmap('ok', SIZE), 2, 2)).toBe(false);
    expect(filled(trayBitmap('ok', SIZE), 8, 8)).toBe(true);
    const warning = trayBitmap('warning', SIZE);
    expect(filled(warning, 2, 14)).toBe(true);
    expect(filled(warning, 2, 2)).toBe(false);
    expect(filled(warning, 8, 2)).toBe(true);
    const unknown = trayBitmap('unknown', SIZE);
    expect(filled(unknown, 8, 8)).toBe(false);
    expect(filled(unknown, 8, 1)).toBe(true);
    // BGRA: critical red (218, 54, 51) is stored blue first.
    expect([...critical.subarray((8 * SIZE + 8) * 4, (8 * SIZE + 8) * 4 + 4)]).toEqual([51, 54, 218, 255]);
  });
});

function recordingTray(start = Date.UTC(2026, 11, 7, 22, 0)) {
  const log: { images: number[]; tooltips: string[]; menus: MenuItemConstructorOptions[][] } = { images: [], tooltips: [], menus: [] };
  let now = start;
  const host = {
    tray: {
      setImage: (image: unknown) => void log.images.push(image as number),
      setToolTip: (text: string) => void log.tooltips.push(text),
      setContextMenu: (menu: unknown) => void log.menus.push(menu as MenuItemConstructorOptions[]),
    },
    image: (bitmap: Buffer) => bitmap as never,
    menu: (template: MenuItemConstructorOptions[]) => template as never,
    now: () => now,
  };
  const calls: string[] = [];
  const tray = createTrayController(
    host as never,
    {
      openConsole: () => calls.push('open'),
      pauseFor: (minutes) => calls.push(`pause ${minutes}`),
      pauseUntilResumed: () => calls.push('pause until resumed'),
      resume: () => calls.push('resume'),
      quit: () => calls.push('quit'),
    },
    false,
  );
  const lastMenu = () => log.menus.at(-1) ?? [];
  const click = (label: string) => {
    const item = lastMenu().find((entry) => entry.label === label);
    if (item?.click === undefined) throw new Error(`no menu item "${label}"`);
    (item.click as () => void)();
  };
  return { tray, log, calls, lastMenu, click, advance: (ms: number) => (now += ms) };
}

describe('tray menu', () => {
  it('says the worst status and the counts in words, and redraws the icon only when the status changes', () => {
    const { tray, log, lastMenu } = recordingTray();
    tray.update({ worst: 'critical', criticalEnvironments: 3, openIncidents: 1 });
    expect(log.tooltips.at(-1)).toBe('Watchfloor: fleet critical; 3 critical environments; 1 open incident');
    expect(lastMenu()[0]).toMatchObject({ label: 'Watchfloor: fleet critical; 3 critical environments; 1 open incident', enabled: false });
    tray.update({ criticalEnvironments: 2 });
    tray.update({ worst: 'ok', criticalEnvironments: 0, openIncidents: 0 });
    expect(log.tooltips.at(-1)).toBe('Watchfloor: fleet ok; 0 critical environments; 0 open incidents');
    expect(log.images).toHaveLength(3);
  });

  it('opens the console and quits from the menu', () => {
    const { click, calls } = recordingTray();
    click('Open console');
    click('Quit Watchfloor');
    expect(calls).toEqual(['open', 'quit']);
  });

  it("asks the core to pause notifications for 30 minutes, 1 hour, or until resumed, and shows the core's pause with a way to resume", () => {
    const { tray, click, calls, advance, lastMenu } = recordingTray();
    const labels = () => lastMenu().map((item) => item.label);
    expect(labels()).not.toContain('Resume notifications');
    click('Pause notifications for 30 minutes');
    click('Pause notifications for 1 hour');
    click('Pause notifications until resumed');
    expect(calls).toEqual(['pause 30', 'pause 60', 'pause until resumed']);

    tray.update({ pause: { kind: 'until', at: Date.UTC(2026, 11, 7, 22, 30) } });
    expect(labels().some((label) => label?.startsWith('Notifications paused until '))).toBe(true);
    click('Resume notifications');
    expect(calls.at(-1)).toBe('resume');
    // A pause that has run out is not shown as one, even before the core says so.
    advance(31 * 60_000);
    tray.update({ worst: 'ok' });
    expect(labels()).not.toContain('Resume notifications');

    tray.update({ pause: { kind: 'indefinite' } });
    expect(labels()).toContain('Notifications paused until resumed');
    expect(lastMenu().find((item) => item.label === 'Pause notifications until resumed')?.enabled).toBe(false);
  });
});

describe('tray facts', () => {
  it('takes the worst status and the critical count from the fleet snapshot', async () => {
    const { fleetFacts } = await import('../../../main/electron/tray-facts.js');
    const { fixtureSnapshot } = await import('../../support/fleet-snapshot-fixture.js');
    const snapshot = fixtureSnapshot();
    const [first, second] = snapshot.environments.id;
    if (first === undefined || second === undefined) throw new Error('fixture too small');
    expect(fleetFacts(fixtureSnapshot({ [first]: 'critical', [second]: 'critical' }))).toEqual({ worst: 'critical', criticalEnvironments: 2 });
    expect(fleetFacts(fixtureSnapshot({ [first]: 'warning' }))).toMatchObject({ worst: 'warning', criticalEnvironments: 0 });
  });
});
