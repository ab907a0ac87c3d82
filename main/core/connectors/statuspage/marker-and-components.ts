import { z } from 'zod';
import type { Incident } from './statuspage-api.js';

/** What scheduled maintenance and realtime incidents share on the page: the console's marker, and the components a scope maps to. */

/** Where the marker lives on an incident: its metadata, which the API returns and the public page never shows. */
const MarkerMetadata = z.object({ watchfloor: z.object({ marker: z.string() }) });

export function markerOf(incident: Incident): string | null {
  const parsed = MarkerMetadata.safeParse(incident.metadata);
  return parsed.success ? parsed.data.watchfloor.marker : null;
}

export function markerMetadata(marker: string): Record<string, Record<string, string>> {
  return { watchfloor: { marker } };
}

/**
 * The components of everything in scope, each once.
 * @param components Component ids per region, site, tenant or environment id (the fleet file's `components`).
 */
export function componentIdsOf(components: Readonly<Record<string, readonly string[]>>, scopeIds: readonly string[]): string[] {
  return [...new Set(scopeIds.flatMap((id) => components[id] ?? []))];
}
