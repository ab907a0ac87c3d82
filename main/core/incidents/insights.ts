import type { AlertLinkOffer, CorrelatedChange, Incident, TimelineEntry } from '../../../shared/contract/incidents.js';

/**
 * What the incident page learns from outside the incident itself: the timeline assembled with
 * alerts, deploys, windows and status-page updates, the changes correlated with it, and alerts
 * offered for linking. The incident-timeline area plugs its functions in here (one object in
 * ops-core); until then the page shows the console's own entries only.
 */
export interface IncidentInsights {
  /** `own`: the console's entries (declaration, status changes, notes, ticket comments, comms), already in order. */
  timeline(incident: Incident, own: TimelineEntry[]): TimelineEntry[];
  correlation(incident: Incident): CorrelatedChange[];
  linkOffers(incident: Incident): AlertLinkOffer[];
}

export const ownEntriesOnly: IncidentInsights = {
  timeline: (_incident, own) => own,
  correlation: () => [],
  linkOffers: () => [],
};
