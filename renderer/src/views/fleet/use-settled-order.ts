import { useEffect, useState } from 'react';

interface Settled<C, L, T> {
  criteria: C;
  live: L;
  at: number;
  value: T;
}

function settle<C, L, T>(criteria: C, live: L, compute: (criteria: C, live: L) => T): Settled<C, L, T> {
  return { criteria, live, at: Date.now(), value: compute(criteria, live) };
}

/**
 * An order that stays put while live data moves, so what a reader looks at does not run away:
 * recomputed at once when the criteria change (a new object from the caller's memo), and at most
 * every `resortMs` when only the live data changed (never, for Infinity).
 */
export function useSettled<C, L, T>(criteria: C, live: L, compute: (criteria: C, live: L) => T, resortMs: number): T {
  const [settled, setSettled] = useState(() => settle(criteria, live, compute));
  const current = settled.criteria === criteria ? settled : settle(criteria, live, compute);
  if (current !== settled) setSettled(current);

  useEffect(() => {
    if (current.live === live || !Number.isFinite(resortMs)) return;
    const timer = window.setTimeout(() => setSettled(settle(current.criteria, live, compute)), Math.max(0, current.at + resortMs - Date.now()));
    return () => window.clearTimeout(timer);
  }, [current, live, compute, resortMs]);

  return current.value;
}
