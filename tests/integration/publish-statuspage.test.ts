import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionInput } from '../../shared/contract/connections.js';
import { FleetDefinition, StatuspageBackend } from '../../shared/fleet-definition/schema.js';
import { systemClock } from '../../main/core/clock.js';
import { ConnectionService } from '../../main/core/connections/connection-service.js';
import { createConnectors } from '../../main/core/connectors/registry.js';
import { StatuspageConnector } from '../../main/core/connectors/statuspage/statuspage-connector.js';
import { HttpBackendClient } from '../../main/core/http/http-backend-client.js';
import { openStore } from '../../main/core/store/store.js';
import type { Keytar } from '../../main/core/vault/keytar-module.js';
import { Redactor } from '../../main/core/vault/redactor.js';
import { Vault } from '../../main/core/vault/vault.js';
import { startStatuspageFake, type StatuspageFake } from '../support/fakes/statuspage-fake.js';
import { maintenanceItem, publishOnce, watched } from '../support/maintenance-items.js';
import { expectNoSecrets, secretForms, storeFiles } from '../support/secret-leak.js';
import { useTempDirs } from '../support/temp.js';
import { rejection } from '../support/rejection.js';

/** Statuspage scheduled maintenance against a local Statuspage that follows its published API. */

const API_KEY = 'sp-api-key-5e0c9a71d2b84f36';
const PAGE_ID = 'kctbh9vrtdwd';
const HOUR = 3_600_000;
const COMPONENTS = { apac: ['cmp-syd', 'cmp-syd-dr'], 'acme-prod': ['cmp-acme', 'cmp-syd'], uk: ['cmp-lon'] };

let fake: StatuspageFake;
let now = Date.now();

beforeEach(async () => {
  now = Date.now();
  fake = await startStatuspageFake({ apiKey: API_KEY, pageId: PAGE_ID, pageName: 'Acme Cloud status', components: ['cmp-syd', 'cmp-syd-dr', 'cmp-acme', 'cmp-lon'], now: () => now });
});

afterEach(async () => {
  await fake.close();
});

function client(backend: ReturnType<typeof StatuspageBackend.parse>, key: string, redactor = new Redactor()): HttpBackendClient {
  return new HttpBackendClient({
    connectionId: backend.id,
    kind: 'statuspage',
    baseUrl: backend.url,
    auth: { type: 'oauth-key', key: { store: 'env', variable: 'TEST_STATUSPAGE_KEY' } },
    timeoutMs: 5000,
    secrets: async () => key,
    redactor,
    clock: systemClock,
    log: () => undefined,
  });
}

function statuspage(key = API_KEY, redactor = new Redactor()): StatuspageConnector {
  const backend = StatuspageBackend.parse({ id: 'status', kind: 'statuspage', url: fake.url, pageId: PAGE_ID, components: COMPONENTS });
  return new StatuspageConnector(backend, client(backend, key, redactor));
}

const signal = () => AbortSignal.timeout(10_000);

describe('Statuspage scheduled maintenance', () => {
  it('tests the connection by reading the page, and names a refused key', async () => {
    expect(await statuspage().probe.probe(signal())).toEqual({ version: 'Statuspage page "Acme Cloud status"' });
    const refused = await rejection(statuspage('not-the-key-0000').probe.probe(signal()));
    expect(refused.failure).toBe('unauthorized');
    expect(refused.message).toMatch(/Statuspage "status": 127\.0\.0\.1:\d+ refused the credentials \(HTTP 401 Unauthorized\): Could not authenticate/);
    expect(fake.http.requests.at(-1)?.headers.authorization).toBe('OAuth not-the-key-0000');
  });

  it('schedules the maintenance with its components, reminders and notifications, and finds it by its marker', async () => {
    const sp = statuspage();
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@2026-11-28T23:00', scopeIds: ['apac', 'acme-prod'] });
    const id = await sp.maintenance.create(item, signal());

    const [incident, ...others] = fake.list();
    expect(others).toEqual([]);
    expect(incident).toMatchObject({
      id,
      name: 'APAC monthly patching',
      status: 'scheduled',
      scheduled_for: new Date(item.start).toISOString(),
      scheduled_until: new Date(item.end).toISOString(),
      scheduled_remind_prior: true,
      scheduled_auto_in_progress: true,
      scheduled_auto_completed: true,
      auto_transition_to_maintenance_state: true,
      auto_transition_to_operational_state: true,
      component_ids: ['cmp-syd', 'cmp-syd-dr', 'cmp-acme'],
      components: { 'cmp-syd': 'under_maintenance', 'cmp-syd-dr': 'under_maintenance', 'cmp-acme': 'under_maintenance' },
      metadata: { watchfloor: { marker: item.marker } },
    });
    expect(fake.notifications).toEqual([{ incidentId: id, status: 'scheduled', body: item.body }]);
    // The marker stays out of what customers read.
    expect(JSON.stringify([incident?.name, incident?.incident_updates])).not.toContain('watchfloor:');

    expect(await sp.maintenance.find(item.marker, signal())).toBe(id);
    expect(await sp.maintenance.find('watchfloor:apac-patching@2026-12-26T23:00', signal())).toBeNull();
    expect(sp.maintenance.acceptsSeries('FREQ=MONTHLY;BYDAY=-1SA', false)).toBe(false);
  });

  it('publishing twice adopts what is there: one incident, one notification', async () => {
    const sp = statuspage();
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@2026-11-28T23:00' });
    const first = await publishOnce(sp.maintenance, item, signal());
    const second = await publishOnce(sp.maintenance, item, signal());
    expect(second).toBe(first);
    expect(fake.list()).toHaveLength(1);
    expect(fake.notifications).toHaveLength(1);
    expect(fake.http.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('an edit moves the times and tells subscribers the new and old times in the region\'s local time; a new title alone is changed quietly', async () => {
    const sp = statuspage();
    // Saturday 30 January 2027, 23:00 to 01:00 in Sydney (summer time, UTC+11).
    const start = Date.parse('2027-01-30T12:00:00Z');
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@2027-01-30T23:00', start, end: start + 2 * HOUR });
    const id = await sp.maintenance.create(item, signal());
    const moved = { ...item, start: item.start + HOUR, end: item.end + 2 * HOUR, body: 'Moved by an hour: the database upgrade needs longer.' };
    expect(await sp.maintenance.update(id, moved, signal())).toBe(id);

    const told = [
      moved.body,
      '',
      'Rescheduled:',
      'APAC (Australia/Sydney): now Sunday 31 January 2027, 00:00 to 03:00 AEDT; previously Saturday 30 January 2027 23:00 AEDT to Sunday 31 January 2027 01:00 AEDT.',
    ].join('\n');
    expect(fake.list()[0]).toMatchObject({
      scheduled_for: new Date(moved.start).toISOString(),
      scheduled_until: new Date(moved.end).toISOString(),
      incident_updates: [{ body: told, status: 'scheduled' }, { body: item.body }],
    });
    expect(fake.notifications.map((notification) => notification.body)).toEqual([item.body, told]);

    // The same edit again (a retry) and a new title alone tell subscribers nothing more.
    await sp.maintenance.update(id, moved, signal());
    await sp.maintenance.update(id, { ...moved, title: 'APAC patching (database)' }, signal());
    expect(fake.list()[0]?.name).toBe('APAC patching (database)');
    expect(fake.notifications).toHaveLength(2);
  });

  it('finds the maintenance while it is under way, and no longer once it has completed', async () => {
    const sp = statuspage();
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@2026-11-28T23:00' });
    const id = await sp.maintenance.create(item, signal());
    now = item.start + HOUR;
    expect(fake.list()[0]?.status).toBe('in_progress');
    expect(await sp.maintenance.find(item.marker, signal())).toBe(id);
    now = item.end + HOUR;
    expect(await sp.maintenance.find(item.marker, signal())).toBeNull();
  });

  it('finds its marker past the first page of scheduled maintenance', async () => {
    const sp = statuspage();
    for (let i = 0; i < 100; i++) {
      await sp.maintenance.create(maintenanceItem({ marker: `watchfloor:other@${i}`, start: now + HOUR + i * 1000 }), signal());
    }
    const late = maintenanceItem({ marker: 'watchfloor:apac-patching@2027-01-30T23:00', start: now + 90 * 24 * HOUR });
    const id = await sp.maintenance.create(late, signal());
    expect(await sp.maintenance.find(late.marker, signal())).toBe(id);
    expect(fake.http.requests.filter((request) => request.path.endsWith('/incidents/upcoming')).map((request) => request.query.get('page'))).toEqual(['1', '2']);
  });

  it('cancelling deletes the maintenance, and cancelling again succeeds', async () => {
    const sp = statuspage();
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@2026-11-28T23:00' });
    const id = await sp.maintenance.create(item, signal());
    await sp.maintenance.cancel(id, signal());
    expect(fake.list()).toEqual([]);
    await sp.maintenance.cancel(id, signal());
    expect(await sp.maintenance.find(item.marker, signal())).toBeNull();
    // An update of a deleted incident says 404, so the publisher schedules it afresh.
    expect((await rejection(sp.maintenance.update(id, item, signal()))).status).toBe(404);
  });

  it('says what Statuspage refused (422), naming the field', async () => {
    const backend = StatuspageBackend.parse({ id: 'status', kind: 'statuspage', url: fake.url, pageId: PAGE_ID, components: { apac: ['cmp-gone'] } });
    const sp = new StatuspageConnector(backend, client(backend, API_KEY));
    const refused = await rejection(sp.maintenance.create(maintenanceItem({ marker: 'watchfloor:apac-patching@2026-11-28T23:00' }), signal()));
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(/^Statuspage "status": 127\.0\.0\.1:\d+ answered HTTP 422 Unprocessable Entity for \/v1\/pages\/kctbh9vrtdwd\/incidents: Component cmp-gone could not be found$/);
    expect(fake.list()).toEqual([]);
  });

  it('waits out a 429 for as long as Retry-After says, then carries on', async () => {
    fake.rateLimit(1, 1);
    const sp = statuspage();
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@2026-11-28T23:00' });
    const started = Date.now();
    expect(await sp.maintenance.find(item.marker, signal())).toBeNull();
    const limited = fake.http.requests.filter((request) => request.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.http.requests.filter((request) => request.status === 200).map((request) => request.path.split('/').at(-1))).toEqual(['upcoming', 'active_maintenance']);
  });

  it('keeps the key out of an error that echoes it', async () => {
    fake.http.override(`/v1/pages/${PAGE_ID}`, { status: 500, body: { message: `upstream refused Authorization: OAuth ${API_KEY}` } });
    const refused = await rejection(statuspage().probe.probe(signal()));
    expect(refused.message).toContain('upstream refused Authorization: [secret]');
    expectNoSecrets([{ where: 'error', text: refused.message }], secretForms(API_KEY));
  });
});

/** An in-memory OS keychain. */
function memoryKeytar(): Keytar {
  const entries = new Map<string, string>();
  return {
    getPassword: async (service, account) => entries.get(`${service}|${account}`) ?? null,
    setPassword: async (service, account, password) => {
      entries.set(`${service}|${account}`, password);
    },
    deletePassword: async (service, account) => entries.delete(`${service}|${account}`),
  };
}

describe('a Statuspage connection added in Settings', () => {
  const tempDir = useTempDirs();
  const WRONG_KEY = 'sp-wrong-key-0b7e21c4';

  it('keeps its key in the keychain, tests the page, publishes, and shows the key nowhere', async () => {
    const dataDir = join(tempDir(), 'data');
    const store = openStore(dataDir);
    const redactor = new Redactor();
    const logs: string[] = [];
    const keytar = memoryKeytar();
    const definition = FleetDefinition.parse({
      version: 1,
      name: 'Statuspage test fleet',
      backends: [{ id: 'sim', kind: 'sandbox' }],
      regions: [{ id: 'apac', name: 'APAC', timeZone: 'Australia/Sydney', residency: 'AU', sites: [{ id: 'syd-1', name: 'Sydney', role: 'primary' }] }],
      tenants: [],
    });
    const service = new ConnectionService({
      repo: store.connections,
      vault: new Vault({ redactor, loadKeytar: async () => keytar }),
      redactor,
      clock: systemClock,
      log: (line) => logs.push(line),
      definition: () => ({ definition, file: null }),
      changed: () => undefined,
      resilience: { retries: 0 },
    });
    const input = (key: ConnectionInput['auth']): ConnectionInput => ({
      id: 'status',
      kind: 'statuspage',
      name: 'Customer status page',
      baseUrl: fake.url,
      timeoutMs: 2000,
      pageId: PAGE_ID,
      auth: key,
    });
    const outputs: unknown[] = [];
    try {
      const wrong = await service.test({ by: 'draft', connection: input({ type: 'oauth-key', key: { store: 'keychain', value: WRONG_KEY } }) });
      expect(wrong).toMatchObject({ ok: false, failure: 'unauthorized' });
      const saved = await service.save(input({ type: 'oauth-key', key: { store: 'keychain', value: API_KEY } }));
      expect(saved).toMatchObject({ kind: 'statuspage', pageId: PAGE_ID, auth: { type: 'oauth-key', key: { store: 'keychain', reference: 'status/key', present: true } } });
      const tested = await service.test({ by: 'id', id: 'status' });
      expect(tested).toMatchObject({ ok: true, version: 'Statuspage page "Acme Cloud status"' });
      outputs.push(wrong, saved, tested, await service.list());

      const backends = service.backends(definition);
      const connector = createConnectors(backends, { clock: systemClock, log: (line) => logs.push(line), client: (backend) => service.client(backend) }).get('status');
      const item = maintenanceItem({ marker: 'watchfloor:apac-patching@2026-11-28T23:00', environments: [watched('acme-prod')] });
      const id = await connector?.maintenance?.create(item, signal());
      expect(fake.list().map((incident) => incident.id)).toEqual([id]);
      connector?.close();
    } finally {
      store.close();
    }
    expect(fake.http.requests.some((request) => request.headers.authorization === `OAuth ${API_KEY}`)).toBe(true);
    expectNoSecrets(
      [
        ...outputs.map((output, i) => ({ where: `answer ${i}`, text: JSON.stringify(output) })),
        ...logs.map((text, i) => ({ where: `log line ${i}`, text })),
        ...storeFiles(dataDir),
      ],
      [...secretForms(API_KEY), ...secretForms(WRONG_KEY)],
    );
  });

  it('is refused without its page id', () => {
    const parsed = ConnectionInput.safeParse({ id: 'status', kind: 'statuspage', name: 'Status', baseUrl: 'https://api.statuspage.io', timeoutMs: 2000, auth: { type: 'oauth-key', key: { store: 'env', variable: 'SP_KEY' } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['pageId', 'expected the Statuspage page id: a Statuspage connection publishes to one page']]);
  });
});
