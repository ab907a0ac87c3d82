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
  /**
   * Each row's place among the distinct environment names, regions or sites; rows sharing a label
   * share it, so the tenant tie-break still applies. Built on first use: a big fleet opens faster.
   */
  rankBy(label: LabelRank): Int32Array;
}

export type LabelRank = 'environment' | 'region' | 'site';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Each row's label's place among the distinct labels: equal labels share it. */
function labelOrdinals(rows: readonly FleetRow[], label: (row: FleetRow) => string, compare: (a: string, b: string) => number): Int32Array {
  const labels = [...new Set(rows.map(label))].sort(compare);
  const ordinal = new Map(labels.map((value, position) => [value, position]));
  return Int32Array.from(rows, (row) => ordinal.get(label(row)) ?? 0);
}

/**
 * A total order by label, ties broken by an existing rank. Only the distinct labels are compared;
 * the rows are then placed by a stable counting sort, linear in their number.
 */
function rankByLabel(rows: readonly FleetRow[], label: (row: FleetRow) => string, tieBreak: Int32Array): Int32Array {
  const rowOrdinal = labelOrdinals(rows, label, collator.compare);
  const byTieBreak = new Int32Array(rows.length);
  tieBreak.forEach((rank, row) => {
    byTieBreak[rank] = row;
  });
  const next = new Int32Array(rows.length + 1);
  for (const value of rowOrdinal) next[value + 1] = (next[value + 1] ?? 0) + 1;
  for (let position = 1; position < next.length; position += 1) next[position] = (next[position] ?? 0) + (next[position - 1] ?? 0);
  const rank = new Int32Array(rows.length);
  for (const row of byTieBreak) {
    const value = rowOrdinal[row] ?? 0;
    const slot = next[value] ?? 0;
    rank[row] = slot;
    next[value] = slot + 1;
  }
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
  const tenantRank = rankByLabel(rows, (row) => row.tenantName, rankById(rows));
  const build: Record<LabelRank, () => Int32Array> = {
    // Environment names are nearly all distinct and id-like; plain code-unit order is enough and much cheaper.
    environment: () => labelOrdinals(rows, (row) => row.env.name.toLowerCase(), byCodeUnits),
    region: () => labelOrdinals(rows, (row) => row.regionName, collator.compare),
    site: () => labelOrdinals(rows, (row) => row.siteName, collator.compare),
  };
  const built = new Map<LabelRank, Int32Array>();
  return {
    rows,
    positionById: new Map(rows.map((row, position) => [row.env.id, position])),
    tenantRank,
    rankBy(label) {
      let rank = built.get(label);
      if (rank === undefined) {
        rank = build[label]();
        built.set(label, rank);
      }
      return rank;
    },
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
