import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeOnScreen, readWindowStates, writeWindowState, type DisplayArea } from '../../../main/electron/window-state.js';
import { useTempDirs } from '../../support/temp.js';

// A laptop (1920×1080, taskbar 40 px) with an external 2560×1440 monitor to its right.
const laptop: DisplayArea = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const monitor: DisplayArea = { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1440 } };
const onMonitor = { x: 2100, y: 100, width: 1800, height: 1200, displayId: 2, maximized: false };
const SIZE = { width: 1600, height: 1000 };

describe('window state', () => {
  it('reopens where it was while its display is there', () => {
    expect(placeOnScreen(onMonitor, [laptop, monitor], laptop, SIZE)).toEqual({ bounds: { x: 2100, y: 100, width: 1800, height: 1200 }, maximized: false });
  });

  it('comes back onto the laptop, centred and shrunk to fit, when the monitor is unplugged', () => {
    // 1800×1200 does not fit 1920×1040: width stays, height becomes 1040; x = (1920 − 1800) / 2 = 60.
    expect(placeOnScreen({ ...onMonitor, maximized: true }, [laptop], laptop, SIZE)).toEqual({ bounds: { x: 60, y: 0, width: 1800, height: 1040 }, maximized: true });
  });

  it('is pulled back when the display remains but the window would hang off its edge', () => {
    const mostlyOff = { x: 1900, y: 1020, width: 800, height: 600, displayId: 1, maximized: false };
    // Only 20×20 px would show on the laptop; it overlaps the monitor more, so it is centred there: x = 1920 + (2560 − 800) / 2.
    expect(placeOnScreen(mostlyOff, [laptop, monitor], laptop, SIZE).bounds).toEqual({ x: 2800, y: 420, width: 800, height: 600 });
  });

  it('opens centred on the primary display the first time', () => {
    expect(placeOnScreen(null, [laptop, monitor], laptop, SIZE)).toEqual({ bounds: { x: 160, y: 20, width: 1600, height: 1000 }, maximized: false });
  });

  const tempDir = useTempDirs();

  it('saves each window under its key and ignores a damaged file', () => {
    const file = join(tempDir(), 'window-state.json');
    expect(readWindowStates(file)).toEqual({});
    writeWindowState(file, 'console', onMonitor);
    writeWindowState(file, 'fleet-wall', { ...onMonitor, displayId: 1, maximized: true });
    expect(readWindowStates(file)).toEqual({ console: onMonitor, 'fleet-wall': { ...onMonitor, displayId: 1, maximized: true } });
    writeFileSync(file, '{"console": {"x": "left"}}');
    expect(readWindowStates(file)).toEqual({});
  });
});

describe('pop-outs', () => {
  it('opens the fleet wall, an incident and a deployment in their own windows, and nothing else', async () => {
    const { popOutFor } = await import('../../../main/electron/pop-outs.js');
    expect(popOutFor('/fleet')).toEqual({ key: 'fleet-wall', title: 'Watchfloor: fleet wall', route: '/fleet' });
    expect(popOutFor('incident/inc-7')).toMatchObject({ key: 'incident', route: 'incident/inc-7' });
    expect(popOutFor('deployment/dep-3')).toMatchObject({ key: 'deployment-log', route: 'deployment/dep-3' });
    expect(popOutFor('/settings')).toBeNull();
    expect(popOutFor('deployment/..%2f')).toBeNull();
  });
});
