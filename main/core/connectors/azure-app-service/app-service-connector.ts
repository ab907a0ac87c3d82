import type { z } from 'zod';
import type { AzureAppServiceBackend } from '../../../../shared/fleet-definition/schema.js';
import { ConnectorError, type BackendClient } from '../../http/backend-client.js';
import { entraTokens } from '../../http/entra-token.js';
import type { Connector, DeployTarget, Probe, SlotSwapper, SwapSince } from '../capabilities.js';
import { AppServiceApi, AZURE_RESOURCE_MANAGER } from './app-service-api.js';
import { completion } from './long-running-operation.js';
import { differenceLine } from './slot-differences.js';

type AppServiceDefinition = z.infer<typeof AzureAppServiceBackend>;

/** The deployment slot a release is staged in before it is swapped into production. */
export const STAGING_SLOT = 'staging';

/** Azure App Service: swaps a site's staging slot into production, with or without preview, over the Resource Manager API. */
export class AzureAppServiceConnector implements Connector, SlotSwapper {
  readonly kind = 'azure-app-service';
  readonly id: string;
  readonly name: string;
  readonly probe: Probe = { probe: (signal) => this.check(this.whileOpen(signal)) };
  private readonly api: AppServiceApi;
  private readonly closed = new AbortController();

  constructor(
    private readonly definition: AppServiceDefinition,
    client: BackendClient,
  ) {
    this.id = definition.id;
    this.name = definition.name ?? 'Azure App Service';
    const auth = definition.auth;
    this.api = new AppServiceApi(
      client,
      new URL(definition.url ?? AZURE_RESOURCE_MANAGER),
      { subscriptionId: definition.subscriptionId, resourceGroup: definition.resourceGroup },
      `Azure App Service "${definition.id}"`,
      () => {
        if (auth.type === 'entra') entraTokens.forget(auth);
      },
    );
  }

  get slots(): SlotSwapper {
    return this;
  }

  async swap(target: DeployTarget, signal: AbortSignal): Promise<void> {
    const during = this.whileOpen(signal);
    const started = await this.api.swapWithProduction(target.remoteName, STAGING_SLOT, during);
    await completion(this.api, started, `swapping ${this.slotOf(target)} into production`, this.definition.pollMs, during);
  }

  /**
   * Azure stamps the site with its last completed swap (slotSwapStatus): one of this staging slot
   * with production stamped at or after `since` is the swap that was sent; none, or an older one, means it was not carried out.
   */
  async swappedSince(target: DeployTarget, since: number, signal: AbortSignal): Promise<SwapSince> {
    const { last, pending } = await this.api.swapState(target.remoteName, this.whileOpen(signal));
    const slots = [last?.sourceSlotName, last?.destinationSlotName].map((name) => name?.toLowerCase()).sort();
    const at = last?.timestampUtc ? Date.parse(last.timestampUtc) : Number.NaN;
    const ours = !Number.isNaN(at) && slots[0] === 'production' && slots[1] === STAGING_SLOT;
    if (ours && at >= since) return { state: 'swapped', at };
    // A swap accepted and not finished stamps nothing yet: sending another would be refused (409) or swap twice.
    if (pending) return { state: 'under-way' };
    return { state: 'not-swapped', lastAt: ours ? at : null };
  }

  async differences(target: DeployTarget, signal: AbortSignal): Promise<string[]> {
    const differences = await this.api.slotDifferences(target.remoteName, STAGING_SLOT, this.whileOpen(signal));
    return differences.map(differenceLine);
  }

  async applyProductionConfig(target: DeployTarget, signal: AbortSignal): Promise<void> {
    const during = this.whileOpen(signal);
    const started = await this.api.applySlotConfig(target.remoteName, STAGING_SLOT, during);
    await completion(this.api, started, `applying production's settings to ${this.slotOf(target)}`, this.definition.pollMs, during);
  }

  async resetConfig(target: DeployTarget, signal: AbortSignal): Promise<void> {
    const during = this.whileOpen(signal);
    const started = await this.api.resetSlotConfig(target.remoteName, during);
    await completion(this.api, started, `resetting the settings of ${this.slotOf(target)}`, this.definition.pollMs, during);
  }

  close(): void {
    this.closed.abort();
  }

  private slotOf(target: DeployTarget): string {
    return `${target.remoteName}/${STAGING_SLOT}`;
  }

  /** A token, then the resource group's sites: what every swap needs to be allowed. */
  private async check(signal: AbortSignal): Promise<{ version: string }> {
    const { resourceGroup, subscriptionId } = this.definition;
    try {
      const sites = await this.api.sites(signal);
      return { version: `Azure App Service: ${sites.length} site${sites.length === 1 ? '' : 's'} in resource group "${resourceGroup}"` };
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.status === null) throw error;
      const said = error.message.replace(`${this.api.label}: `, '');
      const where = `resource group "${resourceGroup}" of subscription ${subscriptionId}`;
      switch (error.status) {
        case 401:
          throw new ConnectorError('unauthorized', `${this.api.label}: Azure Resource Manager refused the Entra ID token; check that the tenant is the subscription's directory (${said})`, 401);
        case 403:
          throw new ConnectorError('forbidden', `${this.api.label}: the app registration may not read the sites of ${where}; give it a role there such as Website Contributor (${said})`, 403);
        case 404:
          throw new ConnectorError('http', `${this.api.label}: ${where} was not found; check both ids (${said})`, 404);
        default:
          throw error;
      }
    }
  }

  private whileOpen(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, this.closed.signal]);
  }
}
