import { describe, expect, it } from 'vitest';
import { generateSandboxFleet } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { FleetService } from '../../main/core/fleet/fleet-service.js';
import { toFleetView } from '../../main/core/fleet/fleet-view.js';
import { openStore } from '../../main/core/store/store.js';
import { FleetSnapshot, type FleetDelta } from '../../shared/contract/index.js';
import { environmentAt, stateAt } from '../../shared/contract/fleet-snapshot.js';
import { fixtureSnapshot } from '../support/fleet-snapshot-fixture.js';
import { ManualClock, useTempDirs } from '../support/temp.js';
import { ScriptedSource } from '../support/scripted-source.js';

describe('the columnar fleet snapshot', () => {
  it('reads back every environment of the definition, ordered by tenant name, then id', () => {
    const definition = generateSandboxFleet({ seed: 3, size: 400 });
    const view = toFleetView(definition);
    const snapshot = fixtureSnapshot();
    expect(FleetSnapshot.safeParse(snapshot).success).toBe(true);

    const columns = view.columns;
    const asSnapshot = { ...snapshot, regions: view.regions, tenants: columns.tenants, environments: columns.environments };
    const rows = columns.environments.id.map((_, row) => environmentAt(asSnapshot, row));
    const original = definition.tenants.flatMap((tenant) => tenant.environments.map((env) => env.id));
    expect(rows.map((env) => env.id).sort()).toEqual([...original].sort());
    expect(rows).toEqual(view.environments);
    const tenantNames = rows.map((env) => view.tenants.find((tenant) => tenant.id === env.tenantId)?.name ?? '');
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    for (let row = 1; row < rows.length; row++) expect(collator.compare(tenantNames[row - 1] ?? '', tenantNames[row] ?? '')).toBeLessThanOrEqual(0);
  });

  it('refuses columns that do not line up or point past their tables, naming the place', () => {
    const snapshot = fixtureSnapshot();
    const short = FleetSnapshot.safeParse({ ...snapshot, states: { ...snapshot.states, status: snapshot.states.status.slice(1) } });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.path).toEqual(['states', 'status']);
    const outside = FleetSnapshot.safeParse({ ...snapshot, environments: { ...snapshot.environments, tenant: snapshot.environments.tenant.map(() => 99) } });
    expect(outside.success).toBe(false);
    expect(outside.error?.issues[0]?.message).toMatch(/from 0 to 2, got 99/);
    const fractional = FleetSnapshot.safeParse({ ...snapshot, states: { ...snapshot.states, status: snapshot.states.status.map(() => 1.5) } });
    expect(fractional.success).toBe(false);
  });
});

describe('deltas of a large fleet', () => {
  const tempDir = useTempDirs();

  it('sends a batch holding most of the fleet as a revision gap, so clients fetch the smaller snapshot', () => {
    const clock = new ManualClock();
    const view = toFleetView(generateSandboxFleet({ seed: 1, size: 3000 }));
    const source = new ScriptedSource('sandbox');
    const store = openStore(tempDir());
    const deltas: FleetDelta[] = [];
    const service = new FleetService({ view, connectors: new Map([['sandbox', source]]), store: store.envStates, clock, emit: (delta) => deltas.push(delta), firstRevision: 0, flushEveryMs: 60_000 });
    service.start();
    source.reportAllOk(clock.now());
    service.flush();
    expect(deltas.map((delta) => [delta.revision, delta.states.length])).toEqual([[2, 0]]);
    const snapshot = service.snapshot();
    expect(snapshot.revision).toBe(2);
    expect(snapshot.states.status.every((code) => code === snapshot.states.status[0])).toBe(true);
    expect(stateAt(snapshot, 0).status).toBe('ok');

    clock.advance(1000);
    source.sink?.report({ at: clock.now(), latencyMs: 1, samples: [{ env: view.environments[7]?.id ?? '', server: 1, check: 'disk', value: 95 }] });
    service.flush();
    expect(deltas.at(-1)?.revision).toBe(3);
    expect(deltas.at(-1)?.states.map((state) => [state.id, state.status])).toEqual([[view.environments[7]?.id, 'critical']]);
    service.stop();
    store.close();
  });
});
