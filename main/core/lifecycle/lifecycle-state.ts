import type { Health, HealthStatus } from '../../../shared/contract/health.js';
import type { LifecyclePlan, LifecycleState } from '../../../shared/contract/lifecycle.js';

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

/** The next instant the state can change by time alone, so a view can be derived again then; null when none. */
export function nextLifecycleChange(plan: LifecyclePlan, now: number): number | null {
  if (plan.decommissioned !== null) return null;
  const ahead = [plan.warnFrom, plan.endsAt, plan.goneAfter].filter((at): at is number => at !== null && at > now);
  return ahead.length > 0 ? Math.min(...ahead) : null;
}
