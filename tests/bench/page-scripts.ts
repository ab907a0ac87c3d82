/**
 * Functions the bench runs inside the page (playwright serializes them, so they use nothing from
 * this module's scope). The bench is compiled without the DOM library; these declarations name
 * only what the functions touch.
 */

interface PageRecorder {
  recording: boolean;
  since: number;
  frames: number[];
  longTasks: Array<[number, number]>;
}

declare const window: { benchRecorder: PageRecorder; location: { hash: string } };
declare const document: { querySelectorAll(selector: string): Iterable<{ textContent: string | null }>; querySelector(selector: string): object | null };
declare const localStorage: { setItem(key: string, value: string): void };
declare function requestAnimationFrame(callback: (at: number) => void): number;
declare class PerformanceObserver {
  constructor(callback: (list: { getEntries(): Array<{ startTime: number; duration: number }> }) => void);
  observe(options: { type: string; buffered: boolean }): void;
}

/** Installed before the app loads: rAF intervals while recording, and every long task from the start. */
export function installRecorder(): void {
  const recorder: PageRecorder = { recording: false, since: 0, frames: [], longTasks: [] };
  window.benchRecorder = recorder;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) recorder.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  let last = 0;
  const loop = (at: number) => {
    if (recorder.recording && last > 0) recorder.frames.push(at - last);
    last = at;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}

/**
 * The first full fleet view: the summary counts the whole fleet and the chosen layout shows
 * environments (table rows, drawn grid cells, or tree items). Answers the page's clock then.
 */
export function fleetViewShown({ layout, total }: { layout: string; total: number }): number | false {
  const counted = [...document.querySelectorAll('.summary-total .num')].map((node) => Number((node.textContent ?? '').replace(/\D/g, '')));
  if (!counted.includes(total)) return false;
  const selector =
    layout === 'table' ? '[role="row"][data-env-id]' : layout === 'grid' ? '[data-heat-grid] canvas' : '[role="treeitem"]';
  return document.querySelector(selector) === null ? false : performance.now();
}

/** The Fleet view's remembered layout, set before the app reads it. */
export function chooseLayout({ key, value }: { key: string; value: string }): void {
  localStorage.setItem(key, value);
}

export function longTaskDurations(): number[] {
  return window.benchRecorder.longTasks.map(([, duration]) => duration);
}

export function startRecording(): void {
  const recorder = window.benchRecorder;
  recorder.frames = [];
  recorder.since = performance.now();
  recorder.recording = true;
}

export function stopRecording(): { frames: number[]; longTasks: number[] } {
  const recorder = window.benchRecorder;
  recorder.recording = false;
  return { frames: recorder.frames, longTasks: recorder.longTasks.filter(([start]) => start >= recorder.since).map(([, duration]) => duration) };
}

/** The Incidents list drawn with its rows; answers the page's clock then. */
export function incidentRowsShown(): number | false {
  return document.querySelector('[role="table"][aria-label="Incidents"] [data-incident-id]') === null ? false : performance.now();
}

/** Rows the Incidents table says it has (its header included), once it is drawn. */
export function incidentRowCount(): number {
  const table = document.querySelector('[role="table"][aria-label="Incidents"]') as { getAttribute(name: string): string | null } | null;
  return Number(table?.getAttribute('aria-rowcount') ?? 0);
}

/** Scrolls the virtualised Incidents table to its end, one step a frame, as a held-down wheel would; answers the frames it took. */
export function scrollIncidentsToEnd(step: number): Promise<number> {
  const scroller = document.querySelector('[role="table"][aria-label="Incidents"]') as { scrollTop: number; scrollHeight: number; clientHeight: number } | null;
  if (scroller === null) return Promise.reject(new Error('no Incidents table'));
  return new Promise((resolveFrames) => {
    let frames = 0;
    const next = () => {
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) {
        resolveFrames(frames);
        return;
      }
      scroller.scrollTop += step;
      frames++;
      requestAnimationFrame(next);
    };
    requestAnimationFrame(next);
  });
}

/** Opens a view by its address, as a click on the navigation does; answers the page's clock then. */
export function openView(hash: string): number {
  window.location.hash = hash;
  return performance.now();
}

export function incidentRowsAtLeast(expected: number): boolean {
  const table = document.querySelector('[role="table"][aria-label="Incidents"]') as { getAttribute(name: string): string | null } | null;
  return Number(table?.getAttribute('aria-rowcount') ?? 0) >= expected;
}
