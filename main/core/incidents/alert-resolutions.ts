import type { AlertView } from '../../../shared/contract/alerts.js';
import type { SeenAlert } from './timeline.js';

const DAY_MS = 86_400_000;

/**
 * When alerts stopped firing. The feed lists only alerts that fire now; an alert that leaves it
 * (or comes back with a new start, having fired again) resolved at the feed that dropped it.
 * Kept in memory for a week and at most `limit` alerts: what resolved before the core started is
 * not known here, and the timeline then shows the firing alone.
 */
export class AlertResolutions {
  private firing = new Map<string, AlertView>();
  private readonly resolved: SeenAlert[] = [];

  constructor(
    private readonly keepMs = 7 * DAY_MS,
    private readonly limit = 10_000,
  ) {}

  /** Takes the feed as it is at `now`. */
  observe(alerts: readonly AlertView[], now: number): void {
    const next = new Map(alerts.map((alert) => [alert.key, alert]));
    for (const [key, before] of this.firing) {
      if (next.get(key)?.startsAt !== before.startsAt) this.resolved.push({ alert: before, resolvedAt: now });
    }
    this.firing = next;
    const keepFrom = this.resolved.findIndex((seen) => seen.resolvedAt !== null && seen.resolvedAt >= now - this.keepMs);
    this.resolved.splice(0, keepFrom < 0 ? this.resolved.length : Math.max(keepFrom, this.resolved.length - this.limit));
  }

  /** Alerts that resolved, oldest resolution first. */
  list(): readonly SeenAlert[] {
    return this.resolved;
  }
}
