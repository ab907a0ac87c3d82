import type { CheckName } from '../../../../shared/contract/fleet.js';
import type { BackendDefinition } from '../../../../shared/fleet-definition/schema.js';
import type { Clock } from '../../clock.js';
import { ConnectorError, type BackendClient } from '../../http/backend-client.js';
import type { AlertSource, BackendAlert, Connector, HistoryRequest, MaintenancePublisher, MetricHistorySource, Probe } from '../capabilities.js';
import { DEFAULT_QUERIES, hostOf, scoped } from './check-queries.js';
import { DatadogApi } from './datadog-api.js';
import { DatadogHealth, serversOf } from './datadog-health.js';
import { Downtimes } from './downtimes.js';
import { alertsOf } from './monitor-alerts.js';

type DatadogDefinition = Extract<BackendDefinition, { kind: 'datadog' }>;

export interface DatadogConnectorDeps {
  client: BackendClient;
  clock: Clock;
  log: (line: string) => void;
  /** Monitors per page; Datadog allows up to 1000. */
  monitorPageSize?: number;
  /** Downtimes per page when publishing looks for its own. */
  downtimePageSize?: number;
}

/** Datadog: health from metric queries and the host list, alerts from monitors, metric history, downtimes for maintenance, and a key check. */
export class DatadogConnector implements Connector, AlertSource, MetricHistorySource {
  readonly kind = 'datadog';
  readonly name: string;
  readonly health: DatadogHealth;
  readonly probe: Probe = { probe: (signal) => this.validate(signal) };
  readonly maintenance: MaintenancePublisher;
  private readonly api: DatadogApi;
  private readonly queries: Partial<Record<CheckName, string>>;
  private readonly closed = new AbortController();

  constructor(
    private readonly definition: DatadogDefinition,
    private readonly deps: DatadogConnectorDeps,
  ) {
    this.name = definition.name ?? `Datadog (${definition.site})`;
    this.api = new DatadogApi(deps.client, `Datadog "${definition.id}"`);
    this.queries = { ...DEFAULT_QUERIES, ...definition.queries };
    this.maintenance = new Downtimes(this.api, (signal) => this.whileOpen(signal), deps.downtimePageSize);
    this.health = new DatadogHealth({
      api: this.api,
      clock: deps.clock,
      log: (line) => deps.log(`${this.api.label}: ${line}`),
      pollMs: definition.pollMs,
      queries: this.queries,
    });
  }

  get id(): string {
    return this.definition.id;
  }

  get alerts(): AlertSource {
    return this;
  }

  get metrics(): MetricHistorySource {
    return this;
  }

  async listAlerts(signal: AbortSignal): Promise<BackendAlert[]> {
    const monitors = await this.api.monitors(this.whileOpen(signal), this.deps.monitorPageSize ?? 1000);
    const now = this.deps.clock.now();
    return monitors.flatMap((monitor) => alertsOf(monitor, now));
  }

  /** The check's query over the range, one series per server; checks without a query have no history here. */
  async history(request: HistoryRequest, signal: AbortSignal): Promise<Array<{ server: string; points: Array<[number, number]> }>> {
    const template = this.queries[request.check];
    if (template === undefined) return [];
    const servers = request.servers.length > 0 ? request.servers : serversOf(request.env);
    const byHost = new Map(servers.map((server) => [server.instance ?? server.name, server.name]));
    const answer = await this.api.query(scoped(template, request.env.binding.tags), request.start, request.end, this.whileOpen(signal));
    return answer.series.flatMap((series) => {
      const host = hostOf(series);
      const server = host === undefined ? undefined : byHost.get(host);
      if (server === undefined) return [];
      const points = series.pointlist.flatMap(([at, value]): Array<[number, number]> => (value === null ? [] : [[at, value]]));
      return [{ server, points }];
    });
  }

  /**
   * Settings' "Test": the API key must be valid; the version shown is the Datadog site. Datadog
   * answers an unknown key with 403, and a key of another site is unknown here, so say both.
   */
  private async validate(signal: AbortSignal): Promise<{ version: string }> {
    const site = this.definition.site;
    let valid: boolean;
    try {
      valid = await this.api.validate(this.whileOpen(signal));
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.status !== 403) throw error;
      throw new ConnectorError('forbidden', `${this.api.label}: Datadog refused the API key (HTTP 403 Forbidden); check the key, and that it belongs to the ${site} site`, 403);
    }
    if (!valid) throw new ConnectorError('unauthorized', `${this.api.label}: Datadog says the API key is not valid for the ${site} site`);
    return { version: `Datadog (${site})` };
  }

  close(): void {
    this.health.stop();
    this.closed.abort();
  }

  private whileOpen(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, this.closed.signal]);
  }
}
