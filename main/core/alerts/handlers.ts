import { FIRST_RUN } from '../api/dispatcher.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { AlertService } from './alert-service.js';

export function alertHandlers(alerts: AlertService): AreaHandlers<'alerts.list' | 'alerts.acknowledge' | 'silences.list' | 'silences.create' | 'silences.expire'> {
  return {
    'alerts.list': () => alerts.list(),
    'alerts.acknowledge': ({ key }) => alerts.acknowledge(key),
    'silences.list': ({ connectionId }) => alerts.listSilences(connectionId),
    'silences.create': ({ connectionId, matchers, durationMinutes, comment, idempotencyKey }, run = FIRST_RUN) =>
      alerts.createSilence({ connectionId, matchers, durationMinutes, comment }, { ...run, key: idempotencyKey }),
    'silences.expire': async ({ connectionId, silenceId }, run = FIRST_RUN) => {
      await alerts.expireSilence(connectionId, silenceId, run);
      return { silenceId };
    },
  };
}
