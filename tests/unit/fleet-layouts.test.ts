import { describe, expect, it } from 'vitest';
import { fleetModelOf } from '../../renderer/src/views/fleet/fleet-model.js';
import { lifecycleMatches, matchStatic, orderRows } from '../../renderer/src/views/fleet/fleet-query.js';
import { countGroups, groupSize, worstCode, worstFirst } from '../../renderer/src/views/fleet/group-counts.js';
import { cellBox, CELL, HEADER_HEIGHT, indexAtPoint, layoutGrid, moveIndex, PADDING, PITCH, planGrid } from '../../renderer/src/views/fleet/grid/grid-plan.js';
import { countPairs, flattenTree, orderTree, treeShapeOf } from '../../renderer/src/views/fleet/tree/tree-model.js';
import { HEALTH_ORDER } from '../../shared/contract/index.js';
import { FIXTURE_TIME, fixtureSnapshot } from '../support/fleet-snapshot-fixture.js';

// The fixture: APAC has Sydney (acacia-prod, zenith-prod, zenith-uat) and Melbourne (acacia-dr); UK has London (thames-*).
const snapshot = fixtureSnapshot({ 'zenith-uat': 'critical', 'thames-training': 'warning' });
const model = fleetModelOf(snapshot);
const all = Int32Array.from({ length: model.rows }, (_, row) => row);
const ids = (rows: ArrayLike<number>) => Array.from(rows, (row) => model.idAt(row));

describe('ordering and counting the fleet', () => {
  it('puts the worst first and falls back to tenant name, then id', () => {
    const order = orderRows({ model, matches: null, status: null, sortKey: 'status', sortDirection: 'ascending', lifecycleNow: FIXTURE_TIME }, snapshot.states);
    expect(ids(order)).toEqual(['zenith-uat', 'thames-training', 'acacia-dr', 'acacia-prod', 'thames-prod', 'zenith-prod']);
    const byTenantDown = orderRows({ model, matches: null, status: null, sortKey: 'tenant', sortDirection: 'descending', lifecycleNow: FIXTURE_TIME }, snapshot.states);
    expect(ids(byTenantDown)).toEqual(['zenith-prod', 'zenith-uat', 'thames-prod', 'thames-training', 'acacia-dr', 'acacia-prod']);
  });

  it('filters by region, kind and search text, and counts groups under the filters', () => {
    expect(ids(matchStatic(model, { regionId: 'apac', kind: 'production', search: '' }) ?? [])).toEqual(['acacia-dr', 'acacia-prod', 'zenith-prod']);
    expect(ids(matchStatic(model, { regionId: null, kind: null, search: 'ZENITH' }) ?? [])).toEqual(['zenith-prod', 'zenith-uat']);
    const counts = countGroups(model, null, snapshot.states);
    const critical = HEALTH_ORDER.indexOf('critical');
    expect(worstCode(counts.region, 0)).toBe(critical);
    expect(worstCode(counts.region, 1)).toBe(HEALTH_ORDER.indexOf('warning'));
    expect([groupSize(counts.site, 0), groupSize(counts.site, 1), groupSize(counts.site, 2)]).toEqual([3, 1, 2]);
    const filtered = countGroups(model, matchStatic(model, { regionId: null, kind: 'production', search: '' }), snapshot.states);
    expect(groupSize(filtered.total, 0)).toBe(4);
    expect(worstCode(filtered.region, 0)).toBe(HEALTH_ORDER.indexOf('ok'));
  });
});

describe('the fleet by lifecycle', () => {
  // zenith-uat (Sydney) went live 14 Feb 2026: kept through 16 March, it ends at 00:00 AEDT on the
  // 17th (13:00 UTC on the 16th); warned from 00:00 AEDT 3 March; should be gone from 00:00 AEDT 24 March.
  const at = (iso: string) => Date.parse(iso);
  const inState = (state: Parameters<typeof lifecycleMatches>[2], now: number, shown = snapshot) =>
    ids(lifecycleMatches(fleetModelOf(shown), null, state, shown.states, now) ?? []);
  const up = fixtureSnapshot();

  it('filters to the environments ending soon, due and should-be-gone, each at its time', () => {
    expect(inState('ending-soon', at('2026-03-02T12:59:00Z'), up)).toEqual([]);
    expect(inState('ending-soon', at('2026-03-02T13:00:00Z'), up)).toEqual(['zenith-uat']);
    expect(inState('due', at('2026-03-16T13:00:00Z'), up)).toEqual(['zenith-uat']);
    expect(inState('should-be-gone', at('2026-03-23T13:00:00Z'), up)).toEqual(['zenith-uat']);
    expect(inState('due', at('2026-03-23T13:00:00Z'), up)).toEqual([]);
    // Down (critical), it no longer answers: due, not should-be-gone.
    expect(inState('due', at('2026-03-23T13:00:00Z'))).toEqual(['zenith-uat']);
    // Production and a training environment with no go-live stay active.
    expect(inState('active', at('2026-03-20T00:00:00Z'), up)).toEqual(['acacia-dr', 'acacia-prod', 'thames-prod', 'thames-training', 'zenith-prod']);
  });

  it('groups rows by lifecycle, the most pressing first', () => {
    const order = orderRows({ model: fleetModelOf(up), matches: null, status: null, sortKey: 'lifecycle', sortDirection: 'ascending', lifecycleNow: at('2026-03-20T00:00:00Z') }, up.states);
    expect(ids(order)[0]).toBe('zenith-uat');
  });
});

describe('worst first for groups', () => {
  const six = (counts: Record<string, number>) => HEALTH_ORDER.map((status) => counts[status] ?? 0);

  it('ranks groups by their worst status, then by how many share it, then keeps their order', () => {
    const tally = Int32Array.from([
      ...six({ ok: 40 }),
      ...six({ critical: 1, ok: 90 }),
      ...six({ warning: 5 }),
      ...six({ critical: 13, warning: 2 }),
      ...six({ warning: 5, ok: 1 }),
      ...six({}),
    ]);
    // Group 3 has 13 criticals, group 1 one; 2 and 4 tie on five warnings and keep their order; the empty group counts as unknown.
    expect(worstFirst(tally, [0, 1, 2, 3, 4, 5])).toEqual([3, 1, 2, 4, 5, 0]);
  });

  const uk = fixtureSnapshot({ 'thames-prod': 'critical', 'thames-training': 'critical', 'zenith-uat': 'critical', 'acacia-dr': 'warning' });
  const ukModel = fleetModelOf(uk);

  it('puts the grid group holding the most criticals first, and an all-OK site last', () => {
    const plan = planGrid(ukModel, all, uk.states);
    expect(plan.groups.map((group) => [ukModel.index.sites[group.site]?.id, group.count])).toEqual([
      ['uk-lon', 2],
      ['apac-syd', 3],
      ['apac-mel', 1],
    ]);
  });

  it('orders the tree\'s regions and each region\'s sites worst first', () => {
    const shape = treeShapeOf(ukModel);
    const regionsOnly = flattenTree(ukModel, shape, orderTree(ukModel, shape, all, uk.states), (_key, level) => level === 1);
    expect(regionsOnly.map((line) => line.node.key)).toEqual(['r:uk', 's:uk-lon', 'r:apac', 's:apac-syd', 's:apac-mel']);
    const melbourneWorse = fixtureSnapshot({ 'acacia-dr': 'warning', 'thames-prod': 'stale' });
    const melbourneModel = fleetModelOf(melbourneWorse);
    const lines = flattenTree(melbourneModel, treeShapeOf(melbourneModel), orderTree(melbourneModel, treeShapeOf(melbourneModel), all, melbourneWorse.states), (_key, level) => level === 1);
    expect(lines.map((line) => line.node.key)).toEqual(['r:apac', 's:apac-mel', 's:apac-syd', 'r:uk', 's:uk-lon']);
  });
});

describe('the heat grid', () => {
  // Sydney holds the critical and Melbourne the warning: worst first, the groups are Sydney, Melbourne, London.
  const gridSnapshot = fixtureSnapshot({ 'zenith-uat': 'critical', 'acacia-dr': 'warning' });
  const plan = planGrid(model, all, gridSnapshot.states);
  const geometry = layoutGrid(plan, 2);

  it('groups cells by site, worst site first, worst first within each', () => {
    expect(plan.groups.map((group) => [model.index.sites[group.site]?.id, group.count])).toEqual([
      ['apac-syd', 3],
      ['apac-mel', 1],
      ['uk-lon', 2],
    ]);
    expect(ids(plan.order)).toEqual(['zenith-uat', 'acacia-prod', 'zenith-prod', 'acacia-dr', 'thames-prod', 'thames-training']);
  });

  it('finds the cell under a point and the point of a cell, and nothing between cells', () => {
    for (let index = 0; index < plan.order.length; index++) {
      const box = cellBox(plan, geometry, index);
      expect(indexAtPoint(plan, geometry, box.x + CELL / 2, box.y + CELL / 2)).toBe(index);
    }
    expect(cellBox(plan, geometry, 2)).toMatchObject({ x: PADDING, y: HEADER_HEIGHT + PITCH, row: 1, column: 0 });
    expect(indexAtPoint(plan, geometry, PADDING + CELL + 1, HEADER_HEIGHT + 2)).toBe(-1);
    expect(indexAtPoint(plan, geometry, PADDING + 2, 2)).toBe(-1);
  });

  it('moves the cursor by arrow keys within a group and into the next one', () => {
    expect(moveIndex(plan, geometry, 0, 'ArrowRight', 1)).toBe(1);
    expect(moveIndex(plan, geometry, 1, 'ArrowDown', 1)).toBe(2);
    // From the short last row of Sydney, down goes to Melbourne, and on to London in the same column.
    expect(moveIndex(plan, geometry, 2, 'ArrowDown', 1)).toBe(3);
    expect(moveIndex(plan, geometry, 3, 'ArrowDown', 1)).toBe(4);
    expect(moveIndex(plan, geometry, 4, 'ArrowUp', 1)).toBe(3);
    expect(moveIndex(plan, geometry, 5, 'End', 1)).toBe(5);
    expect(moveIndex(plan, geometry, 5, 'ArrowRight', 1)).toBe(5);
    expect(moveIndex(plan, geometry, 5, 'Tab', 1)).toBeNull();
  });
});

describe('the fleet tree', () => {
  const shape = treeShapeOf(model);
  const order = orderTree(model, shape, all, snapshot.states);
  const everything = () => true;

  it('shows a tenant under each site it runs on, each time with only what is there', () => {
    const lines = flattenTree(model, shape, order, everything);
    const tenantLines = lines.filter((line) => line.node.kind === 'tenant').map((line) => line.node.key);
    expect(tenantLines).toEqual(['t:s:apac-syd:zenith', 't:s:apac-syd:acacia', 't:s:apac-mel:acacia', 't:s:uk-lon:thames']);
    const pairs = countPairs(shape, null, model.rows, snapshot.states);
    const acaciaInMelbourne = lines.find((line) => line.node.key === 't:s:apac-mel:acacia')?.node.group ?? -1;
    expect(groupSize(pairs, acaciaInMelbourne)).toBe(1);
    const zenith = lines.find((line) => line.node.key === 't:s:apac-syd:zenith')?.node.group ?? -1;
    expect(worstCode(pairs, zenith)).toBe(HEALTH_ORDER.indexOf('critical'));
  });

  it('lists children only under expanded branches, with their place among siblings', () => {
    const regionsOnly = flattenTree(model, shape, order, (_key, level) => level === 1);
    expect(regionsOnly.map((line) => [line.node.key, line.setSize, line.position])).toEqual([
      ['r:apac', 2, 1],
      ['s:apac-syd', 2, 1],
      ['s:apac-mel', 2, 2],
      ['r:uk', 2, 2],
      ['s:uk-lon', 1, 1],
    ]);
    const filtered = orderTree(model, shape, matchStatic(model, { regionId: 'uk', kind: null, search: '' }) ?? all, snapshot.states);
    expect(flattenTree(model, shape, filtered, everything).map((line) => line.node.key)).toEqual(['r:uk', 's:uk-lon', 't:s:uk-lon:thames', 'e:thames-training', 'e:thames-prod']);
  });
});
