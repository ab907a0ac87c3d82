import { useSyncExternalStore } from 'react';
import { incidentHref, incidentIdFromHash } from './incident-address.js';

export { incidentHref } from './incident-address.js';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The incident the address opens, or null for the list. */
export function useIncidentRoute(): string | null {
  return useSyncExternalStore(subscribe, () => incidentIdFromHash(window.location.hash));
}

export function openIncident(id: string): void {
  window.location.hash = incidentHref(id);
}
