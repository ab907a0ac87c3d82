import type { AreaHandlers } from '../api/handlers.js';
import type { AlertService } from './alert-service.js';

export function alertHandlers(alerts: AlertService): AreaHandlers<'alerts.list' | 'alerts.acknowledge' | 'silences.list' | 'silences.create' | 'silences.expire'> {
  return {
    'alerts.list': () => alerts.list(),
    'alerts.acknowledge': ({ key }) => alerts.acknowledge(key),
    'silences.list': ({ connectionId }) => alerts.listSilences(connectionId),
    'silences.create': ({ connectionId, matchers, durationMinutes, comment }) => alerts.createSilence({ connectionId, matchers, durationMinutes, comment }),
    'silences.expire': async ({ connectionId, silenceId }) => {
      await alerts.expireSilence(connectionId, silenceId);
      return { silenceId };
    },
  };
}
