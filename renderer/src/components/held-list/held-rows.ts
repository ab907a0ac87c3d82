/** What changed in a live list since its order was last shown: the bar's "3 new · 2 changed · 1 gone". */
export interface PendingCounts {
  added: number;
  changed: number;
  gone: number;
}

export const NOTHING_PENDING: PendingCounts = { added: 0, changed: 0, gone: 0 };

export function anyPending(pending: PendingCounts): boolean {
  return pending.added + pending.changed + pending.gone > 0;
}

/** How a keyed list tells its items apart and sees that one changed in a way that may move it. */
export interface RowIdentity<Item> {
  keyOf: (item: Item) => string;
  /** Changes exactly when the item's place in the order may change (its sort fields). */
  versionOf: (item: Item) => string;
}

/**
 * The rows in the shown order, each with its live content (a row changes in place, it does not
 * move); an item that left the live list keeps its row and its last content until the order is
 * applied, so the rows under it stay put.
 */
export function heldRows<Item>(shown: readonly Item[], live: readonly Item[], { keyOf }: RowIdentity<Item>): readonly Item[] {
  if (shown === live) return shown;
  const latest = new Map(live.map((item) => [keyOf(item), item]));
  return shown.map((item) => latest.get(keyOf(item)) ?? item);
}

/** New items (not shown), shown items whose sort fields changed, and shown items that left the live list. */
export function pendingChanges<Item>(shown: readonly Item[], live: readonly Item[], { keyOf, versionOf }: RowIdentity<Item>): PendingCounts {
  if (shown === live) return NOTHING_PENDING;
  const before = new Map(shown.map((item) => [keyOf(item), versionOf(item)]));
  let added = 0;
  let changed = 0;
  let kept = 0;
  for (const item of live) {
    const version = before.get(keyOf(item));
    if (version === undefined) added += 1;
    else {
      kept += 1;
      if (version !== versionOf(item)) changed += 1;
    }
  }
  return { added, changed, gone: before.size - kept };
}
