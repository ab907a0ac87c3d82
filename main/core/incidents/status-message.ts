import type { Incident, IncidentImpact } from '../../../shared/contract/incidents.js';
import type { StatusMessagePlaceholder, StatusMessages } from '../../../shared/fleet-definition/incidents.js';
import type { FleetDefinition, RegionDefinition } from '../../../shared/fleet-definition/schema.js';
import { formatDayLong, zonedTime } from '../../../shared/time/zoned-time.js';
import { incidentScope } from './incident-scope.js';

/**
 * A status-page message: the fleet file's template for the status, filled in with the incident's
 * scope by name, its impact in words, and times in each region's own local time (customers read
 * the time of their region, with the zone's abbreviation for that date).
 */

/** Names shown before the rest are counted: a message is read, not scanned. */
const MAX_NAMES = 8;

/** "A", "A and B", "A, B and C"; past eight, "… and 4 more". */
export function listInWords(names: readonly string[]): string {
  const shown = names.length > MAX_NAMES ? [...names.slice(0, MAX_NAMES), `${names.length - MAX_NAMES} more`] : [...names];
  const last = shown.pop();
  if (last === undefined) return '';
  return shown.length === 0 ? last : `${shown.join(', ')} and ${last}`;
}

/** "09:05 AEDT on Tuesday 8 December 2026": an instant as a region's people read it. */
export function localTimeInWords(at: number, timeZone: string): string {
  const time = zonedTime(at, timeZone);
  return `${time.local.slice(11, 16)} ${time.abbreviation} on ${formatDayLong(at, timeZone)}`;
}

/** The instant in each region's local time, naming the region; in UTC when the scope reaches no region. */
function regionTimes(at: number, regions: readonly RegionDefinition[]): string {
  if (regions.length === 0) return localTimeInWords(at, 'UTC');
  return listInWords(regions.map((region) => `${localTimeInWords(at, region.timeZone)} in ${region.name}`));
}

/** The features affected, as a phrase a sentence can end with; empty when none are said. */
export function impactInWords(impact: IncidentImpact): string {
  return impact.features.replace(/[\s.]+$/, '');
}

export type PublicStatus = keyof StatusMessages;

/** The placeholders every incident message fills in: the scope by name, the impact, and times in each region's local time. `at` is `{time}`. */
export function incidentValues(definition: FleetDefinition, incident: Pick<Incident, 'title' | 'impact' | 'declaredAt'>, at: number): Record<StatusMessagePlaceholder, string> {
  const scope = incidentScope(definition, incident.impact);
  return {
    title: incident.title,
    impact: impactInWords(incident.impact) || 'details to follow',
    regions: listInWords(scope.regions.map((region) => region.name)) || 'all regions',
    customers: listInWords(scope.customers) || 'all customers',
    environments: listInWords(scope.environments) || 'all environments',
    since: regionTimes(incident.declaredAt, scope.regions),
    time: regionTimes(at, scope.regions),
  };
}

/** The template with its placeholders filled in; one without a value stays as written (the fleet file's schema refuses unknown ones). */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The instant in each region of the incident's scope, in its local time. */
export function incidentTimes(definition: FleetDefinition, incident: Pick<Incident, 'impact'>, at: number): string {
  return regionTimes(at, incidentScope(definition, incident.impact).regions);
}

/**
 * @param at When the message is posted: `{time}`.
 */
export function statusMessage(
  definition: FleetDefinition,
  incident: Pick<Incident, 'title' | 'impact' | 'declaredAt'>,
  status: PublicStatus,
  at: number,
): string {
  return fillTemplate(definition.incidents.statusMessages[status], incidentValues(definition, incident, at));
}
