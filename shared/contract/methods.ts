import { z } from 'zod';
import { AlertFeed, AlertView, MatcherInput, SilenceView } from './alerts.js';
import { AuditExport, AuditPage, AuditQuery, AuditShipping, AuditVerification, OperatorProfile } from './audit.js';
import {
  CalendarRange,
  CalendarView,
  IcsExport,
  IcsImportResult,
  PublishOutcome,
  RegionBanner,
  WindowDefinitionInput,
  WindowKind,
  WindowScopeInput,
  WindowView,
} from './calendar.js';
import { ConnectionInput, ConnectionTestResult, ConnectionView, VaultStatus } from './connections.js';
import { DeployPreview, DeployRequest, DeploymentDetail, DeploymentView, DeploysOverview, LostTrackResolution, RemoteRunView, VersionMatrix } from './deploys.js';
import { CheckName, DefinitionStatus, EnvironmentDetail, FleetDelta, FleetSnapshot } from './fleet.js';
import {
  ActionItem,
  DeclareScope,
  HoldReason,
  IncidentDetail,
  IncidentImpact,
  IncidentList,
  IncidentReview,
  IncidentStatus,
  IncidentSummary,
  NoteVisibility,
  Severity,
  StatusPostPreview,
} from './incidents.js';
import { NotificationPause, PAUSE_MINUTES_MAX } from './notifications.js';
import { MetricHistory, MetricRange, RecentLogs } from './observations.js';
import { StoreStatus } from './store-status.js';
import { strictObject } from './strict-object.js';

/**
 * The one contract between the renderer and the core. Both hosts (Electron IPC and the
 * browser host) serve exactly these methods and events; the types come from the schemas.
 */

const EnvironmentId = z.string().min(1, 'expected an environment id');
const ConnectionId = z.string().min(1, 'expected a connection id');
const IncidentId = z.string().min(1, 'expected an incident id').max(100);
const OutboxEntryId = z.string().min(1, 'expected an outbox entry id').max(100);

const IdempotencyKey = z
  .string()
  .min(8, 'expected an idempotency key of at least 8 characters')
  .max(128, 'expected an idempotency key of at most 128 characters');

/** The largest input most methods take, as JSON text; the browser host refuses a larger body before reading it. */
export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024;

interface MethodLimits {
  /** For the few inputs that are larger by nature: an .ics file, thousands of environment ids. */
  maxInputBytes?: number;
}

function query<S extends z.ZodRawShape, O extends z.ZodType>(shape: S, output: O, summary: string, limits: MethodLimits = {}) {
  return { kind: 'query' as const, input: strictObject(shape), output, summary, maxInputBytes: limits.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES };
}

/** A command changes something; its caller's key makes a retry return the first answer. */
function command<S extends z.ZodRawShape, O extends z.ZodType>(shape: S, output: O, summary: string, limits: MethodLimits = {}) {
  return {
    kind: 'command' as const,
    input: strictObject({ ...shape, idempotencyKey: IdempotencyKey }),
    output,
    summary,
    maxInputBytes: limits.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES,
  };
}

const ICS_MAX_CHARACTERS = 2_000_000;
/** A window's scope or a deploy's target may list thousands of ids. */
const MANY_IDS = { maxInputBytes: 1024 * 1024 };

export const SystemInfo = z.object({
  product: z.literal('Watchfloor'),
  version: z.string(),
  readOnly: z.boolean(),
  startedAt: z.number().int(),
  definition: DefinitionStatus,
  store: StoreStatus,
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const methods = {
  'system.info': query({}, SystemInfo, 'Version, read-only mode, the state of the fleet definition and of the store.'),
  'fleet.snapshot': query({}, FleetSnapshot, 'The whole fleet with its last-known health; deltas follow on the fleet.delta event.'),
  'fleet.environment': query(
    { id: z.string().min(1, 'expected an environment id') },
    EnvironmentDetail,
    'One environment: its servers, their checks and why each has its state.',
  ),
  'sandbox.injectFault': command(
    {
      environmentId: z.string().min(1, 'expected an environment id'),
      check: CheckName,
      severity: z.enum(['warning', 'critical']),
      durationSeconds: z.number().int().min(5).max(86_400),
    },
    z.object({ environmentId: z.string(), server: z.string(), until: z.number().int() }),
    'Start a fault on a simulated environment (sandbox backends only), for drills and demos.',
  ),
  'fleet.metrics': query(
    {
      environmentId: EnvironmentId,
      check: CheckName,
      range: MetricRange,
      maxPoints: z.number().int().min(10).max(2000).default(600),
    },
    MetricHistory,
    "One check's history on each server of an environment, downsampled to at most maxPoints per series.",
  ),
  'fleet.logs': query(
    {
      environmentId: EnvironmentId,
      minutes: z.number().int().min(1).max(1440).default(60),
      limit: z.number().int().min(1).max(500).default(100),
    },
    RecentLogs,
    "Recent error log lines of an environment, newest first, from the log search it is bound to.",
  ),
  'connections.list': query(
    {},
    z.object({ vault: VaultStatus, connections: z.array(ConnectionView) }),
    'Backend connections with their live state, and whether the OS keychain can be used. Never returns a secret.',
  ),
  'connections.save': command(
    { connection: ConnectionInput },
    ConnectionView,
    'Add or change a connection; a typed secret goes to the OS keychain, the store keeps only its reference.',
  ),
  'connections.remove': command(
    { id: ConnectionId },
    z.object({ id: z.string() }),
    'Remove a connection added in Settings, and its secrets from the keychain.',
  ),
  'connections.test': query(
    {
      target: z.discriminatedUnion('by', [
        strictObject({ by: z.literal('id'), id: ConnectionId }),
        strictObject({ by: z.literal('draft'), connection: ConnectionInput }),
      ]),
    },
    ConnectionTestResult,
    'Try a saved connection or an unsaved draft: reachability, version, latency, or the exact error.',
  ),
  'alerts.list': query({}, AlertFeed, 'Active and silenced alerts from every alert source, newest critical first.'),
  'alerts.acknowledge': command(
    { key: z.string().min(1, 'expected an alert key') },
    AlertView,
    'Mark an alert as seen by this operator; it stays in the feed until it resolves.',
  ),
  'silences.list': query(
    { connectionId: ConnectionId.optional() },
    z.array(SilenceView),
    'Silences of the alert sources, active and pending first.',
  ),
  'silences.create': command(
    {
      connectionId: ConnectionId,
      // A name of spaces alone is no name: the form refuses it, and so does the core.
      matchers: z
        .array(MatcherInput.extend({ name: z.string().trim().min(1, 'expected a label name, e.g. environment') }))
        .min(1, 'expected at least one matcher, e.g. environment="acme-prod"'),
      durationMinutes: z.number().int().min(1, 'expected at least 1 minute').max(43_200, 'expected at most 30 days'),
      comment: z.string().trim().min(3, 'expected a reason of at least 3 characters').max(1000),
    },
    SilenceView,
    'Silence alerts through the alert source (Alertmanager) for a duration, with a reason.',
  ),
  'silences.expire': command(
    { connectionId: ConnectionId, silenceId: z.string().min(1, 'expected a silence id') },
    z.object({ silenceId: z.string() }),
    'End a silence now.',
  ),
  'calendar.view': query(
    { range: CalendarRange },
    CalendarView,
    'Windows and their occurrences in a range, each with its times in its own zone, the customers it touches, notice, publish state and conflicts.',
  ),
  'calendar.saveWindow': command(
    { window: WindowDefinitionInput, previousId: z.string().min(1).optional() },
    z.object({ window: WindowView, republished: z.array(PublishOutcome) }),
    'Add or change a window; it is written to the fleet file in place, and what was published of it is updated or cancelled to match.',
    MANY_IDS,
  ),
  'calendar.removeWindow': command(
    { id: z.string().min(1, 'expected a window id') },
    z.object({ id: z.string(), cancelled: z.array(PublishOutcome) }),
    'Remove a window from the calendar and cancel what was published of it.',
  ),
  'calendar.publish': command(
    {
      windowId: z.string().min(1, 'expected a window id'),
      keys: z.array(z.string().min(1)).max(100).optional().describe('occurrences to publish; default the next ones'),
      next: z.number().int().min(1, 'expected at least 1 occurrence').max(24, 'expected at most 24 occurrences').default(1),
      backends: z.array(z.string().min(1)).optional().describe("only these backends, e.g. to retry the one that failed"),
    },
    z.object({ outcomes: z.array(PublishOutcome) }),
    'Publish occurrences to the status page, the alert silences and the monitoring downtimes at once; what is already there with the same content is left alone.',
  ),
  'calendar.banners': query({}, z.array(RegionBanner), "The in-product banner text per region for its next maintenance, in the region's local time."),
  'calendar.exportIcs': query(
    { windowId: z.string().min(1).optional(), regionId: z.string().min(1).optional() },
    IcsExport,
    'The calendar, one window or one region as iCalendar (RFC 5545) with VTIMEZONE components.',
  ),
  'calendar.importIcs': command(
    {
      text: z.string().min(1, 'expected the contents of an .ics file').max(ICS_MAX_CHARACTERS, 'expected an .ics file of at most 2 MB'),
      kind: WindowKind,
      scope: WindowScopeInput,
    },
    IcsImportResult,
    'Add the events of an iCalendar file, with their recurrence, as windows of the given kind and scope.',
    // A character takes at most 3 bytes of UTF-8 in the JSON body (a line break, escaped, 2 bytes); the scope may list many ids.
    { maxInputBytes: 3 * ICS_MAX_CHARACTERS + MANY_IDS.maxInputBytes },
  ),
  'deploys.overview': query(
    {},
    DeploysOverview,
    'Releases, rollout plans with their gates, and running and recent deployments.',
  ),
  'deploys.matrix': query(
    {},
    VersionMatrix,
    "The environment-by-version matrix: each environment's version, the one it should run, the drift in words and its last deployment's state (names, kind, ring, customer and region are in the fleet snapshot).",
  ),
  'deploys.preview': query(
    { request: DeployRequest },
    DeployPreview,
    'What a deploy or rollback would touch (environments, customers, regions, local times, residency), the guards that apply and how it must be confirmed.',
    MANY_IDS,
  ),
  'deploys.start': command(
    { request: DeployRequest },
    z.object({ deployments: z.array(DeploymentView) }),
    'Deploy or roll back, once: refused while a guard fails without a written override, while the confirmation is not given, or while the deploy backend cannot be reached.',
    MANY_IDS,
  ),
  'deploys.deployment': query(
    { id: z.string().min(1, 'expected a deployment id'), after: z.number().int().min(0).default(0) },
    DeploymentDetail,
    'One deployment with its checks, and its log from line `after` on.',
  ),
  'deploys.cancel': command(
    { id: z.string().min(1, 'expected a deployment id'), reason: z.string().trim().max(1000).default('') },
    DeploymentView,
    'Cancel a deployment in any state before it finished: on the backend where it runs there, else here.',
  ),
  'deploys.remoteRuns': query(
    { id: z.string().min(1, 'expected a deployment id') },
    z.object({ runs: z.array(RemoteRunView) }),
    "The deployments the deploy backend lists for a deployment's environment, newest first: what may be adopted when the console lost track of it.",
  ),
  'deploys.resolveLostTrack': command(
    {
      id: z.string().min(1, 'expected a deployment id'),
      resolution: LostTrackResolution,
      reason: z.string().trim().min(10, 'expected a written reason of at least 10 characters').max(1000),
    },
    DeploymentView,
    'End a lost track: adopt a deployment the backend lists for the environment (the console follows it from there), or abandon it (the console stops following; the backend is not touched). Both are audited.',
  ),
  'deploys.answer': command(
    {
      id: z.string().min(1, 'expected a deployment id'),
      interruptionId: z.string().min(1, 'expected an interruption id'),
      answer: z.enum(['retry', 'ignore', 'abort', 'proceed']),
      notes: z.string().trim().min(3, 'expected a note of at least 3 characters on why').max(1000),
    },
    DeploymentView,
    'Answer a deployment paused for manual intervention: retry the step, ignore it, abort, or proceed.',
  ),
  'sandbox.deployFault': command(
    {
      environmentId: z.string().min(1, 'expected an environment id'),
      fault: z.enum(['fail-step', 'guided-failure', 'slow', 'fail-verification']),
    },
    z.object({ environmentId: z.string(), fault: z.string() }),
    "Make the next simulated deployment to an environment fail a step, pause for manual intervention, run slowly or fail its checks after the swap (sandbox deployers only).",
  ),
  'audit.list': query(
    { query: AuditQuery },
    AuditPage,
    'The audit trail, newest first: who did what, where, when, why and with what result.',
  ),
  'audit.verify': query(
    {},
    AuditVerification,
    "Walk the audit trail's hash chain oldest first: intact with its row count, or the first row that breaks it and how.",
  ),
  'audit.export': query({}, AuditExport, 'The whole audit trail as JSON Lines, oldest first, each row with its hash and the previous row\'s.'),
  'audit.shipping': query(
    {},
    AuditShipping.nullable(),
    "Where the audit trail is shipped (the fleet file's audit.ship) in words, how many rows wait, the newest shipped and the last error; null when shipping is not configured.",
  ),
  'settings.operator': query({}, OperatorProfile.nullable(), 'Who is at this console (name and email), as the audit trail names them; null until set.'),
  'settings.saveOperator': command(OperatorProfile.shape, OperatorProfile, 'Set who is at this console: their name and email go on every audit row from now on.'),
  'notifications.state': query({}, NotificationPause, 'Whether desktop notifications are paused on this console, and until when.'),
  'notifications.pause': command(
    { minutes: z.number().int().min(1).max(PAUSE_MINUTES_MAX).nullable() },
    NotificationPause,
    'Pause desktop notifications for some minutes, or (null) until resumed; the tray and every window of this console follow.',
  ),
  'notifications.resume': command({}, NotificationPause, 'Show desktop notifications again.'),
  'incidents.list': query({}, IncidentList, 'Every incident the console knows: open first, by severity, then SLA remaining; with how old it is and what waits in the outbox.'),
  'incidents.get': query({ id: IncidentId }, IncidentDetail, 'One incident: header, scope with local times, SLA clocks, timeline, correlation, comms checklist, outbox, what closing still needs.'),
  'incidents.scope': query(
    { alertKeys: z.array(z.string().min(1)).max(500).default([]), environmentIds: z.array(EnvironmentId).max(5000).default([]) },
    DeclareScope,
    'What the declare dialog pre-fills from alerts or environments: scope with local times, a title, a severity, and an open incident that already has these alerts.',
    MANY_IDS,
  ),
  'incidents.declare': command(
    {
      title: z.string().trim().min(1, 'expected a title').max(300),
      severity: Severity,
      impact: IncidentImpact,
      commander: z.string().trim().min(1, 'expected a commander').max(200),
      responders: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
      alertKeys: z.array(z.string().min(1)).max(500).default([]),
    },
    IncidentSummary,
    'Declare an incident and open its ticket; offline, it waits in the outbox and is delivered once.',
    MANY_IDS,
  ),
  'incidents.setStatus': command(
    { id: IncidentId, status: IncidentStatus, hold: HoldReason.nullable().default(null), note: z.string().trim().max(10_000).default('') },
    IncidentSummary,
    'Move the incident on (the lifecycle decides what is allowed) and transition its ticket; needs the ticketing backend.',
  ),
  'incidents.setSeverity': command(
    { id: IncidentId, severity: Severity, reason: z.string().trim().min(1, 'expected why the severity changes').max(2000) },
    IncidentSummary,
    'Change the severity (it moves the SLA targets); needs the ticketing backend.',
  ),
  'incidents.addNote': command(
    { id: IncidentId, text: z.string().trim().min(1, 'expected the note').max(20_000), visibility: NoteVisibility.default('internal') },
    IncidentSummary,
    'A note on the timeline and a comment on the ticket; offline, it waits in the outbox.',
  ),
  'incidents.acknowledge': command({ id: IncidentId }, IncidentSummary, 'Acknowledge the incident as a responder; offline, it waits in the outbox.'),
  'incidents.handOver': command(
    { id: IncidentId, commander: z.string().trim().min(1, 'expected the new commander').max(200) },
    IncidentSummary,
    'Hand over command; recorded on the ticket.',
  ),
  'incidents.linkAlerts': command(
    { id: IncidentId, alertKeys: z.array(z.string().min(1)).min(1, 'expected at least one alert').max(500) },
    IncidentSummary,
    'Link alerts offered for the incident (or chosen) to it.',
  ),
  'incidents.recordComms': command(
    {
      id: IncidentId,
      itemId: z.string().min(1, 'expected the checklist item'),
      to: z.string().trim().min(1, 'expected to whom it was said').max(500),
      said: z.string().trim().min(1, 'expected what was said').max(10_000),
    },
    IncidentSummary,
    'Record a communications duty done: what was said to whom; offline, it waits in the outbox.',
  ),
  'incidents.saveReview': command(
    { id: IncidentId, review: IncidentReview },
    IncidentSummary,
    'Save the lessons-learnt review as drafted (it may be incomplete); offline, the draft waits in the outbox.',
  ),
  'incidents.createActionTickets': command(
    { id: IncidentId },
    z.object({ actionItems: z.array(ActionItem) }),
    "Create a ticket in the ticketing backend for each of the review's action items that has none, and link it.",
  ),
  'incidents.close': command(
    { id: IncidentId },
    IncidentSummary,
    'Close the incident: refused, with the missing parts named, without a complete review where the severity needs one. Checked live.',
  ),
  'incidents.previewStatusPost': query(
    { id: IncidentId, status: StatusPostPreview.shape.status },
    StatusPostPreview,
    "What a status-page post would say: the status's template filled in with scope, impact and local times, and the components.",
  ),
  'incidents.saveStatusDraft': command(
    { id: IncidentId, status: StatusPostPreview.shape.status, body: z.string().trim().min(1, 'expected the message').max(20_000) },
    IncidentSummary,
    'Keep a draft of a status-page update on the ticket as an internal comment; offline, it waits in the outbox. It is never published by itself.',
  ),
  'incidents.publish': command(
    {
      id: IncidentId,
      status: StatusPostPreview.shape.status,
      body: z.string().trim().min(1, 'expected the message').max(20_000),
      componentImpact: StatusPostPreview.shape.componentImpact,
      notifySubscribers: z.boolean(),
      confirmed: z.literal(true, 'expected the post to be confirmed: it reaches customers'),
    },
    IncidentSummary,
    'Post to the status page (it reaches customers): confirmed, live, never queued.',
  ),
  'incidents.withdraw': command({ entryId: OutboxEntryId }, z.object({ withdrawn: z.boolean() }), 'Withdraw an outbox entry that has not been sent.'),
  'incidents.resolveConflict': command(
    { entryId: OutboxEntryId, action: z.enum(['send-anyway', 'discard']) },
    z.object({ entryId: z.string(), action: z.enum(['send-anyway', 'discard']) }),
    'Decide an outbox entry whose ticket changed meanwhile: send it as written, or discard it.',
  ),
} as const;

export const events = {
  'fleet.delta': { payload: FleetDelta, summary: 'Health changes, batched, in revision order.' },
  'fleet.reloaded': {
    payload: z.object({ revision: z.number().int(), definition: DefinitionStatus }),
    summary: 'The fleet definition changed (or failed to load): fetch a new snapshot.',
  },
  'alerts.changed': { payload: AlertFeed, summary: 'The alert feed after a change: an alert started, resolved, was silenced or acknowledged.' },
  'calendar.changed': {
    payload: z.object({ at: z.number().int() }),
    summary: 'A window was added, changed or removed, or something was published: fetch the calendar again.',
  },
  'deploys.changed': {
    payload: z.object({ deployment: DeploymentView.nullable(), at: z.number().int() }),
    summary: 'A deployment started, moved on or finished (or the versions changed): update it, refetch the overview (and, once one finishes, the matrix).',
  },
  'incidents.changed': {
    payload: z.object({ incidentId: z.string().nullable(), at: z.number().int() }),
    summary: 'An incident changed (here, on its ticket, or in the outbox): refetch the list and that incident.',
  },
  'notifications.paused': { payload: NotificationPause, summary: 'Desktop notifications were paused or resumed (or a pause ran out).' },
  'audit.appended': { payload: z.object({ id: z.number().int(), at: z.number().int() }), summary: 'An entry was added to the audit trail.' },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** The methods of one area, by the name before the dot: `MethodsOf<'incidents'>`. */
export type MethodsOf<Area extends string> = Extract<MethodName, `${Area}.${string}`>;
/** The commands (methods that change something, with an idempotency key) among them. */
export type CommandsOf<Area extends string> = { [M in MethodsOf<Area>]: Methods[M]['kind'] extends 'command' ? M : never }[MethodsOf<Area>];
export type EventName = keyof typeof events;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.infer<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]['payload']>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
