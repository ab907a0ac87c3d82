import type { ChainedAuditEntry } from '../../../shared/contract/audit.js';
import type { AuditShipRepo } from '../store/audit-ship-repo.js';

export interface AuditSink {
  /** Resolves once the target has the row; rejects with why it could not be reached. */
  ship(row: ChainedAuditEntry): Promise<void>;
  close(): void;
}

export interface ShipperTiming {
  /** The first wait after a failure, doubled per failure in a row up to `maxDelayMs`. */
  minDelayMs: number;
  maxDelayMs: number;
  /** How often the queue is looked at when it was empty. */
  idleMs: number;
}

export const DEFAULT_SHIPPER_TIMING: ShipperTiming = { minDelayMs: 1_000, maxDelayMs: 60_000, idleMs: 1_000 };

/**
 * Ships the queued audit rows in id order, one at a time: a row is marked shipped only after its
 * target took it, and the next is not sent before, so the team's log receives the trail in order.
 * While the target is out of reach the same row is tried again after a growing wait.
 */
export class AuditShipper {
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly queue: AuditShipRepo,
    private readonly sink: AuditSink,
    private readonly now: () => number,
    private readonly timing: ShipperTiming = DEFAULT_SHIPPER_TIMING,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Looks at the queue now, e.g. right after a row was appended. */
  nudge(): void {
    if (this.running === null) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.sink.close();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain().finally(() => {
        this.running = null;
      });
    }, delayMs);
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const [row] = this.queue.waiting(1);
      if (!row) return this.schedule(this.timing.idleMs);
      try {
        await this.sink.ship(row);
      } catch (error) {
        // Stopped mid-send (the core closing, its store with it): the row stays queued as it was.
        if (this.stopped) return;
        this.queue.markFailed(row.id, error instanceof Error ? error.message : String(error), this.now());
        this.failures += 1;
        return this.schedule(Math.min(this.timing.maxDelayMs, this.timing.minDelayMs * 2 ** (this.failures - 1)));
      }
      this.failures = 0;
      // The target has it but the store may be closed: left queued, it is sent again and found already there (or dropped by its hash).
      if (this.stopped) return;
      this.queue.markShipped(row.id, this.now());
    }
  }
}
