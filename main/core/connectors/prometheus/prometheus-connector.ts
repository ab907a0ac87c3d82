import type { Clock } from '../../clock.js';
import { ConnectorError, type BackendClient } from '../../http/backend-client.js';
import type { AlertSource, BackendAlert, CheckMetricSource, Connector, HistoryRequest, MetricHistorySource, Probe } from '../capabilities.js';
import { backendAlert, labelFingerprint } from './alert-labels.js';
import { PrometheusApi } from './prometheus-api.js';
import { PrometheusHealth } from './prometheus-health.js';
import { checkQuery, hostMatcher, rangeStepSeconds, type PrometheusDefinition } from './queries.js';

/** An endpoint a Prometheus-compatible engine may not offer (Mimir has no /api/v1/targets): the probe leaves its part out. */
async function unlessMissing<T>(answer: Promise<T>): Promise<T | null> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof ConnectorError && (error.status === 404 || error.status === 501)) return null;
    throw error;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * A Prometheus HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics): fleet health from
 * instant queries, metric history from range queries, firing alerts from its rules.
 */
export class PrometheusConnector implements Connector, AlertSource, MetricHistorySource {
  readonly kind = 'prometheus';
  readonly id: string;
  readonly name: string;
  readonly health: PrometheusHealth;
  readonly probe: Probe = { probe: (signal) => this.describe(signal) };
  /** Post-deploy metric checks: an instant query, every series with its value. */
  readonly checks: CheckMetricSource = {
    metric: async (query, signal) => (await this.api.instant(query, signal)).map(({ metric, value }) => ({ labels: metric, value: value[1] })),
  };
  private readonly api: PrometheusApi;

  constructor(
    private readonly definition: PrometheusDefinition,
    client: BackendClient,
    clock: Clock,
    log: (line: string) => void,
  ) {
    this.id = definition.id;
    this.name = definition.name ?? definition.id;
    this.api = new PrometheusApi(client, `Prometheus "${definition.id}"`);
    this.health = new PrometheusHealth(definition, this.api, clock, log);
  }

  get alerts(): AlertSource {
    return this;
  }

  get metrics(): MetricHistorySource {
    return this;
  }

  close(): void {
    this.health.stop();
  }

  /** Firing alerts only: a pending one has not yet held for its `for` duration. */
  async listAlerts(signal: AbortSignal): Promise<BackendAlert[]> {
    const alerts = await this.api.alerts(signal);
    return alerts
      .filter((alert) => alert.state === 'firing')
      .map((alert) =>
        backendAlert({
          fingerprint: labelFingerprint(alert.labels),
          labels: alert.labels,
          annotations: alert.annotations,
          startsAt: alert.activeAt,
          silencedBy: [],
        }),
      );
  }

  async history(request: HistoryRequest, signal: AbortSignal): Promise<Array<{ server: string; points: Array<[number, number]> }>> {
    if (request.servers.length === 0) return [];
    const label = this.definition.instanceLabel;
    const instances = request.servers.map((server) => server.instance ?? server.name);
    const query = checkQuery(this.definition, request.check, hostMatcher(label, instances));
    const step = rangeStepSeconds(request.start, request.end, request.stepMs);
    const series = await this.api.range(query, request.start / 1000, request.end / 1000, step, signal);
    const byInstance = new Map<string, Array<[number, number]>>();
    for (const { metric, values } of series) {
      const instance = metric[label];
      if (instance === undefined) continue;
      // A chart cannot draw NaN or infinities (no data, a division by zero): they become gaps.
      const points = values.filter(([, value]) => Number.isFinite(value)).map(([seconds, value]): [number, number] => [Math.round(seconds * 1000), value]);
      byInstance.set(instance, points);
    }
    return request.servers.map((server, i) => ({ server: server.name, points: byInstance.get(instances[i] ?? server.name) ?? [] }));
  }

  /** "Prometheus 2.42.0 · 3/3 targets up · 2 alert rules"; the counts only where the engine has those endpoints. */
  private async describe(signal: AbortSignal): Promise<{ version: string }> {
    const [version, targets, rules] = await Promise.all([
      this.api.version(signal),
      unlessMissing(this.api.targets(signal)),
      unlessMissing(this.api.alertRuleCount(signal)),
    ]);
    const parts = [`Prometheus ${version}`];
    if (targets) parts.push(`${targets.filter((target) => target.health === 'up').length}/${targets.length} targets up`);
    if (rules !== null) parts.push(plural(rules, 'alert rule'));
    return { version: parts.join(' · ') };
  }
}
