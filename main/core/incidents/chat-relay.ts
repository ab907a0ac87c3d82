import type { CorrelatedChange, Incident } from '../../../shared/contract/incidents.js';
import { isOpen } from '../../../shared/contract/incidents.js';
import type { Chat, ChatChannel } from '../connectors/capabilities.js';
import type { CoreContext } from '../core-context.js';
import type { CachedIncident } from '../store/incident-repo.js';
import { chatPosts, statusCard } from './chat-messages.js';
import { slaViews } from './incident-views.js';
import { message } from './ticket-sync.js';

export interface ChatRelayDeps {
  ctx: CoreContext;
  /** The deployments and rollbacks in the incident's scope (the incident page's correlation). */
  correlation(incident: Incident): CorrelatedChange[];
  /** How often the channels are brought up to date without a change (SLA thresholds pass with time alone). */
  everyMs?: number;
  /** How long one backend call may take. */
  callTimeoutMs?: number;
}

/** A closed incident's channel is finished this long after its last change; older ones are not revisited at start. */
const FINISHED_AFTER_MS = 24 * 3_600_000;
/** Changes in a burst (a declare and its first ticket read) are relayed once. */
const BURST_MS = 300;

interface ChannelState {
  channel: ChatChannel;
  posted: Set<string>;
  invited: Set<string>;
  card: string | null;
  archived: boolean;
}

/**
 * Keeps each incident's chat channel in step with the incident's record: a channel for the
 * severities the chat backend names, the people invited, every event posted once, the status card
 * updated in place and the channel archived once the incident is closed. What is posted is worked
 * out from the incident's record (kept in the store, reaching the ticket through the outbox), so an
 * event while the chat backend does not answer is posted when it does again, and a restart loses
 * nothing; exactly once is the chat backend's own record (the channel's name, each message's key),
 * read again after every restart. Internal only: nothing here reaches customers.
 */
export class ChatRelay {
  private readonly channels = new Map<string, ChannelState>();
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopListening: (() => void) | undefined;
  private lastError: string | null = null;
  private closed = false;

  constructor(private readonly deps: ChatRelayDeps) {}

  private get ctx(): CoreContext {
    return this.deps.ctx;
  }

  start(): void {
    this.stopListening = this.ctx.bus.on('incidents.changed', () => this.schedule(BURST_MS));
    this.schedule(0);
  }

  stop(): void {
    this.closed = true;
    this.stopListening?.();
    clearTimeout(this.timer);
    clearTimeout(this.soon);
  }

  /** The connectors changed: channels are found again through the new ones. */
  reconnected(): void {
    this.channels.clear();
    this.schedule(0);
  }

  /** Brings every channel up to date now; resolves when done (tests and the e2e wait on it through the bus). */
  relayNow(): Promise<void> {
    const next = this.running.then(() => this.relayAll());
    this.running = next.catch(() => undefined);
    return next;
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.soon);
    this.soon = setTimeout(() => {
      clearTimeout(this.timer);
      void this.relayNow().finally(() => {
        if (!this.closed) this.timer = setTimeout(() => this.schedule(0), this.deps.everyMs ?? 15_000);
      });
    }, delayMs);
  }

  private chat(): Chat | null {
    for (const connector of this.ctx.connectors().values()) if (connector.chat) return connector.chat;
    return null;
  }

  private async relayAll(): Promise<void> {
    const chat = this.chat();
    if (!chat || this.closed) return;
    const now = this.ctx.clock.now();
    for (const cached of this.ctx.store.incidents.list()) {
      const { incident } = cached;
      if (!chat.severities.has(incident.severity)) continue;
      const state = this.channels.get(incident.id);
      if (state?.archived) continue;
      const lastChange = incident.history.at(-1)?.at ?? incident.declaredAt;
      if (!isOpen(incident.status) && !state && now - lastChange > FINISHED_AFTER_MS) continue;
      try {
        await this.relay(chat, cached, now);
        this.lastError = null;
      } catch (error) {
        // Said once per cause, not on every round while the backend is away; the next round tries again.
        const said = `chat: ${incident.id} could not be brought up to date: ${message(error)}`;
        if (said !== this.lastError) this.ctx.log(said);
        this.lastError = said;
      }
    }
  }

  private signal(): AbortSignal {
    return AbortSignal.timeout(this.deps.callTimeoutMs ?? 30_000);
  }

  private async relay(chat: Chat, cached: CachedIncident, now: number): Promise<void> {
    const { incident } = cached;
    let state = this.channels.get(incident.id);
    if (!state) {
      const channel = await chat.openChannel({ id: incident.id, title: incident.title }, this.signal());
      state = { channel, posted: await chat.postedKeys(channel.id, this.signal()), invited: new Set(), card: null, archived: false };
      this.channels.set(incident.id, state);
    }
    const people = [incident.commander, ...incident.responders].filter((person): person is string => person !== null && !state.invited.has(person));
    if (people.length > 0) {
      const { notInvited } = await chat.invite(state.channel.id, people, this.signal());
      if (notInvited.length > 0) this.ctx.log(`chat: not invited to ${state.channel.name} (no member id in the fleet file): ${notInvited.join(', ')}`);
      for (const person of people) state.invited.add(person);
    }
    const definition = this.ctx.definition();
    const ticket = cached.ticket ? { displayKey: cached.ticket.displayKey, url: cached.ticket.url } : null;
    const facts = {
      definition,
      incident,
      ticket,
      sla: isOpen(incident.status) ? slaViews(definition, incident, now, cached.ticket) : [],
      correlation: this.deps.correlation(incident),
      consoleUrl: chat.consoleUrl,
      now,
    };
    const card = statusCard(facts);
    const cardText = JSON.stringify([card.title, card.lines]);
    if (cardText !== state.card) {
      await chat.card(state.channel.id, card, this.signal());
      state.card = cardText;
    }
    for (const post of chatPosts(facts)) {
      if (state.posted.has(post.key)) continue;
      await chat.post(state.channel.id, post, this.signal());
      state.posted.add(post.key);
    }
    if (incident.status === 'closed' || incident.status === 'cancelled') {
      await chat.archive(state.channel.id, this.signal());
      state.archived = true;
    }
  }
}
