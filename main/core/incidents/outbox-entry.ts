import { z } from 'zod';
import { CommsRecord, IncidentReview, NoteVisibility, Severity, StatusPageStatus } from '../../../shared/contract/incidents.js';

/** What an outbox entry carries to the ticket, by kind. */
export const OutboxPayload = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('declare'), subject: z.string(), description: z.string(), severity: Severity }),
  z.object({ kind: z.literal('note'), text: z.string(), visibility: NoteVisibility }),
  z.object({ kind: z.literal('acknowledge'), by: z.string(), at: z.number().int() }),
  z.object({ kind: z.literal('comms'), record: CommsRecord }),
  z.object({ kind: z.literal('review-draft'), review: IncidentReview }),
  z.object({ kind: z.literal('status-draft'), status: StatusPageStatus, body: z.string() }),
]);
export type OutboxPayload = z.infer<typeof OutboxPayload>;

/**
 * What the ticket was when the entry was written: a send compares it with the ticket as it is
 * now, and a difference (moved on, its record rewritten) is a conflict for a person to decide.
 * Null: the ticket did not exist yet (an incident declared offline), or a person chose to send anyway.
 */
export const OutboxBasis = z.object({ status: z.string(), revision: z.number().int().nonnegative() });
export type OutboxBasis = z.infer<typeof OutboxBasis>;

/** delivered and withdrawn are final; the others are what the contract's OutboxEntryView shows. */
export const OutboxState = z.enum(['pending', 'sending', 'in-doubt', 'conflict', 'failed', 'delivered', 'withdrawn']);
export type OutboxState = z.infer<typeof OutboxState>;

export interface OutboxEntry {
  seq: number;
  /** The entry's own key: the ticket comment's key, the record's writeKey. */
  key: string;
  incidentId: string;
  payload: OutboxPayload;
  basis: OutboxBasis | null;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  conflict: string | null;
  createdAt: number;
  createdBy: string;
}

/** States that still wait to reach the ticket. */
export const UNDELIVERED: readonly OutboxState[] = ['pending', 'sending', 'in-doubt', 'conflict', 'failed'];
