import { Temporal } from 'temporal-polyfill';
import type { Notice } from '../../../shared/contract/calendar.js';
import type { WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import type { RegionDefinition } from '../../../shared/fleet-definition/schema.js';

/** How long before the announce-by date an occurrence is listed as due, so it is not first seen when already late. */
export const DUE_AHEAD_DAYS = 3;

/** Days of notice planned maintenance needs: the window's own, else the strictest of its regions, else the calendar's. */
export function requiredNoticeDays(window: WindowDefinition, regions: readonly RegionDefinition[], calendarDays: number): number {
  if (window.kind !== 'planned-maintenance') return 0;
  if (window.noticeDays !== undefined) return window.noticeDays;
  const regional = regions.map((region) => region.noticeDays).filter((days): days is number => days !== undefined);
  return regional.length > 0 ? Math.max(...regional) : calendarDays;
}

/**
 * Where an occurrence stands with its announcement. The announce-by date is the same wall-clock
 * time the required number of days earlier in the window's zone, so a DST change in between
 * does not move it by an hour. Customers told of it (or of its new time) after that date had
 * short notice, and the state says so.
 */
export function noticeOf(args: {
  window: WindowDefinition;
  start: number;
  requiredDays: number;
  /** When customers were last told of it as it is now; null when they have not been. */
  announcedAt: number | null;
  now: number;
}): Notice {
  const { window, start, requiredDays, announcedAt, now } = args;
  const announced = announcedAt !== null;
  const reason = window.kind === 'emergency-maintenance' ? (window.reason ?? null) : null;
  if (window.kind !== 'planned-maintenance' && window.kind !== 'emergency-maintenance') {
    return { state: 'not-required', requiredDays: 0, announceBy: null, reason };
  }
  if (start <= now) return { state: 'past', requiredDays, announceBy: null, reason };
  if (window.kind === 'emergency-maintenance') {
    return { state: announced ? 'announced' : 'short-notice', requiredDays: 0, announceBy: null, reason };
  }
  const announceBy = Temporal.Instant.fromEpochMilliseconds(start)
    .toZonedDateTimeISO(window.timeZone)
    .subtract({ days: requiredDays }).epochMilliseconds;
  if (announced) return { state: announcedAt > announceBy ? 'short-notice' : 'announced', requiredDays, announceBy, reason };
  const dueFrom = Temporal.Instant.fromEpochMilliseconds(announceBy)
    .toZonedDateTimeISO(window.timeZone)
    .subtract({ days: DUE_AHEAD_DAYS }).epochMilliseconds;
  const state = now > announceBy ? 'overdue' : now >= dueFrom ? 'due' : 'ahead';
  return { state, requiredDays, announceBy, reason };
}
