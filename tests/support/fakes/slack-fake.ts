import { FakeHttpServer, type FakeReply, type RecordedRequest, isRecord, parseJson } from './fake-http.js';

/**
 * A local Slack Web API that follows Slack's published OpenAPI (slackapi/slack-api-specs,
 * web-api/slack_web_openapi_v2.json) and method reference, for what Watchfloor uses: `auth.test`,
 * `conversations.create` / `list` / `history` / `invite` / `archive`, `chat.postMessage` /
 * `update` and `pins.add`, under `/api/<method>`. A bot token as `Authorization: Bearer`; every
 * answer is HTTP 200 with `{"ok": true, …}` or `{"ok": false, "error": "<code>"}` with the codes
 * the spec lists per method, except a rate limit: HTTP 429 with Retry-After and
 * `{"ok": false, "error": "ratelimited"}`. Writes take a JSON body (`application/json`) or a form;
 * reads take a query string (Slack reads no JSON body for them). Channel names follow Slack's
 * rules (lower case, letters, digits, hyphens and underscores, at most 80, unique); lists are
 * paged by `cursor` with `response_metadata.next_cursor`; message `metadata` is kept and
 * returned by `conversations.history` only with `include_all_metadata`.
 */

export interface SlackFakeOptions {
  botToken: string;
  /** Member ids of the workspace's people (the bot is added as BOTUSER01). */
  members?: readonly string[];
  /** The most items a page holds, whatever `limit` asks. */
  pageCap?: number;
}

export interface FakeMessage {
  ts: string;
  user: string;
  text: string;
  metadata: { event_type: string; event_payload: unknown } | null;
  /** How many times chat.update changed it. */
  edits: number;
}

export interface FakeChannel {
  id: string;
  name: string;
  created: number;
  archived: boolean;
  members: Set<string>;
  /** Oldest first. */
  messages: FakeMessage[];
  pins: Set<string>;
}

const BOT_USER = 'BOTUSER01';
const NAME_RULE = /^[a-z0-9_-]+$/;
const MAX_NAME = 80;
const READS = new Set(['auth.test', 'conversations.list', 'conversations.history']);

class SlackRefusal extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export class SlackFake {
  readonly http: FakeHttpServer;
  readonly channels: FakeChannel[] = [];
  private readonly members: Set<string>;
  private readonly pageCap: number;
  private rateLimited = 0;
  private retryAfterSeconds = 1;
  private seq = 0;
  private tsCounter = 0;

  constructor(private readonly options: SlackFakeOptions) {
    this.members = new Set([...(options.members ?? []), BOT_USER]);
    this.pageCap = options.pageCap ?? 1000;
    this.http = new FakeHttpServer((request) => this.handle(request));
  }

  async start(): Promise<this> {
    await this.http.listen();
    return this;
  }

  get url(): string {
    return this.http.url;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** The next `count` calls answer 429 `ratelimited` with Retry-After, as Slack's tiers do. */
  rateLimitNext(count: number, retryAfterSeconds = 1): void {
    this.rateLimited = count;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  channelNamed(name: string): FakeChannel | undefined {
    return this.channels.find((channel) => channel.name === name);
  }

  private handle(request: RecordedRequest): FakeReply {
    const method = request.path.startsWith('/api/') ? request.path.slice('/api/'.length) : '';
    if (this.rateLimited > 0) {
      this.rateLimited -= 1;
      return { status: 429, headers: { 'retry-after': String(this.retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' } };
    }
    try {
      this.authorise(request);
      const args = this.argsOf(method, request);
      return { status: 200, body: { ok: true, ...this.run(method, args) } };
    } catch (error) {
      if (error instanceof SlackRefusal) return { status: 200, body: { ok: false, error: error.code } };
      throw error;
    }
  }

  private authorise(request: RecordedRequest): void {
    const header = request.headers.authorization;
    if (header === undefined || !header.startsWith('Bearer ')) throw new SlackRefusal('not_authed');
    if (header.slice('Bearer '.length) !== this.options.botToken) throw new SlackRefusal('invalid_auth');
  }

  /** The method's arguments: a query string for reads; a JSON body or a form for writes. */
  private argsOf(method: string, request: RecordedRequest): Record<string, unknown> {
    if (READS.has(method)) return Object.fromEntries(request.query.entries());
    const type = String(request.headers['content-type'] ?? '');
    if (type.startsWith('application/json')) {
      const body = parseJson(request.body);
      if (body === undefined) throw new SlackRefusal('invalid_json');
      if (!isRecord(body)) throw new SlackRefusal('json_not_object');
      return body;
    }
    if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(request.body).entries());
    throw new SlackRefusal('invalid_post_type');
  }

  private run(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { url: 'https://fake-workspace.slack.com/', team: 'Fake Workspace', user: 'watchfloor', team_id: 'T00000001', user_id: BOT_USER };
      case 'conversations.create':
        return { channel: this.view(this.create(args)) };
      case 'conversations.list':
        return this.list(args);
      case 'conversations.history':
        return this.history(args);
      case 'conversations.invite':
        return { channel: this.view(this.invite(args)) };
      case 'conversations.archive':
        this.archive(args);
        return {};
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.update':
        return this.update(args);
      case 'pins.add':
        this.pin(args);
        return {};
      default:
        throw new SlackRefusal('unknown_method');
    }
  }

  private create(args: Record<string, unknown>): FakeChannel {
    const name = args.name;
    if (typeof name !== 'string' || name === '') throw new SlackRefusal('invalid_name_required');
    if (name.length > MAX_NAME) throw new SlackRefusal('invalid_name_maxlength');
    if (!NAME_RULE.test(name)) throw new SlackRefusal('invalid_name_specials');
    if (this.channelNamed(name)) throw new SlackRefusal('name_taken');
    this.seq += 1;
    const channel: FakeChannel = { id: `C${String(this.seq).padStart(8, '0')}`, name, created: Math.floor(Date.now() / 1000), archived: false, members: new Set([BOT_USER]), messages: [], pins: new Set() };
    this.channels.push(channel);
    return channel;
  }

  private channel(args: Record<string, unknown>): FakeChannel {
    const channel = this.channels.find((candidate) => candidate.id === args.channel);
    if (!channel) throw new SlackRefusal('channel_not_found');
    return channel;
  }

  private list(args: Record<string, unknown>): Record<string, unknown> {
    const excludeArchived = args.exclude_archived === 'true' || args.exclude_archived === '1';
    const types = typeof args.types === 'string' ? args.types.split(',') : ['public_channel'];
    const shown = types.includes('public_channel') ? this.channels.filter((channel) => !(excludeArchived && channel.archived)) : [];
    return this.page(shown.map((channel) => this.view(channel)), args, 'channels');
  }

  private history(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.channel(args);
    const withMetadata = args.include_all_metadata === 'true' || args.include_all_metadata === '1';
    const newestFirst = [...channel.messages].reverse().map((message) => ({
      type: 'message',
      user: message.user,
      text: message.text,
      ts: message.ts,
      ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
      ...(message.edits > 0 ? { edited: { user: message.user, ts: message.ts } } : {}),
    }));
    const page = this.page(newestFirst, args, 'messages');
    return { ...page, has_more: (page.response_metadata as { next_cursor: string }).next_cursor !== '', pin_count: channel.pins.size };
  }

  /** A page of items from the cursor (an opaque offset here), at most `limit` and never more than the cap. */
  private page(items: unknown[], args: Record<string, unknown>, field: string): Record<string, unknown> {
    const start = typeof args.cursor === 'string' && args.cursor !== '' ? Number(Buffer.from(args.cursor, 'base64').toString('utf8').replace('offset:', '')) : 0;
    if (!Number.isInteger(start) || start < 0) throw new SlackRefusal('invalid_cursor');
    const limit = Math.min(Number(args.limit ?? 100) || 100, this.pageCap);
    const slice = items.slice(start, start + limit);
    const next = start + limit < items.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
    return { [field]: slice, response_metadata: { next_cursor: next } };
  }

  private invite(args: Record<string, unknown>): FakeChannel {
    const channel = this.channel(args);
    if (channel.archived) throw new SlackRefusal('is_archived');
    const users = typeof args.users === 'string' ? args.users.split(',').filter((user) => user !== '') : [];
    if (users.length === 0) throw new SlackRefusal('no_user');
    if (users.includes(BOT_USER)) throw new SlackRefusal('cant_invite_self');
    if (users.some((user) => !this.members.has(user))) throw new SlackRefusal('user_not_found');
    if (users.length === 1 && channel.members.has(users[0] ?? '')) throw new SlackRefusal('already_in_channel');
    for (const user of users) channel.members.add(user);
    return channel;
  }

  private archive(args: Record<string, unknown>): void {
    const channel = this.channel(args);
    if (channel.archived) throw new SlackRefusal('already_archived');
    channel.archived = true;
  }

  private metadataOf(value: unknown): FakeMessage['metadata'] {
    if (value === undefined) return null;
    const parsed = typeof value === 'string' ? parseJson(value) : value;
    if (!isRecord(parsed) || typeof parsed.event_type !== 'string' || !isRecord(parsed.event_payload)) throw new SlackRefusal('invalid_metadata_format');
    return { event_type: parsed.event_type, event_payload: parsed.event_payload };
  }

  private postMessage(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.channel(args);
    if (channel.archived) throw new SlackRefusal('is_archived');
    if (!channel.members.has(BOT_USER)) throw new SlackRefusal('not_in_channel');
    if (typeof args.text !== 'string' || args.text === '') throw new SlackRefusal('no_text');
    if (args.text.length > 40_000) throw new SlackRefusal('msg_too_long');
    this.tsCounter += 1;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
    const message: FakeMessage = { ts, user: BOT_USER, text: args.text, metadata: this.metadataOf(args.metadata), edits: 0 };
    channel.messages.push(message);
    return { channel: channel.id, ts, message: { type: 'message', user: BOT_USER, text: message.text, ts } };
  }

  private update(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.channel(args);
    if (channel.archived) throw new SlackRefusal('is_archived');
    const message = channel.messages.find((candidate) => candidate.ts === args.ts);
    if (!message) throw new SlackRefusal('message_not_found');
    if (message.user !== BOT_USER) throw new SlackRefusal('cant_update_message');
    if (typeof args.text !== 'string' || args.text === '') throw new SlackRefusal('no_text');
    message.text = args.text;
    if (args.metadata !== undefined) message.metadata = this.metadataOf(args.metadata);
    message.edits += 1;
    return { channel: channel.id, ts: message.ts, text: message.text, message: { text: message.text } };
  }

  private pin(args: Record<string, unknown>): void {
    const channel = this.channel(args);
    if (typeof args.timestamp !== 'string') throw new SlackRefusal('no_item_specified');
    if (!channel.messages.some((message) => message.ts === args.timestamp)) throw new SlackRefusal('message_not_found');
    if (channel.pins.has(args.timestamp)) throw new SlackRefusal('already_pinned');
    channel.pins.add(args.timestamp);
  }

  private view(channel: FakeChannel): Record<string, unknown> {
    return { id: channel.id, name: channel.name, is_channel: true, is_private: false, is_archived: channel.archived, created: channel.created, creator: BOT_USER, num_members: channel.members.size };
  }
}
