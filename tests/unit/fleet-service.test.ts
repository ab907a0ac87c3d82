import { describe, expect, it } from 'vitest';
import { FleetService } from '../../main/core/fleet/fleet-service.js';
import { toFleetView } from '../../main/core/fleet/fleet-view.js';
import { openStore } from '../../main/core/store/store.js';
import type { FleetDelta } from '../../shared/contract/fleet.js';
import { stateAt } from '../../shared/contract/fleet-snapshot.js';
import { parseFleetText } from '../../main/core/definition/fleet-file.js';
import { readFileSync } from 'node:fs';
import { ManualClock, useTempDirs } from '../support/temp.js';
import { ScriptedSource } from '../support/scripted-source.js';
import { ConfluenceConnector } from '../../main/core/connectors/confluence/confluence-connector.js';
import { ConfluenceBackend } from '../../shared/fleet-definition/schema.js';
import type { BackendClient } from '../../main/core/http/backend-client.js';
import type { Connector } from '../../main/core/connectors/capabilities.js';

const example = readFileSync(new URL('../../resources/fleet.example.yaml', import.meta.url), 'utf8');

function setup(dataDir: string, clock: ManualClock) {
  const parsed = parseFleetText(example, 'fleet.yaml');
  if (!parsed.ok) throw new Error('example must parse');
  const view = toFleetView(parsed.definition);
  const source = new ScriptedSource('sim');
  const store = openStore(dataDir);
  const deltas: FleetDelta[] = [];
  const service = new FleetService({
    view,
    connectors: new Map([['sim', source]]),
    store: store.envStates,
    clock,
    emit: (delta) => deltas.push(delta),
    firstRevision: 0,
    staleAfterMs: 30_000,
    flushEveryMs: 60_000,
  });
  service.start();
  const allOk = () => source.allOk();
  return { view, source, store, service, deltas, allOk };
}

describe('fleet health', () => {
  const tempDir = useTempDirs();

  it('turns an environment critical, rolls it up, and sends only what changed', () => {
    const clock = new ManualClock();
    const { source, service, deltas, allOk, store } = setup(tempDir(), clock);
    source.sink?.report({ at: clock.now(), latencyMs: 3, samples: allOk() });
    service.flush();
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.states.every((state) => state.status === 'ok')).toBe(true);

    clock.advance(1000);
    source.sink?.report({ at: clock.now(), latencyMs: 3, samples: [{ env: 'thames-logistics-prod', server: 1, check: 'disk', value: 93 }] });
    service.flush();
    const delta = deltas[1];
    expect(delta?.revision).toBe(2);
    expect(delta?.states).toEqual([
      {
        id: 'thames-logistics-prod',
        status: 'critical',
        health: 'critical',
        reason: 'disk 93% on thames-logistics-prod-s1 (limit 90%)',
        observedAt: clock.now(),
        changedAt: clock.now(),
      },
    ]);
    const rollups = new Map(delta?.rollups.map((rollup) => [`${rollup.scope}:${rollup.id}`, rollup]));
    expect(rollups.get('region:uk')?.status).toBe('critical');
    expect(rollups.get('region:uk')?.counts).toMatchObject({ critical: 1, ok: 1 });
    expect(rollups.get('tenant:thames-logistics')?.status).toBe('critical');
    expect(rollups.has('region:apac')).toBe(false);

    const detail = service.detail('thames-logistics-prod');
    expect(detail.servers[1]?.checks.find((check) => check.check === 'disk')).toMatchObject({ status: 'critical', value: 93, unit: '%' });
    service.stop();
    store.close();
  });

  it('marks data stale when its source goes quiet, and live again when it returns', () => {
    const clock = new ManualClock();
    const { source, service, deltas, allOk, store } = setup(tempDir(), clock);
    source.sink?.report({ at: clock.now(), latencyMs: 3, samples: allOk() });
    clock.advance(31_000);
    service.sweep();
    service.flush();
    const stale = deltas.at(-1);
    expect(stale?.sources[0]).toMatchObject({ id: 'sim', state: 'down', lastError: 'no data for 31 s' });
    expect(stale?.states.every((state) => state.status === 'stale' && state.health === 'ok')).toBe(true);

    source.sink?.report({ at: clock.now(), latencyMs: 3, samples: [] });
    service.flush();
    expect(deltas.at(-1)?.states.every((state) => state.status === 'ok')).toBe(true);
    service.stop();
    store.close();
  });

  it('opens with last-known state from the store, stale and dated, before any backend answers', () => {
    const dir = tempDir();
    const clock = new ManualClock();
    const first = setup(dir, clock);
    first.source.sink?.report({ at: clock.now(), latencyMs: 3, samples: [...first.allOk(), { env: 'eu-prod', server: 0, check: 'backup', value: 60 }] });
    const observed = clock.now();
    first.service.stop();
    first.store.close();

    clock.advance(3 * 3_600_000);
    const second = setup(dir, clock);
    const snapshot = second.service.snapshot();
    const euProd = stateAt(snapshot, snapshot.environments.id.indexOf('eu-prod'));
    expect(euProd).toMatchObject({ status: 'stale', health: 'critical', observedAt: observed });
    expect(euProd?.reason).toContain('time since last backup 60 h');
    expect(snapshot.sources[0]?.state).toBe('connecting');
    second.service.stop();
    second.store.close();
  });

  it('keeps a silenced environment critical underneath: the silence changes what is shown, not the health the deploy rules read', () => {
    const clock = new ManualClock();
    const { source, service, allOk, store } = setup(tempDir(), clock);
    source.sink?.report({ at: clock.now(), latencyMs: 3, samples: [...allOk(), { env: 'thames-logistics-prod', server: 1, check: 'disk', value: 93 }] });
    service.applyOverlay({ alerts: new Map(), silencedAlerts: new Map(), maintenance: new Map([['thames-logistics-prod', { reason: 'In maintenance: silenced by ana until 2026-12-08 02:00 UTC' }]]) });
    expect(service.healthOf('thames-logistics-prod')).toMatchObject({ status: 'maintenance', health: 'critical' });
    service.stop();
    store.close();
  });

  it('counts a silenced critical alert in the health underneath, and names it beside what is shown', () => {
    const clock = new ManualClock();
    const { source, service, allOk, store } = setup(tempDir(), clock);
    source.sink?.report({ at: clock.now(), latencyMs: 3, samples: allOk() });
    const silenced = new Map([['eu-prod', { severity: 'critical' as const, summary: 'Payroll export failing' }]]);
    service.applyOverlay({ alerts: new Map(), silencedAlerts: silenced, maintenance: new Map([['eu-prod', { reason: 'In maintenance: silenced by ana' }]]) });
    expect(service.healthOf('eu-prod')).toMatchObject({ status: 'maintenance', health: 'critical' });
    service.applyOverlay({ alerts: new Map(), silencedAlerts: silenced, maintenance: new Map() });
    expect(service.detail('eu-prod').state).toMatchObject({ status: 'ok', health: 'critical', reason: 'All 65 checks OK; silenced alert: Payroll export failing (critical)' });
    service.stop();
    store.close();
  });

  it('tells the deploy rules a stale environment is stale, with the health it last had', () => {
    const clock = new ManualClock();
    const { source, service, allOk, store } = setup(tempDir(), clock);
    source.sink?.report({ at: clock.now(), latencyMs: 3, samples: allOk() });
    const observed = clock.now();
    clock.advance(31_000);
    service.sweep();
    expect(service.healthOf('eu-prod')).toMatchObject({ status: 'stale', health: 'ok', observedAt: observed });
    service.stop();
    store.close();
  });

  it('marks only the environments a partial answer left out stale, keeping when each of their checks was last observed', () => {
    const clock = new ManualClock();
    const { source, service, allOk, store } = setup(tempDir(), clock);
    source.sink?.report({ at: clock.now(), latencyMs: 3, samples: allOk() });
    const firstSeen = clock.now();
    clock.advance(5_000);
    // This round the disk query failed for eu-prod's servers; everything else answered.
    const answered = allOk().filter((sample) => !(sample.env === 'eu-prod' && sample.check === 'disk'));
    source.sink?.report({ at: clock.now(), latencyMs: 3, samples: answered, unanswered: [{ check: 'disk', envs: ['eu-prod'], reason: 'HTTP 503' }] });
    source.sink?.failed(clock.now(), 'disk: HTTP 503');
    expect(service.detail('eu-prod').state).toMatchObject({ status: 'stale', health: 'ok', observedAt: firstSeen });
    expect(service.detail('eu-prod').state.reason).toContain('disk not answered (HTTP 503)');
    const disk = service.detail('eu-prod').servers[0]?.checks.find((check) => check.check === 'disk');
    const cpu = service.detail('eu-prod').servers[0]?.checks.find((check) => check.check === 'cpu');
    expect(disk?.observedAt).toBe(firstSeen);
    expect(cpu?.observedAt).toBe(clock.now());
    expect(service.detail('thames-logistics-prod').state).toMatchObject({ status: 'ok', observedAt: clock.now() });
    service.stop();
    store.close();
  });

  it('never lets stale metrics hide a live critical alert from another source: critical, with both facts', () => {
    const clock = new ManualClock();
    const { source, service, allOk, store } = setup(tempDir(), clock);
    source.sink?.report({ at: clock.now(), latencyMs: 3, samples: allOk() });
    clock.advance(31_000);
    service.sweep();
    service.applyOverlay({ alerts: new Map([['eu-prod', { severity: 'critical', summary: 'Checkout errors at 12%' }]]), silencedAlerts: new Map(), maintenance: new Map() });
    const state = service.detail('eu-prod').state;
    expect(state).toMatchObject({ status: 'critical', health: 'critical' });
    expect(state.reason).toBe('Checkout errors at 12%; metrics stale');
    service.stop();
    store.close();
  });

  it('names the runbook page of each check the wiki has one for', () => {
    const parsed = parseFleetText(example, 'fleet.yaml');
    if (!parsed.ok) throw new Error('example must parse');
    const wiki = ConfluenceBackend.parse({
      id: 'wiki',
      kind: 'confluence',
      url: 'https://acme.atlassian.net',
      auth: { type: 'basic', username: 'ops@example.com', password: { store: 'env', variable: 'WIKI_TOKEN' } },
      spaceId: '98304',
      reviewsParentId: '65537',
      runbooks: { disk: '131073' },
    });
    const unused: BackendClient = { connectionId: 'wiki', json: () => Promise.reject(new Error('no call is made for a runbook link')) };
    const store = openStore(tempDir());
    const service = new FleetService({
      view: toFleetView(parsed.definition),
      connectors: new Map<string, Connector>([
        ['sim', new ScriptedSource('sim')],
        ['wiki', new ConfluenceConnector(wiki, unused)],
      ]),
      store: store.envStates,
      clock: new ManualClock(),
      emit: () => undefined,
      firstRevision: 0,
    });
    // Confluence Cloud opens a page by its id at /wiki/pages/viewpage.action?pageId=<id>.
    expect(service.detail('thames-logistics-prod').runbooks).toEqual([{ check: 'disk', url: 'https://acme.atlassian.net/wiki/pages/viewpage.action?pageId=131073' }]);
    store.close();
  });
});
