import type { Incident, IncidentReview } from '../../../shared/contract/incidents.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { ReviewPage } from '../connectors/capabilities.js';
import { incidentTimes, incidentValues } from './status-message.js';

/**
 * The lessons-learnt review as a wiki page in Confluence's storage format (XHTML): every text the
 * people wrote is escaped, so a "<" or an "&" in a root cause is shown as written and never breaks
 * the page; times are in each region's local time, as the incident's other messages say them.
 */

/** XML's five predefined entities: the only ones storage format takes (it has no &nbsp; and the like). */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Paragraphs of a text, each line kept (a line break within a paragraph is a <br/>). */
function paragraphs(text: string): string {
  if (text.trim() === '') return '<p><em>Not written.</em></p>';
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.split('\n').map(escapeXml).join('<br/>')}</p>`)
    .join('');
}

function section(title: string, body: string): string {
  return `<h2>${escapeXml(title)}</h2>${body}`;
}

export function reviewPageTitle(incident: Pick<Incident, 'id' | 'title'>): string {
  return `${incident.id}: ${incident.title} (lessons-learnt review)`;
}

export function reviewPage(definition: FleetDefinition, incident: Incident, review: IncidentReview, consoleLink: string, ticket: string | null): ReviewPage {
  const values = incidentValues(definition, incident, incident.declaredAt);
  const resolved = incident.history.find((change) => change.status === 'resolved');
  const facts: Array<[string, string]> = [
    ['Severity', incident.severity.toUpperCase()],
    ['Declared', values.since],
    ['Resolved', resolved ? incidentTimes(definition, incident, resolved.at) : 'not resolved'],
    ['Regions', values.regions],
    ['Customers', values.customers],
    ['Affected', values.impact],
    ['Commander', incident.commander ?? 'nobody'],
    ['Ticket', ticket ?? 'none'],
  ];
  const factRows = facts.map(([name, value]) => `<tr><th>${escapeXml(name)}</th><td>${escapeXml(value)}</td></tr>`).join('');
  const timeline = review.timeline.map((entry) => `<li><strong>${escapeXml(incidentTimes(definition, incident, entry.at))}</strong>: ${escapeXml(entry.text)}</li>`).join('');
  const items = review.actionItems
    .map((item) => `<tr><td>${escapeXml(item.title)}</td><td>${escapeXml(item.owner)}</td><td>${escapeXml(item.due ?? '')}</td><td>${escapeXml(item.ticket)}</td></tr>`)
    .join('');
  const body = [
    `<p><a href="${escapeXml(consoleLink)}">Open the incident in Watchfloor</a></p>`,
    `<table><tbody>${factRows}</tbody></table>`,
    section('Summary', paragraphs(review.summary)),
    section('Root cause', paragraphs(review.rootCause)),
    review.customerRootCause ? section('Root cause for customers', paragraphs(review.customerRootCause)) : '',
    section('What went well', paragraphs(review.wentWell)),
    section('What went badly', paragraphs(review.wentBadly)),
    section('Timeline', timeline === '' ? '<p><em>None.</em></p>' : `<ul>${timeline}</ul>`),
    section('Action items', `<table><tbody><tr><th>Action</th><th>Owner</th><th>Due</th><th>Ticket</th></tr>${items}</tbody></table>`),
  ].join('');
  return { incidentId: incident.id, title: reviewPageTitle(incident), body };
}
