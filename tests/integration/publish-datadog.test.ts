import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatadogConnector } from '../../main/core/connectors/datadog/datadog-connector.js';
import { DatadogBackend } from '../../shared/fleet-definition/schema.js';
import { backendClient } from '../support/backend-clients.js';
import { startDatadogFake, type DatadogFake } from '../support/fakes/datadog-fake.js';
import { maintenanceItem, publishOnce, watched } from '../support/maintenance-items.js';
import { rejection } from '../support/rejection.js';

/** Maintenance windows as Datadog downtimes (API v2), against a local Datadog that follows its published spec. */

const API_KEY = 'dd-api-key-0123456789abcdef';
const APP_KEY = 'dd-app-key-fedcba9876543210';
const HOUR = 3_600_000;
const MARKER = 'watchfloor:apac-patching@2026-11-28T23:00';

let fake: DatadogFake;

beforeEach(async () => {
  fake = await startDatadogFake({ apiKey: API_KEY, applicationKey: APP_KEY });
});

afterEach(async () => {
  await fake.close();
});

function datadog(options: { applicationKey?: string; downtimePageSize?: number } = {}): DatadogConnector {
  const definition = DatadogBackend.parse({ id: 'dd', kind: 'datadog', site: 'datadoghq.eu', url: fake.url });
  return new DatadogConnector(definition, {
    client: backendClient(definition, { type: 'datadog', apiKey: API_KEY, applicationKey: options.applicationKey ?? APP_KEY }),
    clock: { now: () => Date.now() },
    log: () => undefined,
    ...(options.downtimePageSize ? { downtimePageSize: options.downtimePageSize } : {}),
  });
}

const signal = () => AbortSignal.timeout(10_000);

const apacSeries = { rrule: 'FREQ=MONTHLY;BYDAY=-1SA', start: '2026-11-28T23:00', timeZone: 'Australia/Sydney', durationMinutes: 120 };

describe('Datadog downtimes', () => {
  it('schedules one occurrence for the environments in scope, and finds it by its marker', async () => {
    const dd = datadog();
    const item = maintenanceItem({ marker: MARKER, environments: [watched('acme-prod'), watched('globex-prod')] });
    const id = await dd.maintenance.create(item, signal());

    const [downtime, ...others] = fake.downtimes();
    expect(others).toEqual([]);
    expect(downtime?.id).toBe(id);
    expect(downtime?.attributes).toEqual({
      scope: 'environment:acme-prod OR environment:globex-prod',
      monitor_identifier: { monitor_tags: ['*'] },
      message: `APAC monthly patching\n\n${item.body}\n\n[${MARKER}]`,
      display_timezone: 'UTC',
      mute_first_recovery_notification: true,
      schedule: { start: new Date(item.start).toISOString(), end: new Date(item.end).toISOString() },
    });
    expect(await dd.maintenance.find(MARKER, signal())).toBe(id);
    expect(await dd.maintenance.find('watchfloor:apac-patching@2026-12-26T23:00', signal())).toBeNull();
  });

  it('publishes a series once, with its RRULE, its zone and a start without offset', async () => {
    const dd = datadog();
    expect(dd.maintenance.acceptsSeries(apacSeries.rrule, false)).toBe(true);
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@series', series: apacSeries });
    await dd.maintenance.create(item, signal());

    expect(fake.downtimes()).toHaveLength(1);
    expect(fake.downtimes()[0]?.attributes).toMatchObject({
      display_timezone: 'Australia/Sydney',
      schedule: { timezone: 'Australia/Sydney', recurrences: [{ rrule: 'FREQ=MONTHLY;BYDAY=-1SA', duration: '2h', start: '2026-11-28T23:00' }] },
    });
  });

  it('takes only the rules Datadog can carry, and none with exception dates', () => {
    const { maintenance } = datadog();
    expect(maintenance.acceptsSeries('FREQ=MONTHLY;BYDAY=-1MO', false)).toBe(true);
    expect(maintenance.acceptsSeries('FREQ=MONTHLY;BYDAY=SA;BYSETPOS=-1', false)).toBe(true);
    expect(maintenance.acceptsSeries('FREQ=WEEKLY;BYDAY=TH,FR;UNTIL=20271231T000000Z', false)).toBe(true);
    expect(maintenance.acceptsSeries('FREQ=MONTHLY;BYDAY=-1SA', true)).toBe(false);
    expect(maintenance.acceptsSeries('DTSTART=20261128T230000;FREQ=MONTHLY;BYDAY=-1SA', false)).toBe(false);
    expect(maintenance.acceptsSeries('FREQ=HOURLY;INTERVAL=6', false)).toBe(false);
    expect(maintenance.acceptsSeries('FREQ=DAILY;BYHOUR=1,13', false)).toBe(false);
    expect(maintenance.acceptsSeries('BYDAY=-1SA', false)).toBe(false);
  });

  it('publishing twice adopts what is there: one downtime', async () => {
    const dd = datadog();
    const item = maintenanceItem({ marker: MARKER });
    const first = await publishOnce(dd.maintenance, item, signal());
    expect(await publishOnce(dd.maintenance, item, signal())).toBe(first);
    expect(fake.downtimes()).toHaveLength(1);
    expect(fake.http.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('an edit changes the times and text of the same downtime', async () => {
    const dd = datadog();
    const item = maintenanceItem({ marker: MARKER });
    const id = await dd.maintenance.create(item, signal());
    const moved = { ...item, start: item.start + HOUR, end: item.end + HOUR, body: 'Moved by an hour.' };
    expect(await dd.maintenance.update(id, moved, signal())).toBe(id);
    expect(fake.downtimes()).toHaveLength(1);
    expect(fake.downtimes()[0]?.attributes).toMatchObject({
      message: `APAC monthly patching\n\nMoved by an hour.\n\n[${MARKER}]`,
      schedule: { start: new Date(moved.start).toISOString(), end: new Date(moved.end).toISOString() },
    });
    expect(fake.http.requests.filter((request) => request.method === 'PATCH').map((request) => request.path)).toEqual([`/api/v2/downtime/${id}`]);
  });

  it('cancels the downtime, cancelling again succeeds, and an edit after a cancel schedules a new one', async () => {
    const dd = datadog();
    const item = maintenanceItem({ marker: MARKER });
    const id = await dd.maintenance.create(item, signal());
    await dd.maintenance.cancel(id, signal());
    expect(fake.liveDowntimes()).toEqual([]);
    expect(fake.downtimes()[0]?.canceled).not.toBeNull();
    await dd.maintenance.cancel(id, signal());
    await dd.maintenance.cancel('00000000-0000-0000-0000-00000000dead', signal());
    expect(await dd.maintenance.find(MARKER, signal())).toBeNull();

    const again = await dd.maintenance.update(id, item, signal());
    expect(again).not.toBe(id);
    expect(fake.liveDowntimes().map((downtime) => downtime.id)).toEqual([again]);
  });

  it("surfaces Datadog's refusals with its own words: 400 with its errors array, 403", async () => {
    const dd = datadog();
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@series', series: { ...apacSeries, rrule: 'DTSTART:20261128T230000;FREQ=MONTHLY;BYDAY=-1SA' } });
    const invalid = await rejection(dd.maintenance.create(item, signal()));
    expect(invalid.status).toBe(400);
    expect(invalid.message).toMatch(
      /^Datadog "dd": 127\.0\.0\.1:\d+ answered HTTP 400 Bad Request for \/api\/v2\/downtime: Invalid recurrence: DTSTART is not supported in rrule; use start and duration$/,
    );
    const forbidden = await rejection(datadog({ applicationKey: 'not-the-app-key' }).maintenance.create(maintenanceItem({ marker: MARKER }), signal()));
    expect(forbidden.failure).toBe('forbidden');
    expect(forbidden.message).toContain('(HTTP 403 Forbidden): Forbidden');
    expect(fake.downtimes()).toEqual([]);
  });

  it('says so, and sends nothing, when no environment in scope has Datadog tags', async () => {
    const refused = await rejection(datadog().maintenance.create(maintenanceItem({ marker: MARKER, environments: [watched('acme-prod', { tags: [] })] }), signal()));
    expect(refused.message).toBe('Datadog "dd": "APAC monthly patching" covers no environment with Datadog tags, so there is nothing to put in downtime');
    expect(fake.http.requests).toEqual([]);
  });

  it('writes tags that need it in quotes, and an environment of several tags as one clause', async () => {
    const dd = datadog();
    const environments = [watched('acme-prod', { tags: ['team:core/platform', 'env:acme prod'] }), watched('globex-prod')];
    await dd.maintenance.create(maintenanceItem({ marker: MARKER, environments }), signal());
    expect(fake.downtimes()[0]?.attributes.scope).toBe('(team:"core/platform" AND env:"acme prod") OR environment:globex-prod');
  });

  it('finds its marker past the first page of downtimes', async () => {
    const dd = datadog({ downtimePageSize: 2 });
    for (let i = 0; i < 4; i++) await dd.maintenance.create(maintenanceItem({ marker: `watchfloor:other@${i}` }), signal());
    const id = await dd.maintenance.create(maintenanceItem({ marker: MARKER }), signal());
    expect(await dd.maintenance.find(MARKER, signal())).toBe(id);
    const pages = fake.http.requests.filter((request) => request.method === 'GET' && request.path === '/api/v2/downtime');
    expect(pages.map((request) => [request.query.get('page[offset]'), request.query.get('page[limit]')])).toEqual([
      ['0', '2'],
      ['2', '2'],
      ['4', '2'],
    ]);
  });

  it('waits out a rate limit for as long as X-RateLimit-Reset says', async () => {
    fake.rateLimit(1, 1);
    const dd = datadog();
    const id = await dd.maintenance.create(maintenanceItem({ marker: MARKER }), signal());
    const started = Date.now();
    expect(await dd.maintenance.find(MARKER, signal())).toBe(id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    const limited = fake.http.requests.filter((request) => request.status === 429);
    expect(limited.map((request) => request.path)).toEqual(['/api/v2/downtime']);
  });
});
