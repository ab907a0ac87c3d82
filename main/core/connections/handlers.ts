import { OpsFailure } from '../../../shared/contract/errors.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { CoreContext } from '../core-context.js';

// PLACEHOLDER (replaced by the connections work before anything lands).
export function connectionHandlers(_ctx: CoreContext): AreaHandlers<'connections.list' | 'connections.save' | 'connections.remove' | 'connections.test'> {
  const todo = (): never => {
    throw new OpsFailure('unavailable', 'connections are not built yet');
  };
  return { 'connections.list': todo, 'connections.save': todo, 'connections.remove': todo, 'connections.test': todo };
}
