import { useEffect, useState } from 'react';
import type { EnvironmentState } from '../../../../shared/contract/index.js';
import { orderRows, type OrderCriteria } from './fleet-query.js';

/** Rows keep their places for this long while states change, so a reader's row does not run away. */
const RESORT_MS = 2_000;

interface Settled {
  criteria: OrderCriteria;
  states: readonly EnvironmentState[];
  at: number;
  order: Int32Array;
}

function settle(criteria: OrderCriteria, states: readonly EnvironmentState[]): Settled {
  return { criteria, states, at: Date.now(), order: orderRows(criteria, states) };
}

/**
 * The display order: recomputed at once when the criteria change (a new object from the caller's
 * memo), and at most every 2 s when only live states moved. Cells still show current states.
 */
export function useSettledOrder(criteria: OrderCriteria, states: readonly EnvironmentState[]): Int32Array {
  const [settled, setSettled] = useState(() => settle(criteria, states));
  const current = settled.criteria === criteria ? settled : settle(criteria, states);
  if (current !== settled) setSettled(current);

  useEffect(() => {
    if (current.states === states) return;
    const timer = window.setTimeout(() => setSettled(settle(current.criteria, states)), Math.max(0, current.at + RESORT_MS - Date.now()));
    return () => window.clearTimeout(timer);
  }, [current, states]);

  return current.order;
}
