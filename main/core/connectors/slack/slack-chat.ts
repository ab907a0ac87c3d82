import type { Severity } from '../../../../shared/fleet-definition/incidents.js';
import { answerMayBeLost } from '../../http/failures.js';
import type { Chat, ChatChannel, ChatMessage } from '../capabilities.js';
import { SlackError, type Conversation, type Message, type SlackApi } from './slack-api.js';

/** The metadata event type of the console's messages; its payload holds the message's key. */
export const EVENT_TYPE = 'watchfloor_incident_post';

/** How far the console looks: an incident's channel holds some hundreds of messages, a workspace some thousands of channels. */
const HISTORY_PAGES = 10;
const LIST_PAGES = 50;

/** Slack's mrkdwn treats &, < and > as control characters; everything else is shown as written. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The message as Slack shows it: the title in bold, the lines, and the link back into the console. */
export function slackText(message: ChatMessage): string {
  const link = encodeURI(message.link).replace(/\|/g, '%7C').replace(/>/g, '%3E');
  return [`*${escapeMrkdwn(message.title)}*`, ...message.lines.map(escapeMrkdwn), `<${link}|Open in Watchfloor>`].join('\n');
}

/** Slack's limit on a channel name's length. */
const MAX_NAME = 80;

/**
 * `inc-2291-apac-timesheets`: what Slack takes as a channel name (lower case; letters, digits,
 * hyphens and underscores; at most 80), from the incident's id and title. Accented letters lose
 * their accents; other characters become hyphens. The id comes first, so a cut keeps it.
 */
export function channelName(prefix: string, incidentId: string, title: string): string {
  const slug = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const id = slug(incidentId).replace(new RegExp(`^${prefix}-`), '');
  return slug([prefix, id, slug(title)].filter((part) => part !== '').join('-')).slice(0, MAX_NAME).replace(/-+$/, '');
}

function keyOf(message: Message): string | null {
  if (message.metadata?.event_type !== EVENT_TYPE) return null;
  const key = message.metadata.event_payload?.key;
  return typeof key === 'string' ? key : null;
}

/**
 * Incidents' channels in Slack. Slack has no idempotency key, so each write is made once by what
 * Slack itself holds: a channel by its name (unique in a workspace; a second create answers
 * `name_taken`), a message by the console's key in its metadata, looked for in the channel's
 * history (`include_all_metadata`) after a lost answer and before a post is sent again.
 */
export class SlackChat implements Chat {
  /** Where each card is, once known: an update needs its ts; a restart finds it again in the history. */
  private readonly cards = new Map<string, string>();
  readonly severities: ReadonlySet<Severity>;
  readonly consoleUrl: string;
  private readonly members: Readonly<Record<string, string>>;

  constructor(
    private readonly api: SlackApi,
    /** Which incidents get a channel, how it is named, who is invited, where links lead. */
    private readonly settings: { channelFor: readonly Severity[]; channelPrefix: string; members: Readonly<Record<string, string>>; consoleUrl: string },
    /** The caller's signal, also aborted when the connector closes. */
    private readonly whileOpen: (signal: AbortSignal) => AbortSignal,
  ) {
    this.severities = new Set(settings.channelFor);
    this.consoleUrl = settings.consoleUrl;
    this.members = settings.members;
  }

  async openChannel(incident: { id: string; title: string }, caller: AbortSignal): Promise<ChatChannel> {
    const signal = this.whileOpen(caller);
    const name = channelName(this.settings.channelPrefix, incident.id, incident.title);
    for (let attempt = 1; ; attempt++) {
      try {
        const made = await this.api.call('conversations.create', { name, is_private: false }, signal);
        return channelOf(made.channel);
      } catch (error) {
        const taken = error instanceof SlackError && error.code === 'name_taken';
        if (!taken && !answerMayBeLost(error)) throw error;
        // Made by an earlier try whose answer was lost, or by this one: the workspace's list decides.
        const found = await this.findChannel(name, signal);
        if (found) return channelOf(found);
        if (taken || attempt === 2) throw error;
      }
    }
  }

  async invite(channelId: string, people: readonly string[], caller: AbortSignal): Promise<{ notInvited: string[] }> {
    const ids = people.flatMap((person) => (this.members[person] ? [this.members[person]] : []));
    const notInvited = people.filter((person) => !this.members[person]);
    if (ids.length === 0) return { notInvited };
    try {
      await this.api.call('conversations.invite', { channel: channelId, users: [...new Set(ids)].join(',') }, this.whileOpen(caller));
    } catch (error) {
      if (!(error instanceof SlackError && error.code === 'already_in_channel')) throw error;
    }
    return { notInvited };
  }

  async postedKeys(channelId: string, caller: AbortSignal): Promise<Set<string>> {
    const messages = await this.history(channelId, this.whileOpen(caller));
    return new Set(messages.flatMap((message) => keyOf(message) ?? []));
  }

  async post(channelId: string, message: ChatMessage, caller: AbortSignal): Promise<void> {
    await this.postOnce(channelId, message, this.whileOpen(caller));
  }

  async card(channelId: string, message: ChatMessage, caller: AbortSignal): Promise<void> {
    const signal = this.whileOpen(caller);
    const place = `${channelId}/${message.key}`;
    const known = this.cards.get(place);
    const ts = known ?? (await this.findMessage(channelId, message.key, signal))?.ts;
    if (ts !== undefined) {
      try {
        await this.api.call('chat.update', { channel: channelId, ts, text: slackText(message), metadata: metadataOf(message.key) }, signal);
        // Found in the history: a try cut short (a lost answer, a restart) may have posted it and not pinned it.
        if (known === undefined) await this.pin(channelId, ts, signal);
        this.cards.set(place, ts);
        return;
      } catch (error) {
        // Deleted by someone in the channel: a new card is posted.
        if (!(error instanceof SlackError && error.code === 'message_not_found')) throw error;
        this.cards.delete(place);
      }
    }
    const posted = await this.postOnce(channelId, message, signal);
    await this.pin(channelId, posted, signal);
    this.cards.set(place, posted);
  }

  private async pin(channelId: string, ts: string, signal: AbortSignal): Promise<void> {
    try {
      await this.api.call('pins.add', { channel: channelId, timestamp: ts }, signal);
    } catch (error) {
      if (!(error instanceof SlackError && error.code === 'already_pinned')) throw error;
    }
  }

  async archive(channelId: string, caller: AbortSignal): Promise<void> {
    try {
      await this.api.call('conversations.archive', { channel: channelId }, this.whileOpen(caller));
    } catch (error) {
      if (!(error instanceof SlackError && error.code === 'already_archived')) throw error;
    }
  }

  /** Posts once; after a lost answer the history decides: the message found there is it, one not found is sent once more. Answers its ts. */
  private async postOnce(channelId: string, message: ChatMessage, signal: AbortSignal): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        const posted = await this.api.call('chat.postMessage', { channel: channelId, text: slackText(message), metadata: metadataOf(message.key), unfurl_links: false }, signal);
        return posted.ts;
      } catch (error) {
        if (!answerMayBeLost(error)) throw error;
        const found = await this.findMessage(channelId, message.key, signal);
        if (found) return found.ts;
        if (attempt === 2) throw error;
      }
    }
  }

  private async findMessage(channelId: string, key: string, signal: AbortSignal): Promise<Message | undefined> {
    return (await this.history(channelId, signal)).find((message) => keyOf(message) === key);
  }

  private history(channelId: string, signal: AbortSignal): Promise<Message[]> {
    return this.api.pages('conversations.history', { channel: channelId, include_all_metadata: true, limit: 200 }, (answer) => answer.messages, HISTORY_PAGES, signal);
  }

  private async findChannel(name: string, signal: AbortSignal): Promise<Conversation | undefined> {
    const channels = await this.api.pages('conversations.list', { types: 'public_channel', exclude_archived: false, limit: 1000 }, (answer) => answer.channels, LIST_PAGES, signal);
    return channels.find((channel) => channel.name === name);
  }
}

function metadataOf(key: string): { event_type: string; event_payload: { key: string } } {
  return { event_type: EVENT_TYPE, event_payload: { key } };
}

function channelOf(conversation: Conversation): ChatChannel {
  // Slack's documented link that opens a channel in the user's workspace, in the app or the browser.
  return { id: conversation.id, name: conversation.name, url: `https://slack.com/app_redirect?channel=${encodeURIComponent(conversation.id)}` };
}
