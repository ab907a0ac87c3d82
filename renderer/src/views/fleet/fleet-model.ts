import type { EnvironmentColumns, EnvironmentView, FleetSnapshot, RegionView, TenantColumns } from '../../../../shared/contract/index.js';
import { environmentAt } from '../../../../shared/contract/fleet-snapshot.js';
import { fleetIndexOf, type FleetIndex } from '../../api/fleet-index.js';

/** One environment as a row, detail panel or tooltip shows it; made on demand, never for the whole fleet. */
export interface FleetRow {
  readonly env: EnvironmentView;
  readonly tenantName: string;
  readonly regionName: string;
  readonly siteName: string;
}

export type LabelRank = 'environment' | 'region' | 'site';

/**
 * The fleet's definition as the views read it: the snapshot's columns plus lookups built once per
 * fetched snapshot. Nothing here is per environment and eager except the index's few typed arrays;
 * rows, search text and label ranks are made when first asked for.
 */
export interface FleetModel {
  readonly regions: readonly RegionView[];
  readonly tenants: TenantColumns;
  readonly environments: EnvironmentColumns;
  readonly index: FleetIndex;
  readonly rows: number;
  row(position: number): FleetRow;
  idAt(position: number): string;
  /** Lower-cased search text of every environment, built on the first search. */
  searchText(): readonly string[];
  /** Each environment's place among the distinct labels; equal labels share it. */
  rankBy(label: LabelRank): Int32Array;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Places of a small table's labels in collation order; equal labels share a place. */
function labelPlaces(labels: readonly string[]): Int32Array {
  const distinct = [...new Set(labels)].sort(collator.compare);
  const place = new Map(distinct.map((label, position) => [label, position]));
  return Int32Array.from(labels, (label) => place.get(label) ?? 0);
}

function buildModel(snapshot: FleetSnapshot): FleetModel {
  const index = fleetIndexOf(snapshot);
  const { environments: envs, tenants, regions } = snapshot;
  const made: Array<FleetRow | undefined> = new Array<FleetRow | undefined>(index.rows);
  let search: string[] | undefined;
  const ranks = new Map<LabelRank, Int32Array>();

  const searchOf = (position: number) =>
    `${tenants.name[envs.tenant[position] ?? 0] ?? ''}\n${envs.id[position] ?? ''}\n${envs.name[position] ?? ''}`.toLowerCase();

  const buildRank: Record<LabelRank, () => Int32Array> = {
    // Environment names are nearly all distinct and id-like: code-unit order is enough and much cheaper.
    environment: () => {
      const names = envs.name.map((name) => name.toLowerCase());
      const distinct = [...new Set(names)].sort(byCodeUnits);
      const place = new Map(distinct.map((name, position) => [name, position]));
      return Int32Array.from(names, (name) => place.get(name) ?? 0);
    },
    region: () => {
      const places = labelPlaces(regions.map((region) => region.name));
      return Int32Array.from(index.regionOf, (region) => places[region] ?? 0);
    },
    site: () => {
      const places = labelPlaces(index.sites.map((site) => site.name));
      return Int32Array.from(envs.site, (site) => places[site] ?? 0);
    },
  };

  return {
    regions,
    tenants,
    environments: envs,
    index,
    rows: index.rows,
    idAt: (position) => envs.id[position] ?? '',
    row(position) {
      let row = made[position];
      if (row === undefined) {
        const env = environmentAt(snapshot, position, index.sites);
        row = {
          env,
          tenantName: tenants.name[envs.tenant[position] ?? 0] ?? env.tenantId,
          regionName: regions[index.regionOf[position] ?? 0]?.name ?? env.regionId,
          siteName: index.sites[envs.site[position] ?? 0]?.name ?? env.siteId,
        };
        made[position] = row;
      }
      return row;
    },
    searchText() {
      search ??= Array.from({ length: index.rows }, (_, position) => searchOf(position));
      return search;
    },
    rankBy(label) {
      let rank = ranks.get(label);
      if (rank === undefined) {
        rank = buildRank[label]();
        ranks.set(label, rank);
      }
      return rank;
    },
  };
}

/** Built once per fetched snapshot: deltas keep the environment columns, so the model survives them. */
const models = new WeakMap<EnvironmentColumns, FleetModel>();

export function fleetModelOf(snapshot: FleetSnapshot): FleetModel {
  const cached = models.get(snapshot.environments);
  if (cached) return cached;
  const model = buildModel(snapshot);
  models.set(snapshot.environments, model);
  return model;
}
