import type { z } from 'zod';
import type { ServicenowBackend } from '../../../../shared/fleet-definition/schema.js';
import type { BackendClient } from '../../http/backend-client.js';
import type { Connector, Probe, Ticketing } from '../capabilities.js';
import { ServicenowApi } from './servicenow-api.js';
import { ServicenowTicketing } from './servicenow-ticketing.js';

type ServicenowDefinition = z.infer<typeof ServicenowBackend>;

/** ServiceNow: the ticketing system of record (incidents through the Table API, work notes and comments in the journal). */
export class ServicenowConnector implements Connector {
  readonly kind = 'servicenow';
  readonly id: string;
  readonly name: string;
  readonly probe: Probe = { probe: async (signal) => ({ version: `ServiceNow, ${await this.api.incidentCount(this.whileOpen(signal))} incidents readable` }) };
  readonly ticketing: Ticketing;
  private readonly api: ServicenowApi;
  private readonly closed = new AbortController();

  constructor(definition: ServicenowDefinition, client: BackendClient) {
    this.id = definition.id;
    this.name = definition.name ?? 'ServiceNow';
    this.api = new ServicenowApi(client, `ServiceNow "${definition.id}"`, definition.recordField);
    this.ticketing = new ServicenowTicketing(
      this.api,
      {
        instanceUrl: definition.url ?? null,
        assignmentGroup: definition.assignmentGroup ?? null,
        states: definition.states,
        severities: definition.severities,
        closeCode: definition.closeCode,
        holdReason: definition.holdReason,
      },
      (signal) => this.whileOpen(signal),
    );
  }

  close(): void {
    this.closed.abort();
  }

  private whileOpen(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, this.closed.signal]);
  }
}
