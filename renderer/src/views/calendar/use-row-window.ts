import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface RowWindow {
  /** First and last row (inclusive) to render: those in sight and a margin around them. */
  first: number;
  last: number;
}

export interface RowWindowControl {
  rowWindow: RowWindow;
  scrollTo: (top: number) => void;
  windowFor: (top: number) => RowWindow;
}

interface RowWindowOptions {
  rowHeight: number;
  /** Pixels above the first row inside the scroller (a sticky header). */
  offset: number;
  rows: number;
  overscan: number;
}

function windowAt(top: number, height: number, { rowHeight, offset, rows, overscan }: RowWindowOptions): RowWindow {
  const first = Math.max(0, Math.floor((top - offset) / rowHeight) - overscan);
  const last = Math.min(rows - 1, Math.ceil((top - offset + height) / rowHeight) + overscan);
  return { first, last };
}

/**
 * Which rows of a fixed-height grid a scroller shows, for rendering only those. It changes only
 * when a row comes into or goes out of the margin, not with every pixel scrolled; a scroll made by
 * code is taken at once, so the rows are there in the same frame as the scroll.
 */
export function useRowWindow(ref: RefObject<HTMLElement | null>, options: RowWindowOptions): RowWindowControl {
  const { rowHeight, offset, rows, overscan } = options;
  const [window_, setWindow] = useState<RowWindow>(() => windowAt(0, 0, options));
  const height = useRef(0);

  const update = useCallback(
    (top: number, seen: number) => {
      height.current = seen;
      const next = windowAt(top, seen, { rowHeight, offset, rows, overscan });
      setWindow((current) => (current.first === next.first && current.last === next.last ? current : next));
    },
    [rowHeight, offset, rows, overscan],
  );

  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      update(element.scrollTop, element.clientHeight);
    };
    const schedule = () => {
      if (frame === 0) frame = window.requestAnimationFrame(read);
    };
    read();
    element.addEventListener('scroll', schedule, { passive: true });
    const observer = new ResizeObserver(schedule);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', schedule);
      observer.disconnect();
      window.cancelAnimationFrame(frame);
    };
  }, [ref, update]);

  const scrollTo = useCallback(
    (top: number) => {
      const element = ref.current;
      if (element === null) return;
      element.scrollTop = top;
      update(top, element.clientHeight);
    },
    [ref, update],
  );

  // What a scroll to `top` will show, so a render can draw those rows before the scroll is made.
  const windowFor = useCallback((top: number) => windowAt(top, height.current, { rowHeight, offset, rows, overscan }), [rowHeight, offset, rows, overscan]);

  return { rowWindow: window_, scrollTo, windowFor };
}
