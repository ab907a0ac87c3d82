import type { Incident } from '../../../shared/contract/incidents.js';
import type { OutboxPayload } from './outbox-entry.js';

/**
 * What an outbox entry changes in the console's record of the incident: applied to the ticket's
 * record when it is sent, and to the cached incident while it waits, so the page shows it pending.
 * Notes, status-update drafts and the declaration change nothing here (each is a ticket comment, or the ticket itself).
 */
export function applyPayload(incident: Incident, payload: OutboxPayload): Incident {
  switch (payload.kind) {
    case 'acknowledge':
      return incident.responders.includes(payload.by) ? incident : { ...incident, responders: [...incident.responders, payload.by] };
    case 'comms': {
      const { record } = payload;
      const known = incident.communications.some((done) => done.itemId === record.itemId && done.at === record.at && done.by === record.by);
      return known ? incident : { ...incident, communications: [...incident.communications, record] };
    }
    case 'review-draft':
      return { ...incident, review: payload.review };
    case 'declare':
    case 'note':
    case 'status-draft':
      return incident;
  }
}
