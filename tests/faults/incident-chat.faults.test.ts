import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { ServeProcess } from '../support/serve-process.js';
import { APAC_REGION_YAML } from '../support/fleet-yaml.js';
import { ConfluenceFake } from '../support/fakes/confluence-fake.js';
import { SlackFake, type FakeChannel } from '../support/fakes/slack-fake.js';
import { until } from '../support/until.js';
import { callOrNothing, startCore } from './support/core-process.js';
import { FaultProxy } from './support/fault-proxy.js';

/**
 * An incident's Slack channel (the local fake of Slack's Web API, behind a fault proxy) when an
 * answer from Slack is lost, and when the core is killed with SIGKILL after Slack took a post
 * and before the core heard back, then started again on its store. Counted on the fake's own
 * records: one channel, one status card (pinned, edited in place), and each event's post once.
 */

const TOKEN = 'xoxb-faults-drill-token-81c2';
const WIKI_EMAIL = 'ops-bot@example.com';
const WIKI_TOKEN = 'ATATT3xFfGF0-wiki-drill-77';
const SECRETS = { FAULTS_SLACK_TOKEN: TOKEN, FAULTS_WIKI_TOKEN: WIKI_TOKEN };

let slack: SlackFake;
let proxy: FaultProxy;
let wiki: ConfluenceFake;
let wikiProxy: FaultProxy;
const dirs: string[] = [];
const cores: ServeProcess[] = [];

beforeAll(async () => {
  slack = await new SlackFake({ botToken: TOKEN, members: ['U0ANA0001'] }).start();
  proxy = await FaultProxy.start(slack.url);
  wiki = await new ConfluenceFake({ email: WIKI_EMAIL, apiToken: WIKI_TOKEN, spaceId: '98304', parentId: '65537' }).start();
  wikiProxy = await FaultProxy.start(wiki.url);
});

afterEach(() => {
  proxy.heal();
  wikiProxy.heal();
});

afterAll(async () => {
  for (const core of cores) await core.kill();
  await proxy?.close();
  await slack?.close();
  await wikiProxy?.close();
  await wiki?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function setUp(): { dataDir: string; fleet: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-incident-chat-'));
  dirs.push(dataDir);
  const fleet = join(dataDir, 'fleet.yaml');
  writeFileSync(
    fleet,
    [
      'version: 1',
      'name: Incident chat drill',
      'backends:',
      '  - { id: sim, kind: sandbox, seed: 7, tickMs: 1000, faultRate: 0 }',
      `  - { id: chat, kind: slack, url: "${proxy.url}", timeoutMs: 2000, channelFor: [sev1], members: { ana: U0ANA0001 }, auth: { type: bearer, token: { store: env, variable: FAULTS_SLACK_TOKEN } } }`,
      `  - { id: wiki, kind: confluence, url: "${wikiProxy.url}", timeoutMs: 2000, spaceId: "98304", reviewsParentId: "65537", auth: { type: basic, username: ${WIKI_EMAIL}, password: { store: env, variable: FAULTS_WIKI_TOKEN } } }`,
      APAC_REGION_YAML,
      'tenants:',
      '  - id: drill',
      '    name: Drill Co',
      '    region: apac',
      '    environments:',
      '      - { id: drill-prod, kind: production, site: apac-syd, watchedBy: sim }',
      '',
    ].join('\n'),
  );
  return { dataDir, fleet };
}

async function core(setup: { dataDir: string; fleet: string }): Promise<ServeProcess> {
  const started = await startCore({ dataDir: setup.dataDir, fleetFile: setup.fleet, secrets: SECRETS });
  cores.push(started);
  return started;
}

async function call(process: ServeProcess, method: string, input: Record<string, unknown>): Promise<unknown> {
  const answer = await process.call(method, method === 'incidents.get' ? input : { idempotencyKey: `${method}-${Math.random()}`, ...input });
  if (!answer.ok) throw new Error(`${method}: ${answer.error?.kind}: ${answer.error?.message}`);
  return answer.value;
}

function declare(process: ServeProcess, title: string): Promise<{ id: string }> {
  return call(process, 'incidents.declare', {
    title,
    severity: 'sev1',
    impact: { customers: ['drill'], environments: ['drill-prod'], regions: ['apac'], features: 'Timesheet exports' },
    commander: 'ana',
  }) as Promise<{ id: string }>;
}

/** The channels the fake holds for the incident (by the id in their name). */
function channelsOf(incidentId: string): FakeChannel[] {
  return slack.channels.filter((channel) => channel.name.startsWith(`inc-${incidentId.toLowerCase().replace(/^inc-/, '')}-`));
}

/** How many of the channel's messages carry each key, from the fake's own records. */
function keyCounts(channel: FakeChannel): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of channel.messages) {
    const payload = message.metadata?.event_payload as { key?: string } | undefined;
    const key = payload?.key ?? '(no key)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function onlyChannel(incidentId: string): FakeChannel {
  const channels = channelsOf(incidentId);
  expect(channels).toHaveLength(1);
  const [channel] = channels;
  if (!channel) throw new Error('no channel');
  return channel;
}

it('makes one channel and one card when Slack made them but the answers were lost, and updates the card in place', async () => {
  const setup = setUp();
  proxy.arm('POST', /^\/api\/conversations\.create$/, { kind: 'drop-answer' }, 1);
  proxy.arm('POST', /^\/api\/chat\.postMessage$/, { kind: 'drop-answer' }, 1);
  const first = await core(setup);
  const { id } = await declare(first, 'APAC timesheets');

  const channel = await until(() => {
    const found = onlyChannel(id);
    expect([...keyCounts(found).keys()].sort()).toEqual([`${id}.card`, `${id}.declared`].sort());
    return found;
  }, 40_000);
  expect(channel.name).toBe(`inc-${id.toLowerCase().replace(/^inc-/, '')}-apac-timesheets`);
  expect(channel.members.has('U0ANA0001')).toBe(true);
  expect(channel.pins.size).toBe(1);

  await call(first, 'incidents.setStatus', { id, status: 'investigating' });
  await until(() => {
    const card = channel.messages.find((message) => (message.metadata?.event_payload as { key?: string }).key === `${id}.card`);
    expect(card?.text).toContain('Status: investigating');
    expect(keyCounts(channel).get(`${id}.status.1`)).toBe(1);
  }, 40_000);
  expect(onlyChannel(id)).toBe(channel);
  for (const [key, count] of keyCounts(channel)) expect(count, key).toBe(1);
  expect(channel.pins.size).toBe(1);
}, 120_000);

it('keeps one pinned card and posts each event once across a kill -9 after Slack took the card and before the core heard back', async () => {
  const setup = setUp();
  const first = await core(setup);
  // The first post (the status card) reaches Slack; its answer is held and the core is killed before it could pin it.
  const tapped = proxy.arm('POST', /^\/api\/chat\.postMessage$/, { kind: 'tap', stage: 'after-forward' }, 1);
  void callOrNothing(first, 'incidents.declare', {
    idempotencyKey: 'declare-kill',
    title: 'Payroll exports',
    severity: 'sev1',
    impact: { customers: ['drill'], environments: ['drill-prod'], regions: ['apac'], features: 'Payroll exports' },
    commander: 'ana',
  });
  await tapped.reached;
  await first.kill();
  proxy.heal();
  expect(slack.channels.filter((channel) => channel.name.includes('payroll-exports'))).toHaveLength(1);
  const [held] = slack.channels.filter((channel) => channel.name.includes('payroll-exports'));
  expect(held?.messages).toHaveLength(1);

  const second = await core(setup);
  const incidents = (await second.call('incidents.list', {})) as { ok: boolean; value?: { items: Array<{ id: string; title: string }> } };
  const id = incidents.value?.items.find((item) => item.title === 'Payroll exports')?.id;
  if (!id) throw new Error('the declared incident is not in the restarted core');
  await until(() => expect([...keyCounts(onlyChannel(id)).keys()].sort()).toEqual([`${id}.card`, `${id}.declared`].sort()), 40_000);
  await call(second, 'incidents.setStatus', { id, status: 'investigating' });
  await until(() => expect(keyCounts(onlyChannel(id)).get(`${id}.status.1`)).toBe(1), 40_000);
  const channel = onlyChannel(id);
  for (const [key, count] of keyCounts(channel)) expect(count, key).toBe(1);
  expect(channel.pins.size).toBe(1);
  expect(channel.messages.find((message) => (message.metadata?.event_payload as { key?: string }).key === `${id}.card`)?.text).toContain('Status: investigating');
}, 150_000);

const REVIEW = {
  summary: 'Month-end exports failed for 40 minutes.',
  rootCause: 'A connection pool of <10> & no retry.',
  wentWell: 'The commander was paged in 2 minutes.',
  wentBadly: 'The rollback waited for an override.',
  timeline: [{ at: Date.parse('2026-12-07T10:05:00Z'), text: 'Declared after 5xx alerts' }],
  actionItems: [{ title: 'Alert on export latency', owner: 'ana', due: '2026-12-20', ticket: 'SIM-9' }],
  customerRootCause: 'A capacity limit in our export service.',
};

it('publishes one review page and archives one channel across a kill -9 after Confluence made the page and before the core heard back', async () => {
  const setup = setUp();
  const first = await core(setup);
  const { id } = await declare(first, 'Month end exports');
  await until(() => expect(keyCounts(onlyChannel(id)).get(`${id}.declared`)).toBe(1), 40_000);
  await call(first, 'incidents.setStatus', { id, status: 'investigating' });
  await call(first, 'incidents.setStatus', { id, status: 'resolved' });
  await call(first, 'incidents.saveReview', { id, review: REVIEW });
  await until(async () => expect(((await call(first, 'incidents.get', { id })) as { outbox: unknown[] }).outbox).toEqual([]), 30_000);

  const tapped = wikiProxy.arm('POST', /^\/wiki\/api\/v2\/pages$/, { kind: 'tap', stage: 'after-forward' }, 1);
  void callOrNothing(first, 'incidents.close', { idempotencyKey: 'close-kill', id });
  await tapped.reached;
  await first.kill();
  wikiProxy.heal();
  expect(wiki.pages.filter((page) => page.title.startsWith(`${id}:`))).toHaveLength(1);

  const second = await core(setup);
  const closed = await second.call('incidents.close', { idempotencyKey: 'close-kill', id });
  expect(closed.ok, JSON.stringify(closed.error)).toBe(true);
  const reviews = wiki.pages.filter((page) => page.title.startsWith(`${id}:`));
  expect(reviews).toHaveLength(1);
  expect(wiki.reviewsOf(id)).toEqual(reviews);
  expect(reviews[0]?.body).toContain('A connection pool of &lt;10&gt; &amp; no retry.');
  const page = (await call(second, 'incidents.get', { id })) as { incident: { status: string; reviewPageUrl: string | null } };
  expect(page.incident).toMatchObject({ status: 'closed', reviewPageUrl: `${wikiProxy.url}/wiki/spaces/OPS/pages/${reviews[0]?.id}` });

  await until(() => expect(onlyChannel(id).archived).toBe(true), 40_000);
  const channel = onlyChannel(id);
  for (const [key, count] of keyCounts(channel)) expect(count, key).toBe(1);
  const card = channel.messages.find((message) => (message.metadata?.event_payload as { key?: string }).key === `${id}.card`);
  expect(card?.text).toContain('Status: closed');
  expect(card?.text).toContain(`Lessons-learnt review: ${wikiProxy.url}/wiki/spaces/OPS/pages/${reviews[0]?.id}`);
}, 180_000);
