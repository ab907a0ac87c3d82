import type { EnvironmentColumns, FleetSnapshot } from '../../../shared/contract/index.js';
import { siteTable, type SiteEntry } from '../../../shared/contract/fleet-snapshot.js';
import { EnvironmentKind } from '../../../shared/fleet-definition/schema.js';

/**
 * What the renderer looks environments up by. Deltas replace state columns but never the
 * environment columns (new environments arrive with a fresh snapshot after fleet.reloaded), so one
 * index, keyed by the `environments` object, serves every snapshot derived from a fetched one.
 */
export interface FleetIndex {
  readonly rows: number;
  readonly positionById: ReadonlyMap<string, number>;
  readonly sites: readonly SiteEntry[];
  /** Each environment's region, as a position in `regions` (the region of its tenant). */
  readonly regionOf: Int32Array;
  /** Each environment's kind, as a position in EnvironmentKind.options. */
  readonly kindOf: Int32Array;
  /** Reason text to its position in `states.reasons`, shared by the snapshots derived from this one. */
  readonly reasonPositions: Map<string, number>;
}

const indexes = new WeakMap<EnvironmentColumns, FleetIndex>();

export function fleetIndexOf(snapshot: FleetSnapshot): FleetIndex {
  const cached = indexes.get(snapshot.environments);
  if (cached) return cached;
  const { environments: envs, tenants } = snapshot;
  const rows = envs.id.length;
  const regionOf = new Int32Array(rows);
  const kindOf = new Int32Array(rows);
  const kinds = envs.profiles.map((profile) => EnvironmentKind.options.indexOf(profile.kind));
  for (let row = 0; row < rows; row++) {
    regionOf[row] = tenants.region[envs.tenant[row] ?? 0] ?? 0;
    kindOf[row] = kinds[envs.profile[row] ?? 0] ?? 0;
  }
  const reasonPositions = new Map<string, number>();
  snapshot.states.reasons.forEach((reason, position) => reasonPositions.set(reason, position));
  let positionById: Map<string, number> | undefined;
  const index: FleetIndex = {
    rows,
    // Built on first use, which is the first delta: out of the task that parses and draws the snapshot.
    get positionById() {
      if (positionById === undefined) {
        positionById = new Map<string, number>();
        for (let row = 0; row < rows; row++) positionById.set(envs.id[row] ?? '', row);
      }
      return positionById;
    },
    sites: siteTable(snapshot.regions),
    regionOf,
    kindOf,
    reasonPositions,
  };
  indexes.set(envs, index);
  return index;
}
