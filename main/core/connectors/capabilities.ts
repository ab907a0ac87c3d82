import type { AlertSeverity, Matcher } from '../../../shared/contract/alerts.js';
import type { DeployAction } from '../../../shared/contract/deploys.js';
import type { CheckName, EnvironmentView } from '../../../shared/contract/fleet.js';
import type { LogLine } from '../../../shared/contract/observations.js';
import type { EnvironmentBinding } from '../../../shared/fleet-definition/schema.js';
import type { IncidentStatus } from '../../../shared/contract/incidents.js';
import type { Severity } from '../../../shared/fleet-definition/incidents.js';

/**
 * What a connector can do, by capability rather than by vendor. Services depend on these
 * interfaces; a new backend is a new folder that implements one or more of them. Every
 * network call takes an AbortSignal so a slow backend never holds up the others.
 */

export type ServerRole = 'web' | 'app' | 'db';

export interface ServerInfo {
  name: string;
  role: ServerRole;
  /** The backend's name for it, e.g. Prometheus's `instance` label; defaults to the name. */
  instance?: string;
}

/** An environment as a connector sees it: what the console shows, and how the fleet file binds it to backends. */
export interface WatchedEnvironment {
  view: EnvironmentView;
  binding: EnvironmentBinding;
}

/** One measurement of one check on one server of an environment. */
export interface Sample {
  env: string;
  server: number;
  check: CheckName;
  value: number;
}

/** A check a round could not measure: its environments keep their old values, and are stale until it answers again. */
export interface Unanswered {
  check: CheckName;
  /** The environments it was asked for; absent: every environment the source watches. */
  envs?: readonly string[];
  /** Why, in the backend's words. */
  reason: string;
}

export interface HealthReport {
  at: number;
  latencyMs: number;
  /** What answered; a source that reports changes only may leave out what did not change. */
  samples: readonly Sample[];
  /** What did not answer this round; everything else of the source's environments counts as just observed. */
  unanswered?: readonly Unanswered[];
}

export interface HealthSink {
  report(report: HealthReport): void;
  failed(at: number, message: string): void;
}

/** Watches environments and reports what it measures. */
export interface HealthSource {
  /** How often it reports when healthy; its data turns stale only after a few missed reports. */
  readonly reportEveryMs: number;
  servers(env: WatchedEnvironment): ServerInfo[];
  start(environments: readonly WatchedEnvironment[], sink: HealthSink): void;
  stop(): void;
}

/** An alert as its backend reports it, before the core maps it to an environment. */
export interface BackendAlert {
  fingerprint: string;
  name: string;
  severity: AlertSeverity;
  summary: string;
  description: string | null;
  runbookUrl: string | null;
  labels: Record<string, string>;
  startsAt: number;
  silencedBy: string[];
}

export interface AlertSource {
  listAlerts(signal: AbortSignal): Promise<BackendAlert[]>;
}

export interface BackendSilence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  state: 'active' | 'pending' | 'expired';
}

export interface NewSilence {
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

export interface SilenceStore {
  listSilences(signal: AbortSignal): Promise<BackendSilence[]>;
  /** Returns the new silence's id. */
  createSilence(silence: NewSilence, signal: AbortSignal): Promise<string>;
  expireSilence(id: string, signal: AbortSignal): Promise<void>;
}

export interface HistoryRequest {
  env: WatchedEnvironment;
  servers: readonly ServerInfo[];
  check: CheckName;
  start: number;
  end: number;
  stepMs: number;
}

export interface MetricHistorySource {
  /** Raw points per server name; the caller downsamples. */
  history(request: HistoryRequest, signal: AbortSignal): Promise<Array<{ server: string; points: Array<[number, number]> }>>;
}

export interface LogRequest {
  env: WatchedEnvironment;
  since: number;
  limit: number;
}

export interface LogSearch {
  recentErrors(request: LogRequest, signal: AbortSignal): Promise<LogLine[]>;
}

/** What a "Test" in Settings asks of a backend. Throws a ConnectorError when it is not what it should be. */
export interface Probe {
  probe(signal: AbortSignal): Promise<{ version: string }>;
}

export interface InjectedFault {
  server: string;
  until: number;
}

/** Only simulated backends can be told to break; drills and demos use it. */
export interface FaultInjector {
  injectFault(env: string, check: CheckName, severity: 'warning' | 'critical', durationMs: number): InjectedFault;
}

export type DeployFault = 'fail-step' | 'guided-failure' | 'slow' | 'fail-verification';

/**
 * Only simulated deployers can be told to break, and only they make up what their
 * post-deploy checks see; drills and demos use it.
 */
export interface DeployFaultInjector {
  /** Arms a fault for the next deployment to the environment. */
  arm(environmentId: string, fault: DeployFault): void;
  /** What a metric check of the environment's slot sees: 'failing' once a release deployed under 'fail-verification' serves production. */
  verification(environmentId: string, slot: 'production' | 'staging'): 'ok' | 'failing';
}

/**
 * A maintenance window as a backend is asked to hold it: one occurrence, or a whole series
 * where the backend takes recurrence (a Datadog downtime with an RRULE). The marker names it
 * on the backend, so an attempt cut off mid-way is found and adopted, never created twice.
 */
export interface MaintenanceItem {
  /** "watchfloor:<window id>@<requested local start>" or "watchfloor:<window id>@series". */
  marker: string;
  title: string;
  /** Customer-facing text (status page body, downtime message). */
  body: string;
  /** The occurrence, or the series' first occurrence. */
  start: number;
  end: number;
  environments: readonly WatchedEnvironment[];
  /** Ids of the regions, sites, tenants and environments in scope: a status page maps them to its components. */
  scopeIds: readonly string[];
  /** The regions in scope with their zones: customers are told times in their own. */
  regions: ReadonlyArray<{ name: string; timeZone: string }>;
  series: { rrule: string; start: string; timeZone: string; durationMinutes: number } | null;
  createdBy: string;
}

/** Holds maintenance windows: a status page's scheduled maintenance, an alert source's silences, a monitoring downtime. */
export interface MaintenancePublisher {
  /** Whether one recurring item can carry this rule; otherwise each occurrence is published on its own. */
  acceptsSeries(rrule: string, hasExdates: boolean): boolean;
  /** The remote id of a live item carrying the marker, if one exists. */
  find(marker: string, signal: AbortSignal): Promise<string | null>;
  /** Returns the new item's remote id. */
  create(item: MaintenanceItem, signal: AbortSignal): Promise<string>;
  /** Returns the remote id afterwards; it may change (Alertmanager replaces a silence whose matchers change). */
  update(remoteId: string, item: MaintenanceItem, signal: AbortSignal): Promise<string>;
  /** Ends or deletes the item; one that is already gone counts as cancelled. */
  cancel(remoteId: string, signal: AbortSignal): Promise<void>;
}

/** Where a release goes: one environment as the deploy backend names it. */
export interface DeployTarget {
  environment: WatchedEnvironment;
  /** The deployer's name for it (Octopus environment, Azure site, a command's WATCHFLOOR_TARGET); default the environment id. */
  remoteName: string;
  /** An Octopus tenant name for a tenanted deployment; null for untenanted. */
  remoteTenant: string | null;
  /** Where the release lands: the staging slot in the staging-slot flow, else production. */
  slot: 'production' | 'staging';
  variables: Readonly<Record<string, string>>;
}

/** What the deploy service asks a deployer to do. Its key marks the deployment on the backend, so a retry finds it instead of creating a second one. */
export interface DeploymentOrder {
  /** "watchfloor-<console deployment id>": unique per console deployment, stable across retries and restarts. */
  key: string;
  /** A decommission tears the target down (an Octopus runbook, the backend's decommission command); its version is what the target ran. */
  action: DeployAction;
  version: string;
  /** The version the target ran before, where known. */
  previousVersion: string | null;
  target: DeployTarget;
  /** Start no earlier than this (a scheduled deploy); null = now. */
  runAt: number | null;
  /** Give up if it could not start by then; null = no limit. */
  noRunAfter: number | null;
  /** Pause for a person's answer when a step fails (Octopus guided failure) instead of failing outright. */
  guidedFailure: boolean;
  requestedBy: string;
  reason: string | null;
}

export type RemoteDeploymentState = 'queued' | 'running' | 'paused' | 'succeeded' | 'failed' | 'cancelled';

export type InterruptionAnswer = 'retry' | 'ignore' | 'abort' | 'proceed';

/** A deployment paused for manual intervention (a failed step under guided failure, a manual step). */
export interface RemoteInterruption {
  id: string;
  title: string;
  message: string;
  answers: readonly InterruptionAnswer[];
}

export interface RemoteDeploymentStatus {
  state: RemoteDeploymentState;
  /** 0 to 100 where the backend tells. */
  progress: number | null;
  /** The step running now, or the one that failed. */
  step: string | null;
  interruption: RemoteInterruption | null;
  /** Why it failed or was cancelled, in the backend's words. */
  message: string | null;
}

export interface RemoteLogLine {
  at: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

/** A deployment freeze the deploy backend holds (Octopus deployment freezes). */
export interface RemoteFreeze {
  name: string;
  start: number;
  end: number;
  /** Remote environment names it covers; empty = all. */
  environments: readonly string[];
}

/** What a deploy backend would refuse of one target, said before anything is issued. */
export interface PreflightProblem {
  /** The console's environment id. */
  environmentId: string;
  problem: string;
}

/**
 * A deployment as the backend lists it: where it deploys, what and under which key, in the
 * backend's own words, so the console can check that a run it finds is the one it ordered.
 */
export interface RemoteRun {
  remoteId: string;
  /** The backend's name of where it deploys (what a DeployTarget calls remoteName). */
  target: string;
  /** The release it deploys; null where the backend's listing does not say. */
  version: string | null;
  /** The console's key it carries; null when it carries none (started outside the console). */
  key: string | null;
  state: RemoteDeploymentState | null;
  createdAt: number | null;
}

/** Deploys releases: Octopus, a command, the sandbox. Every call takes a signal so a hung backend is given up. */
export interface Deployer {
  /** The deployment this order already created (found by its key), so it is adopted, never issued twice. */
  find(order: DeploymentOrder, signal: AbortSignal): Promise<RemoteRun | null>;
  /** The deployments the backend has for a target, newest first: what an operator may adopt when the console lost track. */
  runs(target: DeployTarget, signal: AbortSignal): Promise<RemoteRun[]>;
  /** Issues the deployment; returns its remote id. */
  start(order: DeploymentOrder, signal: AbortSignal): Promise<string>;
  status(remoteId: string, signal: AbortSignal): Promise<RemoteDeploymentStatus>;
  /** Log lines after the first `after` (the caller keeps how many it has). */
  log(remoteId: string, after: number, signal: AbortSignal): Promise<RemoteLogLine[]>;
  /** Asks it to stop; resolves once the backend took the request (the state follows on status). */
  cancel(remoteId: string, signal: AbortSignal): Promise<void>;
  answer(remoteId: string, interruptionId: string, answer: InterruptionAnswer, notes: string, signal: AbortSignal): Promise<void>;
  /** The version each target runs, by environment id, where the backend knows it. */
  currentVersions(targets: readonly DeployTarget[], signal: AbortSignal): Promise<Map<string, { version: string; at: number | null }>>;
  /** Freezes the backend itself enforces; absent where it has none. */
  freezes?(signal: AbortSignal): Promise<RemoteFreeze[]>;
  /**
   * What the backend would refuse of deploying the version to the targets (a release it does not
   * have, a target it would not take yet), so the preview says it before the click; none = it
   * would take them all. Absent where the backend cannot tell before it is asked to deploy.
   */
  preflight?(version: string, targets: readonly DeployTarget[], signal: AbortSignal): Promise<PreflightProblem[]>;
}

/**
 * What the swapper says of a target's swap since a moment (when the console sent one whose
 * answer it never got): one it completed since, one still under way, one it ended as failed
 * (in its words), or none since, in which case the swap was not carried out. A swapper that
 * cannot tell throws: nothing is concluded.
 */
export type SwapSince =
  | { state: 'swapped'; at: number }
  | { state: 'under-way' }
  | { state: 'failed'; message: string }
  | { state: 'not-swapped'; lastAt: number | null };

/** Swaps a target's staging slot with production: Azure App Service, a command, the sandbox. */
export interface SlotSwapper {
  /** Whether the target's staging slot was swapped with production at or after `since` (by the swapper's own record of its swaps). */
  swappedSince(target: DeployTarget, since: number, signal: AbortSignal): Promise<SwapSince>;
  /** Swaps staging and production and resolves when the swap completed (long-running operations are polled). A swap is its own inverse. */
  swap(target: DeployTarget, signal: AbortSignal): Promise<void>;
  /** What would change in production with the swap (settings that differ between the slots), in words. */
  differences(target: DeployTarget, signal: AbortSignal): Promise<string[]>;
  /** Swap with preview, phase one: production's settings applied to staging, so it warms up as it will run; `swap` completes it. */
  applyProductionConfig?(target: DeployTarget, signal: AbortSignal): Promise<void>;
  /** Cancels phase one: staging gets its own settings back. */
  resetConfig?(target: DeployTarget, signal: AbortSignal): Promise<void>;
}

/** One series of an instant metric query. */
export interface MetricSample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** Answers the metric queries of post-deploy checks: PromQL for Prometheus; the sandbox answers from its simulation. */
export interface CheckMetricSource {
  metric(query: string, signal: AbortSignal): Promise<MetricSample[]>;
}

/** A backend and the capabilities it has; services pick what they need. */
export interface Connector {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly health?: HealthSource;
  readonly alerts?: AlertSource;
  readonly silences?: SilenceStore;
  readonly metrics?: MetricHistorySource;
  readonly logs?: LogSearch;
  readonly faults?: FaultInjector;
  readonly probe?: Probe;
  readonly maintenance?: MaintenancePublisher;
  readonly deployer?: Deployer;
  readonly slots?: SlotSwapper;
  /** Metric queries of post-deploy checks. */
  readonly checks?: CheckMetricSource;
  readonly deployFaults?: DeployFaultInjector;
  readonly ticketing?: Ticketing;
  readonly statusIncidents?: StatusPageIncidents;
  readonly chat?: Chat;
  readonly reviewPages?: ReviewPages;
  /** Stops timers and aborts requests in flight. */
  close(): void;
}

/**
 * What the console asks of a new ticket. `marker` is the console's id for it (`wf-<incident id>`,
 * or `wf-<incident id>-action-<digest of its title>` for a review's action item), kept on the
 * ticket (Jira label and issue property, ServiceNow `correlation_id`, a Redmine custom field) so
 * that it is found again.
 */
export interface TicketDraft {
  marker: string;
  subject: string;
  /** Plain text; a connector converts it to what its backend takes (Atlassian Document Format for Jira). */
  description: string;
  /** The incident's severity, which the backend holds as its own priority (ServiceNow impact × urgency, Jira priority); null for an action item. */
  severity: Severity | null;
  /** The console's record of the incident (JSON text, `TicketRecord`), kept on the ticket; null for an action item. */
  record: string | null;
  /**
   * An earlier try may have made it (its answer was lost, or the process ended mid-send): a
   * backend whose search lags its writes is given time to show it before one is made.
   */
  earlierTry?: boolean;
}

/** Internal notes (ServiceNow `work_notes`, Jira internal comment, Redmine private note) versus comments the customer may read. */
export type CommentVisibility = 'internal' | 'customer';

export interface NewTicketComment {
  /** The console's key for this comment (an outbox entry's key), kept with it on the ticket so that a retry after a lost answer finds it instead of posting twice. */
  key: string;
  text: string;
  visibility: CommentVisibility;
}

export interface TicketComment {
  id: string;
  author: string;
  /** The text without the console's key. */
  text: string;
  at: number;
  /** The console's key, when the console posted it; null for a comment written in the backend. */
  key: string | null;
  visibility: CommentVisibility;
}

export interface Ticket {
  /** The backend's id (a Redmine issue number, a Jira issue key such as OPS-412, a ServiceNow sys_id). */
  id: string;
  /** What people call it: OPS-412, INC0010023, #57. */
  displayKey: string;
  /** The ticket in the backend's own web UI, for a link; null when the backend has none. */
  url: string | null;
  marker: string | null;
  subject: string;
  description: string;
  /** The backend's status name, e.g. New, In Progress, Closed. */
  status: string;
  closed: boolean;
  /** The console's record as last written to the ticket (JSON text); null when none was. */
  record: string | null;
  /** When the backend last changed it: a change after the console's last look is someone else's. */
  updatedAt: number;
  /** Oldest first. */
  comments: TicketComment[];
}

/** Where an incident moves; each connector maps the incident status to its workflow (fleet-file `statuses`, with defaults). */
export interface TicketTransition {
  status: IncidentStatus;
  /** Sent where the backend's transition requires it (Jira's resolution field, ServiceNow's close code and notes). */
  resolution: string | null;
  comment: string | null;
}

/** An SLA as a service desk computes it (Jira Service Management); read instead of computed where it exists. */
export interface BackendSla {
  name: string;
  /** Target and elapsed in milliseconds of the SLA's own calendar. */
  goalMs: number | null;
  elapsedMs: number;
  remainingMs: number | null;
  breached: boolean;
  paused: boolean;
  completed: boolean;
}

/**
 * Tickets in the ticketing system of record. None of the backends has an idempotency key, so
 * whatever creates (a ticket, a comment) looks for the console's marker or key first when an
 * earlier try's answer was lost. A ticket that no longer exists is a ConnectorError with status 404.
 */
export interface Ticketing {
  /** Exactly once per marker: a ticket that already carries the marker (an earlier try whose answer was lost) is returned instead. */
  create(draft: TicketDraft, signal: AbortSignal): Promise<Ticket>;
  findByMarker(marker: string, signal: AbortSignal): Promise<Ticket | null>;
  get(id: string, signal: AbortSignal): Promise<Ticket>;
  /** Exactly once per key: when a comment with the key is already on the ticket, that one is returned and nothing is posted. */
  comment(id: string, comment: NewTicketComment, signal: AbortSignal): Promise<TicketComment>;
  /** Moves the ticket to the backend status the incident status maps to, with the fields that transition requires; refused (a ConnectorError naming why) when the workflow does not allow it. */
  transition(id: string, transition: TicketTransition, signal: AbortSignal): Promise<Ticket>;
  /** Replaces the console's record on the ticket. */
  writeRecord(id: string, record: string, signal: AbortSignal): Promise<void>;
  /** Tickets with the marker, or whose subject contains the text, or (markerPrefix) every ticket the console made, newest change first. */
  list(query: { marker?: string; markerPrefix?: string; text?: string; updatedSince?: number }, signal: AbortSignal): Promise<Ticket[]>;
  /** The service desk's SLAs for the ticket; absent where the backend computes none (the console computes them then). */
  sla?(id: string, signal: AbortSignal): Promise<BackendSla[]>;
}

/** What customers see of a component while an incident is open (Statuspage's component statuses). */
export type ComponentImpact = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage';

export type PublicIncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

/** One post of an incident to the status page: the message and what it says of the components in scope. */
export interface StatusPost {
  status: PublicIncidentStatus;
  /** The filled-in template: scope, impact and each region's local time. */
  body: string;
  /** Ids of the regions, sites, tenants and environments in scope; the page maps them to its components. */
  scopeIds: readonly string[];
  componentImpact: ComponentImpact;
  /** Statuspage's `deliver_notifications`: whether subscribers are emailed. */
  notifySubscribers: boolean;
}

export interface PublicIncident {
  id: string;
  marker: string | null;
  name: string;
  status: PublicIncidentStatus;
  /** The public page's link to it (Statuspage's shortlink), when it has one. */
  url: string | null;
  /** Oldest first. */
  updates: Array<{ id: string; status: PublicIncidentStatus; body: string; at: number }>;
}

/**
 * Incidents on a public status page. Posting reaches customers, so nothing here is retried
 * blind: after a lost answer the incident is looked up by its marker (creation) or its updates
 * are read (an update), and what the page shows decides.
 */
export interface StatusPageIncidents {
  find(marker: string, signal: AbortSignal): Promise<PublicIncident | null>;
  /** The incident as the page shows it now, with every update, also those written on the page itself. */
  get(id: string, signal: AbortSignal): Promise<PublicIncident>;
  /** Exactly once per marker. */
  open(marker: string, name: string, post: StatusPost, signal: AbortSignal): Promise<PublicIncident>;
  /** A new update (and component statuses); `resolved` ends it and puts the components back to operational. */
  post(id: string, post: StatusPost, signal: AbortSignal): Promise<PublicIncident>;
}

/** A channel of an incident in a chat backend (a Slack channel, a Teams channel). */
export interface ChatChannel {
  id: string;
  name: string;
  /** Where people open it; null when the backend gives no link. */
  url: string | null;
}

/**
 * One message the console posts to an incident's channel. `key` is the console's key for it,
 * carried in the message itself (Slack message metadata, an Adaptive Card's fact), so that after
 * a lost answer or a restart the backend is asked for it before anything is posted again.
 */
export interface ChatMessage {
  key: string;
  title: string;
  /** Plain text, one line each; the connector escapes them for its backend. */
  lines: readonly string[];
  /** The deep link back into the console. */
  link: string;
}

/**
 * Where the team talks about an incident. Internal only: nothing posted here reaches customers.
 * Every write is exactly once: by the channel's name (a second create finds the first) and by each
 * message's key (looked for in the channel's history before a post is sent again).
 */
export interface Chat {
  /** The severities whose incidents get a channel (the fleet file's `channelFor`). */
  readonly severities: ReadonlySet<Severity>;
  /** Where the deep links in posts lead: `watchfloor://` or the browser host's address. */
  readonly consoleUrl: string;
  /** The incident's channel, named from it by the backend's rules; made when there is none yet. */
  openChannel(incident: { id: string; title: string }, signal: AbortSignal): Promise<ChatChannel>;
  /** Invites the people, by the names the console knows them by; those the fleet file gives no member id for are left out and answered. */
  invite(channelId: string, people: readonly string[], signal: AbortSignal): Promise<{ notInvited: string[] }>;
  /** The keys of the console's messages in the channel. */
  postedKeys(channelId: string, signal: AbortSignal): Promise<Set<string>>;
  /** Posts the message unless one with its key is already there. */
  post(channelId: string, message: ChatMessage, signal: AbortSignal): Promise<void>;
  /** The one message with the key, updated in place; posted and pinned when there is none yet. */
  card(channelId: string, message: ChatMessage, signal: AbortSignal): Promise<void>;
  /** Archives the channel; one already archived counts as done. */
  archive(channelId: string, signal: AbortSignal): Promise<void>;
}

/** A page in the team's wiki as it stands after a publish. */
export interface PublishedPage {
  id: string;
  version: number;
  /** Where people open it. */
  url: string;
}

/** A lessons-learnt review as a wiki page: its title and its body in the wiki's own markup (Confluence storage format). */
export interface ReviewPage {
  incidentId: string;
  title: string;
  body: string;
}

/**
 * Reviews and runbooks in the team's wiki (Confluence). A review's page carries the incident's id
 * in a property of its own, so publishing again finds it and updates it in place (a new version
 * when the review changed, nothing when it did not), never a second page.
 */
export interface ReviewPages {
  publish(page: ReviewPage, signal: AbortSignal): Promise<PublishedPage>;
  /** The runbook page of a check, as the fleet file names it; null when it names none. */
  runbookUrl(check: string): string | null;
}
