import { afterEach, describe, expect, it } from 'vitest';
import type { FleetDelta } from '../../shared/contract/fleet.js';
import type { FleetDefinition } from '../../shared/fleet-definition/schema.js';
import { AlertService } from '../../main/core/alerts/alert-service.js';
import { alertHandlers } from '../../main/core/alerts/handlers.js';
import { generateSandboxFleet } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { SandboxConnector } from '../../main/core/connectors/sandbox/sandbox-connector.js';
import type { CoreContext } from '../../main/core/core-context.js';
import { EventBus } from '../../main/core/events/event-bus.js';
import { FleetService } from '../../main/core/fleet/fleet-service.js';
import { toFleetView } from '../../main/core/fleet/fleet-view.js';
import { openStore } from '../../main/core/store/store.js';
import { ManualClock, useTempDirs } from '../support/temp.js';

const open: Array<() => void> = [];
afterEach(() => {
  for (const close of open.splice(0)) close();
});

/** The embedded simulated fleet, with no random faults so only the test breaks things. */
function sandboxFleet(dataDir: string, clock: ManualClock) {
  const generated = generateSandboxFleet({ seed: 11, size: 40 });
  const definition: FleetDefinition = { ...generated, backends: generated.backends.map((backend) => ({ ...backend, faultRate: 0 })) };
  const backend = definition.backends[0];
  if (backend?.kind !== 'sandbox') throw new Error('expected the sandbox backend');
  const sandbox = new SandboxConnector(backend, clock);
  const connectors = new Map([[sandbox.id, sandbox]]);
  const view = toFleetView(definition);
  const store = openStore(dataDir);
  const deltas: FleetDelta[] = [];
  const fleet = new FleetService({ view, connectors, store: store.envStates, clock, emit: (delta) => deltas.push(delta), firstRevision: 0, flushEveryMs: 60_000, staleAfterMs: 3_600_000 });
  fleet.start();
  const ctx: CoreContext = {
    clock,
    log: () => {},
    store,
    bus: new EventBus(),
    operator: 'alice',
    definition: () => definition,
    view: () => view,
    fleet: () => fleet,
    connectors: () => connectors,
  };
  const alerts = new AlertService(ctx);
  open.push(() => {
    alerts.close();
    fleet.stop();
    store.close();
  });
  fleet.flush();
  const customer = view.environments.find((env) => env.kind === 'production' && !env.tenantId.startsWith('shared-'));
  if (!customer) throw new Error('expected a customer production environment');
  return { alerts, fleet, sandbox, deltas, view, customer, handlers: alertHandlers(alerts) };
}

const environmentIs = (value: string) => ({ name: 'environment', value, isRegex: false, isEqual: true });

describe('silences', () => {
  const tempDir = useTempDirs();

  it('puts a silenced environment in maintenance, says by whom and until when, and counts it in its rollups', async () => {
    const clock = new ManualClock();
    const { alerts, fleet, deltas, customer } = sandboxFleet(tempDir(), clock);
    expect(fleet.detail(customer.id).state.status).toBe('ok');

    const silence = await alerts.createSilence({ connectionId: 'sandbox', matchers: [environmentIs(customer.id)], durationMinutes: 120, comment: 'OS patching' });
    expect(silence).toMatchObject({ connectionId: 'sandbox', startsAt: clock.now(), endsAt: clock.now() + 7_200_000, createdBy: 'alice', state: 'active', comment: 'OS patching' });
    fleet.flush();

    const delta = deltas.at(-1);
    expect(delta?.states).toEqual([
      expect.objectContaining({
        id: customer.id,
        status: 'maintenance',
        health: 'ok',
        reason: 'In maintenance: silenced by alice until 2026-11-23 02:00 UTC (OS patching)',
      }),
    ]);
    const tenant = delta?.rollups.find((rollup) => rollup.scope === 'tenant' && rollup.id === customer.tenantId);
    expect(tenant?.counts.maintenance).toBe(1);
    expect(delta?.rollups.find((rollup) => rollup.scope === 'region' && rollup.id === customer.regionId)?.counts.maintenance).toBe(1);
    expect((await alerts.listSilences('sandbox')).map((listed) => listed.id)).toEqual([silence.id]);
  });

  it('keeps the measured health under maintenance and returns to it when the silence expires', async () => {
    const clock = new ManualClock();
    const { alerts, fleet, deltas, customer, handlers } = sandboxFleet(tempDir(), clock);
    const silence = await alerts.createSilence({ connectionId: 'sandbox', matchers: [environmentIs(customer.id)], durationMinutes: 60, comment: 'disk swap' });
    const fault = fleet.injectFault(customer.id, 'disk', 'critical', 600_000);
    await alerts.refresh();
    fleet.flush();

    expect(fleet.detail(customer.id).state).toMatchObject({ status: 'maintenance', health: 'critical' });
    const firing = alerts.list().alerts.find((alert) => alert.environmentId === customer.id);
    expect(firing).toMatchObject({ state: 'silenced', silencedBy: [silence.id], severity: 'critical' });

    await handlers['silences.expire']({ connectionId: 'sandbox', silenceId: silence.id, idempotencyKey: 'expire-0001' });
    fleet.flush();
    expect(deltas.at(-1)?.states).toContainEqual(
      expect.objectContaining({ id: customer.id, status: 'critical', health: 'critical', reason: `disk 92% on ${fault.server} (limit 90%)` }),
    );
    expect(alerts.list().alerts.find((alert) => alert.environmentId === customer.id)).toMatchObject({ state: 'active', silencedBy: [] });
    expect((await alerts.listSilences()).find((listed) => listed.id === silence.id)?.state).toBe('expired');
  });

  it('returns an environment without problems to ok when its silence expires', async () => {
    const clock = new ManualClock();
    const { alerts, fleet, customer } = sandboxFleet(tempDir(), clock);
    const silence = await alerts.createSilence({ connectionId: 'sandbox', matchers: [environmentIs(customer.id)], durationMinutes: 30, comment: 'reboot' });
    fleet.flush();
    expect(fleet.detail(customer.id).state.status).toBe('maintenance');
    await alerts.expireSilence('sandbox', silence.id);
    fleet.flush();
    expect(fleet.detail(customer.id).state).toMatchObject({ status: 'ok', health: 'ok' });
  });

  it('covers environments by regex and negative matchers, but only on labels of their binding', async () => {
    const clock = new ManualClock();
    const { alerts, fleet, view } = sandboxFleet(tempDir(), clock);
    const uat = view.environments.filter((env) => env.kind === 'uat');
    expect(uat.length).toBeGreaterThan(1);
    const [spared, ...rest] = uat;
    await alerts.createSilence({
      connectionId: 'sandbox',
      matchers: [
        { name: 'environment', value: '.*-uat', isRegex: true, isEqual: true },
        { name: 'environment', value: spared?.id ?? '', isRegex: false, isEqual: false },
      ],
      durationMinutes: 60,
      comment: 'UAT refresh',
    });
    // `severity` is a label of alerts, not of any environment's binding: it silences alerts, it does not put environments in maintenance.
    await alerts.createSilence({ connectionId: 'sandbox', matchers: [{ name: 'severity', value: 'warning', isRegex: false, isEqual: true }], durationMinutes: 60, comment: 'noise' });
    fleet.flush();
    const inMaintenance = view.environments.filter((env) => fleet.detail(env.id).state.status === 'maintenance').map((env) => env.id);
    expect(inMaintenance.sort()).toEqual(rest.map((env) => env.id).sort());
  });

  it('answers with the backend’s error when a silence cannot be expired', async () => {
    const clock = new ManualClock();
    const { handlers } = sandboxFleet(tempDir(), clock);
    await expect(handlers['silences.expire']({ connectionId: 'sandbox', silenceId: 'no-such-silence', idempotencyKey: 'expire-0002' })).rejects.toMatchObject({
      kind: 'not-found',
      message: 'Simulated fleet: no silence with id "no-such-silence"',
    });
    await expect(
      handlers['silences.create']({
        connectionId: 'sandbox',
        matchers: [{ name: 'environment', value: '(unclosed', isRegex: true, isEqual: true }],
        durationMinutes: 5,
        comment: 'typo',
        idempotencyKey: 'create-0001',
      }),
    ).rejects.toMatchObject({ kind: 'invalid-input' });
  });
});
