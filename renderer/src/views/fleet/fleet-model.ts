import type { EnvironmentView, FleetSnapshot } from '../../../../shared/contract/index.js';
import { stateIndexOf } from '../../api/fleet-index.js';

/** What a table row needs that does not change until the definition does. */
export interface FleetRow {
  readonly env: EnvironmentView;
  readonly tenantName: string;
  readonly regionName: string;
  readonly siteName: string;
  /** Position of this environment's state in `snapshot.states`, or -1 when the core has none yet. */
  readonly stateIndex: number;
  /** Lower-cased tenant name, environment id and name, for the search box. */
  readonly search: string;
}

export interface FleetModel {
  readonly rows: readonly FleetRow[];
  readonly positionById: ReadonlyMap<string, number>;
  /** Each row's place when sorted by tenant name, then environment id: the tie-breaker of every sort. */
  readonly tenantRank: Int32Array;
  readonly environmentRank: Int32Array;
  readonly regionRank: Int32Array;
  readonly siteRank: Int32Array;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ranks rows by a label shared by many of them: compare the distinct labels, not every row. */
function rankByLabel(
  rows: readonly FleetRow[],
  label: (row: FleetRow) => string,
  tieBreak: Int32Array,
  compare: (a: string, b: string) => number = collator.compare,
): Int32Array {
  const labels = [...new Set(rows.map(label))].sort(compare);
  const ordinal = new Map(labels.map((value, position) => [value, position]));
  const positions = rows.map((_, position) => position);
  positions.sort((a, b) => {
    const rowA = rows[a];
    const rowB = rows[b];
    if (rowA === undefined || rowB === undefined) return 0;
    return (ordinal.get(label(rowA)) ?? 0) - (ordinal.get(label(rowB)) ?? 0) || (tieBreak[a] ?? 0) - (tieBreak[b] ?? 0);
  });
  const rank = new Int32Array(rows.length);
  positions.forEach((row, position) => {
    rank[row] = position;
  });
  return rank;
}

function rankById(rows: readonly FleetRow[]): Int32Array {
  const positions = rows.map((_, position) => position);
  positions.sort((a, b) => byCodeUnits(rows[a]?.env.id ?? '', rows[b]?.env.id ?? ''));
  const rank = new Int32Array(rows.length);
  positions.forEach((row, position) => {
    rank[row] = position;
  });
  return rank;
}

function buildModel(snapshot: FleetSnapshot): FleetModel {
  const tenants = new Map(snapshot.tenants.map((tenant) => [tenant.id, tenant.name]));
  const regions = new Map(snapshot.regions.map((region) => [region.id, region]));
  const sites = new Map(snapshot.regions.flatMap((region) => region.sites.map((site) => [site.id, site.name] as const)));
  const index = stateIndexOf(snapshot);
  const rows = snapshot.environments.map((env): FleetRow => {
    const tenantName = tenants.get(env.tenantId) ?? env.tenantId;
    return {
      env,
      tenantName,
      regionName: regions.get(env.regionId)?.name ?? env.regionId,
      siteName: sites.get(env.siteId) ?? env.siteId,
      stateIndex: index.get(env.id) ?? -1,
      search: `${tenantName}\n${env.id}\n${env.name}`.toLowerCase(),
    };
  });
  const idRank = rankById(rows);
  // Environment names are nearly all distinct and id-like; plain code-unit order is enough and much cheaper.
  const environmentRank = rankByLabel(rows, (row) => row.env.name.toLowerCase(), idRank, byCodeUnits);
  const tenantRank = rankByLabel(rows, (row) => row.tenantName, idRank);
  return {
    rows,
    positionById: new Map(rows.map((row, position) => [row.env.id, position])),
    tenantRank,
    environmentRank,
    regionRank: rankByLabel(rows, (row) => row.regionName, tenantRank),
    siteRank: rankByLabel(rows, (row) => row.siteName, tenantRank),
  };
}

/** Built once per fetched snapshot: deltas keep the `environments` array, so the cache survives them. */
const models = new WeakMap<readonly EnvironmentView[], FleetModel>();

export function fleetModelOf(snapshot: FleetSnapshot): FleetModel {
  const cached = models.get(snapshot.environments);
  if (cached) return cached;
  const model = buildModel(snapshot);
  models.set(snapshot.environments, model);
  return model;
}
