import { WebSocket } from 'ws';
import type { ServeProcess } from '../support/serve-process.js';

/** How often the driver sends a burst; the rate is spread over these ticks. */
const TICK_MS = 50;
/** Past this many unanswered calls the driver skips a tick rather than queue without end. */
const MAX_IN_FLIGHT = 400;

export interface DriverStats {
  sent: number;
  failed: number;
  skippedTicks: number;
}

/**
 * Starts short faults through the real command path (`sandbox.injectFault` over HTTP), so each
 * environment turns bad, then good again when the fault ends: two status changes per fault,
 * carried by the core's batched deltas over the WebSocket like any other change.
 */
export function driveFaults(host: ServeProcess, targets: readonly string[], faultsPerSecond: number, durationSeconds: number): { stop(): DriverStats } {
  // A repeated idempotency key answers with the first result and starts nothing: every run needs its own.
  const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const stats: DriverStats = { sent: 0, failed: 0, skippedTicks: 0 };
  const perTick = (faultsPerSecond * TICK_MS) / 1000;
  let owed = 0;
  let next = 0;
  let inFlight = 0;
  const timer = setInterval(() => {
    owed += perTick;
    if (inFlight > MAX_IN_FLIGHT) {
      stats.skippedTicks += 1;
      owed = 0;
      return;
    }
    for (; owed >= 1; owed -= 1) {
      const environmentId = targets[next % targets.length] ?? '';
      const severity = next % 3 === 0 ? 'critical' : 'warning';
      const idempotencyKey = `bench-fault-${run}-${next}`;
      next += 1;
      inFlight += 1;
      stats.sent += 1;
      host
        .call('sandbox.injectFault', { environmentId, check: 'disk', severity, durationSeconds, idempotencyKey })
        .then((result) => {
          if (!result.ok) stats.failed += 1;
        })
        .catch(() => (stats.failed += 1))
        .finally(() => (inFlight -= 1));
    }
  }, TICK_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return stats;
    },
  };
}

/**
 * A second event-stream client that counts the environment changes the core sends, per second,
 * and the alert-feed events that travel the same socket (faults fire alerts too).
 */
export async function countDeltas(host: ServeProcess): Promise<{ reset(): void; perSecond(): number[]; alertFeed(): { events: number; maxBytes: number }; close(): void }> {
  const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/api/events`, ['watchfloor.v1', `bearer.${host.token}`]);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let since = performance.now();
  let buckets: number[] = [];
  let feed = { events: 0, maxBytes: 0 };
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as { event?: string; payload?: { states?: unknown[] } };
    if (frame.event === 'alerts.changed') feed = { events: feed.events + 1, maxBytes: Math.max(feed.maxBytes, data.length) };
    if (frame.event !== 'fleet.delta') return;
    const second = Math.floor((performance.now() - since) / 1000);
    buckets[second] = (buckets[second] ?? 0) + (frame.payload?.states?.length ?? 0);
  });
  return {
    reset: () => {
      since = performance.now();
      buckets = [];
      feed = { events: 0, maxBytes: 0 };
    },
    perSecond: () => Array.from(buckets, (count) => count ?? 0),
    alertFeed: () => feed,
    close: () => socket.close(),
  };
}
