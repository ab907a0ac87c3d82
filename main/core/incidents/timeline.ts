import type { AlertView, SilenceView } from '../../../shared/contract/alerts.js';
import type { OccurrenceView } from '../../../shared/contract/calendar.js';
import { FINISHED_STATES, type DeploymentView } from '../../../shared/contract/deploys.js';
import { TimelineKind, type Incident, type StatusChange, type TimelineEntry } from '../../../shared/contract/incidents.js';
import type { PublicIncident, Ticket } from '../connectors/capabilities.js';
import { nameList } from '../deploys/policy/name-list.js';
import { authorOf } from './entry-key.js';

/** What the console records of an incident beyond its status history and communications (those are on the Incident itself). */
export type ConsoleEventKind = Extract<TimelineKind, 'severity' | 'commander' | 'note' | 'acknowledged' | 'alert-linked' | 'review'>;

export interface ConsoleEvent {
  /** The console's own id for it (an outbox entry's key, an audit entry's id): stable, unique per incident. */
  id: string;
  at: number;
  kind: ConsoleEventKind;
  by: string;
  /** What happened, in words: "Sev2 → Sev1", the note's text. */
  text: string;
  /** The key it carries to the ticket as a comment, if it went there: that comment is this event and is not shown again. */
  commentKey: string | null;
  ref: string | null;
}

/** An alert seen in scope, and when it stopped firing (null while it fires). */
export interface SeenAlert {
  alert: AlertView;
  resolvedAt: number | null;
}

/** A silence with the environments its matchers cover. */
export interface ScopedSilence {
  silence: SilenceView;
  environmentIds: readonly string[];
}

/** A swap of an environment's staging slot with production, when it was sent; `back` for a swap that put the previous release back. */
export interface SlotSwap {
  at: number;
  back: boolean;
}

export interface DeploymentActivity {
  deployment: DeploymentView;
  swaps: readonly SlotSwap[];
}

/** One occurrence of a maintenance window, with every environment its scope reaches (OccurrenceView lists only the first 100). */
export type MaintenanceOccurrence = Pick<OccurrenceView, 'key' | 'windowId' | 'kind' | 'title' | 'start' | 'end'> & {
  environmentIds: readonly string[];
};

/**
 * A status of the ticket seen, and when. The backends' Ticket carries only its current status, so
 * whoever polls the ticket keeps the changes it sees; `by` where the backend says who.
 */
export interface TicketStatusSeen {
  at: number;
  status: string;
  by: string | null;
}

export interface TicketSource {
  ticket: Ticket;
  statuses: readonly TicketStatusSeen[];
}

export interface TimelineSources {
  incident: Incident;
  events: readonly ConsoleEvent[];
  ticket: TicketSource | null;
  alerts: readonly SeenAlert[];
  silences: readonly ScopedSilence[];
  deployments: readonly DeploymentActivity[];
  maintenance: readonly MaintenanceOccurrence[];
  statusPage: PublicIncident | null;
  /** The environments in the incident's scope (see scopeEnvironments). */
  scope: ReadonlySet<string>;
  /** What the timeline covers (see relevantPeriod); entries outside it are left out. */
  period: { from: number; to: number };
}

const KIND_RANK = new Map(TimelineKind.options.map((kind, rank) => [kind, rank]));

type Draft = Omit<TimelineEntry, 'source'>;

/** The incident's timeline from everything that concerns it, oldest first (see orderTimeline). */
export function assembleTimeline(sources: TimelineSources): TimelineEntry[] {
  return orderTimeline([...incidentEntries(sources), ...surroundingEntries(sources)], sources.period);
}

/** What the console and the ticket hold of the incident itself: declaration, status changes, communications, the console's events, the ticket's comments and statuses. */
export function incidentEntries(sources: Pick<TimelineSources, 'incident' | 'events' | 'ticket'>): TimelineEntry[] {
  return [...consoleEntries(sources), ...ticketEntries(sources)];
}

/** What happened around the incident in its scope: alerts, silences, deploys, maintenance and the status page. */
export function surroundingEntries(sources: Omit<TimelineSources, 'events' | 'ticket' | 'period'>): TimelineEntry[] {
  return [...alertEntries(sources), ...silenceEntries(sources), ...deploymentEntries(sources), ...maintenanceEntries(sources), ...statusPageEntries(sources)];
}

/**
 * The entries in the period, oldest first. Ids are built from what each entry is about, so the
 * same facts give the same ids; entries at the same instant are ordered by kind (the declaration
 * before what followed it) and then id, so two assemblies never disagree on the order.
 */
export function orderTimeline(entries: readonly TimelineEntry[], period: { from: number; to: number }): TimelineEntry[] {
  return entries
    .filter((entry) => entry.at >= period.from && entry.at <= period.to)
    .sort((a, b) => a.at - b.at || (KIND_RANK.get(a.kind) ?? 0) - (KIND_RANK.get(b.kind) ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function consoleEntries({ incident, events }: Pick<TimelineSources, 'incident' | 'events'>): TimelineEntry[] {
  const from = (draft: Draft): TimelineEntry => ({ ...draft, source: 'console' });
  const entries = incident.history.map((change, index) =>
    from({
      id: index === 0 ? 'console:declared' : `console:status:${index}`,
      at: change.at,
      kind: index === 0 ? 'declared' : 'status',
      who: change.by,
      text: index === 0 ? `Declared ${incident.title}` : statusText(change, incident.history[index - 1]),
      ref: null,
    }),
  );
  for (const record of incident.communications) {
    entries.push(from({ id: `console:comms:${record.itemId}:${record.at}`, at: record.at, kind: 'comms', who: record.by, text: `Told ${record.to}: ${record.said}`, ref: record.itemId }));
  }
  for (const event of events) entries.push(from({ id: `console:${event.id}`, at: event.at, kind: event.kind, who: event.by, text: event.text, ref: event.ref }));
  return entries;
}

function statusText(change: StatusChange, before: StatusChange | undefined): string {
  if (before && before.status === change.status) return change.hold ? `On hold: ${change.hold.replaceAll('-', ' ')}` : `Hold ended; ${change.status} again`;
  return `Status ${before?.status ?? 'none'} → ${change.status}${change.hold ? ` (on hold: ${change.hold.replaceAll('-', ' ')})` : ''}`;
}

function ticketEntries({ ticket, events }: Pick<TimelineSources, 'ticket' | 'events'>): TimelineEntry[] {
  if (!ticket) return [];
  const { id, displayKey } = ticket.ticket;
  const shown = new Set(events.flatMap((event) => (event.commentKey === null ? [] : [event.commentKey])));
  const entries: TimelineEntry[] = [];
  for (const comment of ticket.ticket.comments) {
    if (comment.key !== null && shown.has(comment.key)) continue;
    entries.push({
      id: `ticket:${id}:comment:${comment.id}`,
      at: comment.at,
      kind: 'ticket-comment',
      who: authorOf(comment.key) ?? comment.author,
      text: `${comment.visibility === 'customer' ? 'Customer-visible comment' : 'Internal comment'} on ${displayKey}: ${comment.text}`,
      source: 'ticket',
      ref: comment.id,
    });
  }
  for (const seen of ticket.statuses) {
    entries.push({
      id: `ticket:${id}:status:${seen.at}:${seen.status}`,
      at: seen.at,
      kind: 'ticket-transition',
      who: seen.by,
      text: `${displayKey} moved to ${seen.status}`,
      source: 'ticket',
      ref: id,
    });
  }
  return entries;
}

function alertEntries({ incident, alerts, scope }: Pick<TimelineSources, 'incident' | 'alerts' | 'scope'>): TimelineEntry[] {
  const linked = new Set(incident.alertIds);
  const entries: TimelineEntry[] = [];
  for (const { alert, resolvedAt } of alerts) {
    if (!linked.has(alert.key) && (alert.environmentId === null || !scope.has(alert.environmentId))) continue;
    const where = alert.environmentId === null ? '' : ` on ${alert.environmentId}`;
    const base = { who: null, source: 'alerts' as const, ref: alert.key };
    entries.push({ ...base, id: `alert:${alert.key}:${alert.startsAt}:firing`, at: alert.startsAt, kind: 'alert-firing', text: `${alert.name} (${alert.severity}) firing${where}: ${alert.summary}` });
    if (resolvedAt !== null) {
      entries.push({ ...base, id: `alert:${alert.key}:${alert.startsAt}:resolved`, at: resolvedAt, kind: 'alert-resolved', text: `${alert.name} resolved${where}` });
    }
  }
  return entries;
}

function silenceEntries({ silences, scope }: Pick<TimelineSources, 'silences' | 'scope'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const { silence, environmentIds } of silences) {
    const covered = environmentIds.filter((env) => scope.has(env));
    if (covered.length === 0) continue;
    const base = { kind: 'silence' as const, source: 'alerts' as const, ref: silence.id };
    const what = `${nameList(covered)}${silence.comment ? ` (${silence.comment})` : ''}`;
    entries.push({ ...base, id: `silence:${silence.connectionId}:${silence.id}:start`, at: silence.startsAt, who: silence.createdBy, text: `Silenced ${what}` });
    entries.push({ ...base, id: `silence:${silence.connectionId}:${silence.id}:end`, at: silence.endsAt, who: null, text: `Silence ended on ${nameList(covered)}` });
  }
  return entries;
}

function deploymentEntries({ deployments, scope }: Pick<TimelineSources, 'deployments' | 'scope'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const { deployment, swaps } of deployments) {
    if (!scope.has(deployment.environmentId)) continue;
    const rollback = deployment.action === 'rollback';
    const where = deployment.environmentName;
    const base = { source: 'deploys' as const, ref: deployment.id };
    if (deployment.startedAt !== null) {
      entries.push({
        ...base,
        id: `deploy:${deployment.id}:started`,
        at: deployment.startedAt,
        kind: rollback ? 'rollback-started' : 'deploy-started',
        who: deployment.requestedBy,
        text: rollback ? `Rollback to ${deployment.version} started on ${where}` : `Deploy of ${deployment.version} started on ${where}`,
      });
    }
    if (deployment.finishedAt !== null && FINISHED_STATES.includes(deployment.state)) {
      entries.push({
        ...base,
        id: `deploy:${deployment.id}:finished`,
        at: deployment.finishedAt,
        kind: rollback ? 'rollback-finished' : 'deploy-finished',
        who: null,
        text: `${rollback ? `Rollback to ${deployment.version}` : `Deploy of ${deployment.version}`} on ${where} ${deployment.state}${deployment.message ? `: ${deployment.message}` : ''}`,
      });
    }
    for (const swap of swaps) {
      entries.push({
        ...base,
        id: `deploy:${deployment.id}:swap:${swap.at}`,
        at: swap.at,
        kind: 'slot-swap',
        who: null,
        text: swap.back ? `Slots swapped back on ${where}: the previous release serves production` : `Staging slot swapped into production on ${where} (${deployment.version})`,
      });
    }
  }
  return entries;
}

function maintenanceEntries({ maintenance, scope }: Pick<TimelineSources, 'maintenance' | 'scope'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const occurrence of maintenance) {
    const covered = occurrence.environmentIds.filter((env) => scope.has(env));
    if (covered.length === 0) continue;
    const what = `${occurrence.kind === 'emergency-maintenance' ? 'Emergency maintenance' : 'Planned maintenance'} "${occurrence.title}"`;
    const on = `on ${nameList(covered)}`;
    const base = { kind: 'maintenance' as const, who: null, source: 'calendar' as const, ref: occurrence.key };
    entries.push({ ...base, id: `maintenance:${occurrence.key}:start`, at: occurrence.start, text: `${what} began ${on}` });
    entries.push({ ...base, id: `maintenance:${occurrence.key}:end`, at: occurrence.end, text: `${what} ended ${on}` });
  }
  return entries;
}

function statusPageEntries({ statusPage }: Pick<TimelineSources, 'statusPage'>): TimelineEntry[] {
  if (!statusPage) return [];
  return statusPage.updates.map((update) => ({
    id: `status-page:${statusPage.id}:${update.id}`,
    at: update.at,
    kind: 'status-page',
    who: null,
    text: `Status page (${update.status}): ${update.body}`,
    source: 'status-page',
    ref: update.id,
  }));
}
