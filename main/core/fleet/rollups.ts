import type { Rollup, RollupScope } from '../../../shared/contract/fleet.js';
import { emptyCounts, statusFromCounts, type HealthStatus, type StatusCounts } from '../../../shared/contract/health.js';

/** Counts by status per region, site and tenant, kept up to date one status change at a time. */
export class Rollups {
  private readonly counts = new Map<string, { scope: RollupScope; id: string; counts: StatusCounts }>();
  private readonly dirty = new Set<string>();

  add(scope: RollupScope, id: string): string {
    const key = `${scope}:${id}`;
    if (!this.counts.has(key)) this.counts.set(key, { scope, id, counts: emptyCounts() });
    return key;
  }

  move(keys: readonly string[], from: HealthStatus | undefined, to: HealthStatus): void {
    for (const key of keys) {
      const entry = this.counts.get(key);
      if (!entry) continue;
      if (from) entry.counts[from] -= 1;
      entry.counts[to] += 1;
      this.dirty.add(key);
    }
  }

  all(): Rollup[] {
    return [...this.counts.values()].map(toRollup);
  }

  takeDirty(): Rollup[] {
    const result: Rollup[] = [];
    for (const key of this.dirty) {
      const entry = this.counts.get(key);
      if (entry) result.push(toRollup(entry));
    }
    this.dirty.clear();
    return result;
  }
}

function toRollup(entry: { scope: RollupScope; id: string; counts: StatusCounts }): Rollup {
  return { scope: entry.scope, id: entry.id, status: statusFromCounts(entry.counts), counts: { ...entry.counts } };
}
