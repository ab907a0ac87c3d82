import type { AuditEntry, AuditPage } from '../../../../shared/contract/audit.js';

/**
 * The entries a first page brings that are newer than everything held, put in front; null when the
 * page is all new and older ones may be missing between (then the trail is fetched again whole).
 */
export function prependNewer(pages: readonly AuditPage[], fresh: AuditPage): AuditPage[] | null {
  const first = pages[0];
  if (first === undefined) return null;
  const newest = first.entries[0]?.id ?? 0;
  const newer = fresh.entries.filter((entry) => entry.id > newest);
  if (newer.length === 0) return [...pages];
  if (newer.length === fresh.entries.length && fresh.nextBefore !== null && first.entries.length > 0) return null;
  return [{ ...first, entries: [...newer, ...first.entries] }, ...pages.slice(1)];
}

/** Every entry held, newest first, each once (a page fetched after a prepend may repeat the edge). */
export function entriesOf(pages: readonly AuditPage[]): AuditEntry[] {
  const seen = new Set<number>();
  const entries: AuditEntry[] = [];
  for (const page of pages) {
    for (const entry of page.entries) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      entries.push(entry);
    }
  }
  return entries;
}
