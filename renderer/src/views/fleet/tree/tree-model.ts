import { HEALTH_ORDER, type StateColumns } from '../../../../../shared/contract/index.js';
import type { FleetModel } from '../fleet-model.js';
import { bump, orderByKey } from '../fleet-query.js';
import { countGroups, groupSize, worstFirst } from '../group-counts.js';

const CODES = HEALTH_ORDER.length;

/**
 * A tenant's environments at one site: the tree's third level. A tenant whose environments sit
 * on two sites appears under both, each time with only what is there.
 */
export interface TreeShape {
  /** Each environment's tenant-at-site. */
  readonly pairOf: Int32Array;
  readonly pairSite: Int32Array;
  readonly pairTenant: Int32Array;
}

const shapes = new WeakMap<FleetModel, TreeShape>();

/** Built once per fetched snapshot: one pass, environments already in tenant order. */
export function treeShapeOf(model: FleetModel): TreeShape {
  const cached = shapes.get(model);
  if (cached) return cached;
  const { site, tenant } = model.environments;
  const pairOf = new Int32Array(model.rows);
  const pairs = new Map<number, number>();
  const pairSite: number[] = [];
  const pairTenant: number[] = [];
  const sites = model.index.sites.length;
  for (let row = 0; row < model.rows; row++) {
    const key = (tenant[row] ?? 0) * sites + (site[row] ?? 0);
    let pair = pairs.get(key);
    if (pair === undefined) {
      pair = pairSite.push(site[row] ?? 0) - 1;
      pairTenant.push(tenant[row] ?? 0);
      pairs.set(key, pair);
    }
    pairOf[row] = pair;
  }
  const shape = { pairOf, pairSite: Int32Array.from(pairSite), pairTenant: Int32Array.from(pairTenant) };
  shapes.set(model, shape);
  return shape;
}

/** Live counts per tenant-at-site of the given rows, six per pair. */
export function countPairs(shape: TreeShape, rows: Int32Array | null, total: number, states: StateColumns): Int32Array {
  const tally = new Int32Array(shape.pairSite.length * CODES);
  const count = (row: number) => bump(tally, (shape.pairOf[row] ?? 0) * CODES + (states.status[row] ?? 0));
  if (rows === null) for (let row = 0; row < total; row++) count(row);
  else rows.forEach(count);
  return tally;
}

/** The order the tree shows children in, worst first, settled like the grid's. */
export interface TreeOrder {
  /** Regions worst first (by their worst status, then how many share it); empty ones included. */
  readonly regions: readonly number[];
  /** Sites worst first, in the same way; a region's sites show in this order. */
  readonly sites: readonly number[];
  /** Pairs with something to show, by site, then worst first, then tenant name. */
  readonly pairs: Int32Array;
  /** Start of each site's run in `pairs`; one more entry than there are sites. */
  readonly siteStart: Int32Array;
  /** Environments shown, by pair (in `pairs` order), then worst first, then id. */
  readonly rows: Int32Array;
  /** Start of each pair's run in `rows`, by pair id; -1 for pairs not shown. */
  readonly pairStart: Int32Array;
  readonly pairCount: Int32Array;
}

export function orderTree(model: FleetModel, shape: TreeShape, rows: Int32Array, states: StateColumns): TreeOrder {
  const sites = model.index.sites.length;
  const pairTotal = shape.pairSite.length;
  const tally = countPairs(shape, rows, model.rows, states);
  const shown: number[] = [];
  for (let pair = 0; pair < pairTotal; pair++) if (groupSize(tally, pair) > 0) shown.push(pair);
  // Stable: worst first among the pairs, then grouped by site.
  const pairs = orderByKey(Int32Array.from(worstFirst(tally, shown)), (pair) => shape.pairSite[pair] ?? 0, sites, false);
  const siteStart = new Int32Array(sites + 1);
  for (const pair of pairs) bump(siteStart, (shape.pairSite[pair] ?? 0) + 1);
  for (let site = 1; site <= sites; site++) siteStart[site] = (siteStart[site] ?? 0) + (siteStart[site - 1] ?? 0);
  // Pairs get ranks in display order, so one counting sort puts environments under their pair, worst first.
  const rank = new Int32Array(pairTotal);
  pairs.forEach((pair, position) => {
    rank[pair] = position;
  });
  const ordered = orderByKey(rows, (row) => (rank[shape.pairOf[row] ?? 0] ?? 0) * CODES + (states.status[row] ?? 0), pairs.length * CODES, false);
  const pairStart = new Int32Array(pairTotal).fill(-1);
  const pairCount = new Int32Array(pairTotal);
  ordered.forEach((row, position) => {
    const pair = shape.pairOf[row] ?? 0;
    if (pairStart[pair] === -1) pairStart[pair] = position;
    bump(pairCount, pair);
  });
  const groups = countGroups(model, rows, states);
  const every = (count: number) => Array.from({ length: count }, (_, position) => position);
  return {
    regions: worstFirst(groups.region, every(model.regions.length)),
    sites: worstFirst(groups.site, every(sites)),
    pairs,
    siteStart,
    rows: ordered,
    pairStart,
    pairCount,
  };
}

export type TreeNode =
  | { readonly kind: 'region'; readonly key: string; readonly level: 1; readonly group: number }
  | { readonly kind: 'site'; readonly key: string; readonly level: 2; readonly group: number }
  | { readonly kind: 'tenant'; readonly key: string; readonly level: 3; readonly group: number }
  | { readonly kind: 'environment'; readonly key: string; readonly level: 4; readonly group: number };

export interface TreeLine {
  readonly node: TreeNode;
  readonly setSize: number;
  readonly position: number;
}

/** The visible lines: each node with something to show, children only under expanded nodes. Live counts are read when drawn. */
export function flattenTree(
  model: FleetModel,
  shape: TreeShape,
  order: TreeOrder,
  isExpanded: (key: string, level: number) => boolean,
): TreeLine[] {
  const lines: TreeLine[] = [];
  const sitesByRegion = new Map<number, number[]>();
  for (const position of order.sites) {
    const site = model.index.sites[position];
    if (site === undefined || (order.siteStart[position + 1] ?? 0) - (order.siteStart[position] ?? 0) === 0) continue;
    const list = sitesByRegion.get(site.region) ?? [];
    list.push(position);
    sitesByRegion.set(site.region, list);
  }
  const regions = order.regions.filter((region) => sitesByRegion.has(region));
  regions.forEach((region, regionIndex) => {
    const regionKey = `r:${model.regions[region]?.id ?? region}`;
    lines.push({ node: { kind: 'region', key: regionKey, level: 1, group: region }, setSize: regions.length, position: regionIndex + 1 });
    if (!isExpanded(regionKey, 1)) return;
    const sites = sitesByRegion.get(region) ?? [];
    sites.forEach((site, siteIndex) => {
      const siteKey = `s:${model.index.sites[site]?.id ?? site}`;
      lines.push({ node: { kind: 'site', key: siteKey, level: 2, group: site }, setSize: sites.length, position: siteIndex + 1 });
      if (!isExpanded(siteKey, 2)) return;
      const from = order.siteStart[site] ?? 0;
      const to = order.siteStart[site + 1] ?? 0;
      for (let at = from; at < to; at++) {
        const pair = order.pairs[at] ?? 0;
        const pairKey = `t:${siteKey}:${model.tenants.id[shape.pairTenant[pair] ?? 0] ?? pair}`;
        lines.push({ node: { kind: 'tenant', key: pairKey, level: 3, group: pair }, setSize: to - from, position: at - from + 1 });
        if (!isExpanded(pairKey, 3)) continue;
        const start = order.pairStart[pair] ?? -1;
        const size = order.pairCount[pair] ?? 0;
        for (let offset = 0; offset < size && start >= 0; offset++) {
          const row = order.rows[start + offset] ?? 0;
          lines.push({ node: { kind: 'environment', key: `e:${model.idAt(row)}`, level: 4, group: row }, setSize: size, position: offset + 1 });
        }
      }
    });
  });
  return lines;
}
