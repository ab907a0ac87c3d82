import { useCallback, useEffect, useRef, useState } from 'react';
import { useListHold, type ListHoldHandlers } from './use-list-hold.js';

interface Settled<C, L, T> {
  criteria: C;
  live: L;
  at: number;
  value: T;
}

function settle<C, L, T>(criteria: C, live: L, compute: (criteria: C, live: L) => T): Settled<C, L, T> {
  return { criteria, live, at: Date.now(), value: compute(criteria, live) };
}

export interface HeldOrder<L, T> {
  /** The order as shown. */
  value: T;
  /** The live data the shown order was computed from. */
  basis: L;
  /** Puts the live data's order on screen now (the "Show" of the list's bar). */
  apply: () => void;
  /** For the list's element: the pointer or focus inside it holds the order. */
  hold: ListHoldHandlers;
}

/**
 * The one rule for every live list: rows never move under the pointer or the focus. The order is
 * recomputed at once when the criteria change (the reader asked: a new object from the caller's
 * memo), on `apply`, and when the pointer and focus leave the list; while neither is in it, at most
 * every `resortMs` when only the live data changed (never, for Infinity: such a list moves only
 * when asked).
 */
export function useHeldOrder<C, L, T>(criteria: C, live: L, compute: (criteria: C, live: L) => T, resortMs: number): HeldOrder<L, T> {
  const { held, handlers } = useListHold();
  const [settled, setSettled] = useState(() => settle(criteria, live, compute));
  const current = settled.criteria === criteria ? settled : settle(criteria, live, compute);
  if (current !== settled) setSettled(current);

  const wasHeld = useRef(held);
  useEffect(() => {
    const released = wasHeld.current && !held;
    wasHeld.current = held;
    if (held || current.live === live) return;
    if (released) {
      setSettled(settle(current.criteria, live, compute));
      return;
    }
    if (!Number.isFinite(resortMs)) return;
    const timer = window.setTimeout(() => setSettled(settle(current.criteria, live, compute)), Math.max(0, current.at + resortMs - Date.now()));
    return () => window.clearTimeout(timer);
  }, [held, current, live, compute, resortMs]);

  const apply = useCallback(() => setSettled(settle(current.criteria, live, compute)), [current.criteria, live, compute]);
  return { value: current.value, basis: current.live, apply, hold: handlers };
}
