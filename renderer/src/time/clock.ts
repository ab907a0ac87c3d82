import { useSyncExternalStore } from 'react';

/**
 * One clock for the whole app: every age and local time re-renders from the same tick, aligned to
 * the wall-clock second so all of them change together. It runs only while something listens.
 */
let now = Date.now();
let timer: number | null = null;
const listeners = new Set<() => void>();

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
  timer = window.setTimeout(tick, 1_000 - (Date.now() % 1_000));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = window.setTimeout(tick, 1_000 - (now % 1_000));
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
  };
}

function getNow(): number {
  return now;
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow);
}
