import type { WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import type { RegionDefinition } from '../../../shared/fleet-definition/schema.js';
import { localSpanText } from '../../../shared/time/zoned-time.js';

/**
 * The product dashboard's banner for a region: the window in the region's own local time,
 * with the zone's abbreviation for that date, then what customers are told.
 */
export function bannerText(window: WindowDefinition, start: number, end: number, region: RegionDefinition): string {
  const lead = window.kind === 'emergency-maintenance' ? 'Emergency maintenance' : 'Scheduled maintenance';
  const when = localSpanText(start, end, region.timeZone);
  const text = window.customerText ?? window.description ?? window.title;
  return `${lead} (${region.name}, ${region.timeZone}): ${when}. ${text}`;
}
