import { randomBytes, randomUUID } from 'node:crypto';
import { FakeHttpServer, type FakeReply, type RecordedRequest, isRecord, parseJson } from './fake-http.js';

/**
 * A local Microsoft Entra ID token endpoint and Azure Resource Manager for App Service slots,
 * following their published behaviour for what Watchfloor uses:
 * - Entra: `POST /{tenant}/oauth2/v2.0/token` with the client credentials grant as a form;
 *   answers `{token_type, expires_in, ext_expires_in, access_token}`, or an OAuth error with its
 *   AADSTS code (`{error, error_description, error_codes, timestamp, trace_id, correlation_id}`):
 *   AADSTS90002 unknown tenant, AADSTS700016 unknown client, AADSTS7000215 wrong secret (401),
 *   AADSTS70011 wrong scope, AADSTS70003 wrong grant.
 * - ARM (WebApps.json, api-version 2023-12-01): `Authorization: Bearer` required
 *   (AuthenticationFailed, InvalidAuthenticationToken, ExpiredAuthenticationToken with
 *   WWW-Authenticate), `api-version` required, `{error: {code, message}}` bodies,
 *   SubscriptionNotFound / ResourceGroupNotFound / ResourceNotFound (404), AuthorizationFailed
 *   (403), 429 with Retry-After when throttled, 409 while another operation runs on the site.
 *   Sites list, `slotsswap` as a long-running operation (202 with Azure-AsyncOperation and
 *   Location, done after a number of polls), `applySlotConfig` / `resetSlotConfig` (swap with
 *   preview), and `slotsdiffs` on the non-sticky settings.
 * Paths are matched without regard to case, as ARM does.
 */

export const ARM_SCOPE = 'https://management.azure.com/.default';
const API_VERSIONS = new Set(['2023-12-01', '2023-01-01', '2022-09-01']);
const LOCATION = 'australiaeast';

export interface FakeSlot {
  version: string;
  appSettings: Record<string, string>;
  connectionStrings: Record<string, string>;
}

export interface FakeSite {
  production: FakeSlot;
  staging: FakeSlot;
  /** Slot settings (slotConfigNames): they stay with their slot in a swap. */
  sticky: string[];
  /** Swap with preview, phase one: staging's own slot settings while it runs with production's. */
  preview: Pick<FakeSlot, 'appSettings' | 'connectionStrings'> | null;
  /** properties.slotSwapStatus: the last completed swap, stamped when it completed; null before any. */
  slotSwapStatus: { timestampUtc: string; sourceSlotName: string; destinationSlotName: string } | null;
}

export interface AzureFakeOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  resourceGroup: string;
  sites: Record<string, { production: FakeSlot; staging: FakeSlot; sticky?: string[] }>;
  /** Polls a swap takes before it finishes. */
  pollsToComplete?: number;
  tokenLifetimeSeconds?: number;
}

interface Operation {
  id: string;
  site: string;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  pollsLeft: number;
  startTime: string;
  endTime: string | null;
  failure: { code: string; message: string } | null;
}

function armError(status: number, code: string, message: string, headers?: Record<string, string>): FakeReply {
  return { status, body: { error: { code, message } }, headers };
}



function copySlot(slot: FakeSlot): FakeSlot {
  return { version: slot.version, appSettings: { ...slot.appSettings }, connectionStrings: { ...slot.connectionStrings } };
}

function pick(settings: Record<string, string>, names: readonly string[], sticky: boolean): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).filter(([name]) => names.includes(name) === sticky));
}

export class AzureFake {
  readonly login: FakeHttpServer;
  readonly arm: FakeHttpServer;
  readonly sites = new Map<string, FakeSite>();
  /** Swaps that completed. */
  swaps = 0;
  pollsToComplete: number;
  tokenLifetimeSeconds: number;
  /** Sent as Retry-After on 202 answers; null sends none. */
  retryAfterSeconds: number | null = null;
  /** Which headers a 202 carries to follow. */
  operationHeaders: 'both' | 'azure-async' | 'location' = 'both';
  /** Whether the app registration holds a role on the resource group. */
  authorized = true;
  private readonly tokens = new Map<string, number>();
  private readonly operations = new Map<string, Operation>();
  private nextFailure: { code: string; message: string } | null = null;
  private throttled = 0;
  private throttleSeconds = 1;

  constructor(
    private readonly options: AzureFakeOptions,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.pollsToComplete = options.pollsToComplete ?? 2;
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3599;
    for (const [name, site] of Object.entries(options.sites)) {
      this.sites.set(name.toLowerCase(), { production: copySlot(site.production), staging: copySlot(site.staging), sticky: site.sticky ?? [], preview: null, slotSwapStatus: null });
    }
    this.login = new FakeHttpServer((request) => this.token(request));
    this.arm = new FakeHttpServer((request) => this.resourceManager(request));
  }

  async listen(): Promise<this> {
    await Promise.all([this.login.listen(), this.arm.listen()]);
    return this;
  }

  async close(): Promise<void> {
    await Promise.all([this.login.close(), this.arm.close()]);
  }

  site(name: string): FakeSite {
    const site = this.sites.get(name.toLowerCase());
    if (!site) throw new Error(`no fake site ${name}`);
    return site;
  }

  /** Token requests Entra answered with a token. */
  get tokensIssued(): number {
    return this.tokens.size;
  }

  /** The next long-running operation ends Failed with this error. */
  failNextOperation(code: string, message: string): void {
    this.nextFailure = { code, message };
  }

  /**
   * Every operation in progress runs to its end, as Azure's do on their own whether or not
   * anyone polls them (a client that crashed after starting a swap still swapped the slots).
   */
  completeOperations(): void {
    for (const operation of this.operations.values()) if (operation.status === 'InProgress') this.finish(operation);
  }

  /** Every token issued so far stops being accepted, as if it had expired. */
  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, this.now() - 1000);
  }

  /** The next `count` ARM requests are throttled: 429 with Retry-After. */
  throttle(count: number, retryAfterSeconds: number): void {
    this.throttled = count;
    this.throttleSeconds = retryAfterSeconds;
  }

  // --- Entra ID ---

  private oauthError(status: number, error: string, code: number, description: string): FakeReply {
    const timestamp = new Date(this.now()).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    const traceId = randomUUID();
    const correlationId = randomUUID();
    return {
      status,
      body: {
        error,
        error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      },
    };
  }

  private token(request: RecordedRequest): FakeReply {
    const match = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(request.path);
    if (!match) return { status: 404, text: '' };
    if (request.method !== 'POST') return this.oauthError(400, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
    if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return this.oauthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
    }
    if (decodeURIComponent(match[1] ?? '') !== this.options.tenantId) {
      return this.oauthError(400, 'invalid_request', 90002, `Tenant '${match[1] ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') !== 'client_credentials') {
      return this.oauthError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    const clientId = form.get('client_id');
    if (clientId === null) return this.oauthError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
    if (clientId !== this.options.clientId) {
      return this.oauthError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${this.options.tenantId}'.`);
    }
    if (form.get('client_secret') !== this.options.clientSecret) {
      return this.oauthError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    if (form.get('scope') !== ARM_SCOPE) {
      return this.oauthError(400, 'invalid_scope', 70011, `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.`);
    }
    const token = `eyJ0eXAiOiJKV1QifQ.${randomBytes(24).toString('base64url')}.fake`;
    this.tokens.set(token, this.now() + this.tokenLifetimeSeconds * 1000);
    return { status: 200, body: { token_type: 'Bearer', expires_in: this.tokenLifetimeSeconds, ext_expires_in: this.tokenLifetimeSeconds, access_token: token } };
  }

  // --- Azure Resource Manager ---

  private unauthenticated(code: string, message: string, description: string): FakeReply {
    return armError(401, code, message, {
      'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${this.options.tenantId}", error="invalid_token", error_description="${description}"`,
    });
  }

  private authenticate(request: RecordedRequest): FakeReply | null {
    const header = request.headers.authorization;
    if (header === undefined) {
      return this.unauthenticated('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", "The authentication failed because of missing 'Authorization' header.");
    }
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    const expiresAt = token === undefined ? undefined : this.tokens.get(token);
    if (expiresAt === undefined) {
      return this.unauthenticated('InvalidAuthenticationToken', 'The access token is invalid.', 'The access token is invalid.');
    }
    if (expiresAt <= this.now()) {
      const at = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
      return this.unauthenticated(
        'ExpiredAuthenticationToken',
        `The access token expiry UTC time '${at(expiresAt)}' is earlier than current UTC time '${at(this.now())}'.`,
        'The access token has expired.',
      );
    }
    return null;
  }

  private resourceManager(request: RecordedRequest): FakeReply {
    const refused = this.authenticate(request);
    if (refused) return refused;
    if (this.throttled > 0) {
      this.throttled -= 1;
      return armError(
        429,
        'SubscriptionRequestsThrottled',
        `Number of requests for subscription '${this.options.subscriptionId}' exceeded. Please try again after '${this.throttleSeconds}' seconds.`,
        { 'retry-after': String(this.throttleSeconds) },
      );
    }
    const version = request.query.get('api-version');
    if (version === null) return armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    if (!API_VERSIONS.has(version)) {
      return armError(400, 'InvalidResourceType', `The resource type 'sites' could not be found in the namespace 'Microsoft.Web' for api version '${version}'.`);
    }
    const segments = request.path.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
    const lower = segments.map((segment) => segment.toLowerCase());
    if (lower[0] !== 'subscriptions' || segments[1] === undefined) return armError(404, 'NotFound', `No route for ${request.path}.`);
    if (segments[1] !== this.options.subscriptionId) return armError(404, 'SubscriptionNotFound', `The subscription '${segments[1]}' could not be found.`);
    if (lower[2] === 'providers' && lower[3] === 'microsoft.web' && lower[4] === 'locations' && request.method === 'GET') {
      return this.operation(lower[6], segments[7]);
    }
    if (lower[2] !== 'resourcegroups' || segments[3] === undefined) return armError(404, 'NotFound', `No route for ${request.path}.`);
    if (segments[3].toLowerCase() !== this.options.resourceGroup.toLowerCase()) {
      return armError(404, 'ResourceGroupNotFound', `Resource group '${segments[3]}' could not be found.`);
    }
    if (lower[4] !== 'providers' || lower[5] !== 'microsoft.web' || lower[6] !== 'sites') return armError(404, 'NotFound', `No route for ${request.path}.`);
    if (!this.authorized) {
      const action = request.method === 'GET' ? 'Microsoft.Web/sites/read' : `Microsoft.Web/sites/${lower.at(-1) ?? ''}/action`;
      return armError(
        403,
        'AuthorizationFailed',
        `The client '${this.options.clientId}' with object id '${this.options.clientId}' does not have authorization to perform action '${action}' over scope '/subscriptions/${this.options.subscriptionId}/resourceGroups/${this.options.resourceGroup}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }
    if (segments.length === 7 && request.method === 'GET') return this.siteList();
    const siteName = segments[7];
    const site = siteName === undefined ? undefined : this.sites.get(siteName.toLowerCase());
    if (siteName === undefined || site === undefined) {
      return armError(404, 'ResourceNotFound', `The Resource 'Microsoft.Web/sites/${siteName ?? ''}' under resource group '${this.options.resourceGroup}' was not found.`);
    }
    if (segments.length === 8 && request.method === 'GET') return this.siteResource(siteName, site);
    if (request.method !== 'POST') return armError(405, 'MethodNotAllowed', `The requested resource does not support http method '${request.method}'.`);
    const action = lower.slice(8).join('/');
    if (action === 'applyslotconfig') return this.applySlotConfig(site, request.body);
    if (action === 'resetslotconfig') return this.resetSlotConfig(site);
    if (lower[8] === 'slots' && segments[9] !== undefined) {
      if (lower[9] !== 'staging') return armError(404, 'ResourceNotFound', `The Resource 'Microsoft.Web/sites/${siteName}/slots/${segments[9]}' under resource group '${this.options.resourceGroup}' was not found.`);
      if (lower[10] === 'slotsswap') return this.startSwap(siteName, request.body);
      if (lower[10] === 'slotsdiffs') return this.slotDifferences(site, request.body);
    }
    return armError(404, 'NotFound', `No route for ${request.path}.`);
  }

  private siteList(): FakeReply {
    const value = [...this.sites.keys()].map((name) => ({
      id: `/subscriptions/${this.options.subscriptionId}/resourceGroups/${this.options.resourceGroup}/providers/Microsoft.Web/sites/${name}`,
      name,
      type: 'Microsoft.Web/sites',
      kind: 'app',
      location: 'Australia East',
      properties: { state: 'Running', defaultHostName: `${name}.azurewebsites.net` },
    }));
    return { status: 200, body: { value, nextLink: null } };
  }

  /** WebApps_Get: the Site resource, with the last completed swap in properties.slotSwapStatus (left out before any). */
  private siteResource(name: string, site: FakeSite): FakeReply {
    return {
      status: 200,
      body: {
        id: `/subscriptions/${this.options.subscriptionId}/resourceGroups/${this.options.resourceGroup}/providers/Microsoft.Web/sites/${name}`,
        name,
        type: 'Microsoft.Web/sites',
        kind: 'app',
        location: 'Australia East',
        properties: {
          state: 'Running',
          defaultHostName: `${name}.azurewebsites.net`,
          inProgressOperationId: this.pendingOperation(name),
          ...(site.slotSwapStatus ? { slotSwapStatus: site.slotSwapStatus } : {}),
        },
      },
    };
  }

  private slotEntity(body: string, expected: string): FakeReply | null {
    const parsed = parseJson(body);
    if (!isRecord(parsed) || typeof parsed.targetSlot !== 'string') {
      return armError(400, 'BadRequest', "The parameter 'slotSwapEntity' is invalid: targetSlot is required.");
    }
    if (parsed.targetSlot.toLowerCase() !== expected) {
      return armError(404, 'ResourceNotFound', `The slot '${parsed.targetSlot}' was not found.`);
    }
    if (parsed.preserveVnet !== undefined && typeof parsed.preserveVnet !== 'boolean') {
      return armError(400, 'BadRequest', "The parameter 'preserveVnet' has an invalid value.");
    }
    return null;
  }

  private busy(siteName: string): boolean {
    return this.pendingOperation(siteName) !== null;
  }

  /** Site.properties.inProgressOperationId: the operation the site has pending, null when none. */
  private pendingOperation(siteName: string): string | null {
    return [...this.operations.values()].find((operation) => operation.site === siteName.toLowerCase() && operation.status === 'InProgress')?.id ?? null;
  }

  private startSwap(siteName: string, body: string): FakeReply {
    const invalid = this.slotEntity(body, 'production');
    if (invalid) return invalid;
    if (this.busy(siteName)) return armError(409, 'Conflict', 'Cannot modify this site because another operation is in progress.');
    const id = randomUUID();
    this.operations.set(id, {
      id,
      site: siteName.toLowerCase(),
      status: 'InProgress',
      pollsLeft: this.pollsToComplete,
      startTime: new Date(this.now()).toISOString(),
      endTime: null,
      failure: this.nextFailure,
    });
    this.nextFailure = null;
    const operations = `${this.arm.url}/subscriptions/${this.options.subscriptionId}/providers/Microsoft.Web/locations/${LOCATION}`;
    const headers: Record<string, string> = {};
    if (this.operationHeaders !== 'location') headers['azure-asyncoperation'] = `${operations}/operations/${id}?api-version=2023-12-01`;
    if (this.operationHeaders !== 'azure-async') headers.location = `${operations}/operationResults/${id}?api-version=2023-12-01`;
    if (this.retryAfterSeconds !== null) headers['retry-after'] = String(this.retryAfterSeconds);
    return { status: 202, text: '', headers };
  }

  /** A poll of either URL moves the operation on; the swap happens when it finishes. */
  private operation(kind: string | undefined, id: string | undefined): FakeReply {
    const operation = id === undefined ? undefined : this.operations.get(id);
    if (operation === undefined || (kind !== 'operations' && kind !== 'operationresults')) {
      return armError(404, 'OperationNotFound', `The operation '${id ?? ''}' could not be found.`);
    }
    if (operation.status === 'InProgress') {
      operation.pollsLeft -= 1;
      if (operation.pollsLeft <= 0) this.finish(operation);
    }
    const retry: Record<string, string> = this.retryAfterSeconds === null ? {} : { 'retry-after': String(this.retryAfterSeconds) };
    if (kind === 'operations') {
      return {
        status: 200,
        headers: operation.status === 'InProgress' ? retry : {},
        body: {
          id: `/subscriptions/${this.options.subscriptionId}/providers/Microsoft.Web/locations/${LOCATION}/operations/${operation.id}`,
          name: operation.id,
          status: operation.status,
          startTime: operation.startTime,
          ...(operation.endTime ? { endTime: operation.endTime } : {}),
          ...(operation.failure ? { error: operation.failure } : {}),
        },
      };
    }
    if (operation.status === 'InProgress') return { status: 202, text: '', headers: { ...retry, location: `${this.arm.url}/subscriptions/${this.options.subscriptionId}/providers/Microsoft.Web/locations/${LOCATION}/operationResults/${operation.id}?api-version=2023-12-01` } };
    if (operation.failure) return armError(409, operation.failure.code, operation.failure.message);
    return { status: 200, text: '' };
  }

  private finish(operation: Operation): void {
    operation.endTime = new Date(this.now()).toISOString();
    if (operation.failure) {
      operation.status = 'Failed';
      return;
    }
    const site = this.site(operation.site);
    const { production, staging, sticky } = site;
    // Content and ordinary settings change places; slot settings stay with their slot, and staging gets its own back after a preview.
    const stagingSticky = site.preview ?? { appSettings: pick(staging.appSettings, sticky, true), connectionStrings: pick(staging.connectionStrings, sticky, true) };
    site.production = {
      version: staging.version,
      appSettings: { ...pick(staging.appSettings, sticky, false), ...pick(production.appSettings, sticky, true) },
      connectionStrings: { ...pick(staging.connectionStrings, sticky, false), ...pick(production.connectionStrings, sticky, true) },
    };
    site.staging = {
      version: production.version,
      appSettings: { ...pick(production.appSettings, sticky, false), ...stagingSticky.appSettings },
      connectionStrings: { ...pick(production.connectionStrings, sticky, false), ...stagingSticky.connectionStrings },
    };
    site.preview = null;
    site.slotSwapStatus = { timestampUtc: operation.endTime, sourceSlotName: 'staging', destinationSlotName: 'production' };
    operation.status = 'Succeeded';
    this.swaps += 1;
  }

  private applySlotConfig(site: FakeSite, body: string): FakeReply {
    const invalid = this.slotEntity(body, 'staging');
    if (invalid) return invalid;
    const { production, staging, sticky } = site;
    site.preview ??= { appSettings: pick(staging.appSettings, sticky, true), connectionStrings: pick(staging.connectionStrings, sticky, true) };
    staging.appSettings = { ...pick(staging.appSettings, sticky, false), ...pick(production.appSettings, sticky, true) };
    staging.connectionStrings = { ...pick(staging.connectionStrings, sticky, false), ...pick(production.connectionStrings, sticky, true) };
    return { status: 200, text: '' };
  }

  private resetSlotConfig(site: FakeSite): FakeReply {
    if (site.preview) {
      const { staging, sticky } = site;
      staging.appSettings = { ...pick(staging.appSettings, sticky, false), ...site.preview.appSettings };
      staging.connectionStrings = { ...pick(staging.connectionStrings, sticky, false), ...site.preview.connectionStrings };
      site.preview = null;
    }
    return { status: 200, text: '' };
  }

  private slotDifferences(site: FakeSite, body: string): FakeReply {
    const invalid = this.slotEntity(body, 'production');
    if (invalid) return invalid;
    const value: unknown[] = [];
    const compare = (settingType: 'AppSetting' | 'ConnectionString', current: Record<string, string>, target: Record<string, string>) => {
      const names = [...new Set([...Object.keys(current), ...Object.keys(target)])].filter((name) => !site.sticky.includes(name)).sort();
      for (const name of names) {
        const inCurrent = current[name];
        const inTarget = target[name];
        if (inCurrent === inTarget) continue;
        const diffRule = inTarget === undefined ? 'SettingsWillBeAddedToDestination' : inCurrent === undefined ? 'SettingsNotInSource' : 'SettingsWillBeModifiedInDestination';
        const description =
          diffRule === 'SettingsWillBeAddedToDestination'
            ? `Setting ${name} will be added to the destination slot.`
            : diffRule === 'SettingsNotInSource'
              ? `Setting ${name} is not present in the source slot.`
              : `Setting ${name} will be modified in the destination slot.`;
        value.push({
          id: `/subscriptions/${this.options.subscriptionId}/resourceGroups/${this.options.resourceGroup}/providers/Microsoft.Web/sites/slotsdiffs/${name}`,
          name,
          type: 'Microsoft.Web/sites/slots/slotsdiffs',
          properties: { level: 'Information', settingType, diffRule, settingName: name, valueInCurrentSlot: inCurrent ?? '', valueInTargetSlot: inTarget ?? '', description },
        });
      }
    };
    compare('AppSetting', site.staging.appSettings, site.production.appSettings);
    compare('ConnectionString', site.staging.connectionStrings, site.production.connectionStrings);
    return { status: 200, body: { value, nextLink: null } };
  }
}

export async function startAzureFake(options: AzureFakeOptions): Promise<AzureFake> {
  return new AzureFake(options).listen();
}
