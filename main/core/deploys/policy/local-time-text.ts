import { zonedTime } from '../../../../shared/time/zoned-time.js';

/** "2026-03-05 20:00 AEDT": an instant as people in the zone read it. */
export function localTimeText(epochMs: number, timeZone: string): string {
  const time = zonedTime(epochMs, timeZone);
  return `${time.local.replace('T', ' ')} ${time.abbreviation}`;
}
