import { z } from 'zod';

/**
 * Health of anything in the fleet. `stale` means the last data is older than its limit;
 * `maintenance` means covered by an active window or silence.
 */
export const HealthStatus = z.enum(['critical', 'warning', 'unknown', 'stale', 'maintenance', 'ok']);
export type HealthStatus = z.infer<typeof HealthStatus>;

/**
 * What an environment measures, whatever is shown: its checks and every alert firing on it,
 * silenced or not (a silence hides an alert, not the state). The status shows something else
 * when a silence covers the environment (`maintenance`) or its data is too old (`stale`); the
 * deploy guards, gates and the soak read this.
 */
export const Health = z.enum(['critical', 'warning', 'unknown', 'ok']);
export type Health = z.infer<typeof Health>;

/** Worst first: the order a NOC wants to read the fleet in. */
export const HEALTH_ORDER: readonly HealthStatus[] = HealthStatus.options;

const rank = new Map(HEALTH_ORDER.map((status, index) => [status, index]));

export function healthRank(status: HealthStatus): number {
  return rank.get(status) ?? HEALTH_ORDER.length;
}

export function worstOf<T extends HealthStatus>(a: T, b: T): T {
  return healthRank(a) <= healthRank(b) ? a : b;
}

export const StatusCounts = z.object({
  critical: z.number().int().nonnegative(),
  warning: z.number().int().nonnegative(),
  unknown: z.number().int().nonnegative(),
  stale: z.number().int().nonnegative(),
  maintenance: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
});
export type StatusCounts = z.infer<typeof StatusCounts>;

export function emptyCounts(): StatusCounts {
  return { critical: 0, warning: 0, unknown: 0, stale: 0, maintenance: 0, ok: 0 };
}

/** The status a group shows: its worst member, or unknown when it has none. */
export function statusFromCounts(counts: StatusCounts): HealthStatus {
  for (const status of HEALTH_ORDER) if (counts[status] > 0) return status;
  return 'unknown';
}
