import type { ViewId } from '../state/view-store.js';

/** A view's address, `#/fleet`; kept apart from the router so pure code (and its tests) can build links. */
export function viewHref(view: ViewId): string {
  return `#/${view}`;
}
