import type { MethodsOf } from '../../../shared/contract/methods.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { IncidentService } from './incident-service.js';

export function incidentHandlers(incidents: IncidentService): AreaHandlers<MethodsOf<'incidents'>> {
  return {
    'incidents.list': () => incidents.list(),
    'incidents.get': ({ id }) => incidents.get(id),
    'incidents.scope': ({ alertKeys, environmentIds }) => incidents.scope(alertKeys, environmentIds),
    'incidents.declare': ({ title, severity, impact, commander, responders, alertKeys }, run) => incidents.declare({ title, severity, impact, commander, responders, alertKeys }, run),
    'incidents.setStatus': ({ id, status, hold, note }, run) => incidents.setStatus(id, status, hold, note, run),
    'incidents.setSeverity': ({ id, severity, reason }, run) => incidents.setSeverity(id, severity, reason, run),
    'incidents.addNote': ({ id, text, visibility }, run) => incidents.addNote(id, text, visibility, run),
    'incidents.acknowledge': ({ id }, run) => incidents.acknowledge(id, run),
    'incidents.handOver': ({ id, commander }, run) => incidents.handOver(id, commander, run),
    'incidents.linkAlerts': ({ id, alertKeys }, run) => incidents.linkAlerts(id, alertKeys, run),
    'incidents.recordComms': ({ id, itemId, to, said }, run) => incidents.recordComms(id, itemId, to, said, run),
    'incidents.saveReview': ({ id, review }, run) => incidents.saveReview(id, review, run),
    'incidents.createActionTickets': ({ id }, run) => incidents.createActionTickets(id, run),
    'incidents.close': ({ id }, run) => incidents.close(id, run),
    'incidents.previewStatusPost': ({ id, status }) => incidents.previewStatusPost(id, status),
    'incidents.saveStatusDraft': ({ id, status, body }, run) => incidents.saveStatusDraft(id, status, body, run),
    'incidents.publish': ({ id, status, body, componentImpact, notifySubscribers }, run) => incidents.publish(id, { status, body, componentImpact, notifySubscribers }, run),
    'incidents.withdraw': ({ entryId }) => incidents.withdraw(entryId),
    'incidents.resolveConflict': ({ entryId, action }) => incidents.resolveConflict(entryId, action),
  };
}
