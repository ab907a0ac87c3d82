import { useMemo } from 'react';
import { heldRows, NOTHING_PENDING, pendingChanges, type PendingCounts, type RowIdentity } from './held-rows.js';
import { useHeldOrder } from './use-held-order.js';
import type { ListHoldHandlers } from './use-list-hold.js';

export interface HeldRows<Item> {
  rows: readonly Item[];
  pending: PendingCounts;
  apply: () => void;
  hold: ListHoldHandlers;
}

/**
 * A keyed list under the hold rule (useHeldOrder): `order` filters and sorts the live items for the
 * criteria; while the list is held, the rows keep their places with live content, and what waits
 * is counted.
 */
export function useHeldRows<C, Item>(
  criteria: C,
  live: readonly Item[],
  order: (criteria: C, live: readonly Item[]) => readonly Item[],
  identity: RowIdentity<Item>,
  resortMs = 0,
): HeldRows<Item> {
  const held = useHeldOrder(criteria, live, order, resortMs);
  const { value: shown, basis } = held;
  const waiting = basis !== live;
  const rows = useMemo(() => (waiting ? heldRows(shown, live, identity) : shown), [waiting, shown, live, identity]);
  const pending = useMemo(() => (waiting ? pendingChanges(shown, order(criteria, live), identity) : NOTHING_PENDING), [waiting, shown, order, criteria, live, identity]);
  return { rows, pending, apply: held.apply, hold: held.hold };
}
