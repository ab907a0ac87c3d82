import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorsWithSecret } from '../support/backend-clients.js';
import { RedmineBackend } from '../../shared/fleet-definition/schema.js';
import type { TicketDraft, Ticketing } from '../../main/core/connectors/capabilities.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { FaultProxy } from '../faults/support/fault-proxy.js';
import { startRedmine, type RedmineServer } from '../support/redmine.js';
import { rejection } from '../support/rejection.js';

/** Tickets on a real Redmine (Debian's package) on loopback, through the connector the registry builds. */

let redmine: RedmineServer;

beforeAll(async () => {
  redmine = await startRedmine();
  console.log(`Redmine answered ${Math.round(redmine.startedInMs)} ms after it was started`);
}, 90_000);

afterAll(async () => {
  await redmine?.stop();
});

function ticketing(url: string, options: { apiKey?: string; project?: string; statuses?: Record<string, string> } = {}): Ticketing {
  const backend = RedmineBackend.parse({
    id: 'tickets',
    kind: 'redmine',
    url,
    auth: { type: 'redmine', apiKey: { store: 'env', variable: 'TEST_REDMINE_KEY' } },
    timeoutMs: 3000,
    project: options.project ?? redmine.project,
    trackerId: redmine.trackerId,
    markerFieldId: redmine.markerFieldId,
    recordFieldId: redmine.recordFieldId,
    statuses: options.statuses,
  });
  const key = options.apiKey ?? redmine.apiKey;
  const connectors = connectorsWithSecret([backend], key);
  const found = connectors.get('tickets')?.ticketing;
  if (!found) throw new Error('the registry made no ticketing connector for a redmine backend');
  return found;
}

const signal = () => AbortSignal.timeout(20_000);

function draft(marker: string, subject: string, record: string | null = null): TicketDraft {
  return { marker, subject, description: `${subject}: details.`, severity: 'sev2', record };
}

async function redmineJson<T>(path: string): Promise<T> {
  const response = await fetch(`${redmine.url}${path}`, { headers: { 'x-redmine-api-key': redmine.apiKey } });
  if (!response.ok) throw new Error(`Redmine answered ${response.status} to GET ${path}`);
  return (await response.json()) as T;
}

/** Issues on Redmine carrying the marker, counted from Redmine's own full list, not through the connector. */
async function issuesWithMarker(marker: string): Promise<number> {
  const body = await redmineJson<{ issues: { custom_fields?: { id: number; value: string }[] }[] }>(`/issues.json?project_id=${redmine.project}&status_id=*&limit=100`);
  return body.issues.filter((issue) => issue.custom_fields?.some((field) => field.id === redmine.markerFieldId && field.value === marker)).length;
}

interface RedmineIssue {
  status: { name: string };
  custom_fields: { id: number; value: string }[];
  journals: { notes: string; private_notes: boolean }[];
}

/** The issue as Redmine itself shows it, with its journals. */
async function issueOnRedmine(id: string): Promise<RedmineIssue> {
  return (await redmineJson<{ issue: RedmineIssue }>(`/issues/${id}.json?include=journals`)).issue;
}

/** Journals with a note on the issue, from Redmine's own record. */
async function notesOnRedmine(id: string): Promise<{ notes: string; private_notes: boolean }[]> {
  return (await issueOnRedmine(id)).journals.filter((journal) => journal.notes !== '');
}

describe('Redmine ticketing', () => {
  it('creates a ticket carrying the marker and record, finds it, comments on it and moves it through the incident statuses', async () => {
    const tickets = ticketing(redmine.url);
    const created = await tickets.create(draft('wf-inc-1', 'Sydney checkout errors', '{"status":"investigating"}'), signal());
    expect(created).toMatchObject({
      marker: 'wf-inc-1',
      subject: 'Sydney checkout errors',
      status: 'New',
      closed: false,
      comments: [],
      record: '{"status":"investigating"}',
      displayKey: `#${created.id}`,
      url: `${redmine.url}/issues/${created.id}`,
    });
    expect(Math.abs(created.updatedAt - Date.now())).toBeLessThan(60_000);

    expect((await tickets.findByMarker('wf-inc-1', signal()))?.id).toBe(created.id);
    expect(await tickets.findByMarker('wf-inc-none', signal())).toBeNull();

    await tickets.comment(created.id, { key: 'note-1', text: 'Rolled back release 4.2.1.', visibility: 'customer' }, signal());
    expect((await tickets.transition(created.id, { status: 'investigating', resolution: null, comment: null }, signal())).status).toBe('In Progress');
    await tickets.comment(created.id, { key: 'note-2', text: 'Error rate back to normal.', visibility: 'customer' }, signal());
    expect((await tickets.transition(created.id, { status: 'monitoring', resolution: null, comment: null }, signal())).status).toBe('Feedback');
    const resolved = await tickets.transition(created.id, { status: 'resolved', resolution: 'Rolled back', comment: 'Fixed by the rollback.' }, signal());
    expect(resolved).toMatchObject({ status: 'Resolved', closed: false });
    const closed = await tickets.transition(created.id, { status: 'closed', resolution: null, comment: null }, signal());
    expect(closed).toMatchObject({ status: 'Closed', closed: true });

    const read = await tickets.get(created.id, signal());
    expect(read.comments.map((comment) => [comment.text, comment.key])).toEqual([
      ['Rolled back release 4.2.1.', 'note-1'],
      ['Error rate back to normal.', 'note-2'],
      ['Fixed by the rollback.\n\nResolution: Rolled back', null],
    ]);
    expect(read.comments[0]?.author).toBe('Redmine Admin');
    expect((await tickets.list({ text: 'checkout' }, signal())).map((ticket) => ticket.id)).toContain(created.id);
    expect(await issuesWithMarker('wf-inc-1')).toBe(1);
  });

  it('creates exactly one ticket when Redmine made it but its answer was lost, and the create is retried', async () => {
    const proxy = await FaultProxy.start(redmine.url);
    try {
      const tickets = ticketing(proxy.url);
      const lost = proxy.arm('POST', /^\/issues\.json$/, { kind: 'drop-answer' }, 1);
      const first: unknown = await tickets.create(draft('wf-inc-2', 'London latency'), signal()).then(
        (ticket) => ticket.id,
        (error: unknown) => error,
      );
      expect(lost.matched).toBe(1);
      const retried = await tickets.create(draft('wf-inc-2', 'London latency'), signal());
      if (typeof first === 'string') expect(retried.id).toBe(first);
      expect(proxy.seen.filter((request) => request === 'POST /issues.json')).toHaveLength(1);
      expect(await issuesWithMarker('wf-inc-2')).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('posts a comment exactly once when Redmine took it but its answer was lost, and the comment is retried', async () => {
    const created = await ticketing(redmine.url).create(draft('wf-inc-6', 'Sydney report delivery'), signal());
    const proxy = await FaultProxy.start(redmine.url);
    try {
      const tickets = ticketing(proxy.url);
      const note = { key: 'outbox-17', text: 'Reports queue drained.', visibility: 'customer' } as const;
      const lost = proxy.arm('PUT', new RegExp(`^/issues/${created.id}\\.json$`), { kind: 'drop-answer' }, 1);
      await tickets.comment(created.id, note, signal()).catch(() => undefined);
      expect(lost.matched).toBe(1);
      const retried = await tickets.comment(created.id, note, signal());
      expect(retried).toMatchObject({ text: 'Reports queue drained.', key: 'outbox-17' });
      expect(proxy.seen.filter((request) => request === `PUT /issues/${created.id}.json`)).toHaveLength(1);
      expect((await notesOnRedmine(created.id)).map((journal) => journal.notes.replace(/\r\n/g, '\n'))).toEqual(['Reports queue drained.\n\n[watchfloor:outbox-17]']);
    } finally {
      await proxy.close();
    }
  });

  it('posts a comment exactly once when Redmine never got the first try', async () => {
    const created = await ticketing(redmine.url).create(draft('wf-inc-10', 'London message parsing'), signal());
    const proxy = await FaultProxy.start(redmine.url);
    try {
      const tickets = ticketing(proxy.url);
      const note = { key: 'outbox-21', text: 'Parser restarted.', visibility: 'internal' } as const;
      const refused = proxy.arm('PUT', new RegExp(`^/issues/${created.id}\\.json$`), { kind: 'status', status: 503 }, 1);
      await rejection(tickets.comment(created.id, note, signal()));
      expect(refused.matched).toBe(1);
      expect(await notesOnRedmine(created.id)).toEqual([]);
      expect(await tickets.comment(created.id, note, signal())).toMatchObject({ text: 'Parser restarted.', key: 'outbox-21', visibility: 'internal' });
      expect(await tickets.comment(created.id, note, signal())).toMatchObject({ key: 'outbox-21' });
      expect(await notesOnRedmine(created.id)).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('moves a ticket once, with its note once, when Redmine took the transition but its answer was lost', async () => {
    const created = await ticketing(redmine.url).create(draft('wf-inc-11', 'Sydney report delivery'), signal());
    const proxy = await FaultProxy.start(redmine.url);
    try {
      const tickets = ticketing(proxy.url);
      const lost = proxy.arm('PUT', new RegExp(`^/issues/${created.id}\\.json$`), { kind: 'drop-answer' }, 1);
      const moved = await tickets.transition(created.id, { status: 'resolved', resolution: 'Queue drained', comment: null }, signal());
      expect(lost.matched).toBe(1);
      expect(moved.status).toBe('Resolved');
      expect(proxy.seen.filter((request) => request === `PUT /issues/${created.id}.json`)).toHaveLength(1);
      expect((await notesOnRedmine(created.id)).map((journal) => journal.notes)).toEqual(['Resolution: Queue drained']);
    } finally {
      await proxy.close();
    }
  });

  it('posts internal comments as private notes and customer comments as public ones, and reads a note written in Redmine as keyless', async () => {
    const tickets = ticketing(redmine.url);
    const created = await tickets.create(draft('wf-inc-7', 'UK timesheets late'), signal());
    const internal = await tickets.comment(created.id, { key: 'k-internal', text: 'DBA paged.', visibility: 'internal' }, signal());
    const customer = await tickets.comment(created.id, { key: 'k-customer', text: 'We are investigating.', visibility: 'customer' }, signal());
    expect(internal).toMatchObject({ text: 'DBA paged.', key: 'k-internal', visibility: 'internal' });
    expect(customer).toMatchObject({ text: 'We are investigating.', key: 'k-customer', visibility: 'customer' });
    expect((await notesOnRedmine(created.id)).map((journal) => journal.private_notes)).toEqual([true, false]);

    const response = await fetch(`${redmine.url}/issues/${created.id}.json`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-redmine-api-key': redmine.apiKey },
      body: JSON.stringify({ issue: { notes: 'Customer called the service desk.' } }),
    });
    expect(response.status).toBe(204);
    const read = await tickets.get(created.id, signal());
    expect(read.comments.at(-1)).toMatchObject({ text: 'Customer called the service desk.', key: null, visibility: 'customer', author: 'Redmine Admin' });
  });

  it("replaces the console's record on the ticket", async () => {
    const tickets = ticketing(redmine.url);
    const created = await tickets.create(draft('wf-inc-8', 'Paris DNS', '{"v":1}'), signal());
    const record = JSON.stringify({ v: 2, status: 'identified', commander: 'Ana Díaz', review: { summary: 'Line one\nline two' } });
    await tickets.writeRecord(created.id, record, signal());
    expect((await tickets.get(created.id, signal())).record).toBe(record);
    const onRedmine = (await issueOnRedmine(created.id)).custom_fields.find((field) => field.id === redmine.recordFieldId)?.value;
    expect(JSON.parse(onRedmine ?? 'null')).toEqual(JSON.parse(record));
  });

  it('moves a ticket by the fleet file statuses, and names the status or the workflow when Redmine would refuse', async () => {
    const tickets = ticketing(redmine.url, { statuses: { monitoring: 'Resolved', identified: 'Mitigated' } });
    const created = await tickets.create(draft('wf-inc-5', 'Frankfurt storage'), signal());
    expect((await tickets.transition(created.id, { status: 'monitoring', resolution: null, comment: null }, signal())).status).toBe('Resolved');

    const unknown = await rejection(tickets.transition(created.id, { status: 'identified', resolution: null, comment: null }, signal()));
    expect(unknown.message).toMatch(/no issue status "Mitigated" \(the fleet file's statuses.identified\); Redmine has "New", "In Progress"/);

    expect((await tickets.transition(created.id, { status: 'cancelled', resolution: null, comment: null }, signal())).status).toBe('Rejected');
    const notesBefore = (await notesOnRedmine(created.id)).length;
    // The test's tracker makes Rejected final (tests/support/redmine.ts).
    const refused = await rejection(tickets.transition(created.id, { status: 'investigating', resolution: null, comment: 'Reopened: it came back.' }, signal()));
    expect(refused.message).toContain(`issue #${created.id} stays "Rejected": Redmine's workflow does not allow moving it to "In Progress"`);
    expect((await issueOnRedmine(created.id)).status.name).toBe('Rejected');
    expect(await notesOnRedmine(created.id)).toHaveLength(notesBefore);
  });

  it('lists the tickets the console made, newest change first, and those changed since a moment', async () => {
    const tickets = ticketing(redmine.url);
    const first = await tickets.create(draft('wf-list-1', 'Sydney backups slow'), signal());
    // Redmine keeps whole seconds.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await tickets.create(draft('wf-list-2', 'London backups slow'), signal());
    await ticketing(redmine.url).create(draft('other-1', 'Not made by the console'), signal());

    expect((await tickets.list({ markerPrefix: 'wf-list-' }, signal())).map((ticket) => ticket.marker)).toEqual(['wf-list-2', 'wf-list-1']);
    expect((await tickets.list({ markerPrefix: 'wf-list-', updatedSince: first.updatedAt + 1000 }, signal())).map((ticket) => ticket.id)).toEqual([second.id]);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    await tickets.comment(first.id, { key: 'list-note', text: 'Backup window moved.', visibility: 'internal' }, signal());
    const changed = await tickets.list({ markerPrefix: 'wf-list-', updatedSince: second.updatedAt + 1000 }, signal());
    expect(changed.map((ticket) => ticket.id)).toEqual([first.id]);
    expect(changed[0]?.comments.map((comment) => comment.key)).toEqual(['list-note']);
    expect((await tickets.list({ markerPrefix: 'wf-list-' }, signal())).map((ticket) => ticket.marker)).toEqual(['wf-list-1', 'wf-list-2']);
  });

  it('answers 404 for a ticket deleted in Redmine', async () => {
    const tickets = ticketing(redmine.url);
    const created = await tickets.create(draft('wf-inc-9', 'Deleted by hand'), signal());
    const deleted = await fetch(`${redmine.url}/issues/${created.id}.json`, { method: 'DELETE', headers: { 'x-redmine-api-key': redmine.apiKey } });
    expect(deleted.status).toBe(204);
    for (const call of [
      () => tickets.get(created.id, signal()),
      () => tickets.comment(created.id, { key: 'k', text: 't', visibility: 'customer' }, signal()),
      () => tickets.writeRecord(created.id, '{}', signal()),
      () => tickets.transition(created.id, { status: 'resolved', resolution: 'Gone', comment: null }, signal()),
    ]) {
      const error = await rejection(call());
      expect(error.status).toBe(404);
      expect(error.message).toContain(`issue #${created.id} no longer exists`);
    }
  });

  it('says the API key was refused when it is wrong', async () => {
    const error = await rejection(ticketing(redmine.url, { apiKey: 'f'.repeat(40) }).create(draft('wf-inc-3', 's'), signal()));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.failure).toBe('unauthorized');
    expect(error.message).toContain('Redmine "tickets"');
    expect(await issuesWithMarker('wf-inc-3')).toBe(0);
  });

  it('names the project when Redmine does not know it', async () => {
    const error = await rejection(ticketing(redmine.url, { project: 'no-such-project' }).create(draft('wf-inc-4', 's'), signal()));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.message).toContain('Redmine "tickets"');
    expect(error.message).toContain('no-such-project');
  });
});
