import type { CorrelatedChange, Incident, SlaClockView } from '../../../shared/contract/incidents.js';
import type { ChatMessagePlaceholder } from '../../../shared/fleet-definition/incidents.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import { DEEP_LINK_SCHEME, routeOf } from '../../../shared/routes/deep-link.js';
import type { ChatMessage } from '../connectors/capabilities.js';
import { fillTemplate, incidentTimes, incidentValues } from './status-message.js';

/**
 * What an incident's chat channel is told, derived from the incident's record alone: each event
 * has a key made from the incident and the event (the declaration, the n-th status change, a
 * status-page post at a moment, an SLA threshold, a deployment), so the same event always has the
 * same key, on any console and after any restart, and the channel's history says what was posted.
 */

export interface ChatFacts {
  definition: FleetDefinition;
  incident: Incident;
  /** The ticket of record, once it exists. */
  ticket: { displayKey: string; url: string | null } | null;
  sla: readonly SlaClockView[];
  /** Deployments and rollbacks in scope before the first alert (the incident page's correlation). */
  correlation: readonly CorrelatedChange[];
  /** Where links into the console lead (`watchfloor://`, or the browser host's address). */
  consoleUrl: string;
  now: number;
}

/** The console's deep link to the incident: `watchfloor://incident/<id>` or the browser host's `#incident/<id>`. */
export function incidentLink(consoleUrl: string, incidentId: string): string {
  const route = routeOf({ kind: 'incident', id: incidentId });
  if (consoleUrl.startsWith(`${DEEP_LINK_SCHEME}:`)) return `${DEEP_LINK_SCHEME}://${route}`;
  return `${consoleUrl.replace(/#.*$/, '')}#${route}`;
}

const SEVERITY_NAMES = { sev1: 'Sev1', sev2: 'Sev2', sev3: 'Sev3', sev4: 'Sev4' } as const;

function ticketInWords(ticket: ChatFacts['ticket']): string {
  if (ticket === null) return 'not made yet';
  return ticket.url ? `${ticket.displayKey} (${ticket.url})` : ticket.displayKey;
}

/** The card pinned in the channel: the incident as it stands, updated in place. */
export function statusCard(facts: ChatFacts): ChatMessage {
  const { definition, incident, now } = facts;
  const values = incidentValues(definition, incident, now);
  const hold = incident.hold ? ` (on hold: ${incident.hold})` : '';
  const statusPage = incident.statusPageUrl ?? (incident.statusPageIncidentId ? 'posted' : 'not posted');
  return {
    key: `${incident.id}.card`,
    title: `${incident.id} ${SEVERITY_NAMES[incident.severity]}: ${incident.title}`,
    lines: [
      `Status: ${incident.status}${hold}`,
      `Regions: ${values.regions}. Customers: ${values.customers}.`,
      `Affected: ${values.impact}`,
      `Commander: ${incident.commander ?? 'nobody yet'}. Responders: ${incident.responders.join(', ') || 'none yet'}.`,
      `Ticket: ${ticketInWords(facts.ticket)}. Status page: ${statusPage}.`,
      `Declared ${values.since}.`,
      ...(incident.reviewPageUrl ? [`Lessons-learnt review: ${incident.reviewPageUrl}`] : []),
    ],
    link: incidentLink(facts.consoleUrl, incident.id),
  };
}

/** Every event of the incident that is posted to its channel, oldest first. */
export function chatPosts(facts: ChatFacts): ChatMessage[] {
  const { definition, incident } = facts;
  const templates = definition.incidents.chatMessages;
  const link = incidentLink(facts.consoleUrl, incident.id);
  const base = {
    ...incidentValues(definition, incident, facts.now),
    severity: SEVERITY_NAMES[incident.severity],
    commander: incident.commander ?? 'nobody yet',
    ticket: ticketInWords(facts.ticket),
    status: incident.status,
  };
  const message = (key: string, title: string, template: string, values: Partial<Record<ChatMessagePlaceholder, string>>, at: number): ChatMessage => ({
    key: `${incident.id}.${key}`,
    title,
    lines: [fillTemplate(template, { ...base, time: incidentTimes(definition, incident, at), ...values })],
    link,
  });
  const name = `${incident.id} ${SEVERITY_NAMES[incident.severity]}`;
  const declared = incident.history[0];
  const first = message('declared', `${name} declared: ${incident.title}`, templates.declared, { by: declared?.by ?? '' }, incident.declaredAt);
  const posts: Array<{ at: number; post: ChatMessage }> = [];
  incident.history.forEach((change, index) => {
    const previous = incident.history[index - 1];
    if (previous === undefined || previous.status === change.status) return;
    const template = change.status === 'resolved' ? templates.resolved : change.status === 'closed' ? templates.closed : templates.status;
    const values = { status: change.status, previous: previous.status, by: change.by };
    posts.push({ at: change.at, post: message(`status.${index}`, `${name} ${change.status}`, template, values, change.at) });
  });
  for (const record of incident.communications) {
    if (record.to !== 'status page') continue;
    posts.push({ at: record.at, post: message(`status-page.${record.at}`, `${name} status page updated`, templates.statusPage, { by: record.by, said: record.said }, record.at) });
  }
  for (const clock of facts.sla) {
    for (const warning of clock.warnings) {
      if (!warning.passed || warning.at === null) continue;
      const values = { clock: clock.kind, percent: String(warning.percent) };
      posts.push({ at: warning.at, post: message(`sla.${clock.kind}.${warning.percent}`, `${name} SLA warning`, templates.slaWarning, values, warning.at) });
    }
    if (clock.breached && clock.breachAt !== null) {
      posts.push({ at: clock.breachAt, post: message(`sla.${clock.kind}.breached`, `${name} SLA breached`, templates.slaBreach, { clock: clock.kind }, clock.breachAt) });
    }
  }
  for (const change of facts.correlation) {
    if (change.kind === 'maintenance') continue;
    const template = change.kind === 'rollback' ? templates.rollback : templates.deployment;
    const values = { change: change.title, state: change.state, since: incidentTimes(definition, incident, change.startedAt) };
    posts.push({ at: change.startedAt, post: message(`${change.kind}.${change.id}`, `${name} ${change.kind === 'rollback' ? 'rollback' : 'suspected deployment'}`, template, values, change.startedAt) });
  }
  // The declaration first (a suspected deployment started before it); then in time, events at the same moment in the order listed.
  return [first, ...posts.sort((a, b) => a.at - b.at).map((entry) => entry.post)];
}
