import type { AffectedCustomer, Conflict, OccurrenceView, Publication } from '../../../shared/contract/calendar.js';
import type { WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import { zonedTime } from '../../../shared/time/zoned-time.js';
import type { ExpandedOccurrence } from './recurrence/expand.js';
import type { ResolvedScope } from './scope.js';

/** How many environments and customers an occurrence lists; a region-wide window reaches thousands. */
export const LISTED_LIMIT = 100;

export function occurrenceView(args: {
  key: string;
  window: WindowDefinition;
  occurrence: ExpandedOccurrence;
  scope: ResolvedScope;
  notice: OccurrenceView['notice'];
  publications: Publication[];
  conflicts: Conflict[];
}): OccurrenceView {
  const { window, occurrence, scope } = args;
  const regionTimes = new Map(
    scope.regions.map((region) => [region.id, { start: zonedTime(occurrence.start, region.timeZone), end: zonedTime(occurrence.end, region.timeZone) }]),
  );
  const customers: AffectedCustomer[] = [];
  for (const entry of scope.tenants.slice(0, LISTED_LIMIT)) {
    const times = regionTimes.get(entry.region.id);
    if (!times) continue;
    customers.push({ tenantId: entry.tenant.id, name: entry.tenant.name, regionId: entry.region.id, environments: entry.environments, ...times });
  }
  return {
    key: args.key,
    windowId: window.id,
    kind: window.kind,
    title: window.title,
    start: occurrence.start,
    end: occurrence.end,
    localStart: zonedTime(occurrence.start, window.timeZone),
    localEnd: zonedTime(occurrence.end, window.timeZone),
    adjustment: occurrence.adjustment,
    crossesOffsetChange: occurrence.crossesOffsetChange,
    regions: scope.regions.map((region) => region.id),
    environments: scope.environments.slice(0, LISTED_LIMIT),
    environmentCount: scope.environments.length,
    customers,
    customerCount: scope.tenants.length,
    notice: args.notice,
    publications: args.publications,
    conflicts: args.conflicts,
    environmentEnd: null,
  };
}
