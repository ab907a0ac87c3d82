import type { z } from 'zod';
import type { RedmineBackend } from '../../../../shared/fleet-definition/schema.js';
import type { BackendClient } from '../../http/backend-client.js';
import type { Connector, Probe, Ticketing } from '../capabilities.js';
import { RedmineApi } from './redmine-api.js';
import { RedmineTicketing } from './redmine-ticketing.js';

type RedmineDefinition = z.infer<typeof RedmineBackend>;

/** Redmine: the ticketing system of record (issues, journals as comments, the console's id and record in custom fields). */
export class RedmineConnector implements Connector {
  readonly kind = 'redmine';
  readonly id: string;
  readonly name: string;
  readonly probe: Probe = { probe: async (signal) => ({ version: `Redmine, ${(await this.api.statuses(this.whileOpen(signal))).length} issue statuses` }) };
  readonly ticketing: Ticketing;
  private readonly api: RedmineApi;
  private readonly closed = new AbortController();

  constructor(definition: RedmineDefinition, client: BackendClient) {
    this.id = definition.id;
    this.name = definition.name ?? 'Redmine';
    this.api = new RedmineApi(client, `Redmine "${definition.id}"`);
    this.ticketing = new RedmineTicketing(
      this.api,
      {
        project: definition.project,
        trackerId: definition.trackerId,
        markerFieldId: definition.markerFieldId,
        recordFieldId: definition.recordFieldId,
        statuses: definition.statuses,
        webUrl: definition.url === undefined ? null : definition.url.replace(/\/+$/, ''),
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
