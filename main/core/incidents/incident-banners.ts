import { Severity, type Incident, type IncidentBanner, type IncidentStatus } from '../../../shared/contract/incidents.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import { incidentScope } from './incident-scope.js';
import { isOpen } from '../../../shared/contract/incidents.js';
import { impactInWords, localTimeInWords } from './status-message.js';

/**
 * The product dashboard's banners while incidents are open: one per region an open incident
 * reaches, in the region's own local time, shaped like the maintenance banners so both show
 * together. Regions in fleet-file order; within a region the worst severity first, then the
 * oldest. A region with no open incident has none.
 */

/** What customers are told of where the work stands; triage is still being looked at. */
const WHERE_IT_STANDS: Partial<Record<IncidentStatus, string>> = {
  triage: 'We are investigating.',
  investigating: 'We are investigating.',
  identified: 'We have found the cause and are working on a fix.',
  monitoring: 'A fix is in place and we are watching the results.',
};

export type BannerIncident = Pick<Incident, 'id' | 'severity' | 'status' | 'impact' | 'declaredAt'>;

export function incidentBanners(definition: FleetDefinition, incidents: readonly BannerIncident[]): IncidentBanner[] {
  const open = incidents
    .filter((incident) => isOpen(incident.status))
    .sort((a, b) => Severity.options.indexOf(a.severity) - Severity.options.indexOf(b.severity) || a.declaredAt - b.declaredAt || a.id.localeCompare(b.id));
  const reached = open.map((incident) => ({ incident, regions: new Set(incidentScope(definition, incident.impact).regions.map((region) => region.id)) }));
  return definition.regions.flatMap((region) =>
    reached
      .filter((entry) => entry.regions.has(region.id))
      .map(({ incident }) => {
        const impact = impactInWords(incident.impact);
        const affected = impact ? ` Affected: ${impact}.` : '';
        const text = `Service incident (${region.name}, ${region.timeZone}): since ${localTimeInWords(incident.declaredAt, region.timeZone)}.${affected} ${WHERE_IT_STANDS[incident.status] ?? ''}`;
        return { regionId: region.id, regionName: region.name, incidentId: incident.id, severity: incident.severity, text: text.trimEnd() };
      }),
  );
}
