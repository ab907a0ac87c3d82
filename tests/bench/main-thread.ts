/** Reading a Chromium trace ('toplevel' category): how busy the page's main thread was, frame by frame. */

export const FRAME_MS = 1000 / 60;

interface TraceEvent {
  name?: string;
  ph?: string;
  pid?: number;
  tid?: number;
  ts?: number;
  dur?: number;
  args?: { name?: string };
}

/** Every top-level task of the main thread of a renderer; tasks do not nest at this level. */
const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

function isTraceEvent(value: unknown): value is TraceEvent {
  return typeof value === 'object' && value !== null;
}

function eventsOf(trace: Buffer): TraceEvent[] {
  const parsed: unknown = JSON.parse(trace.toString('utf8'));
  const list: unknown = Array.isArray(parsed) ? parsed : typeof parsed === 'object' && parsed !== null && 'traceEvents' in parsed ? parsed.traceEvents : [];
  return Array.isArray(list) ? list.filter(isTraceEvent) : [];
}

/**
 * Milliseconds of main-thread work in each 16.7 ms slice of the traced period: the app's share of
 * a frame, whatever the work was (script, style, layout, paint, parsing a WebSocket frame). The
 * page's thread is the renderer main thread that did the most work; idle about:blank ones lose.
 */
export function busyPerFrame(trace: Buffer): number[] {
  const events = eventsOf(trace);
  const mainThreads = new Set<string>();
  for (const event of events) {
    if (event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain') mainThreads.add(`${event.pid}:${event.tid}`);
  }
  const tasks = new Map<string, Array<[number, number]>>();
  for (const event of events) {
    if (event.ph !== 'X' || !TASK_NAMES.has(event.name ?? '') || event.ts === undefined || event.dur === undefined) continue;
    const thread = `${event.pid}:${event.tid}`;
    if (!mainThreads.has(thread)) continue;
    let list = tasks.get(thread);
    if (!list) tasks.set(thread, (list = []));
    list.push([event.ts / 1000, (event.ts + event.dur) / 1000]);
  }
  let busiest: Array<[number, number]> = [];
  let busiestTotal = -1;
  for (const list of tasks.values()) {
    const total = list.reduce((sum, [start, end]) => sum + end - start, 0);
    if (total > busiestTotal) [busiest, busiestTotal] = [list, total];
  }
  let from = Infinity;
  let to = -Infinity;
  for (const event of events) {
    if (event.ts === undefined || event.ts <= 0) continue;
    from = Math.min(from, event.ts / 1000);
    to = Math.max(to, (event.ts + (event.dur ?? 0)) / 1000);
  }
  if (busiest.length === 0 || from >= to) return [];
  const busy = new Float64Array(Math.max(1, Math.floor((to - from) / FRAME_MS)));
  for (const [start, end] of busiest) {
    for (let frame = Math.max(0, Math.floor((start - from) / FRAME_MS)); frame < busy.length; frame++) {
      const frameStart = from + frame * FRAME_MS;
      if (frameStart >= end) break;
      const overlap = Math.min(end, frameStart + FRAME_MS) - Math.max(start, frameStart);
      if (overlap > 0) busy[frame] = (busy[frame] ?? 0) + overlap;
    }
  }
  return [...busy];
}
