import { z } from 'zod';
import { LifecycleKind } from '../fleet-definition/lifecycle.js';
import type { Health, HealthStatus } from './health.js';

/** Where an environment stands in its lifecycle, as the console derives it. */

const EpochMs = z.number().int().nonnegative();

/**
 * `active`: before its warning period, or permanent. `ending-soon`: inside the warning period.
 * `due`: its end has passed. `should-be-gone`: its end and the grace days after it have passed
 * and it still answers its health checks. `decommissioned`: marked gone in the fleet file.
 */
export const LifecycleState = z.enum(['active', 'ending-soon', 'due', 'should-be-gone', 'decommissioned']);
export type LifecycleState = z.infer<typeof LifecycleState>;

/** An environment's lifecycle as the fleet file and the rule make it; the state follows from it, the time and its health. */
export const LifecyclePlan = z.object({
  kind: LifecycleKind,
  /** The go-live the rule counts from: the environment's own, else its tenant's. */
  goLive: z.string().nullable(),
  /** The hosting agreement of a permanent-paid environment. */
  agreement: z.string().nullable(),
  /** The release a release-temporary environment is kept for. */
  release: z.string().nullable(),
  /** The last day it is kept, a date in the region's zone; null when permanent, or temporary with no go-live yet. */
  endDate: z.string().nullable(),
  /** Where the end comes from: go-live plus the rule's days, or a date the fleet file gives. */
  endSource: z.enum(['rule', 'explicit']).nullable(),
  /** The end as an instant: the start of the day after endDate, in the region's zone. */
  endsAt: EpochMs.nullable(),
  /** When it starts ending soon: the warning days before endsAt, at the same local time. */
  warnFrom: EpochMs.nullable(),
  /** When a due environment that still answers counts as should-be-gone: the grace days after endsAt. */
  goneAfter: EpochMs.nullable(),
  /** The region's zone, which the end date is in. */
  timeZone: z.string(),
  /** The day the fleet file marks it decommissioned. */
  decommissioned: z.string().nullable(),
});
export type LifecyclePlan = z.infer<typeof LifecyclePlan>;

/*
 * The state is derived here, in the contract, so the core (tickets, the calendar, the guards) and
 * the fleet table (filtering every row each second, as the clock moves) derive it the same way.
 */

/**
 * Whether an environment still answers its health checks: its data is fresh and says it runs
 * (ok or warning). One switched off reads unknown, stale or critical (unavailable).
 */
export function isAnswering(state: { status: HealthStatus; health: Health }): boolean {
  return state.status !== 'stale' && (state.health === 'ok' || state.health === 'warning');
}

/** Where an environment stands at `now`; `answering` is isAnswering of its live state. */
export function lifecycleState(plan: LifecyclePlan, now: number, answering: boolean): LifecycleState {
  if (plan.decommissioned !== null) return 'decommissioned';
  if (plan.endsAt === null || plan.warnFrom === null || plan.goneAfter === null) return 'active';
  if (now < plan.warnFrom) return 'active';
  if (now < plan.endsAt) return 'ending-soon';
  return now >= plan.goneAfter && answering ? 'should-be-gone' : 'due';
}

/** The next instant the state can change by time alone; null when none. */
export function nextLifecycleChange(plan: LifecyclePlan, now: number): number | null {
  if (plan.decommissioned !== null) return null;
  const ahead = [plan.warnFrom, plan.endsAt, plan.goneAfter].filter((at): at is number => at !== null && at > now);
  return ahead.length > 0 ? Math.min(...ahead) : null;
}

/** The plan of a permanent environment: no end, nothing to derive. */
export function permanentPlan(timeZone: string): LifecyclePlan {
  return { kind: 'permanent', goLive: null, agreement: null, release: null, endDate: null, endSource: null, endsAt: null, warnFrom: null, goneAfter: null, timeZone, decommissioned: null };
}

/** The account team's ticket about an environment's end, as the ticketing backend names it. */
export const EndNoticeTicket = z.object({
  ticketId: z.string(),
  displayKey: z.string(),
  url: z.string().nullable(),
  /** The end it is about: a new end date is a new notice. */
  endDate: z.string(),
  createdAt: EpochMs,
});
export type EndNoticeTicket = z.infer<typeof EndNoticeTicket>;
