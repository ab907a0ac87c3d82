import { shorten } from '../../../shared/contract/quote.js';
import type {
  CommsDutyView,
  Incident,
  IncidentImpact,
  IncidentSummary,
  OutboxEntryView,
  ScopeMember,
  SlaClockView,
  TicketLink,
  TimelineEntry,
  TimelineKind,
} from '../../../shared/contract/incidents.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import { Temporal } from 'temporal-polyfill';
import type { CachedSla, CachedTicket } from '../store/incident-repo.js';
import { commsDuties } from './comms-checklist.js';
import { isOpen } from '../../../shared/contract/incidents.js';
import type { OutboxEntry } from './outbox-entry.js';
import { slaClocks, slaTermsOf, type SlaClock, type SlaClocks } from './sla-clock.js';
import { statusDraftText } from './status-draft.js';
import { authorOf } from './entry-key.js';

/** How the console shows incidents: pure functions of the cached incident, its ticket, its outbox entries and the fleet definition. */

function clockView(kind: SlaClockView['kind'], clock: SlaClock): SlaClockView {
  const { target, targetMs, state, elapsedMs, remainingMs, breached, breachAt, warnings } = clock;
  return { kind, target, targetMs, state, elapsedMs, remainingMs, breached, breachAt, warnings, source: 'console' };
}

/** A service desk's SLA as a clock: which one it is, by its name ("Time to first response", "Time to resolution"). */
function serviceDeskView(kind: SlaClockView['kind'], sla: CachedSla, readAt: number, now: number): SlaClockView {
  const targetMs = sla.goalMs ?? 0;
  const state = sla.completed ? 'stopped' : sla.paused ? 'paused' : 'running';
  // Read some time ago: a running clock has counted on since (in the desk's own calendar it may have paused; the next read corrects it).
  const since = state === 'running' ? Math.max(0, now - readAt) : 0;
  const elapsedMs = sla.elapsedMs + since;
  const remainingMs = (sla.remainingMs ?? targetMs - sla.elapsedMs) - since;
  return {
    kind,
    target: Temporal.Duration.from({ milliseconds: targetMs }).round({ largestUnit: 'hour' }).toString(),
    targetMs,
    state,
    elapsedMs: Math.round(elapsedMs),
    remainingMs: Math.round(remainingMs),
    breached: sla.breached || remainingMs < 0,
    breachAt: state === 'running' && remainingMs > 0 ? now + Math.round(remainingMs) : null,
    warnings: [],
    source: 'service-desk',
  };
}

const SLA_NAMES: Record<SlaClockView['kind'], RegExp> = { response: /response/i, resolution: /resol/i };

/** The two clocks: the service desk's where it computes them (Jira Service Management), else the console's on the fleet file's terms. */
export function slaViews(definition: FleetDefinition, incident: Incident, now: number, serviceDesk: Pick<CachedTicket, 'sla' | 'slaReadAt'> | null = null): SlaClockView[] {
  return slaViewsOf(slaClocks(slaTermsOf(definition.incidents, incident.severity), incident.history, now), now, serviceDesk);
}

/** The two clocks as shown, from the console's clocks at `now` and the service desk's where it has them. */
export function slaViewsOf(clocks: SlaClocks, now: number, serviceDesk: Pick<CachedTicket, 'sla' | 'slaReadAt'> | null): SlaClockView[] {
  return (['response', 'resolution'] as const).map((kind) => {
    const desk = serviceDesk?.sla?.find((sla) => SLA_NAMES[kind].test(sla.name) && sla.goalMs !== null);
    return desk ? serviceDeskView(kind, desk, serviceDesk?.slaReadAt ?? now, now) : clockView(kind, clocks[kind]);
  });
}

/** When the incident stopped being open (its last status change), or null while it is open. */
function openUntil(incident: Incident): number | null {
  return isOpen(incident.status) ? null : (incident.history.at(-1)?.at ?? incident.declaredAt);
}

export function commsViews(definition: FleetDefinition, incident: Incident, now: number): CommsDutyView[] {
  const items = definition.incidents.severities[incident.severity].communications;
  return commsDuties(items, { declaredAt: incident.declaredAt, openUntil: openUntil(incident), records: incident.communications }, now);
}

export function ticketLink(ticket: CachedTicket | null, syncedAt: number | null): TicketLink | null {
  if (ticket === null) return null;
  return { connectionId: ticket.connectionId, id: ticket.id, displayKey: ticket.displayKey, url: ticket.url, status: ticket.status, syncedAt };
}

/** The summary but for its SLA clocks, which run with the clock. */
export type SummaryWithoutSla = Omit<IncidentSummary, 'sla'>;

export function summaryWithoutSla(incident: Incident, ticket: TicketLink | null, outbox: readonly OutboxEntry[]): SummaryWithoutSla {
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    hold: incident.hold,
    commander: incident.commander,
    declaredAt: incident.declaredAt,
    environmentCount: incident.impact.environments.length,
    regions: incident.impact.regions,
    ticket,
    pending: outbox.length,
    conflict: outbox.some((entry) => entry.state === 'conflict'),
  };
}

function entrySummary(entry: OutboxEntry): string {
  const { payload } = entry;
  switch (payload.kind) {
    case 'declare':
      return `Declare ${payload.severity}: ${payload.subject}`;
    case 'note':
      return `${payload.visibility === 'customer' ? 'Customer note' : 'Note'}: ${payload.text}`;
    case 'acknowledge':
      return `Acknowledged by ${payload.by}`;
    case 'comms':
      return `Told ${payload.record.to}: ${payload.record.said}`;
    case 'review-draft':
      return 'Review draft';
    case 'status-draft':
      return statusDraftText(payload.status, payload.body);
  }
}

export function outboxView(entry: OutboxEntry): OutboxEntryView {
  const state = entry.state === 'delivered' || entry.state === 'withdrawn' ? 'pending' : entry.state;
  return {
    id: entry.key,
    incidentId: entry.incidentId,
    kind: entry.payload.kind,
    summary: shorten(entrySummary(entry)),
    createdAt: entry.createdAt,
    createdBy: entry.createdBy,
    state,
    attempts: entry.attempts,
    lastError: entry.lastError,
    conflict: entry.conflict,
  };
}

/** The kind of timeline entry a comment the console posted is, from its key's prefix (see `entryKey`). */
const COMMENT_KINDS: Record<string, TimelineKind> = {
  note: 'note',
  ack: 'acknowledged',
  severity: 'severity',
  commander: 'commander',
  review: 'review',
  status: 'status',
};

/** The console's own entries of the timeline: the declaration, status changes, the ticket's comments, comms done, what waits in the outbox, and the updates made on the status page itself. */
export function ownTimeline(incident: Incident, ticket: CachedTicket | null, outbox: readonly OutboxEntry[], fromStatusPage: readonly TimelineEntry[]): TimelineEntry[] {
  const entries: TimelineEntry[] = incident.history.map((change, index) => ({
    id: `status-${index}`,
    at: change.at,
    kind: index === 0 ? 'declared' : 'status',
    who: change.by,
    text: index === 0 ? `Declared ${incident.severity}: ${incident.title}` : `Status ${change.status}${change.hold ? ` (on hold: ${change.hold})` : ''}`,
    source: 'console',
    ref: null,
  }));
  for (const comment of ticket?.comments ?? []) {
    const prefix = comment.key?.split('.')[0] ?? '';
    entries.push({
      id: `comment-${comment.id}`,
      at: comment.at,
      kind: COMMENT_KINDS[prefix] ?? 'ticket-comment',
      who: authorOf(comment.key) ?? comment.author,
      text: comment.text,
      source: 'ticket',
      ref: comment.id,
    });
  }
  incident.communications.forEach((record, index) =>
    entries.push({ id: `comms-${index}`, at: record.at, kind: 'comms', who: record.by, text: `Told ${record.to}: ${record.said}`, source: 'console', ref: record.itemId }),
  );
  for (const entry of outbox) {
    if (entry.payload.kind !== 'note' && entry.payload.kind !== 'acknowledge') continue;
    entries.push({
      id: `outbox-${entry.key}`,
      at: entry.createdAt,
      kind: entry.payload.kind === 'note' ? 'note' : 'acknowledged',
      who: entry.createdBy,
      text: `${entrySummary(entry)} (not yet on the ticket: ${entry.state})`,
      source: 'console',
      ref: entry.key,
    });
  }
  entries.push(...fromStatusPage);
  // A stable sort: entries at one instant keep the order above.
  return entries.sort((a, b) => a.at - b.at);
}

/** Each customer, environment and region of the impact with its region and zone, so the page can show their local time. */
export function scopeMembers(definition: FleetDefinition, impact: IncidentImpact): ScopeMember[] {
  const zoneOf = (regionId: string) => definition.regions.find((region) => region.id === regionId)?.timeZone ?? 'UTC';
  const members: ScopeMember[] = [];
  for (const id of impact.customers) {
    const tenant = definition.tenants.find((candidate) => candidate.id === id);
    if (tenant) members.push({ kind: 'customer', id, name: tenant.name, regionId: tenant.region, timeZone: zoneOf(tenant.region) });
  }
  for (const id of impact.environments) {
    const tenant = definition.tenants.find((candidate) => candidate.environments.some((env) => env.id === id));
    const env = tenant?.environments.find((candidate) => candidate.id === id);
    if (tenant && env) members.push({ kind: 'environment', id, name: env.name ?? env.id, regionId: tenant.region, timeZone: zoneOf(tenant.region) });
  }
  for (const id of impact.regions) {
    const region = definition.regions.find((candidate) => candidate.id === id);
    if (region) members.push({ kind: 'region', id, name: region.name, regionId: id, timeZone: region.timeZone });
  }
  return members;
}

/** The impact that follows from environments: their customers and regions. */
export function impactOfEnvironments(definition: FleetDefinition, environmentIds: readonly string[]): IncidentImpact {
  const customers = new Set<string>();
  const regions = new Set<string>();
  const environments: string[] = [];
  for (const id of environmentIds) {
    const tenant = definition.tenants.find((candidate) => candidate.environments.some((env) => env.id === id));
    if (!tenant) continue;
    environments.push(id);
    customers.add(tenant.id);
    regions.add(tenant.region);
  }
  return { customers: [...customers], environments: [...new Set(environments)], regions: [...regions], features: '' };
}
