import { useLayoutEffect, useState } from 'react';

/**
 * How many rows of `pitchEm` (a row and its gap, in the box's own em) fit in the box's height,
 * followed as the window is resized: the wall shows that many and counts the rest, never scrolls.
 * Returns the ref to put on the box (a callback, so a box that mounts later, once data came, is measured).
 */
export function useRowsThatFit(pitchEm: number, fallback: number): [(box: HTMLElement | null) => void, number] {
  const [box, setBox] = useState<HTMLElement | null>(null);
  const [rows, setRows] = useState(fallback);
  useLayoutEffect(() => {
    if (box === null) return;
    const measure = () => {
      const fontSize = Number.parseFloat(getComputedStyle(box).fontSize);
      if (fontSize > 0) setRows(Math.max(1, Math.floor(box.clientHeight / (pitchEm * fontSize))));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, [box, pitchEm]);
  return [setBox, rows];
}
