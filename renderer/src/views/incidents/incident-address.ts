import { viewHref } from '../../app/view-href.js';

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
