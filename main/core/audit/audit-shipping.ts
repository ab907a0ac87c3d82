import type { AuditShipping as AuditShippingState } from '../../../shared/contract/audit.js';
import type { AuditShipTarget } from '../../../shared/fleet-definition/audit.js';
import { ElasticsearchApi } from '../connectors/elasticsearch/elasticsearch-api.js';
import type { BackendClient } from '../http/backend-client.js';
import type { AuditShipRepo } from '../store/audit-ship-repo.js';
import { AuditShipper, DEFAULT_SHIPPER_TIMING, type AuditSink, type ShipperTiming } from './audit-shipper.js';
import { ElasticsearchSink } from './elasticsearch-sink.js';
import { SyslogSink } from './syslog-sink.js';

export interface AuditShippingDeps {
  queue: AuditShipRepo;
  now: () => number;
  log: (line: string) => void;
  /** The client of the named Elasticsearch backend as the connectors use it; null when it cannot be reached (no URL yet). */
  elasticsearchClient: (backendId: string) => BackendClient | null;
  timing?: ShipperTiming;
}

function describe(target: AuditShipTarget): string {
  return target.type === 'elasticsearch' ? `Elasticsearch "${target.backend}", index ${target.index}` : `syslog ${target.host}:${target.port} over TCP`;
}

/**
 * The one shipper of the fleet file's `audit.ship`: started from the definition, started afresh
 * when the target or its backend's client changes, nothing when shipping is not configured.
 */
export class AuditShipping {
  private current: { settings: string; client: BackendClient | null; target: AuditShipTarget; shipper: AuditShipper | null; problem: string | null } | null = null;
  /** The previous shipper's stop: a new one starts only after it, so two never ship the same row at once. */
  private stopping: Promise<void> = Promise.resolve();
  /** The shipper started, once the one before it has stopped. */
  private live: AuditShipper | null = null;

  constructor(private readonly deps: AuditShippingDeps) {}

  configure(target: AuditShipTarget | undefined): void {
    const settings = JSON.stringify(target ?? null);
    const client = target?.type === 'elasticsearch' ? this.deps.elasticsearchClient(target.backend) : null;
    if (this.current?.settings === settings && this.current.client === client) return;
    if (this.current === null && target === undefined) return;
    this.stopCurrent();
    if (target === undefined) return;
    const sink = this.sinkOf(target, client);
    const problem = sink === null && target.type === 'elasticsearch' ? `the Elasticsearch backend "${target.backend}" has no URL yet: add it in Settings` : null;
    const shipper = sink === null ? null : new AuditShipper(this.deps.queue, sink, this.deps.now, this.deps.timing ?? DEFAULT_SHIPPER_TIMING);
    this.current = { settings, client, target, shipper, problem };
    if (problem !== null) this.deps.log(`audit shipping: ${problem}`);
    if (shipper) {
      this.stopping = this.stopping.then(() => {
        if (this.current?.shipper !== shipper) return;
        this.live = shipper;
        shipper.start();
      });
    }
  }

  /** A row was appended: ship it now rather than at the next look. */
  nudge(): void {
    this.live?.nudge();
  }

  state(): AuditShippingState | null {
    if (this.current === null) return null;
    const { target, problem } = this.current;
    return { ...this.deps.queue.state(), type: target.type, target: describe(target), problem };
  }

  async stop(): Promise<void> {
    this.stopCurrent();
    await this.stopping;
  }

  private stopCurrent(): void {
    const shipper = this.current?.shipper;
    this.current = null;
    this.live = null;
    if (!shipper) return;
    // Told now, not after the one before: the core closes its store right after, and a stopped shipper touches it no more.
    const stopped = shipper.stop();
    this.stopping = this.stopping.then(() => stopped);
  }

  private sinkOf(target: AuditShipTarget, client: BackendClient | null): AuditSink | null {
    if (target.type === 'syslog') return new SyslogSink({ host: target.host, port: target.port });
    return client === null ? null : new ElasticsearchSink(new ElasticsearchApi(client, `Elasticsearch "${target.backend}"`), target.index);
  }
}
