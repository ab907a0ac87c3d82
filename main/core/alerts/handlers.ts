import { OpsFailure } from '../../../shared/contract/errors.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { CoreContext } from '../core-context.js';

// PLACEHOLDER (replaced by the alerts work before anything lands).
export function alertHandlers(_ctx: CoreContext): AreaHandlers<'alerts.list' | 'alerts.acknowledge' | 'silences.list' | 'silences.create' | 'silences.expire'> {
  const todo = (): never => {
    throw new OpsFailure('unavailable', 'alerts are not built yet');
  };
  return { 'alerts.list': todo, 'alerts.acknowledge': todo, 'silences.list': todo, 'silences.create': todo, 'silences.expire': todo };
}
