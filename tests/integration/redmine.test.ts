import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedmineBackend } from '../../shared/fleet-definition/schema.js';
import { createConnectors } from '../../main/core/connectors/registry.js';
import type { Ticketing } from '../../main/core/connectors/capabilities.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { HttpBackendClient } from '../../main/core/http/http-backend-client.js';
import { systemClock } from '../../main/core/clock.js';
import { Redactor } from '../../main/core/vault/redactor.js';
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

function ticketing(url: string, options: { apiKey?: string; project?: string } = {}): Ticketing {
  const backend = RedmineBackend.parse({
    id: 'tickets',
    kind: 'redmine',
    url,
    auth: { type: 'redmine', apiKey: { store: 'env', variable: 'TEST_REDMINE_KEY' } },
    timeoutMs: 3000,
    project: options.project ?? redmine.project,
    trackerId: redmine.trackerId,
    markerFieldId: redmine.markerFieldId,
  });
  const key = options.apiKey ?? redmine.apiKey;
  const connectors = createConnectors([backend], {
    clock: systemClock,
    log: () => undefined,
    client: (remote) =>
      new HttpBackendClient({
        connectionId: remote.id,
        kind: remote.kind,
        baseUrl: remote.url,
        auth: remote.auth,
        timeoutMs: remote.timeoutMs,
        secrets: async () => key,
        redactor: new Redactor(),
        clock: systemClock,
        log: () => undefined,
      }),
  });
  const found = connectors.get('tickets')?.ticketing;
  if (!found) throw new Error('the registry made no ticketing connector for a redmine backend');
  return found;
}

const signal = () => AbortSignal.timeout(20_000);

/** Issues on Redmine carrying the marker, counted from Redmine's own full list, not through the connector. */
async function issuesWithMarker(marker: string): Promise<number> {
  const response = await fetch(`${redmine.url}/issues.json?project_id=${redmine.project}&status_id=*&limit=100`, { headers: { 'x-redmine-api-key': redmine.apiKey } });
  const body = (await response.json()) as { issues: { custom_fields?: { id: number; value: string }[] }[] };
  return body.issues.filter((issue) => issue.custom_fields?.some((field) => field.id === redmine.markerFieldId && field.value === marker)).length;
}

describe('Redmine ticketing', () => {
  it('creates a ticket carrying the marker, finds it, comments on it and moves it through statuses', async () => {
    const tickets = ticketing(redmine.url);
    const created = await tickets.create({ marker: 'wf-inc-1', subject: 'Sydney checkout errors', description: 'Checkout fails for 5 % of users.' }, signal());
    expect(created).toMatchObject({ marker: 'wf-inc-1', subject: 'Sydney checkout errors', status: 'New', closed: false, comments: [] });

    expect((await tickets.findByMarker('wf-inc-1', signal()))?.id).toBe(created.id);
    expect(await tickets.findByMarker('wf-inc-none', signal())).toBeNull();

    await tickets.comment(created.id, 'Rolled back release 4.2.1.', signal());
    await tickets.comment(created.id, 'Error rate back to normal.', signal());
    const moved = await tickets.transition(created.id, 'Resolved', signal());
    expect(moved.status).toBe('Resolved');
    const closed = await tickets.transition(created.id, 'Closed', signal());
    expect(closed.closed).toBe(true);

    const read = await tickets.get(created.id, signal());
    expect(read.comments.map((comment) => comment.text)).toEqual(['Rolled back release 4.2.1.', 'Error rate back to normal.']);
    expect(read.comments[0]?.author).toBe('Redmine Admin');
    expect((await tickets.list({ text: 'checkout' }, signal())).map((ticket) => ticket.id)).toContain(created.id);
    expect(await issuesWithMarker('wf-inc-1')).toBe(1);
  });

  it('creates exactly one ticket when Redmine made it but its answer was lost, and the create is retried', async () => {
    const proxy = await FaultProxy.start(redmine.url);
    try {
      const tickets = ticketing(proxy.url);
      const lost = proxy.arm('POST', /^\/issues\.json$/, { kind: 'drop-answer' }, 1);
      const first: unknown = await tickets.create({ marker: 'wf-inc-2', subject: 'London latency', description: 'p99 above 2 s.' }, signal()).then(
        (ticket) => ticket.id,
        (error: unknown) => error,
      );
      expect(lost.matched).toBe(1);
      const retried = await tickets.create({ marker: 'wf-inc-2', subject: 'London latency', description: 'p99 above 2 s.' }, signal());
      if (typeof first === 'string') expect(retried.id).toBe(first);
      expect(proxy.seen.filter((request) => request === 'POST /issues.json')).toHaveLength(1);
      expect(await issuesWithMarker('wf-inc-2')).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('says the API key was refused when it is wrong', async () => {
    const error = await rejection(ticketing(redmine.url, { apiKey: 'f'.repeat(40) }).create({ marker: 'wf-inc-3', subject: 's', description: 'd' }, signal()));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.failure).toBe('unauthorized');
    expect(error.message).toContain('Redmine "tickets"');
    expect(await issuesWithMarker('wf-inc-3')).toBe(0);
  });

  it('names the project when Redmine does not know it', async () => {
    const error = await rejection(ticketing(redmine.url, { project: 'no-such-project' }).create({ marker: 'wf-inc-4', subject: 's', description: 'd' }, signal()));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.message).toContain('Redmine "tickets"');
    expect(error.message).toContain('no-such-project');
  });

  it('names the statuses Redmine has when asked for one it has not', async () => {
    const tickets = ticketing(redmine.url);
    const created = await tickets.create({ marker: 'wf-inc-5', subject: 'Paris DNS', description: 'd' }, signal());
    const error = await rejection(tickets.transition(created.id, 'Mitigated', signal()));
    expect(error.message).toMatch(/no issue status "Mitigated"; Redmine has "New", "In Progress"/);
  });
});
