import type { z } from 'zod';
import type { StatuspageBackend } from '../../../../shared/fleet-definition/schema.js';
import type { BackendClient } from '../../http/backend-client.js';
import type { Connector, MaintenancePublisher, Probe, StatusPageIncidents } from '../capabilities.js';
import { RealtimeIncidents } from './realtime-incidents.js';
import { ScheduledMaintenance } from './scheduled-maintenance.js';
import { StatuspageApi } from './statuspage-api.js';

type StatuspageDefinition = z.infer<typeof StatuspageBackend>;

/** Atlassian Statuspage: where planned maintenance is announced to customers, and incidents are told. */
export class StatuspageConnector implements Connector {
  readonly kind = 'statuspage';
  readonly id: string;
  readonly name: string;
  readonly probe: Probe = { probe: async (signal) => ({ version: `Statuspage page "${await this.api.page(this.whileOpen(signal))}"` }) };
  readonly maintenance: MaintenancePublisher;
  readonly statusIncidents: StatusPageIncidents;
  private readonly api: StatuspageApi;
  private readonly closed = new AbortController();

  constructor(definition: StatuspageDefinition, client: BackendClient) {
    this.id = definition.id;
    this.name = definition.name ?? 'Statuspage';
    this.api = new StatuspageApi(client, definition.pageId, `Statuspage "${definition.id}"`);
    this.maintenance = new ScheduledMaintenance(this.api, definition.components, (signal) => this.whileOpen(signal));
    this.statusIncidents = new RealtimeIncidents(this.api, definition.components, (signal) => this.whileOpen(signal));
  }

  close(): void {
    this.closed.abort();
  }

  private whileOpen(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, this.closed.signal]);
  }
}
