import { OpsFailure } from '../../../shared/contract/errors.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { CoreContext } from '../core-context.js';

// PLACEHOLDER (replaced by the observations work before anything lands).
export function observationHandlers(_ctx: CoreContext): AreaHandlers<'fleet.metrics' | 'fleet.logs'> {
  const todo = (): never => {
    throw new OpsFailure('unavailable', 'metric history and logs are not built yet');
  };
  return { 'fleet.metrics': todo, 'fleet.logs': todo };
}
