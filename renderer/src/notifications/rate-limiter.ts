/** One minute: a flapping environment must not bury the screen in notifications. */
export const NOTIFICATION_WINDOW_MS = 60_000;

export interface RateLimiter {
  /** True, and the window starts again for `key`, when nothing was let through for it within the window before `now`. */
  tryAcquire(key: string, now: number): boolean;
}

/** At most one pass per key per window. Pure: the caller passes the time, so it is tested without a clock. */
export function createRateLimiter(windowMs: number = NOTIFICATION_WINDOW_MS): RateLimiter {
  const lastPassed = new Map<string, number>();
  return {
    tryAcquire(key, now) {
      // Keys whose window has passed are forgotten, so a long-running console does not keep every environment it ever saw.
      for (const [seen, at] of lastPassed) if (now - at >= windowMs) lastPassed.delete(seen);
      if (lastPassed.has(key)) return false;
      lastPassed.set(key, now);
      return true;
    },
  };
}
