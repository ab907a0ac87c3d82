import type { z } from 'zod';
import type { ConfluenceBackend } from '../../../../shared/fleet-definition/schema.js';
import type { BackendClient } from '../../http/backend-client.js';
import type { Connector, Probe, ReviewPages } from '../capabilities.js';
import { ConfluenceApi } from './confluence-api.js';
import { ConfluenceReviews } from './confluence-reviews.js';

type ConfluenceDefinition = z.infer<typeof ConfluenceBackend>;

/** Confluence Cloud: where lessons-learnt reviews are published and runbooks are kept. */
export class ConfluenceConnector implements Connector {
  readonly kind = 'confluence';
  readonly id: string;
  readonly name: string;
  readonly probe: Probe = {
    probe: async (signal) => ({ version: `Confluence Cloud, space "${await this.api.space(this.spaceId, this.whileOpen(signal))}"` }),
  };
  readonly reviewPages: ReviewPages;
  private readonly api: ConfluenceApi;
  private readonly spaceId: string;
  private readonly closed = new AbortController();

  constructor(definition: ConfluenceDefinition, client: BackendClient) {
    this.id = definition.id;
    this.name = definition.name ?? 'Confluence';
    this.spaceId = definition.spaceId;
    this.api = new ConfluenceApi(client, `Confluence "${definition.id}"`);
    this.reviewPages = new ConfluenceReviews(
      this.api,
      { siteUrl: definition.url, spaceId: definition.spaceId, reviewsParentId: definition.reviewsParentId, runbooks: definition.runbooks },
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
