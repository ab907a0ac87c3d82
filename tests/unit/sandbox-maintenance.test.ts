import { describe, expect, it } from 'vitest';
import { SandboxConnector } from '../../main/core/connectors/sandbox/sandbox-connector.js';
import { SandboxMaintenance } from '../../main/core/connectors/sandbox/sandbox-maintenance.js';
import { ConnectorError } from '../../main/core/http/backend-client.js';
import { SandboxBackend } from '../../shared/fleet-definition/schema.js';
import { maintenanceItem, publishOnce, watched } from '../support/maintenance-items.js';

const signal = new AbortController().signal;
const START = Date.parse('2026-11-28T12:00:00Z');
const series = { rrule: 'FREQ=MONTHLY;BYDAY=-1SA', start: '2026-11-28T23:00', timeZone: 'Australia/Sydney', durationMinutes: 120 };

describe('sandbox maintenance windows', () => {
  it('the simulated backend takes windows, so the embedded fleet publishes with no account', async () => {
    const sandbox = new SandboxConnector(SandboxBackend.parse({ id: 'sim', kind: 'sandbox' }));
    const maintenance = sandbox.maintenance;
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@series', start: START, series });
    expect(maintenance.acceptsSeries(series.rrule, true)).toBe(true);
    const id = await maintenance.create(item, signal);
    expect(await maintenance.find(item.marker, signal)).toBe(id);
  });

  it('holds a whole series as one window, and publishing twice holds it once', async () => {
    const windows = new SandboxMaintenance(7, 'Simulated fleet');
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@series', start: START, series, environments: [watched('acme-prod'), watched('acme-uat')] });
    const id = await publishOnce(windows, item, signal);
    expect(await publishOnce(windows, item, signal)).toBe(id);
    expect(windows.list()).toEqual([
      {
        id,
        marker: item.marker,
        title: item.title,
        body: item.body,
        start: START,
        end: item.end,
        environments: ['acme-prod', 'acme-uat'],
        scopeIds: ['apac'],
        series,
        createdBy: 'noc@example.net',
        state: 'scheduled',
      },
    ]);
  });

  it('gives the same ids on every run with the same seed', async () => {
    const ids = async (seed: number) => {
      const windows = new SandboxMaintenance(seed, 'Simulated fleet');
      return [await windows.create(maintenanceItem({ marker: 'watchfloor:a@1', start: START })), await windows.create(maintenanceItem({ marker: 'watchfloor:b@1', start: START }))];
    };
    const first = await ids(7);
    expect(await ids(7)).toEqual(first);
    expect(await ids(8)).not.toEqual(first);
    expect(new Set(first).size).toBe(2);
  });

  it('an edit changes the window in place', async () => {
    const windows = new SandboxMaintenance(7, 'Simulated fleet');
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@2026-11-28T23:00', start: START });
    const id = await windows.create(item);
    expect(await windows.update(id, { ...item, start: START + 3_600_000, end: item.end + 3_600_000, body: 'Moved.' })).toBe(id);
    expect(windows.list()).toMatchObject([{ id, start: START + 3_600_000, end: item.end + 3_600_000, body: 'Moved.' }]);
  });

  it('cancelling ends the window, twice over; an edit of a cancelled window is a 404, so it is published afresh', async () => {
    const windows = new SandboxMaintenance(7, 'Simulated fleet');
    const item = maintenanceItem({ marker: 'watchfloor:apac-patching@2026-11-28T23:00', start: START });
    const id = await windows.create(item);
    await windows.cancel(id);
    await windows.cancel(id);
    await windows.cancel('sandbox-mw-unknown');
    expect(windows.list().map((window) => window.state)).toEqual(['cancelled']);
    expect(await windows.find(item.marker)).toBeNull();
    const refused = await windows.update(id, item).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConnectorError);
    expect(refused).toMatchObject({ status: 404, message: `Simulated fleet: no maintenance window with id "${id}"` });
  });

  it('refuses a window that ends before it starts', async () => {
    const windows = new SandboxMaintenance(7, 'Simulated fleet');
    const refused = await windows.create(maintenanceItem({ marker: 'watchfloor:x@1', start: START, end: START })).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, message: 'Simulated fleet: a maintenance window must end after it starts' });
    expect(windows.list()).toEqual([]);
  });
});
