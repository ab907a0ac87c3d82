import { EndNoticeTicket, type LifecyclePlan } from '../../../shared/contract/lifecycle.js';
import type { TicketDraft, Ticketing } from '../connectors/capabilities.js';
import type { SettingsRepo } from '../store/settings-repo.js';
import { formatDayLong, formatZonedClock, zonedTime } from '../../../shared/time/zoned-time.js';

/**
 * The customer's account team is told of an environment's end once it is ending soon: one ticket
 * per environment and end date. The ticket carries a marker made of both, and the backend is
 * searched for it before anything is created (as an incident's declare does), so a create whose
 * answer was lost is found again rather than made twice; a new end date is a new ticket.
 */

export interface EndingEnvironment {
  environmentId: string;
  environmentName: string;
  tenantName: string;
  plan: LifecyclePlan & { endDate: string; endsAt: number };
}

export function endNoticeMarker(environmentId: string, endDate: string): string {
  return `wf-end:${environmentId}:${endDate}`;
}

/** What ends when, on the customer's clock, and how to keep it. */
export function endNoticeDraft(env: EndingEnvironment): TicketDraft {
  const { plan } = env;
  const ends = `${formatZonedClock(zonedTime(plan.endsAt, plan.timeZone))} ${formatDayLong(plan.endsAt, plan.timeZone)}`;
  const why = plan.kind === 'release-temporary' ? `It was kept for release ${plan.release ?? ''}.` : `It is temporary: kept until ${plan.endDate}${plan.goLive === null ? '' : `, go-live ${plan.goLive} plus the agreed days`}.`;
  return {
    marker: endNoticeMarker(env.environmentId, plan.endDate),
    subject: `${env.tenantName}: ${env.environmentName} ends ${plan.endDate}`,
    description: [
      `${env.environmentName} (${env.environmentId}) of ${env.tenantName} is kept through ${plan.endDate} and ends at ${ends} (${plan.timeZone}); it is decommissioned after that.`,
      why,
      'To keep it, the customer can take permanent access under a hosting agreement (permanent-paid): send the agreement reference to the operations team before the end, and it is kept.',
    ].join('\n\n'),
    severity: null,
    record: null,
  };
}

const storeKey = (marker: string) => `lifecycle.endNotice.${marker}`;

/** Exactly one ticket per environment and end date, its reference kept here for the lifecycle view. */
export class EndNotices {
  constructor(
    private readonly ticketing: Ticketing,
    private readonly settings: SettingsRepo,
    private readonly now: () => number,
  ) {}

  /** The ticket already made for this end, if the console knows of it. */
  known(environmentId: string, endDate: string): EndNoticeTicket | null {
    return this.settings.get(storeKey(endNoticeMarker(environmentId, endDate)), EndNoticeTicket) ?? null;
  }

  /** Tells the account team of the end, once: a known ticket, else one the backend holds with the marker, else a new one. */
  async notify(env: EndingEnvironment, signal: AbortSignal): Promise<EndNoticeTicket> {
    const known = this.known(env.environmentId, env.plan.endDate);
    if (known) return known;
    const draft = endNoticeDraft(env);
    const ticket = (await this.ticketing.findByMarker(draft.marker, signal)) ?? (await this.ticketing.create(draft, signal));
    const kept: EndNoticeTicket = { ticketId: ticket.id, displayKey: ticket.displayKey, url: ticket.url, endDate: env.plan.endDate, createdAt: this.now() };
    this.settings.set(storeKey(draft.marker), kept);
    return kept;
  }
}
