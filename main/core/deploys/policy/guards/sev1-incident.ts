import { openIncidents } from '../../../alerts/open-incidents.js';
import { guardResult, type Guard, type GuardTarget } from './guard-context.js';

const LABEL = 'No open severity-one incident';

/** An environment with an open severity-one incident is not deployed to; a rollback may answer it, so a rollback passes. */
export const sev1IncidentGuard: Guard = ({ facts, request, targets }) => {
  const byId = new Map(targets.map((target) => [target.entry.definition.id, target]));
  const hit = new Map<GuardTarget, string[]>();
  for (const incident of openIncidents(facts.alerts)) {
    const target = byId.get(incident.environmentId);
    if (!target) continue;
    const list = hit.get(target);
    if (list) list.push(incident.summary);
    else hit.set(target, [incident.summary]);
  }
  if (hit.size === 0) return guardResult('sev1-incident', LABEL, true, [], 'no open severity-one incident on the targets');
  const failing = [...hit.keys()];
  const described = [...hit.entries()]
    .slice(0, 3)
    .map(([target, summaries]) => `${target.entry.watched.view.name} (${summaries.slice(0, 2).join('; ')})`);
  const more = hit.size > 3 ? ` and ${hit.size - 3} more` : '';
  const text = `open severity-one incident on ${described.join(', ')}${more}`;
  if (request.action === 'rollback') return guardResult('sev1-incident', LABEL, true, failing, `${text}; a rollback may answer it, so it is not blocked`);
  return guardResult('sev1-incident', LABEL, false, failing, text);
};
