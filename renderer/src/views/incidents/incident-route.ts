import { useSyncExternalStore } from 'react';
import { viewHref } from '../../app/hash-route.js';

/** An incident's page has its own address, `#/incidents/<id>`, so it can be bookmarked, linked from a notification and gone back from. */
export function incidentHref(id: string): string {
  return `${viewHref('incidents')}/${encodeURIComponent(id)}`;
}

export function incidentIdFromHash(hash: string): string | null {
  const match = /^#\/incidents\/([^/?#]+)/.exec(hash);
  const encoded = match?.[1];
  if (encoded === undefined) return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

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
