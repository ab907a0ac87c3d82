import { isAnswering, lifecycleState, type EndNoticeTicket, type EnvironmentState, type LifecyclePlan } from '../../../../../shared/contract/index.js';
import { safeLink } from '../../alerts/alert-model.js';
import { LIFECYCLE_KIND_LABELS } from '../../../components/labels.js';
import { LifecycleBadge } from '../../../components/LifecycleBadge.js';
import { formatAbsolute, formatUtc } from '../../../time/format.js';
import { formatEndInstant, formatLastDay } from '../../../components/lifecycle-format.js';

interface LifecycleSectionProps {
  plan: LifecyclePlan;
  /** The live state: whether it still answers its checks decides should-be-gone. */
  state: EnvironmentState | undefined;
  now: number;
  /** The account team's ticket about the end, once made. */
  notice: EndNoticeTicket | null;
}

/** How long the environment lives, when it ends on its region's clock, and what keeps it. */
export function LifecycleSection({ plan, state, now, notice }: LifecycleSectionProps) {
  const current = lifecycleState(plan, now, state !== undefined && isAnswering(state));
  const endInstant = formatEndInstant(plan);
  return (
    <section className="detail-section" aria-label="Lifecycle">
      <h3>Lifecycle</h3>
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <LifecycleBadge state={current} />
        </dd>
        <dt>Kind</dt>
        <dd>{LIFECYCLE_KIND_LABELS[plan.kind]}</dd>
        {plan.agreement !== null && (
          <>
            <dt>Hosting agreement</dt>
            <dd>{plan.agreement}</dd>
          </>
        )}
        {plan.release !== null && (
          <>
            <dt>Kept for release</dt>
            <dd>{plan.release}</dd>
          </>
        )}
        <dt>Go-live</dt>
        <dd>{plan.goLive === null ? <span className="muted">Not set</span> : formatLastDay(plan.goLive)}</dd>
        {plan.endDate !== null && (
          <>
            <dt>Last day</dt>
            <dd>
              <span>{formatLastDay(plan.endDate)}</span>
              <span className="muted">{plan.endSource === 'rule' ? 'go-live plus the rule' : 'set in the fleet file'}</span>
            </dd>
          </>
        )}
        {endInstant !== null && plan.endsAt !== null && (
          <>
            <dt>Ends</dt>
            <dd>
              <span>{endInstant}</span>
              <span className="muted">
                {formatAbsolute(plan.endsAt)} · {formatUtc(plan.endsAt)}
              </span>
            </dd>
          </>
        )}
        {plan.kind === 'temporary' && plan.endDate === null && (
          <>
            <dt>Ends</dt>
            <dd className="muted">Once the customer goes live: set goLive in the fleet file</dd>
          </>
        )}
        {plan.endDate !== null && plan.decommissioned === null && (
          <>
            <dt>Account team told</dt>
            <dd>
              {notice === null ? (
                <span className="muted">Not yet: a ticket is made once the end is inside the warning period</span>
              ) : (
                <>
                  <TicketReference notice={notice} />
                  <span className="muted">{formatAbsolute(notice.createdAt)}</span>
                </>
              )}
            </dd>
          </>
        )}
        {plan.decommissioned !== null && (
          <>
            <dt>Decommissioned</dt>
            <dd>{formatLastDay(plan.decommissioned)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function TicketReference({ notice }: { notice: EndNoticeTicket }) {
  const href = safeLink(notice.url);
  return href === null ? <span>{notice.displayKey}</span> : <a href={href} target="_blank" rel="noopener noreferrer">{notice.displayKey}</a>;
}
