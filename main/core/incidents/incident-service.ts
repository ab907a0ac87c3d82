import { OpsFailure } from '../../../shared/contract/errors.js';
import type {
  ActionItem,
  CommsRecord,
  DeclareScope,
  Incident,
  IncidentDetail,
  IncidentImpact,
  IncidentReview,
  IncidentStatus,
  IncidentSummary,
  NoteVisibility,
  Severity,
  StatusPostPreview,
} from '../../../shared/contract/incidents.js';
import { IncidentList, isOpen } from '../../../shared/contract/incidents.js';
import { checkedOutput } from '../../../shared/contract/validate.js';
import type { AlertView } from '../../../shared/contract/alerts.js';
import type { HoldReason } from '../../../shared/fleet-definition/incidents.js';
import type { RunContext } from '../api/dispatcher.js';
import type { AuditService } from '../audit/audit-service.js';
import type { ComponentImpact, PublicIncidentStatus, PublishedPage, StatusPageIncidents, Ticket, Ticketing } from '../connectors/capabilities.js';
import { DEEP_LINK_SCHEME } from '../../../shared/routes/deep-link.js';
import { incidentLink } from './chat-messages.js';
import { reviewPage } from './review-page.js';
import type { CoreContext } from '../core-context.js';
import type { CachedIncident } from '../store/incident-repo.js';
import { IncidentSummaries } from './incident-summaries.js';
import { impactOfEnvironments, outboxView, ownTimeline, scopeMembers, slaViews, commsViews, ticketLink } from './incident-views.js';
import { ownEntriesOnly, type IncidentInsights } from './insights.js';
import { incidentForAlerts } from './alert-links.js';
import { incidentScopeIds } from './incident-scope.js';
import { latestStatusDraft, STATUS_DRAFT_PREFIX } from './status-draft.js';
import { statusMessage } from './status-message.js';
import { madeOnThePage, STATUS_PAGE_RECIPIENT, StatusPageReads } from './status-page-reads.js';
import { allowedNext, checkClose, checkTransition, missingReviewParts } from './lifecycle.js';
import { applyPayload } from './outbox-apply.js';
import { digest, entryKey } from './entry-key.js';
import type { OutboxEntry, OutboxPayload } from './outbox-entry.js';
import { message, preferReal, TicketSync } from './ticket-sync.js';
import { actionItemMarker, incidentMarker, nextRecord, readRecord } from './ticket-record.js';

export interface IncidentServiceDeps {
  ctx: CoreContext;
  audit: AuditService;
  alerts: () => readonly AlertView[];
  /** How often the ticketing backend is read for changes (and the outbox replayed). */
  pollMs?: number;
  /** How long a queued command waits for its entry to reach the ticket before it answers "pending". */
  sendWaitMs?: number;
  /** How long one backend call may take. */
  callTimeoutMs?: number;
  insights?: IncidentInsights;
}

/** Where a live change is made: the incident's ticket; null when the fleet has no ticketing backend and the incident is kept here only. */
type OnTicket = { ticketId: string; ticketing: Ticketing } | null;

/** A change made live: given the incident as its ticket says now, makes the backend effects and answers the incident after it. */
type LiveChange = (current: Incident, on: OnTicket) => Promise<Incident>;

/** The list but for its items, which are checked as they are made (see IncidentSummaries). */
const ListHead = IncidentList.omit({ items: true });
const SEVERITY_ORDER: readonly Severity[] = ['sev1', 'sev2', 'sev3', 'sev4'];
/** What the status page's components in scope show while an incident of each severity is open. */
const COMPONENT_IMPACT: Record<Severity, ComponentImpact> = { sev1: 'major_outage', sev2: 'partial_outage', sev3: 'degraded_performance', sev4: 'degraded_performance' };

/**
 * Incidents, with their tickets as the system of record. The local store is a cache of what
 * the tickets said when last read and an outbox of what waits to reach them. Notes,
 * acknowledgements, comms records, review and status-update drafts and new incidents go through the outbox (sent
 * at once when the backend answers; offline, later, in order per incident, exactly once);
 * status, severity, command, close and status-page posts are made live on the ticket or refused.
 * All backend work runs one piece at a time, so a poll, a replay and a live command never interleave.
 */
export class IncidentService {
  private readonly insights: IncidentInsights;
  private readonly sync: TicketSync;
  private readonly summaries = new IncidentSummaries((cached, entries) => this.shown(cached, entries));
  private readonly pageReads = new StatusPageReads();

  constructor(private readonly deps: IncidentServiceDeps) {
    this.insights = deps.insights ?? ownEntriesOnly;
    this.sync = new TicketSync({ ...deps, alsoOnPoll: () => this.readStatusPage() });
  }

  /** Sends cut short by the end of the last process are in doubt; then the first poll (which replays). */
  start(): void {
    this.sync.start();
  }

  stop(): void {
    this.sync.stop();
  }

  /** The connectors changed (a fleet reload, a connection saved): read everything again. */
  reconnected(): void {
    this.sync.reconnected();
  }

  private get ctx(): CoreContext {
    return this.deps.ctx;
  }

  private now(): number {
    return this.ctx.clock.now();
  }




  /* ---------------- queries ---------------- */

  /** Every open incident as last known (with what waits in the outbox): what alerts are linked to elsewhere. */
  openIncidents(): Incident[] {
    // One read of the outbox for all: the incident page asks this on every read (link offers), and a query per incident cost most of it.
    const waiting = new Map<string, OutboxEntry[]>();
    for (const entry of this.ctx.store.outbox.undelivered()) waiting.set(entry.incidentId, [...(waiting.get(entry.incidentId) ?? []), entry]);
    return this.ctx.store.incidents
      .list()
      .filter((cached) => isOpen(cached.incident.status))
      .map((cached) => this.shown(cached, waiting.get(cached.incident.id) ?? []));
  }

  list(): IncidentList {
    const now = this.now();
    const outbox = this.ctx.store.outbox.undelivered();
    const waiting = new Map<string, OutboxEntry[]>();
    for (const entry of outbox) {
      const entries = waiting.get(entry.incidentId);
      if (entries) entries.push(entry);
      else waiting.set(entry.incidentId, [entry]);
    }
    const definition = this.ctx.definition();
    const items = this.ctx.store.incidents.list().map((cached) => this.summaries.summary(definition, cached, waiting.get(cached.incident.id) ?? [], now));
    this.summaries.keepOnly(new Set(items.map((item) => item.id)));
    // The keys once per item, not per comparison: a sort of 2,000 compares some 20,000 times.
    const keyed = items.map((item) => {
      let left = Number.MAX_SAFE_INTEGER;
      for (const clock of item.sla) if (clock.state !== 'stopped') left = Math.min(left, clock.remainingMs);
      return { item, open: isOpen(item.status), rank: SEVERITY_ORDER.indexOf(item.severity), left };
    });
    keyed.sort((a, b) => Number(b.open) - Number(a.open) || a.rank - b.rank || a.left - b.left || b.item.declaredAt - a.item.declaredAt);
    const bySeverity = { sev1: 0, sev2: 0, sev3: 0, sev4: 0 };
    let open = 0;
    for (const { item, open: isOpenItem } of keyed) {
      if (!isOpenItem) continue;
      open += 1;
      bySeverity[item.severity] += 1;
    }
    const head = ListHead.parse({ counts: { open, bySeverity }, ticketing: this.sync.state(), outbox: outbox.length });
    // Not checked again item by item: each is a summary checked when IncidentSummaries made it, with its clocks since moved on by clockLater (numbers and flags only).
    return checkedOutput({ items: keyed.map(({ item }) => item), ...head });
  }

  get(id: string): IncidentDetail {
    const cached = this.cached(id);
    const definition = this.ctx.definition();
    const now = this.now();
    const entries = this.ctx.store.outbox.undelivered(id);
    const incident = this.shown(cached, entries);
    const policy = definition.incidents.severities[incident.severity];
    const close = checkClose(incident.status, incident.review, policy);
    const missing = close.ok ? [] : incident.status === 'resolved' ? missingReviewParts(incident.review, policy) : [close.message];
    const lastPost = incident.communications.filter((record) => record.itemId.startsWith('status-')).at(-1);
    return {
      incident,
      ticket: ticketLink(cached.ticket, cached.syncedAt),
      scope: scopeMembers(definition, incident.impact),
      sla: slaViews(definition, incident, now, cached.ticket),
      timeline: this.insights.timeline(incident, ownTimeline(incident, cached.ticket, entries, madeOnThePage(incident, this.pageReads.of(id)))),
      correlation: this.insights.correlation(incident),
      linkOffers: this.insights.linkOffers(incident),
      comms: commsViews(definition, incident, now),
      outbox: entries.map(outboxView),
      allowedNext: [...allowedNext(incident.status)],
      reviewRequired: policy.reviewRequired,
      missingForClose: missing,
      statusPage:
        incident.statusPageIncidentId === null
          ? null
          : { id: incident.statusPageIncidentId, status: incident.statusPageStatus ?? 'posted', url: incident.statusPageUrl, lastPostedAt: lastPost?.at ?? null },
      statusDraft: latestStatusDraft(cached.ticket, entries),
      ticketing: this.sync.state(),
    };
  }

  scope(alertKeys: readonly string[], environmentIds: readonly string[]): DeclareScope {
    const definition = this.ctx.definition();
    const alerts = this.deps.alerts().filter((alert) => alertKeys.includes(alert.key));
    const fromAlerts = alerts.flatMap((alert) => (alert.environmentId === null ? [] : [alert.environmentId]));
    const impact = impactOfEnvironments(definition, [...environmentIds, ...fromAlerts]);
    const names = [...new Set(alerts.map((alert) => alert.name))];
    const envNames = impact.environments.slice(0, 3).join(', ');
    const suggestedTitle = names.length > 0 ? `${names.slice(0, 2).join(', ')}${envNames ? ` on ${envNames}` : ''}` : envNames ? `Problem on ${envNames}` : '';
    const suggestedSeverity: Severity = alerts.some((alert) => alert.severity === 'critical') ? 'sev2' : 'sev3';
    const severities = definition.incidents.severities;
    const severityMeanings = { sev1: severities.sev1.meaning, sev2: severities.sev2.meaning, sev3: severities.sev3.meaning, sev4: severities.sev4.meaning };
    return { scope: scopeMembers(definition, impact), impact, suggestedTitle, suggestedSeverity, existingIncidentId: this.openIncidentWith(alertKeys)?.id ?? null, severityMeanings };
  }

  previewStatusPost(id: string, status: PublicIncidentStatus): StatusPostPreview {
    const incident = this.shown(this.cached(id), this.ctx.store.outbox.undelivered(id));
    const definition = this.ctx.definition();
    const componentImpact: ComponentImpact = status === 'resolved' ? 'operational' : COMPONENT_IMPACT[incident.severity];
    const components = scopeMembers(definition, incident.impact).map((member) => member.name);
    const notifySubscribers = incident.severity === 'sev1' || incident.severity === 'sev2';
    return { status, name: incident.title, body: statusMessage(definition, incident, status, this.now()), componentImpact, components, notifySubscribers };
  }

  /* ---------------- commands through the outbox ---------------- */

  async declare(
    input: { title: string; severity: Severity; impact: IncidentImpact; commander: string; responders: string[]; alertKeys: string[] },
    run?: RunContext,
  ): Promise<IncidentSummary> {
    const key = entryKey('declare', run, this.ctx.operator);
    const id = `INC-${digest(key).slice(0, 10).toUpperCase()}`;
    if (!this.ctx.store.incidents.get(id)) {
      const existing = this.openIncidentWith(input.alertKeys);
      if (existing) throw new OpsFailure('conflict', `alert(s) already belong to the open incident ${existing.id} ("${existing.title}"); link to it instead of declaring a second`);
      const at = this.now();
      const incident: Incident = {
        id,
        title: input.title,
        severity: input.severity,
        status: 'triage',
        hold: null,
        impact: input.impact,
        commander: input.commander,
        responders: input.responders,
        alertIds: input.alertKeys,
        tickets: [],
        statusPageIncidentId: null,
        statusPageStatus: null,
        statusPageUrl: null,
        reviewPageUrl: null,
        declaredAt: at,
        history: [{ at, status: 'triage', hold: null, by: this.ctx.operator }],
        communications: [],
        review: null,
      };
      this.ctx.store.incidents.save({ incident, ticket: null, syncedAt: null }, at);
      const description = [`Declared in Watchfloor by ${this.ctx.operator}.`, `Commander: ${input.commander}.`, input.impact.features ? `Affected: ${input.impact.features}` : ''].filter(Boolean).join('\n');
      this.ctx.store.outbox.add({ key, incidentId: id, payload: { kind: 'declare', subject: `[${input.severity.toUpperCase()}] ${input.title}`, description, severity: input.severity }, basis: null, createdAt: at, createdBy: this.ctx.operator });
    }
    await this.sync.sendSoon(id, this.deps.sendWaitMs ?? 5000);
    return this.summaryOf(id);
  }

  addNote(id: string, text: string, visibility: NoteVisibility, run?: RunContext): Promise<IncidentSummary> {
    return this.queue(id, entryKey('note', run, this.ctx.operator), { kind: 'note', text, visibility });
  }

  acknowledge(id: string, run?: RunContext): Promise<IncidentSummary> {
    return this.queue(id, entryKey('ack', run, this.ctx.operator), { kind: 'acknowledge', by: this.ctx.operator, at: this.now() });
  }

  recordComms(id: string, itemId: string, to: string, said: string, run?: RunContext): Promise<IncidentSummary> {
    const incident = this.cached(id).incident;
    const items = this.ctx.definition().incidents.severities[incident.severity].communications;
    if (!items.some((item) => item.id === itemId)) {
      throw new OpsFailure('invalid-input', `no communications item "${itemId}" for ${incident.severity}; it has ${items.map((item) => `"${item.id}"`).join(', ') || 'none'}`);
    }
    const record: CommsRecord = { itemId, at: this.now(), by: this.ctx.operator, to, said };
    return this.queue(id, entryKey('comms', run, this.ctx.operator), { kind: 'comms', record });
  }

  saveReview(id: string, review: IncidentReview, run?: RunContext): Promise<IncidentSummary> {
    return this.queue(id, entryKey('review-draft', run, this.ctx.operator), { kind: 'review-draft', review });
  }

  /** A status-page update drafted for later: kept on the ticket as an internal comment, never posted to the status page from the outbox. */
  saveStatusDraft(id: string, status: PublicIncidentStatus, body: string, run?: RunContext): Promise<IncidentSummary> {
    return this.queue(id, entryKey(STATUS_DRAFT_PREFIX, run, this.ctx.operator), { kind: 'status-draft', status, body });
  }

  withdraw(entryId: string): { withdrawn: boolean } {
    const entry = this.ctx.store.outbox.get(entryId);
    if (!entry) throw new OpsFailure('not-found', `no outbox entry "${entryId}"`);
    if (entry.state === 'withdrawn') return { withdrawn: true };
    if (entry.state === 'delivered') throw new OpsFailure('conflict', 'it has already reached the ticket and cannot be withdrawn');
    if (entry.state === 'sending' || entry.state === 'in-doubt') {
      throw new OpsFailure('conflict', 'it may already have reached the ticket (its send got no answer); it is checked and finished when the ticketing backend answers');
    }
    const at = this.now();
    this.ctx.store.outbox.mark(entry.key, 'withdrawn', at);
    if (entry.payload.kind === 'declare') {
      // Without its declaration the incident never existed anywhere but here.
      for (const later of this.ctx.store.outbox.undelivered(entry.incidentId)) this.ctx.store.outbox.mark(later.key, 'withdrawn', at);
      this.ctx.store.incidents.delete(entry.incidentId);
    }
    this.sync.changed(entry.incidentId);
    return { withdrawn: true };
  }

  async resolveConflict(entryId: string, action: 'send-anyway' | 'discard'): Promise<{ entryId: string; action: 'send-anyway' | 'discard' }> {
    const entry = this.ctx.store.outbox.get(entryId);
    if (!entry) throw new OpsFailure('not-found', `no outbox entry "${entryId}"`);
    if (entry.state !== 'conflict') throw new OpsFailure('conflict', `the entry is ${entry.state}, not in conflict`);
    const at = this.now();
    if (action === 'discard') {
      this.ctx.store.outbox.mark(entry.key, 'withdrawn', at);
    } else {
      // Written again against the ticket as it is now: a person has seen the change and chose to send it.
      this.ctx.store.outbox.rebase(entry.key, null, at);
      this.ctx.store.outbox.mark(entry.key, 'pending', at);
    }
    this.sync.changed(entry.incidentId);
    await this.sync.sendSoon(entry.incidentId, this.deps.sendWaitMs ?? 5000);
    return { entryId, action };
  }

  /* ---------------- live commands ---------------- */

  setStatus(id: string, status: IncidentStatus, hold: HoldReason | null, note: string, run?: RunContext): Promise<IncidentSummary> {
    if (status === 'closed') return Promise.reject(new OpsFailure('invalid-input', 'closing has its own command (incidents.close): it checks the review'));
    return this.live(id, 'set the status', entryKey('status', run, this.ctx.operator), async (current, on) => {
      const at = this.now();
      const change = { at, status, hold, by: this.ctx.operator };
      if (status === current.status) {
        if (hold === current.hold) throw new OpsFailure('conflict', `the incident is already ${status}${hold ? ` and on hold (${hold})` : ''}`);
        return { ...current, hold, history: [...current.history, change] };
      }
      const check = checkTransition(current.status, status);
      if (!check.ok) throw new OpsFailure('forbidden', check.message);
      await on?.ticketing.transition(on.ticketId, { status, resolution: status === 'resolved' ? 'Resolved' : null, comment: note === '' ? null : note }, this.sync.signal());
      return { ...current, status, hold, history: [...current.history, change] };
    });
  }

  setSeverity(id: string, severity: Severity, reason: string, run?: RunContext): Promise<IncidentSummary> {
    const key = entryKey('severity', run, this.ctx.operator);
    return this.live(id, 'change the severity', key, async (current, on) => {
      if (current.severity === severity) throw new OpsFailure('conflict', `the incident is already ${severity}`);
      if (!isOpen(current.status)) throw new OpsFailure('forbidden', `a ${current.status} incident's severity no longer changes`);
      await on?.ticketing.comment(on.ticketId, { key, text: `Severity changed from ${current.severity} to ${severity} by ${this.ctx.operator}: ${reason}`, visibility: 'internal' }, this.sync.signal());
      return { ...current, severity };
    });
  }

  handOver(id: string, commander: string, run?: RunContext): Promise<IncidentSummary> {
    const key = entryKey('commander', run, this.ctx.operator);
    return this.live(id, 'hand over command', key, async (current, on) => {
      if (current.commander === commander) throw new OpsFailure('conflict', `${commander} already commands the incident`);
      await on?.ticketing.comment(on.ticketId, { key, text: `Command handed over from ${current.commander ?? 'nobody'} to ${commander} by ${this.ctx.operator}`, visibility: 'internal' }, this.sync.signal());
      return { ...current, commander, responders: current.commander && !current.responders.includes(current.commander) ? [...current.responders, current.commander] : current.responders };
    });
  }

  linkAlerts(id: string, alertKeys: readonly string[], run?: RunContext): Promise<IncidentSummary> {
    const elsewhere = this.openIncidentWith(alertKeys);
    if (elsewhere && elsewhere.id !== id) return Promise.reject(new OpsFailure('conflict', `alert(s) already belong to the open incident ${elsewhere.id} ("${elsewhere.title}")`));
    return this.live(id, 'link alerts', entryKey('link', run, this.ctx.operator), (current) => Promise.resolve({ ...current, alertIds: [...new Set([...current.alertIds, ...alertKeys])] }));
  }

  async createActionTickets(id: string, run?: RunContext): Promise<{ actionItems: ActionItem[] }> {
    await this.live(id, 'create action-item tickets', entryKey('actions', run, this.ctx.operator), async (current, on) => {
      if (!on) throw new OpsFailure('unavailable', 'no ticketing backend is configured in the fleet file, so no ticket can be made');
      if (current.review === null || current.review.actionItems.length === 0) throw new OpsFailure('invalid-input', 'the review has no action items yet');
      const items: ActionItem[] = [];
      const tickets = [...current.tickets];
      const titles = current.review.actionItems.map((item) => item.title);
      for (const [index, item] of current.review.actionItems.entries()) {
        if (item.ticket !== '') {
          items.push(item);
          continue;
        }
        const description = [`Action item ${index + 1} of incident ${current.id} ("${current.title}").`, `Owner: ${item.owner || 'not named yet'}.`, `Due: ${item.due ?? 'not set yet'}.`].join('\n');
        const draft = { marker: actionItemMarker(current.id, titles, index), subject: item.title, description, severity: null, record: null, earlierTry: run?.inDoubt ?? false };
        const made = await on.ticketing.create(draft, this.sync.signal());
        items.push({ ...item, ticket: made.displayKey });
        if (!tickets.includes(made.displayKey)) tickets.push(made.displayKey);
      }
      return { ...current, tickets, review: { ...current.review, actionItems: items } };
    });
    return { actionItems: this.cached(id).incident.review?.actionItems ?? [] };
  }

  async close(id: string, run?: RunContext): Promise<IncidentSummary> {
    const key = entryKey('review', run, this.ctx.operator);
    const closed = await this.live(id, 'close the incident', key, async (current, on) => {
      const policy = this.ctx.definition().incidents.severities[current.severity];
      const check = checkClose(current.status, current.review, policy);
      if (!check.ok) throw new OpsFailure('forbidden', check.message);
      const page = await this.publishReview(current, on);
      await on?.ticketing.comment(on.ticketId, { key, text: `Lessons-learnt review, accepted on closing by ${this.ctx.operator}:\n\n${reviewText(current.review)}`, visibility: 'internal' }, this.sync.signal());
      if (page) await on?.ticketing.comment(on.ticketId, { key: `${key}.page`, text: `Lessons-learnt review published: ${page.url}`, visibility: 'internal' }, this.sync.signal());
      await on?.ticketing.transition(on.ticketId, { status: 'closed', resolution: 'Done', comment: null }, this.sync.signal());
      const closing = { at: this.now(), status: 'closed' as const, hold: null, by: this.ctx.operator };
      return { ...current, status: 'closed', hold: null, history: [...current.history, closing], reviewPageUrl: page?.url ?? current.reviewPageUrl };
    });
    // The review as accepted, in the trail beside the close command's own entry.
    this.deps.audit.append({
      who: this.ctx.operator,
      action: 'incidents.review',
      target: `incident ${id}`,
      why: null,
      result: 'succeeded',
      detail: reviewText(this.cached(id).incident.review),
      deploymentId: null,
    });
    return closed;
  }

  publish(
    id: string,
    post: { status: PublicIncidentStatus; body: string; componentImpact: ComponentImpact; notifySubscribers: boolean },
    run?: RunContext,
  ): Promise<IncidentSummary> {
    const page = this.statusPage();
    if (!page) return Promise.reject(new OpsFailure('unavailable', 'no status-page backend with incidents is configured in the fleet file'));
    return this.live(id, 'post to the status page', entryKey('status-page', run, this.ctx.operator), async (current) => {
      const scopeIds = incidentScopeIds(this.ctx.definition(), current.impact);
      const statusPost = { ...post, scopeIds };
      const marker = incidentMarker(current.id);
      const posted = async () => {
        // An earlier run whose answer was lost may have posted this very update, or opened the page's
        // incident and been cut short before the record named it: what the page shows decides.
        const shown = run?.inDoubt || current.statusPageIncidentId === null ? await page.find(marker, this.sync.signal()) : null;
        const last = shown?.updates.at(-1);
        if (shown && last?.status === post.status && last.body === post.body) return shown;
        const opened = current.statusPageIncidentId ?? shown?.id ?? null;
        return opened === null ? page.open(marker, current.title, statusPost, this.sync.signal()) : page.post(opened, statusPost, this.sync.signal());
      };
      const published = await posted();
      const items = this.ctx.definition().incidents.severities[current.severity].communications;
      const duty = items.find((item) => item.channel === 'status-page' && !current.communications.some((done) => done.itemId === item.id)) ?? items.find((item) => item.channel === 'status-page');
      // Recorded even where the checklist has no such duty: the record is what tells the console's posts from those made on the page.
      const record: CommsRecord = { itemId: duty?.id ?? 'status-page', at: this.now(), by: this.ctx.operator, to: STATUS_PAGE_RECIPIENT, said: post.body };
      return { ...current, statusPageIncidentId: published.id, statusPageStatus: published.status, statusPageUrl: published.url, communications: [...current.communications, record] };
    });
  }

  /**
   * The review as a wiki page, where the fleet has a wiki: made or updated in place (found again by
   * its property), so a close run again after a lost answer publishes the same page once.
   */
  private async publishReview(incident: Incident, on: OnTicket): Promise<PublishedPage | null> {
    const wiki = [...this.ctx.connectors().values()].find((connector) => connector.reviewPages)?.reviewPages;
    if (!wiki || incident.review === null) return null;
    const consoleUrl = [...this.ctx.connectors().values()].find((connector) => connector.chat)?.chat?.consoleUrl ?? `${DEEP_LINK_SCHEME}://`;
    const ticket = on ? (this.cached(incident.id).ticket?.displayKey ?? on.ticketId) : null;
    const page = reviewPage(this.ctx.definition(), incident, incident.review, incidentLink(consoleUrl, incident.id), ticket);
    try {
      return await wiki.publish(page, this.sync.signal());
    } catch (error) {
      throw new OpsFailure('unavailable', `cannot close now: the review could not be published to the wiki: ${message(error)}`);
    }
  }

  /* ---------------- the machinery ---------------- */

  private cached(id: string): CachedIncident {
    const cached = this.ctx.store.incidents.get(id);
    if (!cached) throw new OpsFailure('not-found', `no incident "${id}"`);
    return cached;
  }

  /** The incident as its ticket last said, with what waits in the outbox applied on top. */
  private shown(cached: CachedIncident, entries: readonly OutboxEntry[]): Incident {
    return entries.reduce((incident, entry) => applyPayload(incident, entry.payload), cached.incident);
  }

  private summaryOf(id: string): IncidentSummary {
    return this.summaries.summary(this.ctx.definition(), this.cached(id), this.ctx.store.outbox.undelivered(id), this.now());
  }

  private openIncidentWith(alertKeys: readonly string[]): Incident | null {
    return incidentForAlerts(alertKeys, this.openIncidents());
  }


  private statusPage(): StatusPageIncidents | null {
    return preferReal([...this.ctx.connectors().values()].filter((candidate) => candidate.statusIncidents))?.statusIncidents ?? null;
  }





  /** The status page's incidents read again (on every poll): updates written on the page reach the timeline. */
  private async readStatusPage(): Promise<void> {
    const page = this.statusPage();
    if (!page) return;
    try {
      const incidents = this.ctx.store.incidents.list().map((cached) => cached.incident);
      const changed = await this.pageReads.refresh(page, incidents, () => this.sync.signal(), (line) => this.ctx.log(line));
      for (const id of changed) this.sync.changed(id);
    } catch (error) {
      this.ctx.log(`incidents: the status page could not be read: ${message(error)}`);
    }
  }

  private async queue(id: string, key: string, payload: OutboxPayload): Promise<IncidentSummary> {
    const cached = this.cached(id);
    if (cached.incident.status === 'closed' || cached.incident.status === 'cancelled') {
      throw new OpsFailure('forbidden', `the incident is ${cached.incident.status}; a ${cached.incident.status} record does not change`);
    }
    const basis = cached.ticket === null ? null : { status: cached.ticket.status, revision: cached.ticket.revision };
    this.ctx.store.outbox.add({ key, incidentId: id, payload, basis, createdAt: this.now(), createdBy: this.ctx.operator });
    this.sync.changed(id);
    await this.sync.sendSoon(id, this.deps.sendWaitMs ?? 5000);
    return this.summaryOf(id);
  }







  /**
   * A change made on the ticket while the backend answers, or refused: first what waits in the
   * incident's outbox goes (order per incident), then the ticket is read fresh and the change is
   * made on what it says, with its record written under the command's key, so a run again after a
   * lost answer finds it done.
   */
  private async live(id: string, what: string, key: string, change: LiveChange): Promise<IncidentSummary> {
    const cached = this.cached(id);
    const binding = this.sync.binding();
    if (!binding) {
      // No ticketing backend: the incident lives on this workstation only, and the change is made here.
      const next = await change(cached.incident, null);
      this.ctx.store.incidents.save({ ...cached, incident: next }, this.now());
      this.sync.changed(id);
      return this.summaryOf(id);
    }
    await this.sync.exclusive(async () => {
      const outcome = await this.sync.replayIncident(binding, id);
      const waiting = this.ctx.store.outbox.undelivered(id).length;
      if (outcome !== 'drained') {
        const why = outcome === 'blocked' ? 'one of them needs a decision (a conflict or a refusal)' : `the ticketing backend ${binding.name} does not answer: ${this.sync.state().lastError ?? 'no answer'}`;
        throw new OpsFailure('unavailable', `cannot ${what} now: it is made live on the ticket and never queued, and ${waiting} earlier change(s) of this incident wait in the outbox; ${why}`);
      }
      const ticketId = this.cached(id).ticket?.id;
      if (ticketId === undefined) throw new OpsFailure('unavailable', `cannot ${what}: the incident has no ticket yet`);
      let ticket: Ticket;
      try {
        ticket = await binding.ticketing.get(ticketId, this.sync.signal());
      } catch (error) {
        throw new OpsFailure('unavailable', `cannot ${what} now: it is made live on the ticket and never queued, and the ticketing backend ${binding.name} does not answer: ${message(error)}`);
      }
      const read = readRecord(ticket.record);
      if (!read.ok) throw new OpsFailure('conflict', `cannot ${what}: ${read.problem}`);
      if (read.record.writeKey !== key) {
        const next = await this.onBackend(what, () => change(read.record.incident, { ticketId: ticket.id, ticketing: binding.ticketing }));
        const record = nextRecord(read.record, next, this.ctx.operator, this.now(), key);
        await this.onBackend(what, () => binding.ticketing.writeRecord(ticket.id, JSON.stringify(record), this.sync.signal()));
      }
      this.sync.absorb(binding, id, await this.onBackend(what, () => binding.ticketing.get(ticket.id, this.sync.signal())));
    });
    this.sync.changed(id);
    return this.summaryOf(id);
  }

  /** A backend failure in the middle of a live change may have left part of it done: in doubt, and the same key again finishes it. */
  private async onBackend<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof OpsFailure) throw error;
      throw new OpsFailure('in-doubt', `could not ${what}: ${message(error)}`);
    }
  }
}

function reviewText(review: IncidentReview | null): string {
  if (review === null) return 'No review was required for this severity.';
  return [
    `Summary: ${review.summary}`,
    `Root cause: ${review.rootCause}`,
    `What went well: ${review.wentWell}`,
    `What went badly: ${review.wentBadly}`,
    review.customerRootCause ? `Root cause for customers: ${review.customerRootCause}` : '',
    'Timeline:',
    ...review.timeline.map((entry) => `- ${new Date(entry.at).toISOString()}: ${entry.text}`),
    'Action items:',
    ...review.actionItems.map((item) => `- ${item.title} (owner ${item.owner || '?'}, due ${item.due ?? '?'}, ticket ${item.ticket || '?'})`),
  ]
    .filter((line) => line !== '')
    .join('\n');
}
