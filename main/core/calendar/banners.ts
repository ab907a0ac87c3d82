import type { WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import type { RegionDefinition } from '../../../shared/fleet-definition/schema.js';
import { abbreviationText, formatDayLong, zonedTime } from '../../../shared/time/zoned-time.js';

/**
 * The product dashboard's banner for a region: the window in the region's own local time,
 * with the zone's abbreviation for that date, then what customers are told.
 */
export function bannerText(window: WindowDefinition, start: number, end: number, region: RegionDefinition): string {
  const from = zonedTime(start, region.timeZone);
  const to = zonedTime(end, region.timeZone);
  const sameDay = from.local.slice(0, 10) === to.local.slice(0, 10);
  const lead = window.kind === 'emergency-maintenance' ? 'Emergency maintenance' : 'Scheduled maintenance';
  const when = sameDay
    ? `${formatDayLong(start, region.timeZone)}, ${from.local.slice(11, 16)} to ${to.local.slice(11, 16)} ${abbreviationText(to)}`
    : `${formatDayLong(start, region.timeZone)} ${from.local.slice(11, 16)} ${abbreviationText(from)} to ${formatDayLong(end, region.timeZone)} ${to.local.slice(11, 16)} ${abbreviationText(to)}`;
  const text = window.customerText ?? window.description ?? window.title;
  return `${lead} (${region.name}, ${region.timeZone}): ${when}. ${text}`;
}
