import { z } from 'zod';
import { Id } from '../fleet-definition/ids.js';
import { CommsChannel, HoldReason, Severity } from '../fleet-definition/incidents.js';
import { RegionBanner } from './calendar.js';
import { strictObject } from './strict-object.js';

/**
 * Incidents and their lessons-learnt reviews. Instants are epoch milliseconds. The review may be
 * saved incomplete (it is drafted over days); whether it is complete enough to close the
 * incident is the core's close gate, which names what is missing.
 */

export { HoldReason, Severity } from '../fleet-definition/incidents.js';

export const IncidentStatus = z.enum(['triage', 'investigating', 'identified', 'monitoring', 'resolved', 'closed', 'cancelled']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** The statuses in which an incident is open: its clocks run, its banner shows, its duties fall due. */
export const OPEN_STATUSES: readonly IncidentStatus[] = ['triage', 'investigating', 'identified', 'monitoring'];

export function isOpen(status: IncidentStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

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
  /** What the status page answered to the last post: its status and the public link (Statuspage's shortlink). */
  statusPageStatus: z.string().nullable().default(null),
  statusPageUrl: z.string().nullable().default(null),
  /** The lessons-learnt review as published in the wiki (Confluence), once it is. */
  reviewPageUrl: z.string().nullable().default(null),
  declaredAt: Instant,
  /** Oldest first; the first entry is the declaration. */
  history: z.array(StatusChange).min(1),
  communications: z.array(CommsRecord),
  review: IncidentReview.nullable(),
});
export type Incident = z.infer<typeof Incident>;

/* ---- What the console shows of incidents: the list, the page, the declare dialog's scope. ---- */

const Nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

/** One SLA clock (response or resolution) as computed by the core, or read from a service desk. */
export const SlaClockView = z.object({
  kind: z.enum(['response', 'resolution']),
  /** ISO 8601 target, e.g. PT4H. */
  target: z.string(),
  targetMs: z.number().int(),
  state: z.enum(['running', 'paused', 'stopped']),
  elapsedMs: z.number().int(),
  /** Negative once breached, by how much. */
  remainingMs: z.number().int(),
  breached: z.boolean(),
  breachAt: Nullable(Instant),
  warnings: z.array(z.object({ percent: z.number(), at: Nullable(Instant), passed: z.boolean() })),
  /** Where it comes from: the console's computation on the fleet file's terms, or the service desk's own SLA. */
  source: z.enum(['console', 'service-desk']),
});
export type SlaClockView = z.infer<typeof SlaClockView>;

/** One duty of the communications checklist: done when, due next, overdue. */
export const CommsDutyView = z.object({
  id: z.string(),
  action: z.string(),
  channel: CommsChannel,
  doneAt: z.array(Instant),
  dueAt: Nullable(Instant),
  overdue: z.boolean(),
});
export type CommsDutyView = z.infer<typeof CommsDutyView>;

export const TimelineKind = z.enum([
  'declared',
  'status',
  'severity',
  'commander',
  'note',
  'acknowledged',
  'alert-firing',
  'alert-resolved',
  'alert-linked',
  'silence',
  'deploy-started',
  'deploy-finished',
  'rollback-started',
  'rollback-finished',
  'slot-swap',
  'maintenance',
  'status-page',
  'ticket-transition',
  'ticket-comment',
  'comms',
  'review',
]);
export type TimelineKind = z.infer<typeof TimelineKind>;

/** One entry of an incident's timeline, assembled from the console's own records, the ticket, the alerts, the deploys and the calendar. */
export const TimelineEntry = z.object({
  /** Stable across assemblies, so the list does not move under the pointer. */
  id: z.string(),
  at: Instant,
  kind: TimelineKind,
  /** Who did it; null where a system did (an alert firing). */
  who: Nullable(z.string()),
  text: z.string(),
  source: z.enum(['console', 'ticket', 'alerts', 'deploys', 'calendar', 'status-page']),
  /** What it is about: an alert key, a deployment id, a window id, a ticket comment id. */
  ref: Nullable(z.string()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** A change in the incident's scope in the hours before its first alert: a suspect. */
export const CorrelatedChange = z.object({
  kind: z.enum(['deployment', 'rollback', 'maintenance']),
  /** The deployment id or the window occurrence's id. */
  id: z.string(),
  title: z.string(),
  environmentIds: z.array(z.string()),
  startedAt: Instant,
  finishedAt: Nullable(Instant),
  /** How long before the first alert it started; negative when it started after. */
  beforeFirstAlertMs: z.number().int(),
  state: z.string(),
  /** Where a rollback of it can be offered through the deploy dialog: the environments and the release to go back from. */
  rollback: Nullable(z.object({ environmentIds: z.array(z.string()), fromRelease: z.string() })),
});
export type CorrelatedChange = z.infer<typeof CorrelatedChange>;

/** An alert in the incident's scope that fired after it was declared: offered for linking, never attached silently. */
export const AlertLinkOffer = z.object({
  alertKey: z.string(),
  name: z.string(),
  summary: z.string(),
  environmentId: Nullable(z.string()),
  startsAt: Instant,
});
export type AlertLinkOffer = z.infer<typeof AlertLinkOffer>;

/** What waits in the offline outbox to reach the ticketing backend. */
export const OutboxKind = z.enum(['declare', 'note', 'acknowledge', 'review-draft', 'status-draft', 'comms']);
export type OutboxKind = z.infer<typeof OutboxKind>;

export const OutboxEntryView = z.object({
  id: z.string(),
  incidentId: z.string(),
  kind: OutboxKind,
  /** What it says, shortened, for the list. */
  summary: z.string(),
  createdAt: Instant,
  createdBy: z.string(),
  /**
   * pending: not yet sent; sending: on its way; in-doubt: sent and the answer was lost (the
   * backend will be asked before anything is sent again); conflict: the ticket changed meanwhile,
   * a person decides; failed: refused by the backend, with why.
   */
  state: z.enum(['pending', 'sending', 'in-doubt', 'conflict', 'failed']),
  attempts: z.number().int().nonnegative(),
  lastError: Nullable(z.string()),
  /** What changed on the ticket meanwhile, in words; set in the conflict state. */
  conflict: Nullable(z.string()),
});
export type OutboxEntryView = z.infer<typeof OutboxEntryView>;

export const TicketLink = z.object({
  connectionId: z.string(),
  id: z.string(),
  displayKey: z.string(),
  url: Nullable(z.string()),
  status: z.string(),
  /** When the console last read it from the backend; null when it never could (created offline, not yet sent). */
  syncedAt: Nullable(Instant),
});
export type TicketLink = z.infer<typeof TicketLink>;

export const IncidentSummary = z.object({
  id: z.string(),
  title: z.string(),
  severity: Severity,
  status: IncidentStatus,
  hold: HoldReason.nullable(),
  commander: z.string().nullable(),
  declaredAt: Instant,
  environmentCount: z.number().int().nonnegative(),
  regions: z.array(z.string()),
  ticket: TicketLink.nullable(),
  sla: z.array(SlaClockView),
  /** Outbox entries not yet delivered, and whether one of them needs a person. */
  pending: z.number().int().nonnegative(),
  conflict: z.boolean(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const TicketingState = z.object({
  /** The ticketing backend's connection; null when the fleet has none (incidents are then kept locally only and say so). */
  connectionId: z.string().nullable(),
  name: z.string(),
  reachable: z.boolean(),
  /** When the incidents were last read from it: how old what is shown is. */
  syncedAt: Nullable(Instant),
  lastError: Nullable(z.string()),
});
export type TicketingState = z.infer<typeof TicketingState>;

export const IncidentList = z.object({
  /** Open first, by severity, then by SLA remaining. */
  items: z.array(IncidentSummary),
  counts: z.object({ open: z.number().int(), bySeverity: z.record(Severity, z.number().int()) }),
  ticketing: TicketingState,
  outbox: z.number().int().nonnegative(),
});
export type IncidentList = z.infer<typeof IncidentList>;

/** A customer, environment or region in scope, with its region's zone, so its local time can be shown. */
export const ScopeMember = z.object({
  kind: z.enum(['customer', 'environment', 'region']),
  id: z.string(),
  name: z.string(),
  regionId: z.string(),
  timeZone: z.string(),
});
export type ScopeMember = z.infer<typeof ScopeMember>;

/** A status-page update's status, as the status page shows it to customers. */
export const StatusPageStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);
export type StatusPageStatus = z.infer<typeof StatusPageStatus>;

export const IncidentDetail = z.object({
  incident: Incident,
  ticket: TicketLink.nullable(),
  scope: z.array(ScopeMember),
  sla: z.array(SlaClockView),
  timeline: z.array(TimelineEntry),
  correlation: z.array(CorrelatedChange),
  linkOffers: z.array(AlertLinkOffer),
  comms: z.array(CommsDutyView),
  outbox: z.array(OutboxEntryView),
  /** The statuses the lifecycle allows next from here. */
  allowedNext: z.array(IncidentStatus),
  reviewRequired: z.boolean(),
  /** What closing still needs, in words; empty when it may be closed. */
  missingForClose: z.array(z.string()),
  statusPage: z
    .object({ id: z.string(), status: z.string(), url: Nullable(z.string()), lastPostedAt: Nullable(Instant) })
    .nullable(),
  /** The latest status-page update drafted (waiting in the outbox or kept on the ticket as an internal comment); never published by itself. */
  statusDraft: z
    .object({ status: StatusPageStatus, body: z.string(), at: Instant, by: z.string() })
    .nullable(),
  ticketing: TicketingState,
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

/** What the declare dialog pre-fills from the alerts or environments it was opened from. */
export const DeclareScope = z.object({
  scope: z.array(ScopeMember),
  impact: IncidentImpact,
  suggestedTitle: z.string(),
  suggestedSeverity: Severity,
  /** An open incident that already has one of these alerts' groups: declaring again would open a second; link to it instead. */
  existingIncidentId: Nullable(z.string()),
  /** What each severity means, as the fleet file's incidents section says (its defaults where it is silent). */
  severityMeanings: z.record(Severity, z.string()),
});
export type DeclareScope = z.infer<typeof DeclareScope>;

/** What a status-page post will say before it is confirmed: it reaches customers. */
export const StatusPostPreview = z.object({
  status: StatusPageStatus,
  name: z.string(),
  body: z.string(),
  componentImpact: z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage']),
  /** The status page's components the scope maps to, by name. */
  components: z.array(z.string()),
  notifySubscribers: z.boolean(),
});
export type StatusPostPreview = z.infer<typeof StatusPostPreview>;

/**
 * The product dashboard's banner for a region while an incident is open there: the maintenance
 * banner's shape (RegionBanner), so both are shown together, with the incident instead of the
 * window occurrence.
 */
export const IncidentBanner = RegionBanner.omit({ occurrenceKey: true }).extend({ incidentId: z.string(), severity: Severity });
export type IncidentBanner = z.infer<typeof IncidentBanner>;

export const NoteVisibility = z.enum(['internal', 'customer']);
export type NoteVisibility = z.infer<typeof NoteVisibility>;
