import type { EndNoticeTicket } from '../../../shared/contract/lifecycle.js';
import type { CoreContext } from '../core-context.js';
import { message, preferReal } from '../incidents/ticket-sync.js';
import { EndNotices } from './end-notice.js';
import { environmentEnds, type EnvironmentEnd } from './environment-ends.js';

export interface EndNoticeRunnerDeps {
  ctx: CoreContext;
  /** How often the ends are looked at (an environment becomes ending-soon by time alone). */
  everyMs?: number;
  /** How long one backend call may take. */
  callTimeoutMs?: number;
}

/**
 * Tells each customer's account team of an environment's end once it is inside the warning
 * period (or already past it and not yet decommissioned): one ticket per environment and end
 * date, through the ticketing backend the incidents use. A backend that does not answer is asked
 * again on the next round; nothing is lost, nothing is made twice (EndNotices searches first).
 */
export class EndNoticeRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly deps: EndNoticeRunnerDeps) {}

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.abort.abort();
  }

  /** The ticket already made about this environment's current end, if any. */
  known(environmentId: string, endDate: string | null): EndNoticeTicket | null {
    const notices = this.notices();
    return endDate === null || notices === null ? null : notices.known(environmentId, endDate);
  }

  /** One round now (also what the timer runs); resolves when every due notice was tried. */
  round(): Promise<void> {
    this.running ??= this.notifyDue().finally(() => (this.running = null));
    return this.running;
  }

  private notices(): EndNotices | null {
    const connector = preferReal([...this.deps.ctx.connectors().values()].filter((candidate) => candidate.ticketing));
    return connector?.ticketing ? new EndNotices(connector.ticketing, this.deps.ctx.store.settings, this.deps.ctx.clock.now) : null;
  }

  private due(now: number): EnvironmentEnd[] {
    return environmentEnds(this.deps.ctx.definition(), { from: 0, to: Number.MAX_SAFE_INTEGER }).filter((end) => end.plan.warnFrom !== null && end.plan.warnFrom <= now);
  }

  private async notifyDue(): Promise<void> {
    const notices = this.notices();
    if (notices === null) return;
    for (const end of this.due(this.deps.ctx.clock.now())) {
      if (this.abort.signal.aborted) return;
      if (notices.known(end.environmentId, end.plan.endDate)) continue;
      try {
        const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.deps.callTimeoutMs ?? 15_000)]);
        const ticket = await notices.notify({ environmentId: end.environmentId, environmentName: end.environmentName, tenantName: end.tenantName, plan: end.plan }, signal);
        this.deps.ctx.log(`lifecycle: the account team of ${end.tenantName} was told that ${end.environmentId} ends ${end.plan.endDate} (${ticket.displayKey})`);
      } catch (error) {
        this.deps.ctx.log(`lifecycle: the end of ${end.environmentId} could not be announced yet, tried again later: ${message(error)}`);
      }
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      void this.round().finally(() => {
        if (!this.abort.signal.aborted) this.schedule(this.deps.everyMs ?? 10 * 60_000);
      });
    }, delayMs);
    this.timer.unref();
  }
}
