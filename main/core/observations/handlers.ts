import type { AreaHandlers } from '../api/handlers.js';
import type { CoreContext } from '../core-context.js';
import { metricHistory } from './metric-history.js';
import { recentLogs } from './recent-logs.js';

export function observationHandlers(ctx: CoreContext): AreaHandlers<'fleet.metrics' | 'fleet.logs'> {
  return {
    'fleet.metrics': (input) => metricHistory(ctx, input),
    'fleet.logs': (input) => recentLogs(ctx, input),
  };
}
