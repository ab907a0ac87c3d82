import { useRef, useState } from 'react';
import type { IncidentDetail } from '../../../../shared/contract/incidents.js';
import { viewHref } from '../../app/hash-route.js';
import { Age } from '../../components/Age.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { PopOutButton } from '../../components/PopOutButton.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { useNow } from '../../time/clock.js';
import { formatAbsolute } from '../../time/format.js';
import { safeLink } from '../alerts/alert-model.js';
import { CommsChecklist } from './CommsChecklist.js';
import { CorrelationList } from './CorrelationList.js';
import { IncidentActions } from './IncidentActions.js';
import { IncidentSeverityBadge, IncidentStatusText } from './IncidentBadges.js';
import { HOLD_NAMES } from './incident-labels.js';
import { useIncident } from './incidents-queries.js';
import { LinkOffers } from './LinkOffers.js';
import { OutboxList } from './OutboxList.js';
import { ReviewForm } from './ReviewForm.js';
import { ScopeList } from './ScopeList.js';
import { SlaClockText } from './SlaClockText.js';
import { TicketingBanner } from './TicketingBanner.js';
import { TicketLinkText } from './TicketLinkText.js';
import { TimelineTable } from './TimelineTable.js';
import { useCommandsBlocked } from './use-commands-blocked.js';

function Header({ detail, asOf, now }: { detail: IncidentDetail; asOf: number; now: number }) {
  const { incident } = detail;
  const statusPageHref = safeLink(detail.statusPage?.url ?? null);
  const reviewPageHref = safeLink(incident.reviewPageUrl);
  return (
    <dl className="facts incident-facts">
      <dt>Severity</dt>
      <dd>
        <IncidentSeverityBadge severity={incident.severity} />
      </dd>
      <dt>Status</dt>
      <dd>
        <IncidentStatusText status={incident.status} hold={incident.hold} />
      </dd>
      <dt>Commander</dt>
      <dd>
        {incident.commander ?? <span className="muted">Nobody</span>}
        {incident.responders.length > 0 && <span className="muted">with {incident.responders.join(', ')}</span>}
      </dd>
      <dt>SLA</dt>
      <dd className="incident-sla">
        {detail.sla.length === 0 ? (
          <span className="muted">No SLA clock</span>
        ) : (
          detail.sla.map((clock) => <SlaClockText key={clock.kind} clock={clock} asOf={asOf} now={now} pausedWhy={incident.hold === null ? null : HOLD_NAMES[incident.hold]} />)
        )}
      </dd>
      <dt>Ticket</dt>
      <dd>
        <TicketLinkText ticket={detail.ticket} />
        {detail.ticket !== null && (
          <span className="muted">
            {detail.ticket.status}, <Age at={detail.ticket.syncedAt} now={now} prefix="read" />
          </span>
        )}
      </dd>
      <dt>Status page</dt>
      <dd>
        {detail.statusPage === null ? (
          <span className="muted">Not posted</span>
        ) : (
          <>
            {statusPageHref === null ? <span>{detail.statusPage.status}</span> : <a href={statusPageHref} target="_blank" rel="noopener noreferrer">{detail.statusPage.status}</a>}
            {detail.statusPage.lastPostedAt !== null && <Age at={detail.statusPage.lastPostedAt} now={now} prefix="last posted" />}
          </>
        )}
      </dd>
      {reviewPageHref !== null && (
        <>
          <dt>Review</dt>
          <dd>
            <a href={reviewPageHref} target="_blank" rel="noopener noreferrer">
              Lessons-learnt review in the wiki
            </a>
          </dd>
        </>
      )}
      <dt>Declared</dt>
      <dd>
        <time title={formatAbsolute(incident.declaredAt)}>{formatAbsolute(incident.declaredAt)}</time>
      </dd>
    </dl>
  );
}

/** One incident: what it is, where it stands, what happened, what may have caused it, who must be told, what waits to be sent. */
export function IncidentPage({ id }: { id: string }) {
  const incident = useIncident(id);
  const now = useNow();
  const blocked = useCommandsBlocked();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const reviewRef = useRef<HTMLElement>(null);
  const detail = incident.data;

  function openReview(): void {
    setReviewing(true);
    window.requestAnimationFrame(() => reviewRef.current?.querySelector<HTMLElement>('textarea')?.focus());
  }

  return (
    <section className="view view-incident">
      <p className="incident-nav">
        <a href={viewHref('incidents')}>← All incidents</a>
        <PopOutButton link={{ kind: 'incident', id }} label="Open in a new window" />
      </p>
      <h1 tabIndex={-1}>{detail === undefined ? id : `${detail.incident.id}: ${detail.incident.title}`}</h1>
      {incident.isError && <ErrorAlert title={`Incident ${id} could not be loaded.`} error={incident.error} onRetry={() => void incident.refetch()} />}
      {detail === undefined ? (
        !incident.isError && (
          <p className="loading" role="status">
            Loading the incident…
          </p>
        )
      ) : (
        <>
          <TicketingBanner ticketing={detail.ticketing} waiting={detail.outbox.length} now={now} />
          <Header detail={detail} asOf={incident.dataUpdatedAt} now={now} />
          <IncidentActions detail={detail} blocked={blocked} onReview={openReview} onDone={setOutcome} />
          {/* One reserved line for the last action's outcome, so nothing below moves when it appears. */}
          <div className="incident-outcome">
            {outcome !== null && (
              <p role="status">
                <StatusIcon status="ok" /> {outcome}
              </p>
            )}
          </div>
          <LinkOffers incidentId={detail.incident.id} offers={detail.linkOffers} now={now} disabled={blocked !== null} />

          <div className="incident-columns">
            <div className="incident-column">
              <section className="incident-section" aria-labelledby="incident-timeline">
                <h2 id="incident-timeline">Timeline</h2>
                <TimelineTable timeline={detail.timeline} />
              </section>
              <section className="incident-section" aria-labelledby="incident-correlation">
                <h2 id="incident-correlation">Changes before the first alert</h2>
                <CorrelationList changes={detail.correlation} />
              </section>
              <section className="incident-section" aria-labelledby="incident-alerts">
                <h2 id="incident-alerts">Linked alerts</h2>
                {detail.incident.alertIds.length === 0 ? (
                  <p className="muted">No alert is linked.</p>
                ) : (
                  <ul className="linked-alerts">
                    {detail.incident.alertIds.map((alertId) => (
                      <li key={alertId}>
                        <code>{alertId}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
            <div className="incident-column">
              <section className="incident-section" aria-labelledby="incident-impact">
                <h2 id="incident-impact">Impact and scope</h2>
                <p>{detail.incident.impact.features === '' ? <span className="muted">No features named yet.</span> : detail.incident.impact.features}</p>
                <ScopeList scope={detail.scope} now={now} label="Scope" />
              </section>
              <section className="incident-section" aria-labelledby="incident-comms">
                <h2 id="incident-comms">Communications</h2>
                <CommsChecklist incidentId={detail.incident.id} comms={detail.comms} now={now} disabled={blocked !== null} />
              </section>
              <section className="incident-section" aria-labelledby="incident-outbox">
                <h2 id="incident-outbox">Waiting to be sent</h2>
                <OutboxList entries={detail.outbox} now={now} disabled={blocked !== null} />
              </section>
            </div>
          </div>

          <section ref={reviewRef} className="incident-section" aria-labelledby="incident-review">
            <h2 id="incident-review">Lessons-learnt review{detail.reviewRequired ? ' (required to close)' : ''}</h2>
            {reviewing || detail.incident.review !== null ? (
              <ReviewForm detail={detail} disabled={blocked !== null} onSaved={setOutcome} />
            ) : (
              <button type="button" onClick={openReview}>
                Write the review
              </button>
            )}
          </section>
        </>
      )}
    </section>
  );
}
