import type { AlertView } from '../../../shared/contract/alerts.js';

export interface FeedDiff {
  /** Critical alerts that are firing (not silenced) and were in no earlier feed, in feed order. */
  fresh: AlertView[];
  /** Every key in this feed, to compare the next feed with. */
  keys: Set<string>;
}

/**
 * What is news in a feed. The first feed (no earlier keys) only primes: alerts already firing when the
 * console opens are not news. An alert that resolves and fires again is news again.
 */
export function diffFeed(earlierKeys: ReadonlySet<string> | null, alerts: readonly AlertView[]): FeedDiff {
  const keys = new Set(alerts.map((alert) => alert.key));
  if (earlierKeys === null) return { fresh: [], keys };
  const fresh = alerts.filter((alert) => alert.severity === 'critical' && alert.state === 'active' && !earlierKeys.has(alert.key));
  return { fresh, keys };
}

/** The rate limiter's key: an alert counts against its environment, or against its source when it names none. */
export function notificationKey(alert: Pick<AlertView, 'environmentId' | 'connectionId'>): string {
  return alert.environmentId === null ? `source:${alert.connectionId}` : `environment:${alert.environmentId}`;
}
