import { isOpen, type Incident, type TimelineEntry } from '../../../shared/contract/incidents.js';
import type { PublicIncident, StatusPageIncidents } from '../connectors/capabilities.js';

/** What the console records of each of its posts to the status page (see IncidentService.publish). */
export const STATUS_PAGE_RECIPIENT = 'status page';

/**
 * The incidents' status-page incidents as the page last showed them, read on every poll: so an
 * update written on the page itself (not through the console) reaches the timeline. Kept in
 * memory only; the first poll after a start reads them again.
 */
export class StatusPageReads {
  private readonly shown = new Map<string, PublicIncident>();

  /** The page's incident of the console's incident, as last read; null before it was read. */
  of(incidentId: string): PublicIncident | null {
    return this.shown.get(incidentId) ?? null;
  }

  /**
   * Reads the page's incident of every incident that has one and is open, or was not read yet;
   * answers the ids whose page shows a change. A page that does not answer keeps what was read.
   */
  async refresh(page: StatusPageIncidents, incidents: readonly Incident[], signal: () => AbortSignal, log: (line: string) => void): Promise<string[]> {
    const changed: string[] = [];
    for (const incident of incidents) {
      const pageId = incident.statusPageIncidentId;
      const before = this.shown.get(incident.id);
      if (pageId === null || (before !== undefined && before.id === pageId && !isOpen(incident.status))) continue;
      try {
        const now = await page.get(pageId, signal());
        if (before === undefined || before.updates.length !== now.updates.length || before.status !== now.status) changed.push(incident.id);
        this.shown.set(incident.id, now);
      } catch (error) {
        log(`incidents: the status page's incident ${pageId} of ${incident.id} could not be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return changed;
  }
}

/**
 * The page's updates that the console did not post, as timeline entries. The console's own posts
 * are in its communications record (what it said to the status page), and shown from there.
 */
export function madeOnThePage(incident: Incident, shown: PublicIncident | null): TimelineEntry[] {
  if (shown === null) return [];
  const said = new Set(incident.communications.filter((record) => record.to === STATUS_PAGE_RECIPIENT).map((record) => record.said));
  return shown.updates
    .filter((update) => !said.has(update.body))
    .map((update) => ({
      id: `status-page:${shown.id}:${update.id}`,
      at: update.at,
      kind: 'status-page',
      who: null,
      text: `Status page (${update.status}), made on the status page, not through the console: ${update.body}`,
      source: 'status-page',
      ref: update.id,
    }));
}
