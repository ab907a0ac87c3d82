import type { LogLine } from '../../../../shared/contract/observations.js';
import type { BackendDefinition } from '../../../../shared/fleet-definition/schema.js';
import type { BackendClient } from '../../http/backend-client.js';
import type { Connector, LogRequest, LogSearch, Probe } from '../capabilities.js';
import { ElasticsearchApi } from './elasticsearch-api.js';
import { errorSearch, logLineOf } from './error-logs.js';

type ElasticsearchDefinition = Extract<BackendDefinition, { kind: 'elasticsearch' }>;

/** Elasticsearch: an environment's recent error log lines, and a version check. */
export class ElasticsearchConnector implements Connector, LogSearch {
  readonly kind = 'elasticsearch';
  readonly name: string;
  readonly probe: Probe = { probe: async (signal) => ({ version: `Elasticsearch ${await this.api.version(this.whileOpen(signal))}` }) };
  private readonly api: ElasticsearchApi;
  private readonly closed = new AbortController();

  constructor(
    private readonly definition: ElasticsearchDefinition,
    client: BackendClient,
  ) {
    this.name = definition.name ?? 'Elasticsearch';
    this.api = new ElasticsearchApi(client, `Elasticsearch "${definition.id}"`);
  }

  get id(): string {
    return this.definition.id;
  }

  get logs(): LogSearch {
    return this;
  }

  /** Error lines of the environment's index (and query, when the fleet file gives one), newest first. */
  async recentErrors(request: LogRequest, signal: AbortSignal): Promise<LogLine[]> {
    const binding = request.env.binding.logs;
    if (!binding) return [];
    const hits = await this.api.search(binding.index, errorSearch(request.since, request.limit, binding.query), this.whileOpen(signal));
    return hits.flatMap((hit) => logLineOf(hit) ?? []);
  }

  close(): void {
    this.closed.abort();
  }

  private whileOpen(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, this.closed.signal]);
  }
}
