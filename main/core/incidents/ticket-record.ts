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

export function actionItemMarker(incidentId: string, index: number): string {
  return `${incidentMarker(incidentId)}-action-${index + 1}`;
}

/** The incident a ticket's marker names; null for an action item's ticket or a marker that is not the console's. */
export function incidentIdOf(marker: string | null): string | null {
  if (marker === null || !marker.startsWith(INCIDENT_MARKER_PREFIX) || /-action-\d+$/.test(marker)) return null;
  const id = marker.slice(INCIDENT_MARKER_PREFIX.length);
  return id === '' ? null : id;
}
