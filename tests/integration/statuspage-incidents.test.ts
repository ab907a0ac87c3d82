import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatuspageBackend } from '../../shared/fleet-definition/schema.js';
import type { StatusPost } from '../../main/core/connectors/capabilities.js';
import { StatuspageConnector } from '../../main/core/connectors/statuspage/statuspage-connector.js';
import { FaultProxy } from '../faults/support/fault-proxy.js';
import { backendClient } from '../support/backend-clients.js';
import { startStatuspageFake, type StatuspageFake } from '../support/fakes/statuspage-fake.js';
import { rejection } from '../support/rejection.js';

/**
 * Incidents told to customers on Statuspage (realtime incidents), against a local Statuspage that
 * follows its published API, with a fault proxy in between that loses answers on purpose.
 * Exactly once is counted on the fake: its incidents, its incident updates, its notifications.
 */

const API_KEY = 'sp-api-key-71c0e4d9a2b35f68';
const PAGE_ID = 'kctbh9vrtdwd';
const COMPONENTS = { apac: ['cmp-syd', 'cmp-syd-dr'], 'acme-prod': ['cmp-acme', 'cmp-syd'], uk: ['cmp-lon'] };
const MARKER = 'wf-inc-20261207-001';

let fake: StatuspageFake;
let proxy: FaultProxy;

beforeEach(async () => {
  fake = await startStatuspageFake({ apiKey: API_KEY, pageId: PAGE_ID, components: ['cmp-syd', 'cmp-syd-dr', 'cmp-acme', 'cmp-lon'] });
  proxy = await FaultProxy.start(fake.url);
});

afterEach(async () => {
  await proxy.close();
  await fake.close();
});

function statuspage(options: { key?: string; components?: Record<string, string[]>; timeoutMs?: number } = {}): StatuspageConnector {
  const backend = StatuspageBackend.parse({ id: 'status', kind: 'statuspage', url: proxy.url, pageId: PAGE_ID, components: options.components ?? COMPONENTS });
  return new StatuspageConnector(backend, backendClient(backend, { type: 'oauth-key', key: options.key ?? API_KEY }, options.timeoutMs ?? 5000, { retries: 0 }));
}

const signal = () => AbortSignal.timeout(10_000);

function post(overrides: Partial<StatusPost> = {}): StatusPost {
  return {
    status: 'investigating',
    body: 'We are investigating failing payroll exports for customers in APAC since 09:05 AEDT.',
    scopeIds: ['apac', 'acme-prod'],
    componentImpact: 'partial_outage',
    notifySubscribers: true,
    ...overrides,
  };
}

const posts = () => fake.http.requests.filter((request) => request.method === 'POST');
const patches = () => fake.http.requests.filter((request) => request.method === 'PATCH');
const updatesOnPage = () => fake.list().flatMap((incident) => incident.incident_updates);

describe('Statuspage incidents', () => {
  it('opens the incident with its components degraded, the marker out of sight, and finds it by the marker', async () => {
    const sp = statuspage();
    const opened = await sp.statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post(), signal());

    const [incident, ...others] = fake.list();
    expect(others).toEqual([]);
    expect(incident).toMatchObject({ id: opened.id, name: 'Payroll exports failing in APAC', status: 'investigating', metadata: { watchfloor: { marker: MARKER } } });
    // The three components of APAC and Acme's production (cmp-syd is in both), each once.
    expect(incident?.component_ids).toEqual(['cmp-syd', 'cmp-syd-dr', 'cmp-acme']);
    expect(['cmp-syd', 'cmp-syd-dr', 'cmp-acme', 'cmp-lon'].map((id) => fake.componentStatus(id))).toEqual(['partial_outage', 'partial_outage', 'partial_outage', 'operational']);
    expect(fake.notifications).toEqual([{ incidentId: opened.id, status: 'investigating', body: post().body }]);
    expect(JSON.stringify([incident?.name, incident?.incident_updates])).not.toContain(MARKER);

    expect(opened).toMatchObject({ marker: MARKER, status: 'investigating', url: expect.stringMatching(/^https:\/\/stspg\.io\//) });
    expect(opened.updates.map((update) => [update.status, update.body])).toEqual([['investigating', post().body]]);
    expect(await sp.statusIncidents.find(MARKER, signal())).toEqual(opened);
    expect(await sp.statusIncidents.find('wf-inc-20261207-002', signal())).toBeNull();
  });

  it('posts each status with its components, and resolving puts them back to operational', async () => {
    const sp = statuspage();
    const opened = await sp.statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post({ componentImpact: 'major_outage' }), signal());
    expect(fake.componentStatus('cmp-acme')).toBe('major_outage');

    await sp.statusIncidents.post(opened.id, post({ status: 'identified', body: 'A full disk on the export server.', componentImpact: 'degraded_performance' }), signal());
    expect(fake.componentStatus('cmp-acme')).toBe('degraded_performance');
    await sp.statusIncidents.post(opened.id, post({ status: 'monitoring', body: 'Space was freed; exports run again.', componentImpact: 'degraded_performance' }), signal());
    const resolved = await sp.statusIncidents.post(opened.id, post({ status: 'resolved', body: 'Exports have run normally for an hour.' }), signal());

    expect(resolved.status).toBe('resolved');
    expect(resolved.updates.map((update) => update.status)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);
    expect(['cmp-syd', 'cmp-syd-dr', 'cmp-acme'].map((id) => fake.componentStatus(id))).toEqual(['operational', 'operational', 'operational']);
    const newest = fake.list()[0]?.incident_updates[0];
    expect(newest?.affected_components).toEqual(
      ['cmp-syd', 'cmp-syd-dr', 'cmp-acme'].map((id) => ({ code: id, name: id, old_status: 'degraded_performance', new_status: 'operational' })),
    );
    // A resolved incident is no longer among the unresolved, and is still found by its marker.
    expect((await sp.statusIncidents.find(MARKER, signal()))?.id).toBe(opened.id);
  });

  it('honours the notification flag: a quiet update reaches the page and no subscriber', async () => {
    const sp = statuspage();
    const opened = await sp.statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post({ notifySubscribers: false }), signal());
    await sp.statusIncidents.post(opened.id, post({ status: 'identified', body: 'Found it.', notifySubscribers: false }), signal());
    expect(fake.notifications).toEqual([]);
    await sp.statusIncidents.post(opened.id, post({ status: 'monitoring', body: 'Fixed; watching.' }), signal());
    expect(fake.notifications.map((notification) => notification.body)).toEqual(['Fixed; watching.']);
    expect(updatesOnPage().map((update) => update.deliver_notifications)).toEqual([true, false, false]);
  });

  it('reads back an update written on the page itself, beside the console\'s, oldest first', async () => {
    const sp = statuspage();
    const opened = await sp.statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post(), signal());
    // Someone on the team writes the next update in Statuspage with their own key: a plain PATCH of the incident.
    const written = await fetch(`${fake.url}/v1/pages/${PAGE_ID}/incidents/${opened.id}`, {
      method: 'PATCH',
      headers: { authorization: `OAuth ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ incident: { status: 'identified', body: 'Identified by the payroll team.' } }),
    });
    expect(written.status).toBe(200);
    const read = await sp.statusIncidents.get(opened.id, signal());
    expect(read.updates.map((update) => [update.status, update.body])).toEqual([
      ['investigating', post().body],
      ['identified', 'Identified by the payroll team.'],
    ]);
    expect(read.status).toBe('identified');
  });

  it('opens exactly once when Statuspage made the incident and the answer was lost', async () => {
    const sp = statuspage();
    const lost = proxy.arm('POST', /\/incidents$/, { kind: 'drop-answer' }, 1);
    const opened = await sp.statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post(), signal());
    expect(lost.matched).toBe(1);
    expect(fake.list().map((incident) => incident.id)).toEqual([opened.id]);
    expect(posts()).toHaveLength(1);
    expect(fake.notifications).toHaveLength(1);

    // Opening it again (a retried command) adopts it.
    expect((await sp.statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post(), signal())).id).toBe(opened.id);
    expect(fake.list()).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });

  it('opens exactly once when Statuspage made it and answered 500', async () => {
    const sp = statuspage();
    proxy.arm('POST', /\/incidents$/, { kind: 'forward-then-status', status: 500 }, 1);
    await sp.statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post(), signal());
    expect(fake.list()).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });

  it('sends the incident again when the lost request never reached Statuspage, and makes one', async () => {
    const sp = statuspage({ timeoutMs: 1000 });
    proxy.arm('POST', /\/incidents$/, { kind: 'hang' }, 1);
    const opened = await sp.statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post(), signal());
    expect(fake.list().map((incident) => incident.id)).toEqual([opened.id]);
    expect(proxy.seen.filter((seen) => seen.startsWith('POST '))).toHaveLength(2);
  });

  it('posts an update exactly once when Statuspage took it and the answer was lost', async () => {
    const sp = statuspage();
    const opened = await sp.statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post(), signal());
    const identified = post({ status: 'identified', body: 'A full disk on the export server.' });
    const lost = proxy.arm('PATCH', /\/incidents\/[^/]+$/, { kind: 'drop-answer' }, 1);
    const answer = await sp.statusIncidents.post(opened.id, identified, signal());
    expect(lost.matched).toBe(1);
    expect(answer.updates.map((update) => update.status)).toEqual(['investigating', 'identified']);
    expect(updatesOnPage().map((update) => update.status)).toEqual(['identified', 'investigating']);
    expect(patches()).toHaveLength(1);

    // The same post again (a retried command) finds it on the page and sends nothing.
    await sp.statusIncidents.post(opened.id, identified, signal());
    expect(updatesOnPage()).toHaveLength(2);
    expect(patches()).toHaveLength(1);
    expect(fake.notifications.map((notification) => notification.status)).toEqual(['investigating', 'identified']);
  });

  it('posts the update again when the lost request never reached Statuspage, and makes one', async () => {
    const sp = statuspage({ timeoutMs: 1000 });
    const opened = await sp.statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post(), signal());
    proxy.arm('PATCH', /\/incidents\/[^/]+$/, { kind: 'hang' }, 1);
    await sp.statusIncidents.post(opened.id, post({ status: 'monitoring', body: 'Fixed; watching.' }), signal());
    expect(updatesOnPage().map((update) => update.status)).toEqual(['monitoring', 'investigating']);
    expect(patches()).toHaveLength(1);
  });

  it('names a refused key', async () => {
    const refused = await rejection(statuspage({ key: 'sp-not-the-key-0000' }).statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post(), signal()));
    expect(refused.failure).toBe('unauthorized');
    expect(refused.message).toMatch(/^Statuspage "status": 127\.0\.0\.1:\d+ refused the credentials \(HTTP 401 Unauthorized\): Could not authenticate; check/);
    expect(fake.list()).toEqual([]);
  });

  it('says what Statuspage refused (422) and sends nothing again', async () => {
    const sp = statuspage({ components: { apac: ['cmp-gone'] } });
    const refused = await rejection(sp.statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post(), signal()));
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(/^Statuspage "status": 127\.0\.0\.1:\d+ answered HTTP 422 Unprocessable Entity for \/v1\/pages\/kctbh9vrtdwd\/incidents: Component cmp-gone could not be found$/);
    expect(posts()).toHaveLength(1);

    const opened = await statuspage().statusIncidents.open(MARKER, 'Payroll exports failing in APAC', post(), signal());
    const tooLong = await rejection(statuspage().statusIncidents.post(opened.id, post({ status: 'identified', body: 'x'.repeat(25_001) }), signal()));
    expect(tooLong.message).toMatch(/HTTP 422 Unprocessable Entity for \/v1\/pages\/kctbh9vrtdwd\/incidents\/\w+: Body is too long \(maximum is 25000 characters\)$/);
    expect(updatesOnPage()).toHaveLength(1);
  });

  it('says so when the id is scheduled maintenance, not an incident', async () => {
    const sp = statuspage();
    const start = Date.now() + 3_600_000;
    const maintenance = await sp.maintenance.create(
      { marker: 'watchfloor:apac-patching@x', title: 'Patching', body: 'Patching.', start, end: start + 3_600_000, environments: [], scopeIds: [], regions: [], series: null, createdBy: 'ops' },
      signal(),
    );
    const refused = await rejection(sp.statusIncidents.post(maintenance, post(), signal()));
    expect(refused.message).toBe(`Statuspage "status": incident ${maintenance} is scheduled maintenance (status "scheduled"), not an incident`);
  });
});
