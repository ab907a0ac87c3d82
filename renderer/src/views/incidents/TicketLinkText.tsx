import type { TicketLink } from '../../../../shared/contract/incidents.js';
import { safeLink } from '../alerts/alert-model.js';

/** The ticket's key, a link where the backend gave a web address; "not yet created" while it waits in the outbox. */
export function TicketLinkText({ ticket }: { ticket: TicketLink | null }) {
  if (ticket === null) return <span className="muted">No ticket</span>;
  const href = safeLink(ticket.url);
  const title = `${ticket.displayKey} in ${ticket.connectionId}: ${ticket.status}${ticket.syncedAt === null ? ' (not yet sent)' : ''}`;
  if (href === null) {
    return (
      <span className="ticket-key" title={title}>
        {ticket.displayKey}
      </span>
    );
  }
  return (
    <a className="ticket-key" href={href} target="_blank" rel="noopener noreferrer" title={title}>
      {ticket.displayKey}
    </a>
  );
}
