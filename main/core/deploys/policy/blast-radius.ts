import type { ZonedTime } from '../../../../shared/contract/calendar.js';
import type { BlastEnvironment, BlastRadius } from '../../../../shared/contract/deploys.js';
import { EnvironmentKind } from '../../../../shared/fleet-definition/ids.js';
import { zonedTime } from '../../../../shared/time/zoned-time.js';
import type { DeployFacts } from '../deploy-facts.js';
import type { EnvEntry } from './fleet-index.js';

/** At most this many environments are listed; the counts are whole. */
export const BLAST_LIST_LIMIT = 200;

export interface BlastTarget {
  entry: EnvEntry;
  /** When it starts: now or its scheduled start. */
  start: number;
  scheduledFor: number | null;
  currentVersion: string | null;
  rollback: string;
}

/** What an action touches: environments, customers, regions with their local time at the start, data residency and kinds. */
export function blastRadius(targets: readonly BlastTarget[], facts: Pick<DeployFacts, 'health'>): BlastRadius {
  const customers = new Set<string>();
  const kinds = Object.fromEntries(EnvironmentKind.options.map((kind) => [kind, 0])) as Record<EnvironmentKind, number>;
  const regions = new Map<string, { entry: EnvEntry; count: number; start: number }>();
  const environments: BlastEnvironment[] = [];
  // Most targets of a large action share a region and a slot start: each local time is worked out once.
  const localTimes = new Map<string, ZonedTime>();
  const localTime = (start: number, timeZone: string): ZonedTime => {
    const key = `${start}@${timeZone}`;
    let time = localTimes.get(key);
    if (!time) localTimes.set(key, (time = zonedTime(start, timeZone)));
    return time;
  };
  for (const target of targets) {
    const { entry } = target;
    const { definition, tenant, region, watched } = entry;
    customers.add(tenant.id);
    kinds[definition.kind] += 1;
    const seen = regions.get(region.id);
    if (seen) {
      seen.count += 1;
      seen.start = Math.min(seen.start, target.start);
    } else regions.set(region.id, { entry, count: 1, start: target.start });
    if (environments.length < BLAST_LIST_LIMIT) {
      environments.push({
        id: definition.id,
        name: watched.view.name,
        kind: definition.kind,
        ring: definition.ring ?? null,
        tenantId: tenant.id,
        tenantName: tenant.name,
        regionId: region.id,
        regionName: region.name,
        residency: region.residency,
        localTime: localTime(target.start, region.timeZone),
        scheduledFor: target.scheduledFor,
        currentVersion: target.currentVersion,
        rollback: target.rollback,
        health: facts.health(definition.id).status,
      });
    }
  }
  return {
    environmentCount: targets.length,
    customerCount: customers.size,
    environments,
    regions: [...regions.values()].map(({ entry: { region }, count, start }) => ({
      id: region.id,
      name: region.name,
      residency: region.residency,
      environmentCount: count,
      localTime: localTime(start, region.timeZone),
    })),
    kinds,
  };
}
