import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectorsWithSecret } from '../support/backend-clients.js';
import { ServicenowBackend } from '../../shared/fleet-definition/schema.js';
import type { Connector, Ticketing } from '../../main/core/connectors/capabilities.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { FaultProxy } from '../faults/support/fault-proxy.js';
import { ServicenowFake } from '../support/fakes/servicenow-fake.js';
import { rejection } from '../support/rejection.js';

/** Tickets on a local ServiceNow Table API that follows the published one, through the connector the registry builds. */

const USER = 'watchfloor.integration';
const PASSWORD = 'S3rvice-N0w!pass';

let fake: ServicenowFake;

beforeEach(async () => {
  fake = await ServicenowFake.start({ user: USER, password: PASSWORD });
});

afterEach(async () => {
  await fake.close();
});

function connector(url: string, options: { password?: string; extra?: Record<string, unknown> } = {}): Connector {
  const backend = ServicenowBackend.parse({
    id: 'desk',
    kind: 'servicenow',
    url,
    auth: { type: 'basic', username: USER, password: { store: 'env', variable: 'TEST_SERVICENOW_PASSWORD' } },
    timeoutMs: 3000,
    assignmentGroup: 'Service Desk',
    ...options.extra,
  });
  const password = options.password ?? PASSWORD;
  const connectors = connectorsWithSecret([backend], password);
  const found = connectors.get('desk');
  if (!found) throw new Error('the registry made no connector for a servicenow backend');
  return found;
}

function ticketing(url: string, options: { password?: string; extra?: Record<string, unknown> } = {}): Ticketing {
  const found = connector(url, options).ticketing;
  if (!found) throw new Error('the servicenow connector has no ticketing');
  return found;
}

const signal = () => AbortSignal.timeout(20_000);

const RECORD = JSON.stringify({ status: 'investigating', severity: 'sev2', commander: 'Ana Lima' });

function draft(marker: string, subject = 'Sydney checkout errors') {
  return { marker, subject, description: 'Checkout fails for 5 % of users.', severity: 'sev2' as const, record: RECORD };
}

describe('ServiceNow ticketing', () => {
  it('opens an incident carrying the marker, the priority from impact and urgency, and the record, and finds it again', async () => {
    const tickets = ticketing(fake.url);
    const created = await tickets.create(draft('wf-inc-1'), signal());
    expect(created).toMatchObject({ marker: 'wf-inc-1', subject: 'Sydney checkout errors', status: 'New', closed: false, record: RECORD, comments: [] });
    expect(created.displayKey).toMatch(/^INC\d{7}$/);
    expect(created.url).toBe(`${fake.url}/incident.do?sys_id=${created.id}`);

    const [row] = fake.incidentsWith('correlation_id', 'wf-inc-1');
    // Sev2 is impact 1, urgency 2, which ServiceNow's default priority lookup makes 2 - High.
    expect(row).toMatchObject({ impact: '1', urgency: '2', priority: '2', assignment_group: 'Service Desk', u_watchfloor_record: RECORD });

    expect((await tickets.findByMarker('wf-inc-1', signal()))?.id).toBe(created.id);
    expect(await tickets.findByMarker('wf-inc-none', signal())).toBeNull();

    const newer = JSON.stringify({ status: 'identified', severity: 'sev2', commander: 'Ana Lima' });
    await tickets.writeRecord(created.id, newer, signal());
    expect((await tickets.get(created.id, signal())).record).toBe(newer);

    await tickets.create(draft('wf-inc-1-action-1', 'Add a canary for checkout'), signal());
    expect((await tickets.list({ markerPrefix: 'wf-inc-1' }, signal())).map((ticket) => ticket.marker).sort()).toEqual(['wf-inc-1', 'wf-inc-1-action-1']);
    expect((await tickets.list({ text: 'CANARY' }, signal())).map((ticket) => ticket.marker)).toEqual(['wf-inc-1-action-1']);
    expect(await tickets.list({ markerPrefix: 'wf-', updatedSince: Date.now() + 60_000 }, signal())).toEqual([]);
    expect(await tickets.list({ markerPrefix: 'wf-', updatedSince: Date.now() - 60_000 }, signal())).toHaveLength(2);
    const query = fake.http.requestsTo('/api/now/table/incident').map((request) => request.query.get('sysparm_query')).filter((text) => text?.includes('sys_updated_on>='));
    expect(query[0]).toMatch(/^correlation_idSTARTSWITHwf-\^sys_updated_on>=\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\^ORDERBYDESCsys_updated_on$/);
  });

  it('opens exactly one incident when ServiceNow made it but its answer was lost', async () => {
    const proxy = await FaultProxy.start(fake.url);
    try {
      const tickets = ticketing(proxy.url);
      const lost = proxy.arm('POST', /^\/api\/now\/table\/incident$/, { kind: 'drop-answer' }, 1);
      const first: unknown = await tickets.create(draft('wf-inc-2', 'London latency'), signal()).then(
        (ticket) => ticket.id,
        (error: unknown) => error,
      );
      expect(lost.matched).toBe(1);
      const retried = await tickets.create(draft('wf-inc-2', 'London latency'), signal());
      if (typeof first === 'string') expect(retried.id).toBe(first);
      expect(proxy.seen.filter((request) => request === 'POST /api/now/table/incident')).toHaveLength(1);
      expect(fake.incidentsWith('correlation_id', 'wf-inc-2')).toHaveLength(1);
      expect(fake.incidents).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('posts a comment exactly once when its answer was lost, and reads it back without the key', async () => {
    const created = await ticketing(fake.url).create(draft('wf-inc-3'), signal());
    const proxy = await FaultProxy.start(fake.url);
    try {
      const tickets = ticketing(proxy.url);
      const lost = proxy.arm('PATCH', /^\/api\/now\/table\/incident\//, { kind: 'drop-answer' }, 1);
      const note = { key: 'outbox-17', text: 'Rolled back release 4.2.1.', visibility: 'internal' as const };
      const first: unknown = await tickets.comment(created.id, note, signal()).then(
        (posted) => posted.id,
        (error: unknown) => error,
      );
      expect(lost.matched).toBe(1);
      const again = await tickets.comment(created.id, note, signal());
      if (typeof first === 'string') expect(again.id).toBe(first);
      expect(again).toMatchObject({ key: 'outbox-17', text: 'Rolled back release 4.2.1.', visibility: 'internal', author: USER });
      expect(proxy.seen.filter((request) => request.startsWith('PATCH '))).toHaveLength(1);
      expect(fake.journalOf(created.id)).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('writes internal notes as work notes and customer comments as comments, and tells them apart with what was written in ServiceNow', async () => {
    const tickets = ticketing(fake.url);
    const created = await tickets.create(draft('wf-inc-4'), signal());
    await tickets.comment(created.id, { key: 'k-1', text: 'Suspect the 4.2.1 deploy.', visibility: 'internal' }, signal());
    await tickets.comment(created.id, { key: 'k-2', text: 'We are investigating slow checkouts.', visibility: 'customer' }, signal());
    fake.addJournalEntry(created.id, 'comments', 'Is there an ETA?', 'abel.tuter');

    expect(fake.journalOf(created.id).map((entry) => [entry.element, entry.value.split('\n')[0]])).toEqual([
      ['work_notes', 'Suspect the 4.2.1 deploy.'],
      ['comments', 'We are investigating slow checkouts.'],
      ['comments', 'Is there an ETA?'],
    ]);
    const read = await tickets.get(created.id, signal());
    expect(read.comments.map(({ text, key, visibility, author }) => ({ text, key, visibility, author }))).toEqual([
      { text: 'Suspect the 4.2.1 deploy.', key: 'k-1', visibility: 'internal', author: USER },
      { text: 'We are investigating slow checkouts.', key: 'k-2', visibility: 'customer', author: USER },
      { text: 'Is there an ETA?', key: null, visibility: 'customer', author: 'abel.tuter' },
    ]);
  });

  it('resolves with a resolution code and notes, closes, and puts an incident on hold with a reason', async () => {
    const tickets = ticketing(fake.url, { extra: { states: { monitoring: 3 } } });
    const created = await tickets.create(draft('wf-inc-5'), signal());

    const held = await tickets.transition(created.id, { status: 'monitoring', resolution: null, comment: null }, signal());
    expect(held.status).toBe('On Hold');
    expect(fake.incidentsWith('sys_id', created.id)[0]).toMatchObject({ state: '3', hold_reason: '1' });

    const resolved = await tickets.transition(created.id, { status: 'resolved', resolution: 'Workaround provided', comment: 'Rolled back 4.2.1; error rate normal.' }, signal());
    expect(resolved).toMatchObject({ status: 'Resolved', closed: false });
    expect(fake.incidentsWith('sys_id', created.id)[0]).toMatchObject({ state: '6', close_code: 'Workaround provided', close_notes: 'Rolled back 4.2.1; error rate normal.' });

    const closed = await tickets.transition(created.id, { status: 'closed', resolution: null, comment: 'Review done.' }, signal());
    expect(closed).toMatchObject({ status: 'Closed', closed: true });
    expect(fake.incidentsWith('sys_id', created.id)[0]).toMatchObject({ state: '7', close_code: 'Solution provided', active: 'false' });
  });

  it("says what ServiceNow's data policy requires when it refuses a transition, and leaves the incident as it was", async () => {
    const tickets = ticketing(fake.url);
    const created = await tickets.create(draft('wf-inc-6'), signal());
    const error = await rejection(tickets.transition(created.id, { status: 'resolved', resolution: null, comment: null }, signal()));
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      'ServiceNow "desk": ServiceNow refused moving incident ' +
        `${created.id} to Resolved (for resolved): Operation Failed: Data Policy Exception: The following fields are mandatory: Resolution notes (HTTP 403)`,
    );
    expect(fake.incidentsWith('sys_id', created.id)[0]?.state).toBe('1');
  });

  it('waits as long as the rate limit says, for reads and for a write, and never sends a write twice', async () => {
    const tickets = ticketing(fake.url);
    // Three requests a second: the create takes a search and the POST, the comment reads the journal, so its PATCH is the one refused.
    fake.rateLimit(3, 1);
    const created = await tickets.create(draft('wf-inc-7'), signal());
    await tickets.comment(created.id, { key: 'k-rl', text: 'Paged the database team.', visibility: 'internal' }, signal());

    const requests = fake.http.requests;
    const limited = requests.filter((request) => request.status === 429);
    expect(limited.some((request) => request.method === 'PATCH')).toBe(true);
    for (const refused of limited) {
      // The fake's window is 1 s, so its Retry-After is 1: the one next request is the same one, a second later, and it goes through.
      const next = requests[requests.indexOf(refused) + 1];
      expect(next).toMatchObject({ method: refused.method, path: refused.path, status: 200 });
      expect((next?.at ?? 0) - refused.at).toBeGreaterThanOrEqual(990);
    }
    expect(fake.incidents).toHaveLength(1);
    expect(fake.journalOf(created.id)).toHaveLength(1);
  }, 20_000);

  it('reads every page of a long list by following the Link header', async () => {
    for (let n = 0; n < 230; n += 1) fake.addIncident({ short_description: `Old incident ${n}`, correlation_id: `wf-old-${n}` });
    const found = await ticketing(fake.url).list({ markerPrefix: 'wf-old-' }, signal());
    expect(new Set(found.map((ticket) => ticket.marker)).size).toBe(230);
    const offsets = fake.http.requestsTo('/api/now/table/incident').map((request) => request.query.get('sysparm_offset'));
    expect(offsets).toEqual(['0', '100', '200']);
  });

  it('a connection test says how many incidents the user can read', async () => {
    fake.addIncident({ short_description: 'Printer on fire' });
    fake.addIncident({ short_description: 'VPN down' });
    expect(await connector(fake.url).probe?.probe(signal())).toEqual({ version: 'ServiceNow, 2 incidents readable' });
  });

  it('says the credentials were refused when the password is wrong, and makes nothing', async () => {
    const error = await rejection(ticketing(fake.url, { password: 'wrong' }).create(draft('wf-inc-8'), signal()));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.failure).toBe('unauthorized');
    expect(error.message).toContain('ServiceNow "desk"');
    expect(error.message).toContain('User Not Authenticated: Required to provide Auth information');
    expect(fake.incidents).toHaveLength(0);
  });

  it('names the setup step when the incident table has no field for the record', async () => {
    const tickets = ticketing(fake.url, { extra: { recordField: 'u_console_record' } });
    const created = await tickets.create({ ...draft('wf-inc-9'), record: null }, signal());
    const error = await rejection(tickets.writeRecord(created.id, RECORD, signal()));
    expect(error.message).toContain('the incident table has no field "u_console_record"');
    expect(error.message).toContain('add a String field of that name');
  });

  it('says so when the record field is too short for the record, instead of keeping it cut', async () => {
    // A field made with a max length of 255 or less is a varchar of that size: the database cuts what does not fit.
    const narrow = await ServicenowFake.start({ user: USER, password: PASSWORD, customFields: { u_watchfloor_record: 255 } });
    try {
      const tickets = ticketing(narrow.url);
      const created = await tickets.create({ ...draft('wf-inc-10'), record: null }, signal());
      const long = JSON.stringify({ status: 'monitoring', notes: 'x'.repeat(300) });
      const error = await rejection(tickets.writeRecord(created.id, long, signal()));
      expect(error.message).toContain(`kept 255 of the record's ${long.length} characters; make the field longer`);
    } finally {
      await narrow.close();
    }
  });

  it("keeps a record with a long lessons-learnt review whole in the default 4000-character field, which ServiceNow stores as mediumtext", async () => {
    const tickets = ticketing(fake.url);
    const created = await tickets.create(draft('wf-inc-11'), signal());
    const rootCause = 'The signing key expired at midnight UTC and the login service kept the old one cached. '.repeat(110);
    const timeline = Array.from({ length: 300 }, (_, index) => ({ at: Date.UTC(2026, 11, 7, 21, index), text: `Step ${index + 1}: checked the login pods in Sydney and restarted one` }));
    const record = JSON.stringify({ ...JSON.parse(RECORD), review: { summary: 'Sign-in failed for 40 minutes.', rootCause, timeline } });
    expect(record.length).toBeGreaterThan(25_000);
    await tickets.writeRecord(created.id, record, signal());
    expect((await tickets.get(created.id, signal())).record).toBe(record);
    expect(fake.incidents.find((row) => row.sys_id === created.id)?.u_watchfloor_record).toBe(record);
  });

  it('says which incident is gone when ServiceNow has none with that sys_id', async () => {
    const error = await rejection(ticketing(fake.url).get('0123456789abcdef0123456789abcdef', signal()));
    expect(error.status).toBe(404);
    expect(error.message).toContain('ServiceNow has no incident 0123456789abcdef0123456789abcdef that this user can see');
  });
});
