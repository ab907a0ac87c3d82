import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Rectangle } from 'electron';
import { z } from 'zod';

const Pixels = z.number().int();
export const WindowState = z.strictObject({
  x: Pixels,
  y: Pixels,
  width: Pixels.positive(),
  height: Pixels.positive(),
  displayId: z.number(),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;
const WindowStates = z.record(z.string(), WindowState);

export interface DisplayArea {
  id: number;
  workArea: Rectangle;
}

/** How much of a window must stay on its display to be reachable: a grip of its title bar. */
const MIN_VISIBLE = { width: 96, height: 48 };

function overlap(a: Rectangle, b: Rectangle): Rectangle {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x), height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y) };
}

function centredIn(area: Rectangle, width: number, height: number): Rectangle {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return { x: area.x + Math.round((area.width - w) / 2), y: area.y + Math.round((area.height - h) / 2), width: w, height: h };
}

/**
 * Where a window reopens: where it was, if its display is still there and enough of it would
 * show; otherwise centred on the display it overlaps most (or the primary), no larger than it.
 */
export function placeOnScreen(saved: WindowState | null, displays: readonly DisplayArea[], primary: DisplayArea, size: { width: number; height: number }): { bounds: Rectangle; maximized: boolean } {
  if (saved === null) return { bounds: centredIn(primary.workArea, size.width, size.height), maximized: false };
  const bounds = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  const own = displays.find((display) => display.id === saved.displayId);
  if (own !== undefined) {
    const seen = overlap(bounds, own.workArea);
    if (seen.width >= MIN_VISIBLE.width && seen.height >= MIN_VISIBLE.height && saved.width <= own.workArea.width && saved.height <= own.workArea.height) {
      return { bounds, maximized: saved.maximized };
    }
  }
  const area = (rect: Rectangle) => rect.width * rect.height;
  const nearest = [...displays].sort((a, b) => area(overlap(bounds, b.workArea)) - area(overlap(bounds, a.workArea)))[0];
  const target = nearest !== undefined && area(overlap(bounds, nearest.workArea)) > 0 ? nearest : primary;
  return { bounds: centredIn(target.workArea, saved.width, saved.height), maximized: saved.maximized };
}

/** Saved states by window key (`console`, `fleet-wall`, …); a missing or damaged file means none saved. */
export function readWindowStates(file: string): Record<string, WindowState> {
  try {
    const parsed = WindowStates.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Written to a side file and renamed, so a crash mid-write leaves the previous states. */
export function writeWindowState(file: string, key: string, state: WindowState): void {
  const states = { ...readWindowStates(file), [key]: state };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(states, null, 2));
  renameSync(`${file}.tmp`, file);
}
