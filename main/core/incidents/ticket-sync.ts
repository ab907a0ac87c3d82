import type { TicketingState } from '../../../shared/contract/incidents.js';
import type { BackendSla, Connector, Ticket, Ticketing } from '../connectors/capabilities.js';
import type { CoreContext } from '../core-context.js';
import { failpoint } from '../faults/failpoints.js';
import type { CachedIncident, CachedTicket } from '../store/incident-repo.js';
import { basisOf, sendEntry, stateAfterFailure } from './outbox-sender.js';
import { incidentIdOf, INCIDENT_MARKER_PREFIX, readRecord } from './ticket-record.js';

export interface TicketingBinding {
  connectionId: string;
  name: string;
  ticketing: Ticketing;
}

/** How a replay of one incident's outbox ended: all sent, stopped at an entry a person must decide, or the backend does not answer. */
export type ReplayOutcome = 'drained' | 'blocked' | 'unreachable';

export interface TicketSyncDeps {
  ctx: CoreContext;
  /** How often the ticketing backend is read for changes (and the outbox replayed). */
  pollMs?: number;
  /** How long one backend call may take. */
  callTimeoutMs?: number;
  /** More to read on every poll, after the tickets (the status page's incidents); it handles its own failures. */
  alsoOnPoll?: () => Promise<void>;
}

/** Tickets are re-read from a little before the last read: the backend's clock and ours differ, and its updatedAt may be in whole seconds. */
const SYNC_OVERLAP_MS = 120_000;

/** A backend's updatedAt may be in whole seconds: a change in the same second as our last read carries the same stamp. */
const STAMP_RESOLUTION_MS = 1000;

/** Whether the cached copy already holds what the list shows: same stamp, status and revision, read after that stamp's second had passed, and no comment it lacks. */
function alreadyHeld(cached: CachedIncident | null | undefined, listed: Ticket, revision: number): boolean {
  if (!cached?.ticket || cached.syncedAt === null) return false;
  if (cached.ticket.updatedAt !== listed.updatedAt || cached.ticket.status !== listed.status || cached.ticket.revision !== revision) return false;
  if (listed.comments.length > cached.ticket.comments.length) return false;
  return cached.syncedAt >= listed.updatedAt + STAMP_RESOLUTION_MS;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The sandbox simulates every backend; a fleet that also names a real one means that one. */
export function preferReal(connectors: readonly Connector[]): Connector | undefined {
  return connectors.find((connector) => connector.kind !== 'sandbox') ?? connectors[0];
}

/**
 * The cache and the outbox kept in step with the ticketing backend: every poll reads the tickets
 * changed since the last into the cache and then replays the outbox, in order per incident,
 * exactly once. All backend work (polls, replays, the service's live changes) runs one piece at
 * a time through `exclusive`, so they never interleave.
 */
export class TicketSync {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private status: { reachable: boolean; syncedAt: number | null; lastError: string | null; listedAt: number | null } = {
    reachable: false,
    syncedAt: null,
    lastError: null,
    listedAt: null,
  };

  constructor(private readonly deps: TicketSyncDeps) {}

  private get ctx(): CoreContext {
    return this.deps.ctx;
  }

  private now(): number {
    return this.ctx.clock.now();
  }

  /** Sends cut short by the end of the last process are in doubt; then the first poll (which replays). */
  start(): void {
    const interrupted = this.ctx.store.outbox.markInterrupted(this.now());
    if (interrupted > 0) this.ctx.log(`incidents: ${interrupted} outbox entr${interrupted === 1 ? 'y was' : 'ies were'} being sent when the console stopped; the ticketing backend is asked before they are sent again`);
    this.schedule(0);
  }

  stop(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /** The connectors changed (a fleet reload, a connection saved): read everything again. */
  reconnected(): void {
    this.status = { reachable: false, syncedAt: this.status.syncedAt, lastError: null, listedAt: null };
    this.schedule(0);
  }

  /** The ticketing backend: a real one where the fleet has one, else the simulated one beside the sandbox fleet. */
  binding(): TicketingBinding | null {
    const connector = preferReal([...this.ctx.connectors().values()].filter((candidate) => candidate.ticketing));
    return connector?.ticketing ? { connectionId: connector.id, name: connector.name, ticketing: connector.ticketing } : null;
  }

  state(): TicketingState {
    const binding = this.binding();
    return {
      connectionId: binding?.connectionId ?? null,
      name: binding?.name ?? 'no ticketing backend (incidents are kept on this workstation only)',
      reachable: binding !== null && this.status.reachable,
      syncedAt: this.status.syncedAt,
      lastError: this.status.lastError,
    };
  }

  signal(): AbortSignal {
    return AbortSignal.timeout(this.deps.callTimeoutMs ?? 30_000);
  }

  changed(incidentId: string | null): void {
    this.ctx.bus.emit('incidents.changed', { incidentId, at: this.now() });
  }

  /** Backend work one piece at a time. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Replays the incident's outbox now, waiting a little for it: the answer then says delivered or pending. */
  async sendSoon(id: string, waitMs: number): Promise<void> {
    const binding = this.binding();
    if (!binding) return;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    const replay = this.exclusive(() => this.replayIncident(binding, id)).catch((error: unknown) => this.ctx.log(`incidents: replay of ${id} failed: ${message(error)}`));
    await Promise.race([replay, waited]);
    clearTimeout(timer);
  }

  /** Sends the incident's entries in order until one cannot go: the backend does not answer, or a person must decide. */
  async replayIncident(binding: TicketingBinding, id: string): Promise<ReplayOutcome> {
    const { outbox, incidents } = this.ctx.store;
    for (;;) {
      const [entry] = outbox.undelivered(id);
      if (!entry) return 'drained';
      if (entry.state === 'conflict' || entry.state === 'failed') return 'blocked';
      const cached = incidents.get(id);
      if (!cached) return 'blocked';
      outbox.mark(entry.key, 'sending', this.now(), { lastError: entry.lastError });
      try {
        const ticket = await sendEntry(entry, { ticketing: binding.ticketing, incident: cached.incident, ticketId: cached.ticket?.id ?? null, now: this.now(), signal: this.signal() });
        failpoint('incident.before-delivered');
        const before = entry.basis;
        this.absorb(binding, id, ticket);
        const later = outbox.undelivered(id).filter((other) => other.key !== entry.key && (other.basis === null || (before !== null && other.basis.status === before.status && other.basis.revision === before.revision)));
        outbox.delivered(entry.key, { keys: later.map((other) => other.key), basis: basisOf(ticket) }, this.now());
        this.status.reachable = true;
        this.changed(id);
      } catch (error) {
        const after = stateAfterFailure(error);
        outbox.mark(entry.key, after.state, this.now(), after.state === 'conflict' ? { conflict: after.message, lastError: after.message } : { lastError: after.message });
        this.changed(id);
        if (after.state === 'conflict' || after.state === 'failed') return 'blocked';
        this.status.reachable = false;
        this.status.lastError = after.message;
        return 'unreachable';
      }
    }
  }

  private async replayAll(binding: TicketingBinding): Promise<void> {
    const ids = [...new Set(this.ctx.store.outbox.undelivered().map((entry) => entry.incidentId))];
    for (const id of ids) if ((await this.replayIncident(binding, id)) === 'unreachable') return;
  }

  /** What a ticket says becomes the cached incident (its record) and ticket; a ticket without a readable record keeps the incident as cached. */
  /** `sla`: the service desk's SLAs as just read; undefined keeps those read before. */
  absorb(binding: TicketingBinding, id: string, ticket: Ticket, sla?: BackendSla[] | null): void {
    const cached = this.ctx.store.incidents.get(id);
    const read = readRecord(ticket.record);
    if (!read.ok && !cached) {
      this.ctx.log(`incidents: ticket ${ticket.displayKey} carries the marker of incident ${id} but ${read.problem}; it is not shown`);
      return;
    }
    const cachedTicket: CachedTicket = {
      connectionId: binding.connectionId,
      id: ticket.id,
      displayKey: ticket.displayKey,
      url: ticket.url,
      status: ticket.status,
      closed: ticket.closed,
      updatedAt: ticket.updatedAt,
      revision: read.ok ? read.record.revision : 0,
      // A list answer may come without comments: keep the ones read before.
      comments: ticket.comments.length > 0 || !cached?.ticket ? ticket.comments : cached.ticket.comments,
      sla: sla === undefined ? (cached?.ticket?.sla ?? null) : sla,
      slaReadAt: sla === undefined ? (cached?.ticket?.slaReadAt ?? null) : this.now(),
    };
    const incident = read.ok ? read.record.incident : (cached as CachedIncident).incident;
    this.ctx.store.incidents.save({ incident, ticket: cachedTicket, syncedAt: this.now() }, this.now());
  }

  /** The service desk's SLAs of a ticket, where the backend computes them; a failure to read them leaves the console's own clocks. */
  private async slaOf(binding: TicketingBinding, ticketId: string): Promise<BackendSla[] | null> {
    if (!binding.ticketing.sla) return null;
    try {
      return await binding.ticketing.sla(ticketId, this.signal());
    } catch (error) {
      this.ctx.log(`incidents: the SLAs of ticket ${ticketId} could not be read from ${binding.name}: ${message(error)}`);
      return null;
    }
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.exclusive(async () => {
        await this.poll();
        // Stopped meanwhile (the console closes): the store may be closed too.
        if (!this.closed) await this.deps.alsoOnPoll?.();
      }).finally(() => this.schedule(this.deps.pollMs ?? 10_000));
    }, delayMs);
  }

  /** Reads the tickets changed since the last read into the cache, then replays the outbox: the backend answers again. */
  private async poll(): Promise<void> {
    const binding = this.binding();
    if (!binding || this.closed) return;
    const startedAt = this.now();
    const since = this.status.listedAt === null ? {} : { updatedSince: this.status.listedAt - SYNC_OVERLAP_MS };
    let changed = false;
    try {
      const tickets = await binding.ticketing.list({ markerPrefix: INCIDENT_MARKER_PREFIX, ...since }, this.signal());
      for (const listed of tickets) {
        const id = incidentIdOf(listed.marker);
        if (id === null) continue;
        const cached = this.ctx.store.incidents.get(id);
        const read = readRecord(listed.record);
        const revision = read.ok ? read.record.revision : 0;
        if (alreadyHeld(cached, listed, revision)) continue;
        const ticket = await binding.ticketing.get(listed.id, this.signal());
        this.absorb(binding, id, ticket, await this.slaOf(binding, ticket.id));
        changed = true;
      }
      this.status = { reachable: true, syncedAt: this.now(), lastError: null, listedAt: startedAt };
    } catch (error) {
      const wasReachable = this.status.reachable;
      this.status = { ...this.status, reachable: false, lastError: `${binding.name}: ${message(error)}` };
      if (wasReachable) this.changed(null);
      return;
    }
    if (changed) this.changed(null);
    await this.replayAll(binding);
  }
}
