import { IncidentSummary, SlaClockView, type Incident } from '../../../shared/contract/incidents.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { CachedIncident } from '../store/incident-repo.js';
import { slaViewsOf, summaryWithoutSla, ticketLink, type SummaryWithoutSla } from './incident-views.js';
import type { OutboxEntry } from './outbox-entry.js';
import { clockLater, slaClocks, slaTermsOf, type SlaClocks, type SlaTerms } from './sla-clock.js';

interface Kept {
  /** The repo answers the same object for as long as the incident's row is unchanged. */
  cached: CachedIncident;
  definition: FleetDefinition;
  /** The undelivered entries' keys and states: what they change of the incident and its summary. */
  outbox: string;
  summary: SummaryWithoutSla;
  terms: SlaTerms;
  clocks: SlaClocks;
  computedAt: number;
  /** The last status change; one after `computedAt` was not yet counted then. */
  lastChangeAt: number;
}

/** What a kept summary was checked against when it was made: the contract's summary, its clocks apart. */
const SummaryPart = IncidentSummary.omit({ sla: true });
const SlaViews = SlaClockView.array();

const outboxSignature = (entries: readonly OutboxEntry[]) => entries.map((entry) => `${entry.key}:${entry.state}`).join('\n');

/**
 * Each incident's summary, kept between calls: the list asks for all of them every time, and
 * on 2,000 incidents building them (the SLA clocks above all) and the garbage it left were most
 * of its time. A summary is built again when its incident's row, its outbox entries or the fleet
 * file change; between, only the SLA clocks move on to `now`, by `clockLater`, to what
 * `slaClocks` would answer.
 */
export class IncidentSummaries {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly shown: (cached: CachedIncident, entries: readonly OutboxEntry[]) => Incident) {}

  summary(definition: FleetDefinition, cached: CachedIncident, entries: readonly OutboxEntry[], now: number): IncidentSummary {
    const { id } = cached.incident;
    const outbox = outboxSignature(entries);
    let kept = this.kept.get(id);
    const reusable = kept?.cached === cached && kept.definition === definition && kept.outbox === outbox && kept.lastChangeAt <= kept.computedAt && kept.computedAt <= now;
    if (!kept || !reusable) {
      const incident = this.shown(cached, entries);
      const terms = slaTermsOf(definition.incidents, incident.severity);
      const clocks = slaClocks(terms, incident.history, now);
      // Checked once, as made; later answers only move these clocks on (see IncidentService.list).
      SlaViews.parse(slaViewsOf(clocks, now, cached.ticket));
      const summary = SummaryPart.parse(summaryWithoutSla(incident, ticketLink(cached.ticket, cached.syncedAt), entries));
      // Shared by every later answer: nobody may change it under the next one.
      Object.freeze(summary.regions);
      if (summary.ticket) Object.freeze(summary.ticket);
      kept = { cached, definition, outbox, summary: Object.freeze(summary), terms, clocks, computedAt: now, lastChangeAt: Math.max(...incident.history.map((change) => change.at)) };
      this.kept.set(id, kept);
    }
    const { terms, clocks, computedAt } = kept;
    const later = { response: clockLater(clocks.response, terms.calendar, computedAt, now), resolution: clockLater(clocks.resolution, terms.calendar, computedAt, now) };
    return { ...kept.summary, sla: slaViewsOf(later, now, cached.ticket) };
  }

  /** Forgets the incidents no longer in the store. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.kept.keys()) if (!ids.has(id)) this.kept.delete(id);
  }
}
