import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorsWithSecret } from '../support/backend-clients.js';
import { JiraBackend } from '../../shared/fleet-definition/schema.js';
import type { Ticketing } from '../../main/core/connectors/capabilities.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { FaultProxy } from '../faults/support/fault-proxy.js';
import { startJiraFake, type JiraFake } from '../support/fakes/jira-fake.js';
import { rejection } from '../support/rejection.js';

/** Tickets on a local Jira Cloud fake that follows Atlassian's published REST v3 API, through the connector the registry builds. */

const EMAIL = 'ops-bot@example.com';
const TOKEN = 'ATATT3xFfGF0-test-token';

let jira: JiraFake;
let desk: JiraFake;

beforeAll(async () => {
  jira = await startJiraFake({ email: EMAIL, apiToken: TOKEN, projectKey: 'OPS', searchPageCap: 2 });
  desk = await startJiraFake({ email: EMAIL, apiToken: TOKEN, projectKey: 'HELP', serviceDesk: true });
});

afterAll(async () => {
  await jira?.close();
  await desk?.close();
});

interface Setup {
  token?: string;
  projectKey?: string;
  serviceDesk?: boolean;
  statuses?: Record<string, string>;
  priorities?: Record<string, string>;
  issueWriteGapMs?: number;
}

function ticketing(url: string, setup: Setup = {}): Ticketing {
  const backend = JiraBackend.parse({
    id: 'tickets',
    kind: 'jira',
    url,
    auth: { type: 'basic', username: EMAIL, password: { store: 'env', variable: 'TEST_JIRA_TOKEN' } },
    timeoutMs: 3000,
    projectKey: setup.projectKey ?? 'OPS',
    issueType: 'Incident',
    serviceDesk: setup.serviceDesk ?? false,
    statuses: setup.statuses,
    priorities: setup.priorities,
    issueWriteGapMs: setup.issueWriteGapMs ?? 0,
  });
  const connectors = connectorsWithSecret([backend], setup.token ?? TOKEN, { resilience: { backoffBaseMs: 20 } });
  const found = connectors.get('tickets')?.ticketing;
  if (!found) throw new Error('the registry made no ticketing connector for a jira backend');
  return found;
}

const signal = () => AbortSignal.timeout(20_000);

const draft = (marker: string, subject = 'Sydney checkout errors') => ({
  marker,
  subject,
  description: 'Checkout fails for 5 % of users.\nSince 09:12 AEDT.\n\nRolled back 4.2.1.',
  severity: 'sev2' as const,
  record: JSON.stringify({ incident: marker.slice(3), status: 'triage' }),
});

/** Issues on the fake carrying the label, counted from its own records. */
const issuesLabelled = (fake: JiraFake, label: string) => fake.issues.filter((issue) => issue.labels.includes(label)).length;

describe('Jira Cloud ticketing', () => {
  it('creates an issue with an ADF description, the marker label, the priority and the record, and reads it back', async () => {
    const tickets = ticketing(jira.url);
    const created = await tickets.create(draft('wf-inc-1'), signal());
    expect(created).toMatchObject({
      id: 'OPS-1',
      displayKey: 'OPS-1',
      url: `${jira.url}/browse/OPS-1`,
      marker: 'wf-inc-1',
      subject: 'Sydney checkout errors',
      description: 'Checkout fails for 5 % of users.\nSince 09:12 AEDT.\n\nRolled back 4.2.1.',
      status: 'Open',
      closed: false,
      record: '{"incident":"inc-1","status":"triage"}',
      comments: [],
    });
    const stored = jira.issue('OPS-1');
    // As Atlassian's ADF reference writes a two-paragraph document with a line break.
    expect(stored?.description).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Checkout fails for 5 % of users.' }, { type: 'hardBreak' }, { type: 'text', text: 'Since 09:12 AEDT.' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Rolled back 4.2.1.' }] },
      ],
    });
    expect(stored?.labels).toContain('wf-inc-1');
    expect(stored?.priority).toBe('High');
    expect(stored?.issueType).toBe('Incident');

    expect((await tickets.findByMarker('wf-inc-1', signal()))?.id).toBe('OPS-1');
    expect(await tickets.findByMarker('wf-inc-none', signal())).toBeNull();
    expect((await tickets.list({ text: 'checkout' }, signal())).map((ticket) => ticket.id)).toContain('OPS-1');
  });

  it("round-trips the console's record through the issue property", async () => {
    const tickets = ticketing(jira.url);
    const created = await tickets.create(draft('wf-inc-rec'), signal());
    const record = JSON.stringify({ incident: 'inc-rec', status: 'monitoring', timeline: ['declared', 'rolled back'] });
    await tickets.writeRecord(created.id, record, signal());
    const read = await tickets.get(created.id, signal());
    expect(read.record).toBe(record);
    expect(read.marker).toBe('wf-inc-rec');
    expect(jira.issue(created.id)?.properties.get('watchfloor')).toEqual({ marker: 'wf-inc-rec', record });
  });

  it('creates exactly one issue when Jira made it but its answer was lost, and the create is retried', async () => {
    const proxy = await FaultProxy.start(jira.url);
    try {
      const tickets = ticketing(proxy.url);
      const lost = proxy.arm('POST', /^\/rest\/api\/3\/issue$/, { kind: 'drop-answer' }, 1);
      const first: unknown = await tickets.create(draft('wf-inc-2', 'London latency'), signal()).then(
        (ticket) => ticket.id,
        (error: unknown) => error,
      );
      expect(lost.matched).toBe(1);
      const retried = await tickets.create(draft('wf-inc-2', 'London latency'), signal());
      if (typeof first === 'string') expect(retried.id).toBe(first);
      expect(proxy.seen.filter((request) => request === 'POST /rest/api/3/issue')).toHaveLength(1);
      expect(issuesLabelled(jira, 'wf-inc-2')).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it("creates exactly one issue when its answer was lost while Jira's search lags its writes", async () => {
    const lagging = await startJiraFake({ email: EMAIL, apiToken: TOKEN, projectKey: 'OPS', searchLagMs: 1500 });
    const proxy = await FaultProxy.start(lagging.url);
    try {
      const tickets = ticketing(proxy.url);
      const lost = proxy.arm('POST', /^\/rest\/api\/3\/issue$/, { kind: 'drop-answer' }, 1);
      const made = await tickets.create(draft('wf-inc-lag', 'Lagging search'), signal());
      expect(lost.matched).toBe(1);
      expect(lagging.issues.map((issue) => issue.key)).toEqual([made.id]);
      // A retry of the command after the process ended mid-send is in doubt too: it finds the one made.
      const again = await tickets.create({ ...draft('wf-inc-lag', 'Lagging search'), earlierTry: true }, signal());
      expect(again.id).toBe(made.id);
      expect(issuesLabelled(lagging, 'wf-inc-lag')).toBe(1);
    } finally {
      await proxy.close();
      await lagging.close();
    }
  });

  it('finds an issue an earlier try made on a retry in doubt, though the search does not show it yet', async () => {
    const lagging = await startJiraFake({ email: EMAIL, apiToken: TOKEN, projectKey: 'OPS', searchLagMs: 1500 });
    try {
      // The first try's process was killed after Jira made the issue: nothing but the issue is left of it.
      const earlier = await ticketing(lagging.url).create(draft('wf-inc-killed', 'Killed mid-create'), signal());
      const retried = await ticketing(lagging.url).create({ ...draft('wf-inc-killed', 'Killed mid-create'), earlierTry: true }, signal());
      expect(retried.id).toBe(earlier.id);
      expect(issuesLabelled(lagging, 'wf-inc-killed')).toBe(1);
    } finally {
      await lagging.close();
    }
  });

  it('posts a comment exactly once when its answer was lost, and returns the one there on a retry', async () => {
    const tickets = ticketing(jira.url);
    const created = await tickets.create(draft('wf-inc-3'), signal());
    const proxy = await FaultProxy.start(jira.url);
    try {
      const through = ticketing(proxy.url);
      const path = `/rest/api/3/issue/${created.id}/comment`;
      proxy.arm('POST', new RegExp(`^${path}$`), { kind: 'drop-answer' }, 1);
      const comment = { key: 'outbox-17', text: 'Rolled back release 4.2.1.\n\nError rate falling.', visibility: 'internal' as const };
      const first = await through.comment(created.id, comment, signal()).catch((error: unknown) => error);
      const again = await through.comment(created.id, comment, signal());
      if (!(first instanceof Error)) expect(again.id).toBe((first as { id: string }).id);
      expect(again).toMatchObject({ key: 'outbox-17', text: 'Rolled back release 4.2.1.\n\nError rate falling.', visibility: 'internal', author: 'Watchfloor Bot' });
      expect(proxy.seen.filter((request) => request === `POST ${path}`)).toHaveLength(1);
      expect(jira.issue(created.id)?.comments).toHaveLength(1);
      expect((await tickets.get(created.id, signal())).comments.map((read) => read.key)).toEqual(['outbox-17']);
    } finally {
      await proxy.close();
    }
  });

  it('moves an issue through the workflow, sending the resolution and comment the Resolve screen takes', async () => {
    const tickets = ticketing(jira.url);
    const created = await tickets.create(draft('wf-inc-4'), signal());
    const investigating = await tickets.transition(created.id, { status: 'investigating', resolution: null, comment: null }, signal());
    expect(investigating.status).toBe('In Progress');

    const before = jira.http.requests.length;
    const missing = await rejection(tickets.transition(created.id, { status: 'resolved', resolution: null, comment: null }, signal()));
    expect(missing.message).toContain('Jira "tickets": OPS-');
    expect(missing.message).toContain(`requires a resolution (one of "Done", "Won't Do", "Duplicate", "Cannot Reproduce")`);
    expect(jira.http.requests.slice(before).filter((request) => request.method === 'POST')).toHaveLength(0);

    const resolved = await tickets.transition(created.id, { status: 'resolved', resolution: 'Done', comment: 'Fixed by the rollback.' }, signal());
    expect(resolved).toMatchObject({ status: 'Resolved', closed: true });
    expect(resolved.comments.map((comment) => comment.text)).toEqual(['Fixed by the rollback.']);
    expect(jira.issue(created.id)?.resolution).toBe('Done');

    // Asked again (an earlier answer lost): already there, nothing sent.
    const posts = jira.http.requestsTo(`/rest/api/3/issue/${created.id}/transitions`).filter((request) => request.method === 'POST').length;
    await tickets.transition(created.id, { status: 'resolved', resolution: 'Done', comment: null }, signal());
    expect(jira.http.requestsTo(`/rest/api/3/issue/${created.id}/transitions`).filter((request) => request.method === 'POST')).toHaveLength(posts);
  });

  it('refuses a move the workflow does not offer from where the issue is, naming the transitions it does', async () => {
    const tickets = ticketing(jira.url);
    const created = await tickets.create(draft('wf-inc-5'), signal());
    await tickets.transition(created.id, { status: 'closed', resolution: "Won't Do", comment: null }, signal());
    const error = await rejection(tickets.transition(created.id, { status: 'monitoring', resolution: null, comment: null }, signal()));
    expect(error.message).toBe(
      `Jira "tickets": ${created.id} cannot move from "Closed" to "In Progress" (incident monitoring): Jira's workflow offers no transition to it from there; available: "Reopen Issue" (to Reopened)`,
    );
    expect(jira.issue(created.id)?.status).toBe('Closed');
  });

  it('waits as long as Retry-After says when Jira answers 429, then makes the issue once', async () => {
    const tickets = ticketing(jira.url);
    jira.rateLimitNext(1, 1, '/rest/api/3/issue');
    await tickets.create(draft('wf-inc-6'), signal());
    const posts = jira.http.requestsTo('/rest/api/3/issue').filter((request) => request.method === 'POST');
    const [limited, accepted] = posts.slice(-2);
    expect(limited?.status).toBe(429);
    expect(accepted?.status).toBe(201);
    expect((accepted?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(issuesLabelled(jira, 'wf-inc-6')).toBe(1);
  });

  it('spaces writes to one issue by the configured gap', async () => {
    const tickets = ticketing(jira.url, { issueWriteGapMs: 400 });
    const created = await tickets.create(draft('wf-inc-7'), signal());
    await Promise.all(
      ['first', 'second', 'third'].map((text, index) => tickets.comment(created.id, { key: `outbox-7-${index}`, text, visibility: 'internal' }, signal())),
    );
    const posts = jira.http.requestsTo(`/rest/api/3/issue/${created.id}/comment`).filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(3);
    for (let i = 1; i < posts.length; i += 1) expect((posts[i]?.at ?? 0) - (posts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(390);
  });

  it('follows nextPageToken across search pages and finds every issue the console made', async () => {
    const tickets = ticketing(jira.url);
    const before = jira.http.requestsTo('/rest/api/3/search/jql').length;
    const found = await tickets.list({ markerPrefix: 'wf-inc-' }, signal());
    const made = jira.issues.filter((issue) => issue.labels.some((label) => label.startsWith('wf-inc-')));
    expect(made.length).toBeGreaterThan(4);
    expect(found.map((ticket) => ticket.id).sort()).toEqual(made.map((issue) => issue.key).sort());
    const searches = jira.http.requestsTo('/rest/api/3/search/jql').slice(before);
    // The fake holds 2 issues a page.
    expect(searches).toHaveLength(Math.ceil(made.length / 2));
    expect(searches.slice(1).every((request) => request.query.has('nextPageToken'))).toBe(true);
    // Newest change first.
    const updated = found.map((ticket) => ticket.updatedAt);
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
  });

  it('lists what changed since a time, and answers 404 for an issue that does not exist', async () => {
    const tickets = ticketing(jira.url);
    const older = await tickets.create(draft('wf-inc-11'), signal());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const since = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const newer = await tickets.create(draft('wf-inc-12'), signal());
    const changed = (await tickets.list({ markerPrefix: 'wf-inc-1', updatedSince: since }, signal())).map((ticket) => ticket.id);
    expect(changed).toContain(newer.id);
    expect(changed).not.toContain(older.id);

    const missing = await rejection(tickets.get('OPS-999', signal()));
    expect(missing.status).toBe(404);
    expect(missing.message).toContain('Issue does not exist or you do not have permission to see it.');
  });

  it('says the credentials were refused, with Jira words, when the API token is wrong', async () => {
    const error = await rejection(ticketing(jira.url, { token: 'wrong-token' }).create(draft('wf-inc-8'), signal()));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.failure).toBe('unauthorized');
    expect(error.message).toContain('Jira "tickets"');
    expect(error.message).toContain('Client must be authenticated to access this resource.');
    expect(error.message).not.toContain('wrong-token');
    expect(issuesLabelled(jira, 'wf-inc-8')).toBe(0);
  });

  it("turns Jira's error body into a message naming what it refused", async () => {
    const error = await rejection(ticketing(jira.url, { priorities: { sev2: 'Urgent' } }).create(draft('wf-inc-9'), signal()));
    expect(error.status).toBe(400);
    expect(error.message).toContain('Jira refused a new issue in project OPS (issue type "Incident", priority "Urgent")');
    expect(error.message).toContain('priority: Specify a valid priority name');
    const project = await rejection(ticketing(jira.url, { projectKey: 'NOPE' }).findByMarker('wf-inc-9', signal()));
    expect(project.message).toContain(`Jira refused the search in project "NOPE"`);
    expect(project.message).toContain(`The value 'NOPE' does not exist for the field 'project'.`);
  });

  it("reads the service desk's SLAs and keeps internal notes from the customer", async () => {
    const tickets = ticketing(desk.url, { projectKey: 'HELP', serviceDesk: true });
    const created = await tickets.create(draft('wf-inc-10'), signal());
    await tickets.comment(created.id, { key: 'outbox-10-a', text: 'Looking at the pool.', visibility: 'internal' }, signal());
    const early = await tickets.sla?.(created.id, signal());
    expect(early?.find((sla) => sla.name === 'Time to first response')).toMatchObject({ goalMs: 3_600_000, completed: false, breached: false, paused: false });

    await tickets.comment(created.id, { key: 'outbox-10-b', text: 'We are on it.', visibility: 'customer' }, signal());
    const slas = await tickets.sla?.(created.id, signal());
    expect(slas?.map((sla) => sla.name)).toEqual(['Time to first response', 'Time to resolution']);
    expect(slas?.[0]).toMatchObject({ completed: true, breached: false });
    expect(slas?.[1]).toMatchObject({ goalMs: 14_400_000, completed: false });
    expect(desk.issue(created.id)?.comments.map((comment) => comment.properties.get('sd.public.comment'))).toEqual([{ internal: true }, { internal: false }]);
    expect((await tickets.get(created.id, signal())).comments.map((comment) => comment.visibility)).toEqual(['internal', 'customer']);

    // A comment sent with a transition stays internal on a desk.
    const resolved = await tickets.transition(created.id, { status: 'resolved', resolution: 'Done', comment: 'Root cause: pool exhaustion.' }, signal());
    expect(resolved.comments.at(-1)).toMatchObject({ text: 'Root cause: pool exhaustion.', visibility: 'internal', key: null });
    expect((await tickets.sla?.(created.id, signal()))?.[1]).toMatchObject({ completed: true });
    expect(ticketing(jira.url).sla).toBeUndefined();
  });

  it('never uses the removed /rest/api/3/search, which the fake answers 410 as Jira Cloud does', async () => {
    const gone = await fetch(`${jira.url}/rest/api/3/search?jql=project%3DOPS`, { headers: { authorization: `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}` } });
    expect(gone.status).toBe(410);
    const used = [...jira.http.requests, ...desk.http.requests].filter((request) => request.path === '/rest/api/3/search');
    expect(used).toHaveLength(1);
  });
});
