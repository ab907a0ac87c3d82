import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerConnector } from '../../main/core/connectors/alertmanager/alertmanager-connector.js';
import { windowMatchers } from '../../main/core/connectors/alertmanager/window-silences.js';
import { AlertmanagerBackend } from '../../shared/fleet-definition/schema.js';
import { backendClient } from '../support/backend-clients.js';
import { maintenanceItem, publishOnce, watched } from '../support/maintenance-items.js';
import { DRILL, eventually, startPromStack, type PromStack } from '../support/prom-stack.js';
import { rejection } from '../support/rejection.js';

/** Maintenance windows as silences in the real Alertmanager, fed by a real Prometheus whose drill rule fires. */

const HOUR = 3_600_000;

interface HeldSilence {
  id: string;
  status: { state: string };
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual?: boolean }>;
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy: string;
}

describe('maintenance windows as Alertmanager silences', () => {
  let stack: PromStack;
  let alertmanager: AlertmanagerConnector;
  const signal = () => AbortSignal.timeout(5000);

  /** What Alertmanager really holds, read directly rather than through the connector. */
  const held = async (): Promise<HeldSilence[]> => (await (await fetch(`${stack.alertmanagerUrl}/api/v2/silences`)).json()) as HeldSilence[];
  const carrying = async (marker: string) => (await held()).filter((silence) => silence.comment.endsWith(` [${marker}]`));
  const live = async (marker: string) => (await carrying(marker)).filter((silence) => silence.status.state !== 'expired');

  beforeAll(async () => {
    stack = await startPromStack();
    const backend = AlertmanagerBackend.parse({ id: 'am', kind: 'alertmanager', url: stack.alertmanagerUrl });
    alertmanager = new AlertmanagerConnector(backend, backendClient(backend, { type: 'none' }));
  }, 30_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('silences the environments in scope for the window, and the firing alert shows it', async () => {
    stack.setDrill('acme-prod', true);
    const marker = 'watchfloor:apac-emergency@2026-11-23T10:00';
    const item = maintenanceItem({
      marker,
      start: Date.now(),
      end: Date.now() + 2 * HOUR,
      environments: [watched('acme-prod'), watched('globex.prod')],
    });
    const id = await alertmanager.maintenance.create(item, signal());

    const [silence, ...others] = await carrying(marker);
    expect(others).toEqual([]);
    expect(silence).toMatchObject({
      id,
      status: { state: 'active' },
      matchers: [{ name: 'environment', value: 'acme-prod|globex\\.prod', isRegex: true, isEqual: true }],
      createdBy: 'noc@example.net',
      comment: `APAC monthly patching: ${item.body} [${marker}]`,
      endsAt: new Date(item.end).toISOString(),
    });
    expect(await alertmanager.maintenance.find(marker, signal())).toBe(id);
    expect(alertmanager.maintenance.acceptsSeries('FREQ=MONTHLY;BYDAY=-1SA', false)).toBe(false);

    const silenced = await eventually('the drill alert silenced by the window', async () => {
      const alert = (await alertmanager.listAlerts(signal())).find((candidate) => candidate.name === DRILL.alertname && candidate.labels.environment === 'acme-prod');
      return alert?.silencedBy.includes(id) ? alert : undefined;
    });
    expect(silenced.silencedBy).toEqual([id]);
    await alertmanager.maintenance.cancel(id, signal());
    stack.setDrill('acme-prod', false);
  }, 30_000);

  it('publishing twice adopts the silence there: one silence', async () => {
    const marker = 'watchfloor:apac-patching@2026-11-28T23:00';
    const item = maintenanceItem({ marker });
    const first = await publishOnce(alertmanager.maintenance, item, signal());
    expect(await publishOnce(alertmanager.maintenance, item, signal())).toBe(first);
    expect((await live(marker)).map((silence) => silence.id)).toEqual([first]);
  });

  it('an edit of a silence not yet started keeps it; new matchers replace it, expiring the old one', async () => {
    const marker = 'watchfloor:uk-patching@2026-11-30T23:00';
    const item = maintenanceItem({ marker });
    const id = await alertmanager.maintenance.create(item, signal());
    const moved = { ...item, start: item.start + HOUR, end: item.end + 2 * HOUR, body: 'Moved by an hour.' };
    expect(await alertmanager.maintenance.update(id, moved, signal())).toBe(id);
    expect(await live(marker)).toMatchObject([
      { id, status: { state: 'pending' }, startsAt: new Date(moved.start).toISOString(), endsAt: new Date(moved.end).toISOString(), comment: `APAC monthly patching: Moved by an hour. [${marker}]` },
    ]);

    const wider = { ...moved, environments: [watched('acme-prod'), watched('acme-uat')] };
    const replaced = await alertmanager.maintenance.update(id, wider, signal());
    expect(replaced).not.toBe(id);
    expect((await live(marker)).map((silence) => [silence.id, silence.matchers[0]?.value])).toEqual([[replaced, 'acme-prod|acme-uat']]);
    expect((await carrying(marker)).find((silence) => silence.id === id)?.status.state).toBe('expired');
  });

  it('cancelling expires the silence, and cancelling again (or a silence it never had) succeeds', async () => {
    const marker = 'watchfloor:apac-patching@2026-12-26T23:00';
    const id = await alertmanager.maintenance.create(maintenanceItem({ marker, start: Date.now(), end: Date.now() + HOUR }), signal());
    await alertmanager.maintenance.cancel(id, signal());
    expect((await carrying(marker)).map((silence) => silence.status.state)).toEqual(['expired']);
    await alertmanager.maintenance.cancel(id, signal());
    await alertmanager.maintenance.cancel(randomUUID(), signal());
    expect(await alertmanager.maintenance.find(marker, signal())).toBeNull();
  });

  it("surfaces Alertmanager's refusal in its own words, and a silence it does not know as 404", async () => {
    const past = maintenanceItem({ marker: 'watchfloor:old@2020-01-01T00:00', start: Date.now() - 3 * HOUR, end: Date.now() - 2 * HOUR });
    const refused = await rejection(alertmanager.maintenance.create(past, signal()));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/^Alertmanager "am": 127\.0\.0\.1:\d+ answered HTTP 400 Bad Request for \/api\/v2\/silences: .*end time can't be in the past/);

    const unknown = await rejection(alertmanager.maintenance.update(randomUUID(), maintenanceItem({ marker: 'watchfloor:gone@2026-11-28T23:00' }), signal()));
    expect(unknown.status).toBe(404);
  });

  it('says so, and sends nothing, when the environments share no label name', async () => {
    const environments = [watched('acme-prod', { labels: { environment: 'acme-prod' } }), watched('globex-prod', { labels: { customer: 'globex' } })];
    const refused = await rejection(alertmanager.maintenance.create(maintenanceItem({ marker: 'watchfloor:mixed@2026-11-28T23:00', environments }), signal()));
    expect(refused.message).toBe('Alertmanager "am": "APAC monthly patching" has no environment, or its environments share no label name, so no silence can select them');
  });
});

describe('window matchers', () => {
  it('match one environment on all its labels exactly', () => {
    expect(windowMatchers([watched('acme-prod', { labels: { tenant: 'acme', environment: 'prod' } })])).toEqual([
      { name: 'environment', value: 'prod', isRegex: false, isEqual: true },
      { name: 'tenant', value: 'acme', isRegex: false, isEqual: true },
    ]);
  });

  it('combine environments per shared label name, escaping the values, and leave out names some lack', () => {
    const environments = [
      watched('a', { labels: { tenant: 'acme', environment: 'prod', team: 'core' } }),
      watched('b', { labels: { tenant: 'globex', environment: 'prod' } }),
      watched('c', { labels: { tenant: 'initech+co', environment: 'uat.1' } }),
    ];
    expect(windowMatchers(environments)).toEqual([
      { name: 'environment', value: 'prod|uat\\.1', isRegex: true, isEqual: true },
      { name: 'tenant', value: 'acme|globex|initech\\+co', isRegex: true, isEqual: true },
    ]);
  });

  it('have none for no environment', () => {
    expect(windowMatchers([])).toBeNull();
  });
});
