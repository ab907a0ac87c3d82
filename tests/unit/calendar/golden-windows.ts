import { Temporal } from 'temporal-polyfill';
import { expandWindow, type ExpandedOccurrence, type WindowTiming } from '../../../main/core/calendar/recurrence/expand.js';

/**
 * The fixed windows of the golden file and the form their occurrences are kept in. The file
 * is written once by write-golden.ts and committed; golden.test.ts expands them again under
 * whatever zone the host is in and must get the same instants.
 */

export const GOLDEN_FILE = new URL('./golden/expansions.json', import.meta.url);
export const GOLDEN_RANGE = { from: '2024-01-01T00:00:00Z', to: '2031-01-01T00:00:00Z' } as const;

const ZONES = ['Australia/Sydney', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'] as const;

export const GOLDEN_WINDOWS: ReadonlyArray<{ name: string; window: WindowTiming }> = ZONES.flatMap((timeZone) => [
  { name: `${timeZone} last Saturday 23:00 for 2 h`, window: { start: '2024-01-27T23:00', timeZone, duration: 'PT2H', rrule: 'FREQ=MONTHLY;BYDAY=-1SA' } },
  { name: `${timeZone} last Monday 23:00 for 2 h`, window: { start: '2024-01-29T23:00', timeZone, duration: 'PT2H', rrule: 'FREQ=MONTHLY;BYDAY=-1MO', exdates: ['2025-12-29T23:00'] } },
  { name: `${timeZone} Thursday and Friday 20:00 for 4 h`, window: { start: '2026-01-01T20:00', timeZone, duration: 'PT4H', rrule: 'FREQ=WEEKLY;BYDAY=TH,FR;COUNT=104' } },
  { name: `${timeZone} Monday 23:00 for 2 h`, window: { start: '2026-01-05T23:00', timeZone, duration: 'PT2H', rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231T235959Z' } },
  // Daily at the local times at which the six zones' clocks jump or repeat in 2026.
  { name: `${timeZone} daily 02:30 in March and April`, window: { start: '2026-03-01T02:30', timeZone, duration: 'PT1H', rrule: 'FREQ=DAILY;COUNT=45' } },
  { name: `${timeZone} daily 01:30 in late March`, window: { start: '2026-03-20T01:30', timeZone, duration: 'PT3H', rrule: 'FREQ=DAILY;COUNT=20' } },
  { name: `${timeZone} daily 03:15 in early April`, window: { start: '2026-03-28T03:15', timeZone, duration: 'PT1H', rrule: 'FREQ=DAILY;COUNT=14' } },
  { name: `${timeZone} daily 03:15 in late September`, window: { start: '2026-09-20T03:15', timeZone, duration: 'PT1H', rrule: 'FREQ=DAILY;COUNT=14' } },
  { name: `${timeZone} daily 02:30 in early October`, window: { start: '2026-09-25T02:30', timeZone, duration: 'PT2H', rrule: 'FREQ=DAILY;COUNT=20' } },
  { name: `${timeZone} daily 01:30 in late October`, window: { start: '2026-10-20T01:30', timeZone, duration: 'PT3H', rrule: 'FREQ=DAILY;COUNT=20' } },
  { name: `${timeZone} 29 February`, window: { start: '2024-02-29T12:00', timeZone, duration: 'PT1H', rrule: 'FREQ=YEARLY' } },
]);

/** requested, start (UTC), end (UTC), adjustment, crosses an offset change */
export type GoldenOccurrence = [string, string, string, string | null, boolean];

export function goldenForm(occurrence: ExpandedOccurrence): GoldenOccurrence {
  const iso = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toString();
  const adjustment = occurrence.adjustment === null ? null : occurrence.adjustment.kind === 'gap' ? `gap +${occurrence.adjustment.shiftedMinutes} min` : 'repeated';
  return [occurrence.requested, iso(occurrence.start), iso(occurrence.end), adjustment, occurrence.crossesOffsetChange];
}

export function expandGolden(window: WindowTiming): GoldenOccurrence[] {
  const range = { from: Temporal.Instant.from(GOLDEN_RANGE.from).epochMilliseconds, to: Temporal.Instant.from(GOLDEN_RANGE.to).epochMilliseconds };
  return expandWindow(window, range).map(goldenForm);
}
