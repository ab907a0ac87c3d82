import { Temporal } from 'temporal-polyfill';
import type { LifecyclePlan } from '../../../shared/contract/index.js';
import { formatDayLong, formatZonedClock, zonedTime } from '../../../shared/time/zoned-time.js';
import { LIFECYCLE_KIND_LABELS } from './labels.js';

/** Words for an environment's end. The end date is already a date in the region's zone: shown as it is, never converted. */

const LOCALE = 'en-GB';

/** "Thu 9 Apr 2026": the last day kept, in the region. */
export function formatLastDay(date: string): string {
  return Temporal.PlainDate.from(date).toLocaleString(LOCALE, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).replace(',', '');
}

/** "00:00 AEST Friday 10 April 2026": the instant it ends, on the region's clock. */
export function formatEndInstant(plan: LifecyclePlan): string | null {
  if (plan.endsAt === null) return null;
  return `${formatZonedClock(zonedTime(plan.endsAt, plan.timeZone))} ${formatDayLong(plan.endsAt, plan.timeZone)}`;
}

/** What the table's Ends column says: the last day, or why there is none. */
export function endCellText(plan: LifecyclePlan): string {
  if (plan.decommissioned !== null) return `Gone ${formatLastDay(plan.decommissioned)}`;
  if (plan.endDate !== null) return formatLastDay(plan.endDate);
  if (plan.kind === 'temporary') return 'After go-live';
  return LIFECYCLE_KIND_LABELS[plan.kind];
}
