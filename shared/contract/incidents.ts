import { z } from 'zod';
import { Id } from '../fleet-definition/ids.js';
import { HoldReason, Severity } from '../fleet-definition/incidents.js';
import { strictObject } from './strict-object.js';

/**
 * Incidents and their lessons-learnt reviews. Instants are epoch milliseconds. The review may be
 * saved incomplete (it is drafted over days); whether it is complete enough to close the
 * incident is the core's close gate, which names what is missing.
 */

export { HoldReason, Severity } from '../fleet-definition/incidents.js';

export const IncidentStatus = z.enum(['triage', 'investigating', 'identified', 'monitoring', 'resolved', 'closed', 'cancelled']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

const Instant = z.number().int().nonnegative();
const Person = z.string().trim().min(1, 'expected a name').max(200);

/** What the incident touches: customers (tenants), environments and regions by id, and the features affected in words. */
export const IncidentImpact = strictObject({
  customers: z.array(Id).max(5000).default([]),
  environments: z.array(Id).max(5000).default([]),
  regions: z.array(Id).max(100).default([]),
  features: z.string().trim().max(2000).default(''),
});
export type IncidentImpact = z.infer<typeof IncidentImpact>;

/** The incident's status and hold from `at` on, until the next entry: the history the SLA clocks are computed from. */
export const StatusChange = strictObject({
  at: Instant,
  status: IncidentStatus,
  hold: HoldReason.nullable().default(null),
  by: Person,
});
export type StatusChange = z.infer<typeof StatusChange>;

/** An action item of the review; owner, due date and ticket may be filled in later, but closing needs all three. */
export const ActionItem = strictObject({
  title: z.string().trim().max(500),
  owner: z.string().trim().max(200).default(''),
  due: z.iso.date('expected a date as YYYY-MM-DD').nullable().default(null),
  /** The ticket in the ticketing backend that tracks it, e.g. OPS-412. */
  ticket: z.string().trim().max(100).default(''),
});
export type ActionItem = z.infer<typeof ActionItem>;

export const ReviewTimelineEntry = strictObject({
  at: Instant,
  text: z.string().trim().min(1, 'expected what happened').max(2000),
});
export type ReviewTimelineEntry = z.infer<typeof ReviewTimelineEntry>;

/** The lessons-learnt review, as drafted; empty text is a part not written yet. */
export const IncidentReview = strictObject({
  summary: z.string().trim().max(10_000).default(''),
  rootCause: z.string().trim().max(10_000).default(''),
  wentWell: z.string().trim().max(10_000).default(''),
  wentBadly: z.string().trim().max(10_000).default(''),
  timeline: z.array(ReviewTimelineEntry).max(2000).default([]),
  actionItems: z.array(ActionItem).max(200).default([]),
  /** The root cause in words customers read (required for Sev1 by default). */
  customerRootCause: z.string().trim().max(10_000).default(''),
});
export type IncidentReview = z.infer<typeof IncidentReview>;

/** One duty of the communications checklist done: what was said, to whom, when and by whom. */
export const CommsRecord = strictObject({
  /** The checklist item's id in the severity's communications. */
  itemId: Id,
  at: Instant,
  by: Person,
  to: z.string().trim().min(1, 'expected to whom it was said').max(500),
  said: z.string().trim().min(1, 'expected what was said').max(10_000),
});
export type CommsRecord = z.infer<typeof CommsRecord>;

export const Incident = z.object({
  id: z.string(),
  title: z.string(),
  severity: Severity,
  status: IncidentStatus,
  hold: HoldReason.nullable(),
  impact: IncidentImpact,
  commander: z.string().nullable(),
  responders: z.array(z.string()),
  alertIds: z.array(z.string()),
  /** Ticket keys in the ticketing backend, the incident's own first. */
  tickets: z.array(z.string()),
  statusPageIncidentId: z.string().nullable(),
  declaredAt: Instant,
  /** Oldest first; the first entry is the declaration. */
  history: z.array(StatusChange).min(1),
  communications: z.array(CommsRecord),
  review: IncidentReview.nullable(),
});
export type Incident = z.infer<typeof Incident>;
