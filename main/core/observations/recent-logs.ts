import { OpsFailure } from '../../../shared/contract/errors.js';
import type { RecentLogs } from '../../../shared/contract/observations.js';
import { callBackend, timeoutOf } from '../alerts/backend-call.js';
import type { CoreContext } from '../core-context.js';

export interface RecentLogsRequest {
  environmentId: string;
  minutes: number;
  limit: number;
}

/** Recent error lines from the log search the environment is bound to; none (and no source) without a binding. */
export async function recentLogs(ctx: CoreContext, request: RecentLogsRequest): Promise<RecentLogs> {
  const { environmentId, minutes, limit } = request;
  const env = ctx.fleet().watchedEnvironment(environmentId);
  const since = ctx.clock.now() - minutes * 60_000;
  const binding = env.binding.logs;
  if (!binding) return { environmentId, connectionId: null, since, lines: [] };
  const connector = ctx.connectors().get(binding.from);
  if (!connector) throw new OpsFailure('unavailable', `log source "${binding.from}" of ${environmentId} is not connected`);
  const search = connector.logs;
  if (!search) throw new OpsFailure('unavailable', `${connector.name} (${connector.kind}) cannot search logs; bind ${environmentId}'s logs to an Elasticsearch backend`);
  const lines = await callBackend(connector, `the error logs of ${environmentId}`, timeoutOf(ctx.definition().backends, connector.id), undefined, (signal) =>
    search.recentErrors({ env, since, limit }, signal),
  );
  return { environmentId, connectionId: connector.id, since, lines: [...lines].sort((a, b) => b.at - a.at).slice(0, limit) };
}
