import { useEffect, useSyncExternalStore } from 'react';
import { Temporal } from 'temporal-polyfill';
import { parseRoute, routeOf, type DeepLink } from '../../../shared/routes/deep-link.js';
import { consumeTokenFromAddress, tokenFromHash } from '../api/token.js';
import { useSelectionStore } from '../state/selection-store.js';
import { isViewId, useViewStore, type ViewId } from '../state/view-store.js';
import { useCalendarStore } from '../views/calendar/calendar-store.js';
import { useDeploysStore } from '../views/deploys/deploys-store.js';
import { incidentHref } from '../views/incidents/incident-address.js';
import { useLinkErrorStore } from './link-error-store.js';

export { viewHref } from './view-href.js';

/** `#deployment/dep-1`: the same routes as the desktop's `watchfloor://deployment/dep-1` links. */
export function itemHref(link: DeepLink): string {
  return `#${routeOf(link)}`;
}

/** The NOC wall's address: the console without navigation, for a read-only display. */
export const WALL_HASH = '#/wall';

function viewFromHash(hash: string): ViewId | null {
  const match = /^#\/([a-z]+)/.exec(hash);
  const name = match?.[1];
  return name !== undefined && isViewId(name) ? name : null;
}

function openItem(link: DeepLink, setView: (view: ViewId) => void): void {
  switch (link.kind) {
    case 'environment':
      useSelectionStore.getState().select(link.id);
      setView('fleet');
      return;
    case 'incident':
      // The incident page has its own address; going there opens the view with it.
      window.location.replace(incidentHref(link.id));
      return;
    case 'deployment':
      useDeploysStore.getState().select(link.id);
      setView('deploys');
      return;
    case 'calendar':
      useCalendarStore.getState().setCursor(Temporal.PlainDate.from(link.date));
      setView('calendar');
      return;
  }
}

/** `#/fleet`-style view routes and `#environment/<id>`-style item routes mirrored into the stores; runs after main.tsx consumed any `#token=`. */
export function useHashRoute(): void {
  const setView = useViewStore((state) => state.setView);
  useEffect(() => {
    const sync = () => {
      const hash = window.location.hash;
      // A new token pasted into an open tab: the transport was built with the old one, so start over.
      if (tokenFromHash(hash) !== null) {
        consumeTokenFromAddress();
        window.location.reload();
        return;
      }
      if (hash === WALL_HASH) return;
      const view = viewFromHash(hash);
      if (view !== null) {
        setView(view);
        return;
      }
      if (hash.length <= 1) return;
      const link = parseRoute(hash.slice(1));
      if (link.ok) openItem(link.value, setView);
      else useLinkErrorStore.getState().report(link.error.message);
    };
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [setView]);
}

/** Whether the address is the NOC wall's, following later changes to it. */
export function useWallRoute(): boolean {
  return useSyncExternalStore(subscribeToHash, () => window.location.hash === WALL_HASH);
}

function subscribeToHash(changed: () => void): () => void {
  window.addEventListener('hashchange', changed);
  return () => window.removeEventListener('hashchange', changed);
}
