import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Incident } from '../../../shared/contract/incidents.js';

/**
 * The console's record of an incident as kept on its ticket (Jira issue property, a Redmine
 * field, ServiceNow's record): the ticket is the system of record, so whatever a console knows
 * of an incident that another console must see is in here. Versioned by `format` and `version`:
 * a later build that changes the shape reads this one and writes its own.
 */
export const TicketRecord = z.object({
  format: z.literal('watchfloor.incident'),
  version: z.literal(1),
  /** Counts the writes: a console compares it with the revision it last read to see a change made by someone else. */
  revision: z.number().int().nonnegative(),
  writtenBy: z.string(),
  writtenAt: z.number().int().nonnegative(),
  /** The outbox entry or command that wrote this revision: a resend after a lost answer recognises its own write. */
  writeKey: z.string(),
  incident: Incident,
});
export type TicketRecord = z.infer<typeof TicketRecord>;

export type RecordRead = { ok: true; record: TicketRecord } | { ok: false; problem: string };

/** The record on a ticket, or why it cannot be used (none was written, or it is not one this build reads). */
export function readRecord(text: string | null): RecordRead {
  if (text === null || text.trim() === '') return { ok: false, problem: 'the ticket holds no Watchfloor record' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the Watchfloor record on the ticket is not JSON (edited by hand?)' };
  }
  const parsed = TicketRecord.safeParse(json);
  if (!parsed.success) return { ok: false, problem: `the Watchfloor record on the ticket is not one this console reads: ${parsed.error.issues[0]?.message ?? 'unknown shape'}` };
  return { ok: true, record: parsed.data };
}

/** The next revision of a record, written by `by` under `key`. */
export function nextRecord(previous: TicketRecord | null, incident: Incident, by: string, at: number, key: string): TicketRecord {
  return { format: 'watchfloor.incident', version: 1, revision: (previous?.revision ?? 0) + 1, writtenBy: by, writtenAt: at, writeKey: key, incident };
}

export const INCIDENT_MARKER_PREFIX = 'wf-';

export function incidentMarker(incidentId: string): string {
  return `${INCIDENT_MARKER_PREFIX}${incidentId}`;
}

/**
 * An action item's marker, from its title (and which of the items so titled it is), not its
 * place in the list: an item added above it after a run was cut short must not find that run's
 * ticket as its own.
 */
export function actionItemMarker(incidentId: string, titles: readonly string[], index: number): string {
  const title = titles[index] ?? '';
  const sameTitleBefore = titles.slice(0, index).filter((earlier) => earlier === title).length;
  const digest = createHash('sha256').update(`${title}\n${sameTitleBefore}`).digest('hex').slice(0, 12);
  return `${incidentMarker(incidentId)}-action-${digest}`;
}

/** The incident a ticket's marker names; null for an action item's ticket or a marker that is not the console's. */
export function incidentIdOf(marker: string | null): string | null {
  if (marker === null || !marker.startsWith(INCIDENT_MARKER_PREFIX) || /-action-[0-9a-f]+$/.test(marker)) return null;
  const id = marker.slice(INCIDENT_MARKER_PREFIX.length);
  return id === '' ? null : id;
}
