import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ConnectorError, type BackendClient, type JsonRequest, type JsonResponse, type QueryValue } from '../../http/backend-client.js';
import { HttpStatusError } from '../../http/failures.js';
import { parseAnswer } from '../prometheus/answer.js';

/**
 * The Azure Resource Manager's Microsoft.Web API (WebApps.json, api-version 2023-12-01) as the
 * console uses it: a resource group's sites, slot swaps with and without preview, and slot
 * differences. Fields are reduced to what is read.
 */

export const ARM_API_VERSION = '2023-12-01';
export const AZURE_RESOURCE_MANAGER = 'https://management.azure.com';

/** CsmSlotEntity: swaps keep the slots' virtual network integration where they are. */
interface SlotEntity {
  targetSlot: string;
  preserveVnet: boolean;
}

/** SlotDifference (properties are all read-only strings); a field Azure leaves out is null. */
const SlotDifference = z.object({
  properties: z.object({
    level: z.string().nullish(),
    settingType: z.string().nullish(),
    diffRule: z.string().nullish(),
    settingName: z.string().nullish(),
    valueInCurrentSlot: z.string().nullish(),
    valueInTargetSlot: z.string().nullish(),
    description: z.string().nullish(),
  }),
});
export type SlotDifference = z.infer<typeof SlotDifference>['properties'];

/** ARM collections page with an absolute `nextLink`. */
function collection<S extends z.ZodType>(item: S) {
  return z.object({ value: z.array(item), nextLink: z.string().nullish() });
}

/**
 * Site.properties.slotSwapStatus (CommonDefinitions SlotSwapStatus, read-only): the site's last
 * completed swap, absent when it never swapped; and inProgressOperationId: set while the site
 * has a pending operation (a swap accepted and not finished).
 */
const SiteSwapStatus = z.object({
  properties: z
    .object({
      inProgressOperationId: z.string().nullish(),
      slotSwapStatus: z
        .object({ timestampUtc: z.string().nullish(), sourceSlotName: z.string().nullish(), destinationSlotName: z.string().nullish() })
        .nullish(),
    })
    .nullish(),
});
export type SlotSwapStatus = NonNullable<NonNullable<z.infer<typeof SiteSwapStatus>['properties']>['slotSwapStatus']>;
export interface SiteSwapState {
  last: SlotSwapStatus | null;
  /** The id of the operation the site has pending, if any. */
  pending: string | null;
}

const SlotDifferences = collection(SlotDifference);
const Sites = collection(z.object({ name: z.string() }));

/** A POST refused with 429 was not carried out, so sending it again is safe even for a swap; this many times at most. */
const THROTTLED_RESENDS = 3;
const THROTTLED_WAIT_MS = 1000;
/** A longer wait is not sat out: the call fails with Azure's answer and the caller decides. */
const THROTTLED_MAX_WAIT_MS = 30_000;

export interface AppServiceScope {
  subscriptionId: string;
  resourceGroup: string;
}

export class AppServiceApi {
  constructor(
    private readonly client: BackendClient,
    /** Where the client sends requests; operation URLs Azure hands out must point there, or the token would go elsewhere. */
    private readonly base: URL,
    private readonly scope: AppServiceScope,
    /** Names the backend in every error, e.g. `Azure App Service "azure-au"`. */
    readonly label: string,
    /** Drops the cached token after a 401, so one resend goes with a fresh one. */
    private readonly refreshToken: () => void,
  ) {}

  get groupPath(): string {
    return `/subscriptions/${encodeURIComponent(this.scope.subscriptionId)}/resourceGroups/${encodeURIComponent(this.scope.resourceGroup)}`;
  }

  sitePath(app: string): string {
    return `${this.groupPath}/providers/Microsoft.Web/sites/${encodeURIComponent(app)}`;
  }

  /** The names of the resource group's sites. */
  async sites(signal: AbortSignal): Promise<string[]> {
    const path = `${this.groupPath}/providers/Microsoft.Web/sites`;
    const pages = await this.pages(Sites, { path, query: { 'api-version': ARM_API_VERSION }, signal }, `GET ${path}`);
    return pages.map((site) => site.name);
  }

  /** The site's last completed slot swap and its pending operation (WebApps_Get, properties.slotSwapStatus and inProgressOperationId). */
  async swapState(app: string, signal: AbortSignal): Promise<SiteSwapState> {
    const path = this.sitePath(app);
    const response = await this.send({ path, query: { 'api-version': ARM_API_VERSION }, signal });
    const properties = parseAnswer(SiteSwapStatus, response.body, `${this.label} GET ${path}`).properties;
    return { last: properties?.slotSwapStatus ?? null, pending: properties?.inProgressOperationId ?? null };
  }

  /** Swaps a slot with production (WebApps_SwapSlot); also completes a swap with preview. Never resent after a lost answer: a second swap would undo the first. */
  swapWithProduction(app: string, slot: string, signal: AbortSignal): Promise<JsonResponse> {
    const path = `${this.sitePath(app)}/slots/${encodeURIComponent(slot)}/slotsswap`;
    return this.post(path, { targetSlot: 'production', preserveVnet: true }, false, signal);
  }

  /** Swap with preview, phase one (WebApps_ApplySlotConfigToProduction): production's slot settings applied to the slot. Doing it twice changes nothing more. */
  applySlotConfig(app: string, slot: string, signal: AbortSignal): Promise<JsonResponse> {
    return this.post(`${this.sitePath(app)}/applySlotConfig`, { targetSlot: slot, preserveVnet: true }, true, signal);
  }

  /** Cancels phase one (WebApps_ResetProductionSlotConfig). */
  resetSlotConfig(app: string, signal: AbortSignal): Promise<JsonResponse> {
    return this.post(`${this.sitePath(app)}/resetSlotConfig`, undefined, true, signal);
  }

  /** The settings that differ between a slot and production (WebApps_ListSlotDifferencesSlot); a read, though a POST. */
  async slotDifferences(app: string, slot: string, signal: AbortSignal): Promise<SlotDifference[]> {
    const path = `${this.sitePath(app)}/slots/${encodeURIComponent(slot)}/slotsdiffs`;
    const body: SlotEntity = { targetSlot: 'production', preserveVnet: true };
    const request: JsonRequest = { method: 'POST', path, query: { 'api-version': ARM_API_VERSION }, body, idempotent: true, signal };
    const differences = await this.pages(SlotDifferences, request, `POST ${path}`);
    return differences.map((difference) => difference.properties);
  }

  /** GETs a URL Azure handed out (Azure-AsyncOperation, Location, nextLink). */
  follow(url: string, signal: AbortSignal | undefined): Promise<JsonResponse> {
    return this.send({ ...this.relative(url), signal });
  }

  private post(path: string, body: SlotEntity | undefined, idempotent: boolean, signal: AbortSignal): Promise<JsonResponse> {
    return this.send({ method: 'POST', path, query: { 'api-version': ARM_API_VERSION }, body, idempotent, signal });
  }

  private async pages<T>(schema: z.ZodType<{ value: T[]; nextLink?: string | null | undefined }>, first: JsonRequest, what: string): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let response = await this.send(first);
    for (;;) {
      const page = parseAnswer(schema, response.body, `${this.label} ${what}`);
      items.push(...page.value);
      const next = page.nextLink;
      // A link already followed ends the walk: a server repeating itself must not loop forever.
      if (next === null || next === undefined || seen.has(next)) return items;
      seen.add(next);
      response = await this.follow(next, first.signal);
    }
  }

  /** One resend after a 401 with a fresh token; a refused POST resent after Azure's wait (idempotent calls the client retries itself). */
  private async send(request: JsonRequest): Promise<JsonResponse> {
    let refreshed = false;
    for (let throttled = 0; ; ) {
      try {
        return await this.client.json(request);
      } catch (error) {
        if (error instanceof ConnectorError && error.status === 401 && !refreshed) {
          refreshed = true;
          this.refreshToken();
          continue;
        }
        const idempotent = request.idempotent ?? (request.method ?? 'GET') === 'GET';
        const waitMs = error instanceof HttpStatusError && error.status === 429 ? (error.retryAfterMs ?? THROTTLED_WAIT_MS) : null;
        if (waitMs !== null && waitMs <= THROTTLED_MAX_WAIT_MS && !idempotent && throttled < THROTTLED_RESENDS) {
          throttled += 1;
          await sleep(waitMs, undefined, { signal: request.signal });
          continue;
        }
        throw error;
      }
    }
  }

  private relative(link: string): { path: string; query: Record<string, QueryValue> } {
    let url: URL;
    try {
      url = new URL(link, this.base);
    } catch {
      throw new ConnectorError('malformed', `${this.label}: Azure handed out a URL that does not parse: ${link.slice(0, 200)}`);
    }
    if (url.origin !== this.base.origin) {
      throw new ConnectorError('malformed', `${this.label}: Azure pointed to ${url.host}, not ${this.base.host}; the console sends its token only to the connection's URL`);
    }
    const prefix = this.base.pathname.replace(/\/+$/, '');
    const path = prefix !== '' && url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : url.pathname;
    return { path, query: Object.fromEntries(url.searchParams) };
  }
}
