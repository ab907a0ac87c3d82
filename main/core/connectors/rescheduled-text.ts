import { localSpanText } from '../../../shared/time/zoned-time.js';
import type { MaintenanceItem } from './capabilities.js';

/** How the note telling customers of a new time begins, so a note already sent is known again. */
export const RESCHEDULED = 'Rescheduled:';

/**
 * What customers are told when announced maintenance moves: the new and the old time in each
 * region's own local time (regions sharing a zone read it once), so "Saturday 23:00" is never
 * left to be worked out from UTC.
 */
export function rescheduledText(item: MaintenanceItem, was: { start: number; end: number }): string {
  const byZone = new Map<string, string[]>();
  for (const region of item.regions) byZone.set(region.timeZone, [...(byZone.get(region.timeZone) ?? []), region.name]);
  if (byZone.size === 0) byZone.set('UTC', []);
  const lines = [...byZone].map(([timeZone, names]) => {
    const where = names.length > 0 ? `${names.join(', ')} (${timeZone})` : timeZone;
    return `${where}: now ${localSpanText(item.start, item.end, timeZone)}; previously ${localSpanText(was.start, was.end, timeZone)}.`;
  });
  return [RESCHEDULED, ...lines].join('\n');
}
