import { z } from 'zod';
import { LocalDateTime, WindowDefinition, WindowKind } from '../fleet-definition/calendar.js';
import { LifecyclePlan } from './lifecycle.js';
import { strictObject } from './strict-object.js';

/**
 * The maintenance and upgrade calendar as the renderer sees it. Instants are epoch
 * milliseconds; every local time is given with its zone and that date's abbreviation.
 */

export { LocalDateTime, WindowDefinition, WindowDefinitionInput, WindowKind, WindowScope, WindowScopeInput } from '../fleet-definition/calendar.js';

/** A wall-clock time in a zone on a date, e.g. { local: "2026-01-31T23:00", timeZone: "Australia/Sydney", abbreviation: "AEDT" }. */
export const ZonedTime = z.object({
  local: LocalDateTime,
  timeZone: z.string(),
  abbreviation: z.string(),
  /** The UTC offset on that date, e.g. "+11:00". */
  offset: z.string(),
});
export type ZonedTime = z.infer<typeof ZonedTime>;

/** Why an occurrence does not start at the wall-clock time its rule asks for (RFC 5545 §3.3.5). */
export const StartAdjustment = z.discriminatedUnion('kind', [
  /** The local time does not exist (clocks jump forward): moved later by the gap. */
  z.object({ kind: z.literal('gap'), requested: LocalDateTime, shiftedMinutes: z.number().int() }),
  /** The local time happens twice (clocks go back): the first is taken. */
  z.object({ kind: z.literal('repeated'), requested: LocalDateTime }),
]);
export type StartAdjustment = z.infer<typeof StartAdjustment>;

export const NoticeState = z.enum(['not-required', 'ahead', 'due', 'overdue', 'announced', 'short-notice', 'past']);
export type NoticeState = z.infer<typeof NoticeState>;

export const Notice = z.object({
  state: NoticeState,
  /** Days of notice this occurrence needs (0 when none is required). */
  requiredDays: z.number().int(),
  /** The last moment to announce it; null when no notice is required. */
  announceBy: z.number().int().nullable(),
  /** Emergency maintenance: the reason it comes at short notice. */
  reason: z.string().nullable(),
});
export type Notice = z.infer<typeof Notice>;

export const PublishState = z.enum(['not-published', 'published', 'outdated', 'failed', 'cancelled', 'cancel-failed']);
export type PublishState = z.infer<typeof PublishState>;

/** What one backend holds of one occurrence (or, for a recurring downtime, of the whole series). */
export const Publication = z.object({
  backendId: z.string(),
  backendName: z.string(),
  backendKind: z.string(),
  state: PublishState,
  /** The backend's id for what was published: a Statuspage incident, a silence, a downtime. */
  remoteId: z.string().nullable(),
  /** Published as one recurring item for the whole series (Datadog downtime with an RRULE). */
  series: z.boolean(),
  at: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type Publication = z.infer<typeof Publication>;

export const ConflictKind = z.enum(['inside-freeze', 'double-maintenance', 'open-incident', 'deploy-in-freeze']);
export type ConflictKind = z.infer<typeof ConflictKind>;

export const Conflict = z.object({
  kind: ConflictKind,
  message: z.string(),
  /** The other occurrence, when the conflict is with one. */
  otherKey: z.string().nullable(),
  environments: z.array(z.string()),
});
export type Conflict = z.infer<typeof Conflict>;

/** A customer the occurrence touches, with the window in the customer's region's local time. */
export const AffectedCustomer = z.object({
  tenantId: z.string(),
  name: z.string(),
  regionId: z.string(),
  environments: z.array(z.string()),
  start: ZonedTime,
  end: ZonedTime,
});
export type AffectedCustomer = z.infer<typeof AffectedCustomer>;

/** What the calendar shows: the fleet file's windows, and each temporary environment's end, an entry of its own. */
export const CalendarEntryKind = z.enum([...WindowKind.options, 'environment-end']);
export type CalendarEntryKind = z.infer<typeof CalendarEntryKind>;

/** The environment an `environment-end` entry is the end of. */
export const EnvironmentEndEntry = z.object({
  environmentId: z.string(),
  environmentName: z.string(),
  tenantName: z.string(),
  lifecycle: LifecyclePlan,
});
export type EnvironmentEndEntry = z.infer<typeof EnvironmentEndEntry>;

export const OccurrenceView = z.object({
  /** `<window id>@<requested local start>`: stable across edits of anything but the start. */
  key: z.string(),
  /** The window; for an environment's end, `end:<environment id>`, which names no window. */
  windowId: z.string(),
  kind: CalendarEntryKind,
  title: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  /** In the window's own zone. */
  localStart: ZonedTime,
  localEnd: ZonedTime,
  adjustment: StartAdjustment.nullable(),
  /** The zone's offset changes inside the window: it lasts its elapsed duration all the same. */
  crossesOffsetChange: z.boolean(),
  regions: z.array(z.string()),
  /** At most the first 100 environments and customers; the counts say how many there are in all. */
  environments: z.array(z.string()),
  environmentCount: z.number().int(),
  customers: z.array(AffectedCustomer),
  customerCount: z.number().int(),
  notice: Notice,
  publications: z.array(Publication),
  conflicts: z.array(Conflict),
  /** Set on an `environment-end` entry only. */
  environmentEnd: EnvironmentEndEntry.nullable(),
});
export type OccurrenceView = z.infer<typeof OccurrenceView>;

export const WindowView = z.object({
  definition: WindowDefinition,
  /** The rule in words, e.g. "Monthly on the last Saturday at 23:00 Australia/Sydney, for 2 h". */
  summary: z.string(),
  next: z.number().int().nullable(),
  publishTo: z.array(z.string()),
});
export type WindowView = z.infer<typeof WindowView>;

export const CalendarSource = z.object({
  /** Where the windows are kept: the fleet file, or the console's own calendar file beside the simulated fleet. */
  file: z.string(),
  kind: z.enum(['fleet-file', 'local-calendar']),
  editable: z.boolean(),
  /** Why the file as it is on disk cannot be used; the last good calendar is shown meanwhile. */
  problems: z.array(z.string()),
});
export type CalendarSource = z.infer<typeof CalendarSource>;

export const CalendarRange = strictObject({ from: z.number().int(), to: z.number().int() })
  .refine((range) => range.to > range.from, { error: 'expected "to" after "from"' })
  .refine((range) => range.to - range.from <= 400 * 86_400_000, { error: 'expected a range of at most 400 days' });

export const NoticeDueItem = z.object({
  key: z.string(),
  windowId: z.string(),
  title: z.string(),
  start: z.number().int(),
  localStart: ZonedTime,
  notice: Notice,
});
export type NoticeDueItem = z.infer<typeof NoticeDueItem>;

export const CalendarView = z.object({
  source: CalendarSource,
  windows: z.array(WindowView),
  occurrences: z.array(OccurrenceView),
  /** Maintenance in the coming months whose announce-by date has come or passed and that is not yet announced, whatever the range. */
  noticeDue: z.array(NoticeDueItem),
  /** The region zones, for the week view's columns. */
  regions: z.array(z.object({ id: z.string(), name: z.string(), timeZone: z.string() })),
});
export type CalendarView = z.infer<typeof CalendarView>;

export const PublishOutcome = z.object({
  key: z.string(),
  backendId: z.string(),
  state: PublishState,
  /** Already published with the same content: nothing was sent. */
  unchanged: z.boolean(),
  error: z.string().nullable(),
});
export type PublishOutcome = z.infer<typeof PublishOutcome>;

export const RegionBanner = z.object({
  regionId: z.string(),
  regionName: z.string(),
  occurrenceKey: z.string(),
  text: z.string(),
});
export type RegionBanner = z.infer<typeof RegionBanner>;

export const IcsExport = z.object({ filename: z.string(), text: z.string(), windows: z.number().int() });
export type IcsExport = z.infer<typeof IcsExport>;

export const IcsImportResult = z.object({
  added: z.array(z.string()),
  skipped: z.array(z.object({ uid: z.string(), reason: z.string() })),
  /** Events taken otherwise than the file says, and why (a contradicting VTIMEZONE, a start off its rule). */
  notes: z.array(z.object({ uid: z.string(), note: z.string() })),
});
export type IcsImportResult = z.infer<typeof IcsImportResult>;
