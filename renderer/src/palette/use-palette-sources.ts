import { useMemo } from 'react';
import { useFleetSnapshot, useSystemInfo } from '../api/queries.js';
import { VIEW_TITLES, VIEWS } from '../state/view-store.js';
import { useDeploysOverview } from '../views/deploys/deploys-queries.js';
import { ACTION_LABELS, STATE_LABELS } from '../views/deploys/deploys-labels.js';
import { fleetModelOf } from '../views/fleet/fleet-model.js';
import { SEVERITY_NAMES, STATUS_NAMES } from '../views/incidents/incident-labels.js';
import { useIncidentList } from '../views/incidents/incidents-queries.js';
import { candidate, type PaletteCandidate, type PaletteSources } from './palette-search.js';

function actionCandidates(): PaletteCandidate[] {
  return [
    candidate({ key: 'action:declare', target: { kind: 'declare', environmentId: null }, label: 'Declare an incident…', detail: 'Opens the declare dialog' }),
    candidate({ key: 'action:deploy', target: { kind: 'deploy', action: 'deploy', environmentId: null }, label: 'Deploy…', detail: 'Opens the deploy dialog' }),
    candidate({ key: 'action:rollback', target: { kind: 'deploy', action: 'rollback', environmentId: null }, label: 'Roll back…', detail: 'Opens the rollback dialog' }, 'rollback'),
  ];
}

/** What the palette searches, from the queries the views already keep (fetched if not yet held). */
export function usePaletteSources(): PaletteSources {
  const snapshot = useFleetSnapshot().data;
  const readOnly = useSystemInfo().data?.readOnly ?? false;
  const incidents = useIncidentList().data?.items;
  const deployments = useDeploysOverview().data?.deployments;

  const candidates = useMemo(() => {
    const list: PaletteCandidate[] = VIEWS.map((view) => candidate({ key: `view:${view}`, target: { kind: 'view', view }, label: VIEW_TITLES[view], detail: 'View' }));
    if (!readOnly) list.push(...actionCandidates());
    for (const region of snapshot?.regions ?? []) {
      list.push(candidate({ key: `region:${region.id}`, target: { kind: 'region', id: region.id }, label: region.name, detail: 'Region: the fleet filtered to it' }, region.id));
    }
    for (const [index, name] of (snapshot?.tenants.name ?? []).entries()) {
      list.push(candidate({ key: `tenant:${index}`, target: { kind: 'tenant', name }, label: name, detail: 'Tenant: the fleet searched for it' }));
    }
    for (const incident of incidents ?? []) {
      list.push(
        candidate(
          { key: `incident:${incident.id}`, target: { kind: 'incident', id: incident.id }, label: incident.title, detail: `Incident ${incident.id} · ${SEVERITY_NAMES[incident.severity]} · ${STATUS_NAMES[incident.status]}` },
          incident.id,
        ),
      );
    }
    for (const deployment of deployments ?? []) {
      list.push(
        candidate(
          {
            key: `deployment:${deployment.id}`,
            target: { kind: 'deployment', id: deployment.id },
            label: `${ACTION_LABELS[deployment.action]} ${deployment.version} to ${deployment.environmentId}`,
            detail: `Deployment · ${deployment.tenantName} · ${STATE_LABELS[deployment.state]}`,
          },
          deployment.id,
        ),
      );
    }
    return list;
  }, [readOnly, snapshot, incidents, deployments]);

  return { candidates, fleet: snapshot === undefined ? null : fleetModelOf(snapshot), readOnly };
}
