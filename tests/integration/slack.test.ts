import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorsWithSecret } from '../support/backend-clients.js';
import { SlackBackend } from '../../shared/fleet-definition/schema.js';
import type { Chat } from '../../main/core/connectors/capabilities.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { FaultProxy } from '../faults/support/fault-proxy.js';
import { SlackFake } from '../support/fakes/slack-fake.js';
import { rejection } from '../support/rejection.js';

/** Incident channels on a local Slack Web API fake that follows Slack's published OpenAPI, through the connector the registry builds. */

const TOKEN = 'xoxb-17-test-bot-token';
const COMMANDER = 'U0COMMAND1';
const RESPONDER = 'U0RESPOND2';

let slack: SlackFake;

beforeAll(async () => {
  slack = await new SlackFake({ botToken: TOKEN, members: [COMMANDER, RESPONDER], pageCap: 2 }).start();
});

afterAll(async () => {
  await slack?.close();
});

function chat(url: string, token = TOKEN): Chat {
  const backend = SlackBackend.parse({
    id: 'chat',
    kind: 'slack',
    url,
    auth: { type: 'bearer', token: { store: 'env', variable: 'TEST_SLACK_TOKEN' } },
    timeoutMs: 3000,
    members: { 'Dana Reyes': COMMANDER, 'Sam Okafor': RESPONDER },
  });
  const found = connectorsWithSecret([backend], token, { resilience: { backoffBaseMs: 20 } }).get('chat')?.chat;
  if (!found) throw new Error('the registry made no chat connector for a slack backend');
  return found;
}

const signal = () => AbortSignal.timeout(20_000);
const card = (key: string, status: string) => ({ key, title: `INC-2291 Sev1: ${status}`, lines: [`Status: ${status}`, 'Scope: APAC <timesheets> & payroll'], link: 'watchfloor://incident/INC-2291' });

describe('Slack incident channels', () => {
  it('names the channel by Slack\'s rules, invites the people it knows and says who it could not', async () => {
    const talk = chat(slack.url);
    const channel = await talk.openChannel({ id: 'INC-2291', title: 'APAC Timesheets: exports failing!' }, signal());
    // Slack: lower case, letters, digits, hyphens and underscores only.
    expect(channel.name).toBe('inc-2291-apac-timesheets-exports-failing');
    expect(slack.channelNamed('inc-2291-apac-timesheets-exports-failing')).toBeDefined();
    const invited = await talk.invite(channel.id, ['Dana Reyes', 'Sam Okafor', 'Pat Unknown'], signal());
    expect(invited.notInvited).toEqual(['Pat Unknown']);
    expect([...(slack.channelNamed(channel.name)?.members ?? [])].sort()).toEqual(['BOTUSER01', COMMANDER, RESPONDER].sort());
    // Asked again: already there, no second invitation is an error.
    await talk.invite(channel.id, ['Dana Reyes'], signal());
  });

  it('keeps a long title to 80 characters with the incident id first', async () => {
    const talk = chat(slack.url);
    const channel = await talk.openChannel({ id: 'INC-7', title: 'Ä very long title '.repeat(10) }, signal());
    expect(channel.name.length).toBeLessThanOrEqual(80);
    expect(channel.name.startsWith('inc-7-a-very-long-title-')).toBe(true);
    expect(channel.name.endsWith('-')).toBe(false);
  });

  it('keeps one status card, pinned, updated in place; escapes Slack\'s control characters', async () => {
    const talk = chat(slack.url);
    const channel = await talk.openChannel({ id: 'INC-3000', title: 'Card' }, signal());
    await talk.card(channel.id, card('card.INC-3000', 'investigating'), signal());
    await talk.card(channel.id, card('card.INC-3000', 'identified'), signal());
    await talk.card(channel.id, card('card.INC-3000', 'monitoring'), signal());
    const held = slack.channelNamed(channel.name);
    expect(held?.messages).toHaveLength(1);
    expect(held?.messages[0]?.edits).toBe(2);
    expect(held?.pins.size).toBe(1);
    // Slack's formatting reference: &, < and > are escaped as &amp; &lt; &gt;.
    expect(held?.messages[0]?.text).toBe('*INC-2291 Sev1: monitoring*\nStatus: monitoring\nScope: APAC &lt;timesheets&gt; &amp; payroll\n<watchfloor://incident/INC-2291|Open in Watchfloor>');
    // A new connector (a restart) finds the card by its key in the history and updates it.
    await chat(slack.url).card(channel.id, card('card.INC-3000', 'resolved'), signal());
    expect(held?.messages).toHaveLength(1);
    expect(held?.messages[0]?.edits).toBe(3);
  });

  it('finds its posts by their key across pages of history', async () => {
    const talk = chat(slack.url);
    const channel = await talk.openChannel({ id: 'INC-3100', title: 'History' }, signal());
    for (const n of [1, 2, 3, 4, 5]) await talk.post(channel.id, { key: `post.${n}`, title: `Update ${n}`, lines: [], link: 'watchfloor://incident/INC-3100' }, signal());
    // The fake answers two messages a page: five need three pages.
    expect([...(await talk.postedKeys(channel.id, signal()))].sort()).toEqual(['post.1', 'post.2', 'post.3', 'post.4', 'post.5']);
  });

  it('makes one channel and one post when Slack acted but the answer was lost', async () => {
    const proxy = await FaultProxy.start(slack.url);
    try {
      const talk = chat(proxy.url);
      const created = proxy.arm('POST', /^\/api\/conversations\.create$/, { kind: 'drop-answer' }, 1);
      const channel = await talk.openChannel({ id: 'INC-4000', title: 'Lost answers' }, signal());
      expect(created.matched).toBe(1);
      expect(slack.channels.filter((held) => held.name === 'inc-4000-lost-answers')).toHaveLength(1);
      expect(channel.id).toBe(slack.channelNamed('inc-4000-lost-answers')?.id);

      const posted = proxy.arm('POST', /^\/api\/chat\.postMessage$/, { kind: 'drop-answer' }, 1);
      await talk.card(channel.id, card('card.INC-4000', 'investigating'), signal());
      expect(posted.matched).toBe(1);
      const held = slack.channelNamed('inc-4000-lost-answers');
      expect(held?.messages).toHaveLength(1);
      expect(held?.pins.size).toBe(1);
      await talk.card(channel.id, card('card.INC-4000', 'identified'), signal());
      expect(held?.messages).toHaveLength(1);
      expect(held?.messages[0]?.text).toContain('identified');
    } finally {
      await proxy.close();
    }
  });

  it('posts again, once, when the first post never reached Slack', async () => {
    const proxy = await FaultProxy.start(slack.url);
    try {
      const talk = chat(proxy.url);
      const channel = await talk.openChannel({ id: 'INC-4100', title: 'Never reached' }, signal());
      proxy.arm('POST', /^\/api\/chat\.postMessage$/, { kind: 'status', status: 503 }, 1);
      await talk.post(channel.id, { key: 'post.once', title: 'Declared', lines: [], link: 'watchfloor://incident/INC-4100' }, signal());
      expect(slack.channelNamed(channel.name)?.messages).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('waits out a rate limit (429 ratelimited with Retry-After) and posts once', async () => {
    const talk = chat(slack.url);
    const channel = await talk.openChannel({ id: 'INC-5000', title: 'Rate limited' }, signal());
    slack.rateLimitNext(1, 1);
    const started = Date.now();
    await talk.post(channel.id, { key: 'post.rl', title: 'Declared', lines: [], link: 'watchfloor://incident/INC-5000' }, signal());
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(slack.channelNamed(channel.name)?.messages).toHaveLength(1);
  });

  it('says in words what Slack refused, and archives once', async () => {
    const refused = await rejection(chat(slack.url, 'xoxb-wrong').openChannel({ id: 'INC-6000', title: 'x' }, signal()));
    expect(refused).toBeInstanceOf(ConnectorError);
    expect((refused as ConnectorError).failure).toBe('unauthorized');
    expect((refused as Error).message).toBe('Slack "chat" conversations.create: the bot token is not valid (invalid_auth)');
    expect((refused as Error).message).not.toContain('xoxb-wrong');

    const talk = chat(slack.url);
    const missing = await rejection(talk.post('C99999999', { key: 'k', title: 't', lines: [], link: 'watchfloor://incident/X' }, signal()));
    expect((missing as Error).message).toBe('Slack "chat" chat.postMessage: the channel does not exist, or the bot cannot see it (channel_not_found)');

    const channel = await talk.openChannel({ id: 'INC-6100', title: 'Archive' }, signal());
    await talk.archive(channel.id, signal());
    // Already archived (Slack answers already_archived): done, not a failure.
    await talk.archive(channel.id, signal());
    expect(slack.channelNamed(channel.name)?.archived).toBe(true);
  });
});
