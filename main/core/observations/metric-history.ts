import { createLTTB } from 'downsample';
import { OpsFailure } from '../../../shared/contract/errors.js';
import type { CheckName } from '../../../shared/contract/fleet.js';
import type { MetricHistory, MetricRange } from '../../../shared/contract/observations.js';
import { callBackend, timeoutOf } from '../alerts/backend-call.js';
import type { CoreContext } from '../core-context.js';
import { appliesTo, ruleOf } from '../fleet/health-rules.js';

/** How far back each range looks and how far apart its raw points are (a few hundred to a thousand per series). */
export const RANGE_WINDOWS: Readonly<Record<MetricRange, { spanMs: number; stepMs: number }>> = {
  '1h': { spanMs: 3_600_000, stepMs: 5_000 },
  '6h': { spanMs: 21_600_000, stepMs: 30_000 },
  '24h': { spanMs: 86_400_000, stepMs: 120_000 },
  '7d': { spanMs: 604_800_000, stepMs: 600_000 },
};

const lttb = createLTTB<[number, number]>({ x: 0, y: 1 });

/** At most `maxPoints`, chosen by LTTB so peaks and dips survive; gaps (NaN) are left out, JSON cannot carry them. */
export function downsample(points: ReadonlyArray<[number, number]>, maxPoints: number): Array<[number, number]> {
  const finite = points.filter(([at, value]) => Number.isFinite(at) && Number.isFinite(value));
  if (finite.length <= maxPoints) return finite;
  return Array.from(lttb(finite, maxPoints));
}

export interface MetricHistoryRequest {
  environmentId: string;
  check: CheckName;
  range: MetricRange;
  maxPoints: number;
}

/** One check's history on each server of an environment that has it, from the backend that watches it. */
export async function metricHistory(ctx: CoreContext, request: MetricHistoryRequest): Promise<MetricHistory> {
  const { environmentId, check, range, maxPoints } = request;
  const env = ctx.fleet().watchedEnvironment(environmentId);
  const connector = ctx.connectors().get(env.view.watchedBy);
  if (!connector) throw new OpsFailure('unavailable', `backend "${env.view.watchedBy}" that watches ${environmentId} is not connected`);
  const source = connector.metrics;
  if (!source) throw new OpsFailure('unavailable', `${connector.name} (${connector.kind}) that watches ${environmentId} keeps no metric history`);
  const rule = ruleOf(check);
  const servers = (connector.health?.servers(env) ?? []).filter((server) => appliesTo(check, server.role));
  if (servers.length === 0) throw new OpsFailure('not-found', `${environmentId} has no server with a ${rule.label} check`);
  const { spanMs, stepMs } = RANGE_WINDOWS[range];
  const end = ctx.clock.now();
  const series = await callBackend(connector, `the ${rule.label} history of ${environmentId}`, timeoutOf(ctx.definition().backends, connector.id), undefined, (signal) =>
    source.history({ env, servers, check, start: end - spanMs, end, stepMs }, signal),
  );
  return {
    environmentId,
    check,
    range,
    unit: rule.unit,
    warning: rule.warning,
    critical: rule.critical,
    connectionId: connector.id,
    series: series.map((entry) => ({ server: entry.server, points: downsample(entry.points, maxPoints) })),
  };
}
