import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { StatusPost, TicketDraft } from '../../main/core/connectors/capabilities.js';
import { createConnectors } from '../../main/core/connectors/registry.js';
import { generateSandboxFleet } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { SANDBOX_BACKEND_FILE } from '../../main/core/connectors/sandbox/sandbox-backend-file.js';
import { SandboxConnector } from '../../main/core/connectors/sandbox/sandbox-connector.js';
import { SandboxBackend } from '../../shared/fleet-definition/schema.js';
import { rejection } from '../support/rejection.js';
import { ManualClock, useTempDirs } from '../support/temp.js';

const signal = new AbortController().signal;
const MINUTE = 60_000;
const tempDir = useTempDirs();

function sandbox(dataDir?: string, clock = new ManualClock()) {
  return { clock, connector: new SandboxConnector(SandboxBackend.parse({ id: 'sim', kind: 'sandbox' }), clock, dataDir) };
}

/** Rows as the backend file itself holds them, read with a connection of the test's own. */
function rows(dir: string, sql: string): unknown[] {
  const db = new Database(join(dir, SANDBOX_BACKEND_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

function draft(marker: string, subject: string, record: string | null = '{"status":"triage"}'): TicketDraft {
  return { marker, subject, description: `${subject}, seen by the NOC.`, severity: 'sev1', record };
}

function post(status: StatusPost['status'], extra: Partial<StatusPost> = {}): StatusPost {
  return { status, body: `We are ${status} checkout errors in Sydney.`, scopeIds: ['apac', 'acme-prod'], componentImpact: 'partial_outage', notifySubscribers: true, ...extra };
}

describe('the simulated ticketing backend', () => {
  it('the embedded fleet has a ticketing backend and a status page, so the incident process needs no account', () => {
    const fleet = generateSandboxFleet({ seed: 4, size: 20 });
    const connectors = createConnectors(fleet.backends, { clock: new ManualClock(), log: () => undefined, client: () => { throw new Error('no remote backends in the embedded fleet'); } });
    const connector = [...connectors.values()][0];
    expect(connector?.ticketing).toBeDefined();
    expect(connector?.statusIncidents).toBeDefined();
    connector?.close();
  });

  it('keeps tickets, comments, statuses and records in its file across a restart, and finds a ticket by its marker there', async () => {
    const dir = tempDir();
    const first = sandbox(dir);
    const created = await first.connector.ticketing.create(draft('wf-inc-1', 'Sydney checkout errors'), signal);
    expect(created).toMatchObject({ id: '1', displayKey: 'SIM-1', marker: 'wf-inc-1', status: 'New', closed: false, record: '{"status":"triage"}', comments: [] });
    first.clock.advance(MINUTE);
    await first.connector.ticketing.comment(created.id, { key: 'outbox-1', text: 'Rolled back 4.2.1.', visibility: 'internal' }, signal);
    await first.connector.ticketing.transition(created.id, { status: 'investigating', resolution: null, comment: null }, signal);
    await first.connector.ticketing.writeRecord(created.id, '{"status":"investigating"}', signal);
    first.connector.close();

    const second = sandbox(dir, first.clock);
    const read = await second.connector.ticketing.get(created.id, signal);
    expect(read).toMatchObject({ status: 'Investigating', record: '{"status":"investigating"}', updatedAt: first.clock.now() });
    expect(read.comments).toEqual([
      { id: expect.any(String), author: 'Watchfloor', text: 'Rolled back 4.2.1.', at: first.clock.now(), key: 'outbox-1', visibility: 'internal' },
    ]);
    expect((await second.connector.ticketing.findByMarker('wf-inc-1', signal))?.id).toBe(created.id);
    // Created again after the restart (an answer the console never got): the marker is found, nothing is added.
    expect((await second.connector.ticketing.create(draft('wf-inc-1', 'Sydney checkout errors'), signal)).id).toBe(created.id);
    const next = await second.connector.ticketing.create(draft('wf-inc-2', 'London latency'), signal);
    expect(next.displayKey).toBe('SIM-2');
    second.connector.close();
    expect(rows(dir, 'SELECT marker FROM sandbox_ticket ORDER BY number')).toEqual([{ marker: 'wf-inc-1' }, { marker: 'wf-inc-2' }]);
  });

  it('posts a comment once per key: a retry gets the comment already there, from any instance over the file', async () => {
    const dir = tempDir();
    const a = sandbox(dir);
    const b = sandbox(dir, a.clock);
    const ticket = await a.connector.ticketing.create(draft('wf-inc-3', 'UK timesheets late'), signal);
    const first = await a.connector.ticketing.comment(ticket.id, { key: 'outbox-7', text: 'DBA paged.', visibility: 'internal' }, signal);
    const retried = await b.connector.ticketing.comment(ticket.id, { key: 'outbox-7', text: 'DBA paged.', visibility: 'internal' }, signal);
    expect(retried).toEqual(first);
    const other = await b.connector.ticketing.comment(ticket.id, { key: 'outbox-8', text: 'We are investigating.', visibility: 'customer' }, signal);
    expect(other).toMatchObject({ key: 'outbox-8', visibility: 'customer' });
    a.connector.close();
    b.connector.close();
    expect(rows(dir, 'SELECT comment_key, visibility FROM sandbox_ticket_comment ORDER BY seq')).toEqual([
      { comment_key: 'outbox-7', visibility: 'internal' },
      { comment_key: 'outbox-8', visibility: 'customer' },
    ]);
  });

  it('moves a ticket through a status per incident status, wants a resolution to resolve, and keeps Closed and Cancelled final', async () => {
    const { connector, clock } = sandbox();
    const tickets = connector.ticketing;
    const ticket = await tickets.create(draft('wf-inc-4', 'Paris DNS'), signal);
    const walked: string[] = [];
    for (const status of ['investigating', 'identified', 'monitoring'] as const) {
      clock.advance(MINUTE);
      const moved = await tickets.transition(ticket.id, { status, resolution: null, comment: null }, signal);
      expect(moved.updatedAt).toBe(clock.now());
      walked.push(moved.status);
    }
    expect(walked).toEqual(['Investigating', 'Identified', 'Monitoring']);

    const unresolved = await rejection(tickets.transition(ticket.id, { status: 'resolved', resolution: null, comment: 'Fixed.' }, signal));
    expect(unresolved).toMatchObject({ status: 422, message: expect.stringContaining('SIM-1 to Resolved needs a resolution') });
    expect((await tickets.get(ticket.id, signal)).comments).toEqual([]);

    const resolved = await tickets.transition(ticket.id, { status: 'resolved', resolution: 'Rolled back', comment: 'Fixed by the rollback.' }, signal);
    expect(resolved).toMatchObject({ status: 'Resolved', closed: false });
    expect(resolved.comments.map((comment) => [comment.text, comment.key])).toEqual([['Fixed by the rollback.\n\nResolution: Rolled back', null]]);
    expect(await tickets.transition(ticket.id, { status: 'closed', resolution: null, comment: null }, signal)).toMatchObject({ status: 'Closed', closed: true });

    const reopened = await rejection(tickets.transition(ticket.id, { status: 'investigating', resolution: null, comment: null }, signal));
    expect(reopened).toMatchObject({ status: 422, message: expect.stringContaining('SIM-1 is Closed, a final status') });
    expect((await tickets.get(ticket.id, signal)).status).toBe('Closed');
    connector.close();
  });

  it("lists the console's tickets newest change first, those changed since a moment, and by subject", async () => {
    const { connector, clock } = sandbox();
    const tickets = connector.ticketing;
    const sydney = await tickets.create(draft('wf-inc-5', 'Sydney backups slow'), signal);
    clock.advance(MINUTE);
    const london = await tickets.create(draft('wf-inc-6', 'London backups slow'), signal);
    await tickets.create(draft('other-1', 'Made by hand'), signal);
    const since = clock.now() + 1;
    clock.advance(MINUTE);
    await tickets.comment(sydney.id, { key: 'k1', text: 'Backup window moved.', visibility: 'internal' }, signal);

    expect((await tickets.list({ markerPrefix: 'wf-' }, signal)).map((ticket) => ticket.marker)).toEqual(['wf-inc-5', 'wf-inc-6']);
    expect((await tickets.list({ markerPrefix: 'wf-', updatedSince: since }, signal)).map((ticket) => ticket.id)).toEqual([sydney.id]);
    expect((await tickets.list({ text: 'LONDON' }, signal)).map((ticket) => ticket.id)).toEqual([london.id]);
    expect(await tickets.list({ marker: 'wf-inc-' }, signal)).toEqual([]);
    connector.close();
  });

  it('answers 404 for a ticket deleted in the backend', async () => {
    const { connector } = sandbox();
    const ticket = await connector.ticketing.create(draft('wf-inc-7', 'Deleted by hand'), signal);
    connector.ticketBackend.deleteTicket(ticket.id);
    for (const call of [
      () => connector.ticketing.get(ticket.id, signal),
      () => connector.ticketing.comment(ticket.id, { key: 'k', text: 't', visibility: 'customer' }, signal),
      () => connector.ticketing.transition(ticket.id, { status: 'investigating', resolution: null, comment: null }, signal),
      () => connector.ticketing.writeRecord(ticket.id, '{}', signal),
    ]) {
      expect(await rejection(call())).toMatchObject({ status: 404, message: expect.stringContaining('no ticket with id "1"') });
    }
    expect(await connector.ticketing.findByMarker('wf-inc-7', signal)).toBeNull();
    connector.close();
  });
});

describe('the simulated status page', () => {
  it('opens an incident once per marker, posts its updates, sets the components in scope and puts them back when resolved, across a restart', async () => {
    const dir = tempDir();
    const first = sandbox(dir);
    const page = first.connector.statusIncidents;
    const opened = await page.open('wf-inc-1', 'Checkout errors in Sydney', post('investigating'), signal);
    expect(opened).toMatchObject({ id: '1', marker: 'wf-inc-1', name: 'Checkout errors in Sydney', status: 'investigating', url: null });
    expect(opened.updates.map((update) => [update.status, update.body])).toEqual([['investigating', 'We are investigating checkout errors in Sydney.']]);
    expect(first.connector.statusPageBackend.components().map((component) => [component.scopeId, component.status])).toEqual([
      ['acme-prod', 'partial_outage'],
      ['apac', 'partial_outage'],
    ]);
    // Opened again after a lost answer: the marker is found, nothing is posted twice.
    expect((await page.open('wf-inc-1', 'Checkout errors in Sydney', post('investigating'), signal)).id).toBe(opened.id);
    first.clock.advance(MINUTE);
    await page.post(opened.id, post('identified', { componentImpact: 'major_outage', scopeIds: ['acme-prod'] }), signal);
    first.connector.close();

    const second = sandbox(dir, first.clock);
    const again = second.connector.statusIncidents;
    expect((await again.find('wf-inc-1', signal))?.updates.map((update) => update.status)).toEqual(['investigating', 'identified']);
    expect(second.connector.statusPageBackend.components().map((component) => [component.scopeId, component.status])).toEqual([
      ['acme-prod', 'major_outage'],
      ['apac', 'partial_outage'],
    ]);
    second.clock.advance(MINUTE);
    const resolved = await again.post(opened.id, post('resolved', { scopeIds: ['acme-prod'], componentImpact: 'operational' }), signal);
    expect(resolved.status).toBe('resolved');
    expect(second.connector.statusPageBackend.components().map((component) => [component.scopeId, component.status, component.updatedAt])).toEqual([
      ['acme-prod', 'operational', second.clock.now()],
      ['apac', 'operational', second.clock.now()],
    ]);
    expect(await again.find('wf-inc-none', signal)).toBeNull();
    expect(await rejection(again.post('99', post('identified'), signal))).toMatchObject({ status: 404 });
    second.connector.close();
    expect(rows(dir, 'SELECT COUNT(*) AS count FROM sandbox_status_incident')).toEqual([{ count: 1 }]);
    expect(rows(dir, 'SELECT status, notify FROM sandbox_status_update ORDER BY seq')).toEqual([
      { status: 'investigating', notify: 1 },
      { status: 'identified', notify: 1 },
      { status: 'resolved', notify: 1 },
    ]);
  });

  it('refuses an update without a message', async () => {
    const { connector } = sandbox();
    const error = await rejection(connector.statusIncidents.open('wf-inc-2', 'London latency', post('investigating', { body: '  ' }), signal));
    expect(error).toMatchObject({ status: 422, message: expect.stringContaining('needs a message') });
    expect(await connector.statusIncidents.find('wf-inc-2', signal)).toBeNull();
    connector.close();
  });
});
