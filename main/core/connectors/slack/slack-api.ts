import { z } from 'zod';
import { ConnectorError, type BackendClient, type QueryValue } from '../../http/backend-client.js';
import { parseAnswer } from '../prometheus/answer.js';

/**
 * The Slack Web API (docs.slack.dev/reference/methods, slackapi/slack-api-specs) as the console
 * uses it. Every method answers HTTP 200 with `{"ok": true, …}` or `{"ok": false, "error": "<code>"}`;
 * only a rate limit is an HTTP status (429 `ratelimited` with Retry-After), and Slack says a
 * rate-limited call was not carried out, so a write is sent again once the wait is over.
 */

/** Slack's `metadata` on a message: the console's key rides in it, never shown in the channel. */
const MessageMetadata = z.looseObject({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() });
export type MessageMetadata = z.infer<typeof MessageMetadata>;

const Conversation = z.looseObject({ id: z.string().min(1), name: z.string(), is_archived: z.boolean().optional() });
export type Conversation = z.infer<typeof Conversation>;

const Message = z.looseObject({ ts: z.string(), text: z.string().optional(), metadata: MessageMetadata.optional() });
export type Message = z.infer<typeof Message>;

/** Present with a cursor while more pages follow; the cursor is "" on the last page. */
const ResponseMetadata = z.looseObject({ next_cursor: z.string().optional() }).optional();

const Failure = z.looseObject({ ok: z.literal(false), error: z.string(), needed: z.string().optional() });
const Ok = z.looseObject({ ok: z.literal(true) });

const Answers = {
  'auth.test': Ok.extend({ team: z.string(), user: z.string(), url: z.string() }),
  'conversations.create': Ok.extend({ channel: Conversation }),
  'conversations.list': Ok.extend({ channels: z.array(Conversation), response_metadata: ResponseMetadata }),
  'conversations.history': Ok.extend({ messages: z.array(Message), has_more: z.boolean().optional(), response_metadata: ResponseMetadata }),
  'conversations.invite': Ok,
  'conversations.archive': Ok,
  'chat.postMessage': Ok.extend({ channel: z.string(), ts: z.string() }),
  'chat.update': Ok.extend({ channel: z.string(), ts: z.string() }),
  'pins.add': Ok,
} as const;
type Method = keyof typeof Answers;
type Answer<M extends Method> = z.output<(typeof Answers)[M]>;

/** Methods that only read: sent as GET with a query string (Slack takes no JSON body for them), and retried like any read. */
const READS: ReadonlySet<Method> = new Set(['auth.test', 'conversations.list', 'conversations.history']);

/** Writes that leave the same result when sent twice (an update to the same text, an invite, a pin, an archive): retried like reads. */
const SAME_AGAIN: ReadonlySet<Method> = new Set(['chat.update', 'conversations.invite', 'conversations.archive', 'pins.add']);

/** Slack's error codes the console meets, in words that say what to do; the code itself is kept in the message. */
const WORDS: Readonly<Record<string, string>> = {
  not_authed: 'no bot token was sent',
  invalid_auth: 'the bot token is not valid',
  token_revoked: 'the bot token was revoked',
  account_inactive: 'the bot\'s account is deactivated',
  missing_scope: 'the app lacks a scope this needs; add it under OAuth & Permissions and reinstall the app',
  channel_not_found: 'the channel does not exist, or the bot cannot see it',
  not_in_channel: 'the bot is not a member of the channel',
  is_archived: 'the channel is archived',
  name_taken: 'a channel of that name already exists',
  invalid_name: 'the channel name is not one Slack accepts',
  invalid_name_specials: 'the channel name has characters Slack does not accept',
  invalid_name_maxlength: 'the channel name is longer than 80 characters',
  message_not_found: 'the message is no longer in the channel',
  cant_update_message: 'the message was not posted by the bot, so it cannot be changed',
  msg_too_long: 'the message is too long',
  user_not_found: 'a member id in the fleet file is not a member of the workspace',
  cant_invite: 'Slack did not allow the invitation',
  already_in_channel: 'the person is already in the channel',
  already_archived: 'the channel is already archived',
  already_pinned: 'the message is already pinned',
  ratelimited: 'Slack is rate-limiting the console',
  invalid_metadata_format: 'the message metadata is not in the form Slack takes',
};

const UNAUTHORIZED = new Set(['not_authed', 'invalid_auth', 'token_revoked', 'account_inactive']);

/** A Slack `{ok:false}` answer as a ConnectorError that says what Slack meant. */
export class SlackError extends ConnectorError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(UNAUTHORIZED.has(code) ? 'unauthorized' : code === 'missing_scope' ? 'forbidden' : 'http', message);
    this.name = 'SlackError';
  }
}

export class SlackApi {
  constructor(
    private readonly client: BackendClient,
    /** Names the backend in every error, e.g. `Slack "chat"`. */
    readonly label: string,
  ) {}

  /**
   * Calls one method. Reads are retried like any read; writes are sent once (a post sent again
   * after a lost answer would show twice) except after a rate limit, which Slack did not act on.
   */
  async call<M extends Method>(method: M, args: Record<string, QueryValue | object>, signal: AbortSignal): Promise<Answer<M>> {
    const path = `/api/${method}`;
    const response = READS.has(method)
      ? await this.client.json({ path, query: queryOf(args), signal })
      : await this.client.json({ method: 'POST', path, body: args, idempotent: SAME_AGAIN.has(method), retryRateLimited: true, signal });
    const what = `${this.label} ${method}`;
    const failed = Failure.safeParse(response.body);
    if (failed.success) {
      const { error, needed } = failed.data;
      const words = WORDS[error] ?? 'Slack refused the call';
      throw new SlackError(error, `${what}: ${words} (${error}${needed ? `, needs ${needed}` : ''})`);
    }
    // The map's entry for M is the schema of Answer<M>; TypeScript cannot follow an indexed access through zod's generics.
    const schema = Answers[method] as unknown as z.ZodType<Answer<M>>;
    return parseAnswer(schema, response.body, what, method === 'auth.test' ? 'wrong-kind' : 'malformed');
  }

  /** Every page of a cursor-paged list, up to `pages` pages. */
  async pages<M extends 'conversations.list' | 'conversations.history', T>(
    method: M,
    args: Record<string, QueryValue>,
    items: (answer: Answer<M>) => readonly T[],
    pages: number,
    signal: AbortSignal,
  ): Promise<T[]> {
    const found: T[] = [];
    let cursor = '';
    for (let page = 0; page < pages; page++) {
      const answer = await this.call(method, cursor === '' ? args : { ...args, cursor }, signal);
      found.push(...items(answer));
      cursor = answer.response_metadata?.next_cursor ?? '';
      if (cursor === '') break;
    }
    return found;
  }
}

function queryOf(args: Record<string, QueryValue | object>): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  for (const [name, value] of Object.entries(args)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') query[name] = value;
  }
  return query;
}
