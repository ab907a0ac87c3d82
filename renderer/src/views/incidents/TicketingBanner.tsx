import type { TicketingState } from '../../../../shared/contract/incidents.js';
import { Age } from '../../components/Age.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatAbsolute, formatCount } from '../../time/format.js';

interface TicketingBannerProps {
  ticketing: TicketingState;
  /** Outbox entries not yet delivered. */
  waiting: number;
  now: number;
}

function waitingText(waiting: number): string {
  return `${formatCount(waiting)} ${waiting === 1 ? 'action' : 'actions'} waiting to be sent`;
}

/** The ticketing backend's state and how old what is shown is; while it cannot be reached, a banner says so and what waits. */
export function TicketingLine({ ticketing, waiting, now }: TicketingBannerProps) {
  if (ticketing.connectionId === null) {
    return (
      <p className="ticketing-line muted" role="status">
        No ticketing backend is configured: incidents are kept in this console only.
      </p>
    );
  }
  return (
    <p className="ticketing-line" role="status">
      <span className="source-name">{ticketing.name}</span>
      {ticketing.reachable ? <StatusBadge status="ok" label="Reachable" /> : <StatusBadge status="critical" label="Unreachable" />}
      <Age at={ticketing.syncedAt} now={now} prefix="read" />
      {waiting > 0 && <span>{waitingText(waiting)}</span>}
    </p>
  );
}

export function TicketingBanner({ ticketing, waiting, now }: TicketingBannerProps) {
  if (ticketing.connectionId === null || ticketing.reachable) return null;
  return (
    <div className="banner banner-warning ticketing-banner" role="alert">
      <p className="banner-title">
        Ticketing backend {ticketing.name} unreachable
        {ticketing.syncedAt === null ? '' : <> since <time title={formatAbsolute(ticketing.syncedAt)}>{formatAbsolute(ticketing.syncedAt)}</time></>}; {waitingText(waiting)}.
      </p>
      <p>
        Showing incidents as last read <Age at={ticketing.syncedAt} now={now} />. Notes, acknowledgements, new incidents and drafts wait in the outbox and are sent
        once, in order, when it answers again; status changes, severity changes, closing and status-page posts need it live.
      </p>
      {ticketing.lastError !== null && <p className="muted">{ticketing.lastError}</p>}
    </div>
  );
}
