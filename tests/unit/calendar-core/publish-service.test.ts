import { afterEach, describe, expect, it } from 'vitest';
import type { Connector, MaintenanceItem, MaintenancePublisher } from '../../../main/core/connectors/capabilities.js';
import { PublishService, type PublishTask } from '../../../main/core/calendar/publish/publish-service.js';
import { ConnectorError } from '../../../main/core/http/backend-client.js';
import { openStore, type Store } from '../../../main/core/store/store.js';
import { ManualClock, useTempDirs } from '../../support/temp.js';

const tempDir = useTempDirs();
const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

/** A backend that keeps its items and counts what it was asked, and can be told to fail. */
class CountingBackend implements MaintenancePublisher {
  readonly items = new Map<string, MaintenanceItem>();
  creates = 0;
  updates = 0;
  failNext: Error | null = null;
  private nextId = 1;

  acceptsSeries(): boolean {
    return false;
  }
  find(marker: string): Promise<string | null> {
    return Promise.resolve([...this.items].find(([, item]) => item.marker === marker)?.[0] ?? null);
  }
  create(item: MaintenanceItem): Promise<string> {
    this.check();
    this.creates++;
    const id = `m-${this.nextId++}`;
    this.items.set(id, item);
    return Promise.resolve(id);
  }
  update(remoteId: string, item: MaintenanceItem): Promise<string> {
    this.check();
    if (!this.items.has(remoteId)) return Promise.reject(new ConnectorError('http', 'HTTP 404 Not Found', 404));
    this.updates++;
    this.items.set(remoteId, item);
    return Promise.resolve(remoteId);
  }
  cancel(remoteId: string): Promise<void> {
    this.check();
    this.items.delete(remoteId);
    return Promise.resolve();
  }
  private check(): void {
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
  }
}

function setup() {
  const store = openStore(tempDir());
  stores.push(store);
  const status = new CountingBackend();
  const silences = new CountingBackend();
  const connectors = new Map<string, Connector>([
    ['status', { id: 'status', kind: 'statuspage', name: 'Status page', maintenance: status, close: () => {} }],
    ['am', { id: 'am', kind: 'alertmanager', name: 'Alertmanager', maintenance: silences, close: () => {} }],
  ]);
  const service = new PublishService({ repo: store.publications, connectors: () => connectors, now: new ManualClock().now, log: () => {} });
  return { store, status, silences, service };
}

function task(fingerprint = 'v1', title = 'APAC monthly patching'): PublishTask {
  const key = 'apac-monthly-patching@2026-11-28T23:00';
  const item: MaintenanceItem = {
    marker: `watchfloor:${key}`,
    title,
    body: 'Patching',
    start: Date.parse('2026-11-28T12:00:00Z'),
    end: Date.parse('2026-11-28T14:00:00Z'),
    environments: [],
    scopeIds: ['apac'],
    regions: [{ name: 'APAC', timeZone: 'Australia/Sydney' }],
    series: null,
    createdBy: 'alice',
  };
  return { windowId: 'apac-monthly-patching', key, shownKey: key, series: false, item, fingerprint };
}

const both = (t: PublishTask) => new Map([['status', [t]], ['am', [t]]]);

describe('publishing a window exactly once', () => {
  it('publishes to every backend, and publishing again sends nothing', async () => {
    const { status, silences, service } = setup();
    const first = await service.publish('apac-monthly-patching', both(task()));
    expect(first.map((outcome) => [outcome.backendId, outcome.state, outcome.unchanged])).toEqual([
      ['status', 'published', false],
      ['am', 'published', false],
    ]);
    const again = await service.publish('apac-monthly-patching', both(task()));
    expect(again.every((outcome) => outcome.unchanged)).toBe(true);
    expect([status.creates, silences.creates, status.updates]).toEqual([1, 1, 0]);
  });

  it('a double click publishes once: the second run waits for the first and finds it done', async () => {
    const { status, service } = setup();
    await Promise.all([service.publish('apac-monthly-patching', both(task())), service.publish('apac-monthly-patching', both(task()))]);
    expect(status.creates).toBe(1);
    expect(status.items.size).toBe(1);
  });

  it('adopts what an attempt cut off before its record created, found on the backend by its marker', async () => {
    const { store, status, service } = setup();
    await service.publish('apac-monthly-patching', both(task()));
    // As after a crash between the backend's answer and the local record.
    store.publications.save({ ...store.publications.get('apac-monthly-patching', task().key, 'status')!, remoteId: null, state: 'failed', fingerprint: '' });
    await service.publish('apac-monthly-patching', both(task()));
    expect(status.creates).toBe(1);
    expect(status.updates).toBe(1);
    expect(status.items.size).toBe(1);
  });

  it('shows a partial failure per backend, and a retry touches only the backend that failed', async () => {
    const { status, silences, service } = setup();
    silences.failNext = new ConnectorError('unauthorized', 'Alertmanager refused the request: HTTP 401 Unauthorized', 401);
    const outcomes = await service.publish('apac-monthly-patching', both(task()));
    expect(outcomes.find((outcome) => outcome.backendId === 'am')).toMatchObject({ state: 'failed', error: 'Alertmanager refused the request: HTTP 401 Unauthorized' });
    expect(outcomes.find((outcome) => outcome.backendId === 'status')?.state).toBe('published');
    const retry = await service.publish('apac-monthly-patching', new Map([['am', [task()]]]));
    expect(retry).toEqual([{ key: task().key, backendId: 'am', state: 'published', unchanged: false, error: null }]);
    expect([status.creates, status.updates, silences.creates]).toEqual([1, 0, 1]);
  });

  it('updates what is there when the window changed, and publishes anew what was deleted on the backend by hand', async () => {
    const { status, service } = setup();
    await service.publish('apac-monthly-patching', both(task()));
    await service.publish('apac-monthly-patching', both(task('v2', 'APAC patching (extended)')));
    expect([...status.items.values()].map((item) => item.title)).toEqual(['APAC patching (extended)']);
    status.items.clear();
    const outcomes = await service.publish('apac-monthly-patching', both(task('v3', 'APAC patching')));
    expect(outcomes.find((outcome) => outcome.backendId === 'status')?.state).toBe('published');
    expect(status.creates).toBe(2);
  });

  it('cancels what was published, and cancelling twice is harmless', async () => {
    const { store, status, service } = setup();
    await service.publish('apac-monthly-patching', both(task()));
    const records = store.publications.forWindow('apac-monthly-patching');
    const cancelled = await service.cancel('apac-monthly-patching', records.map((record) => ({ record, shownKey: record.itemKey })));
    expect(cancelled.map((outcome) => outcome.state)).toEqual(['cancelled', 'cancelled']);
    expect(status.items.size).toBe(0);
    const again = await service.cancel('apac-monthly-patching', store.publications.forWindow('apac-monthly-patching').map((record) => ({ record, shownKey: record.itemKey })));
    expect(again.every((outcome) => outcome.state === 'cancelled' && outcome.unchanged)).toBe(true);
  });

  it('says which backend is missing or cannot hold maintenance', async () => {
    const { service } = setup();
    const outcomes = await service.publish('apac-monthly-patching', new Map([['pagerduty', [task()]]]));
    expect(outcomes[0]).toMatchObject({ state: 'failed', error: 'backend "pagerduty" is not connected: add it in Settings or the fleet file' });
  });
});
