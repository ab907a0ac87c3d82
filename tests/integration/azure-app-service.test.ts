import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AzureAppServiceBackend } from '../../shared/fleet-definition/schema.js';
import { systemClock } from '../../main/core/clock.js';
import { AzureAppServiceConnector } from '../../main/core/connectors/azure-app-service/app-service-connector.js';
import type { DeployTarget } from '../../main/core/connectors/capabilities.js';
import { HttpBackendClient } from '../../main/core/http/http-backend-client.js';
import { Redactor } from '../../main/core/vault/redactor.js';
import { startAzureFake, type AzureFake } from '../support/fakes/azure-fake.js';
import { watched } from '../support/maintenance-items.js';
import { rejection } from '../support/rejection.js';
import { connectorsWithSecret } from '../support/backend-clients.js';

/** Azure App Service slot swaps through the real connector, HTTP client and Entra token cache, against a local Entra ID and Resource Manager. */

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const SECRET = 'Xq8~client.secret-5e0c9a71d2b84f36';
const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
const GROUP = 'rg-acme-au';
const SITE = 'acme-au-web';

let fake: AzureFake;

beforeEach(async () => {
  fake = await startAzureFake({
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: SECRET,
    subscriptionId: SUBSCRIPTION,
    resourceGroup: GROUP,
    pollsToComplete: 3,
    sites: {
      [SITE]: {
        production: {
          version: '2026.11.1',
          appSettings: { FEATURE_SEARCH: 'off', ENVIRONMENT_NAME: 'production', LEGACY_EXPORT: '1', STORAGE_ACCOUNT_KEY: 'prod-key-0f9e8d' },
          connectionStrings: { Orders: 'Server=sql-prod;Password=prod-pw-77' },
        },
        staging: {
          version: '2026.12.0',
          appSettings: { FEATURE_SEARCH: 'on', ENVIRONMENT_NAME: 'staging', NEW_CHECKOUT: 'beta', STORAGE_ACCOUNT_KEY: 'stage-key-1a2b3c' },
          connectionStrings: { Orders: 'Server=sql-stage;Password=stage-pw-88' },
        },
        sticky: ['ENVIRONMENT_NAME'],
      },
    },
  });
});

afterEach(async () => {
  vi.useRealTimers();
  await fake.close();
});

function definition(overrides: { timeoutMs?: number } = {}) {
  return AzureAppServiceBackend.parse({
    id: 'azure-au',
    kind: 'azure-app-service',
    url: fake.arm.url,
    auth: { type: 'entra', tenantId: TENANT, clientId: CLIENT, clientSecret: { store: 'env', variable: 'TEST_AZURE_SECRET' }, authority: fake.login.url },
    subscriptionId: SUBSCRIPTION,
    resourceGroup: GROUP,
    pollMs: 200,
    timeoutMs: overrides.timeoutMs ?? 5000,
  });
}

function connector(options: { secret?: string; timeoutMs?: number } = {}): AzureAppServiceConnector {
  const backend = definition(options);
  const client = new HttpBackendClient({
    connectionId: backend.id,
    kind: backend.kind,
    baseUrl: backend.url,
    auth: backend.auth,
    timeoutMs: backend.timeoutMs,
    secrets: async () => options.secret ?? SECRET,
    redactor: new Redactor(),
    clock: systemClock,
    log: () => undefined,
    resilience: { backoffBaseMs: 20, backoffMaxMs: 50 },
  });
  return new AzureAppServiceConnector(backend, client);
}

const target: DeployTarget = { environment: watched('acme-au'), remoteName: SITE, remoteTenant: null, slot: 'staging', variables: {} };
const signal = () => AbortSignal.timeout(20_000);
const tokenPath = `/${TENANT}/oauth2/v2.0/token`;

describe('Entra ID tokens', () => {
  it('fetches one token for many calls, with the client credentials grant and the Resource Manager scope', async () => {
    const azure = connector();
    await Promise.all([azure.probe.probe(signal()), azure.differences(target, signal()), azure.probe.probe(signal())]);
    await azure.probe.probe(signal());

    const tokenRequests = fake.login.requestsTo(tokenPath);
    expect(tokenRequests).toHaveLength(1);
    const form = new URLSearchParams(tokenRequests[0]?.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT,
      client_secret: SECRET,
      scope: 'https://management.azure.com/.default',
    });
    const armCalls = fake.arm.requests;
    expect(armCalls).toHaveLength(4);
    expect(new Set(armCalls.map((request) => request.headers.authorization)).size).toBe(1);
    expect(armCalls.every((request) => request.query.get('api-version') === '2023-12-01')).toBe(true);
  });

  it('fetches a new token when the cached one is about to expire', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const azure = connector();
    await azure.probe.probe(signal());
    vi.setSystemTime(Date.now() + 56 * 60_000);
    await azure.probe.probe(signal());

    expect(fake.login.requestsTo(tokenPath)).toHaveLength(2);
    const [first, second] = fake.arm.requests.map((request) => request.headers.authorization);
    expect(first).not.toBe(second);
    expect(fake.arm.requests.every((request) => request.status === 200)).toBe(true);
  });

  it('gets a fresh token and sends the call again when the Resource Manager refuses the cached one', async () => {
    const azure = connector();
    await azure.probe.probe(signal());
    fake.expireTokens();

    expect(await azure.probe.probe(signal())).toEqual({ version: 'Azure App Service: 1 site in resource group "rg-acme-au"' });
    expect(fake.login.requestsTo(tokenPath)).toHaveLength(2);
    expect(fake.arm.requests.map((request) => request.status)).toEqual([200, 401, 200]);
  });
});

describe('Azure App Service slots', () => {
  it('swaps staging into production and polls the operation until it succeeded', async () => {
    await connector().swap(target, signal());

    const site = fake.site(SITE);
    expect(site.production.version).toBe('2026.12.0');
    expect(site.staging.version).toBe('2026.11.1');
    // Ordinary settings travel with the content; the slot setting stays with its slot.
    expect(site.production.appSettings).toMatchObject({ FEATURE_SEARCH: 'on', ENVIRONMENT_NAME: 'production' });
    expect(site.staging.appSettings).toMatchObject({ FEATURE_SEARCH: 'off', ENVIRONMENT_NAME: 'staging' });
    expect(fake.swaps).toBe(1);

    const swap = fake.arm.requests.find((request) => request.path.endsWith('/slotsswap'));
    expect(swap?.path).toBe(`/subscriptions/${SUBSCRIPTION}/resourceGroups/${GROUP}/providers/Microsoft.Web/sites/${SITE}/slots/staging/slotsswap`);
    expect(JSON.parse(swap?.body ?? '{}')).toEqual({ targetSlot: 'production', preserveVnet: true });
    const polls = fake.arm.requests.filter((request) => request.path.includes('/operations/'));
    expect(polls).toHaveLength(3);
  });

  it("tells from the site's slotSwapStatus whether a swap completed since a moment: none before, this one after, an older one not", async () => {
    const azure = connector();
    const sent = Date.now();
    expect(await azure.swappedSince(target, sent, signal())).toEqual({ state: 'not-swapped', lastAt: null });

    await azure.swap(target, signal());
    const answer = await azure.swappedSince(target, sent, signal());
    expect(answer.state).toBe('swapped');
    const completed = answer.state === 'swapped' ? answer.at : 0;
    expect(completed).toBeGreaterThanOrEqual(sent);
    expect(fake.site(SITE).slotSwapStatus).toEqual({ timestampUtc: new Date(completed).toISOString(), sourceSlotName: 'staging', destinationSlotName: 'production' });
    // Asked about a later swap (a swap back sent after it), that one is older: not carried out.
    expect(await azure.swappedSince(target, completed + 1, signal())).toEqual({ state: 'not-swapped', lastAt: completed });
    const read = fake.arm.requests.filter((request) => request.method === 'GET' && request.path === `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GROUP}/providers/Microsoft.Web/sites/${SITE}`);
    expect(read).toHaveLength(3);
    expect(fake.swaps).toBe(1);
  });

  it("says a swap Azure accepted and has not finished is under way (the site's inProgressOperationId), so nothing is sent again", async () => {
    const azure = connector();
    const sent = Date.now();
    const cut = new AbortController();
    const swapping = azure.swap(target, cut.signal).catch(() => 'cut short');
    await vi.waitFor(() => expect(fake.arm.requests.some((request) => request.path.endsWith('/slotsswap'))).toBe(true));
    cut.abort();
    await swapping;
    expect(await azure.swappedSince(target, sent, signal())).toEqual({ state: 'under-way' });
    fake.completeOperations();
    expect((await azure.swappedSince(target, sent, signal())).state).toBe('swapped');
    expect(fake.swaps).toBe(1);
  });

  it('follows the Location header when Azure gives no Azure-AsyncOperation, and waits as long as Retry-After says', async () => {
    fake.operationHeaders = 'location';
    fake.retryAfterSeconds = 1;
    await connector().swap(target, signal());

    expect(fake.site(SITE).production.version).toBe('2026.12.0');
    const polls = fake.arm.requests.filter((request) => request.path.includes('/operationResults/'));
    expect(polls.map((request) => request.status)).toEqual([202, 202, 200]);
    const swapAt = fake.arm.requests.find((request) => request.path.endsWith('/slotsswap'))?.at ?? 0;
    const times = [swapAt, ...polls.map((request) => request.at)];
    // pollMs is 200 ms; Retry-After asks for a second between polls.
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("reports a failed swap with Azure's code and message, and leaves the slots as they were", async () => {
    fake.failNextOperation('SwapFailed', 'Cannot swap slots because the warm-up request to the staging slot failed with HTTP 502.');
    const failure = await rejection(connector().swap(target, signal()));

    expect(failure.message).toBe(
      'Azure App Service "azure-au": swapping acme-au-web/staging into production failed in Azure: SwapFailed: Cannot swap slots because the warm-up request to the staging slot failed with HTTP 502.',
    );
    expect(fake.site(SITE).production.version).toBe('2026.11.1');
    expect(fake.swaps).toBe(0);
  });

  it('resends a swap Azure throttled after the wait it asked for, and swaps once', async () => {
    fake.throttle(1, 1);
    await connector().swap(target, signal());

    const swaps = fake.arm.requests.filter((request) => request.path.endsWith('/slotsswap'));
    expect(swaps.map((request) => request.status)).toEqual([429, 202]);
    expect((swaps[1]?.at ?? 0) - (swaps[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(fake.swaps).toBe(1);
    expect(fake.site(SITE).production.version).toBe('2026.12.0');
  });

  it("swap with preview: production's slot settings go to staging, then the swap completes it", async () => {
    const azure = connector();
    await azure.applyProductionConfig?.(target, signal());
    const site = fake.site(SITE);
    expect(site.staging.appSettings.ENVIRONMENT_NAME).toBe('production');
    expect(site.production.version).toBe('2026.11.1');
    const apply = fake.arm.requests.find((request) => request.path.endsWith('/applySlotConfig'));
    expect(apply?.path).toBe(`/subscriptions/${SUBSCRIPTION}/resourceGroups/${GROUP}/providers/Microsoft.Web/sites/${SITE}/applySlotConfig`);
    expect(JSON.parse(apply?.body ?? '{}')).toEqual({ targetSlot: 'staging', preserveVnet: true });

    await azure.swap(target, signal());
    const after = fake.site(SITE);
    expect(after.production.version).toBe('2026.12.0');
    expect(after.production.appSettings.ENVIRONMENT_NAME).toBe('production');
    expect(after.staging.appSettings.ENVIRONMENT_NAME).toBe('staging');
    expect(after.preview).toBeNull();
  });

  it('swap with preview: a reset gives staging its own settings back and swaps nothing', async () => {
    const azure = connector();
    await azure.applyProductionConfig?.(target, signal());
    await azure.resetConfig?.(target, signal());

    const site = fake.site(SITE);
    expect(site.staging.appSettings.ENVIRONMENT_NAME).toBe('staging');
    expect(site.preview).toBeNull();
    expect(site.production.version).toBe('2026.11.1');
    expect(fake.swaps).toBe(0);
    expect(fake.arm.requestsTo(`/subscriptions/${SUBSCRIPTION}/resourceGroups/${GROUP}/providers/Microsoft.Web/sites/${SITE}/resetSlotConfig`)).toHaveLength(1);
  });

  it('says in words what the swap changes in production, without the values of secrets', async () => {
    const lines = await connector().differences(target, signal());

    expect(lines).toEqual([
      'App setting FEATURE_SEARCH changes in production: "off" → "on"',
      'App setting LEGACY_EXPORT is removed from production',
      'App setting NEW_CHECKOUT is added to production: "beta"',
      'App setting STORAGE_ACCOUNT_KEY differs in production (value not shown)',
      'Connection string Orders differs in production (value not shown)',
    ]);
    const text = lines.join('\n');
    for (const secret of ['prod-key-0f9e8d', 'stage-key-1a2b3c', 'prod-pw-77', 'stage-pw-88']) expect(text).not.toContain(secret);
    const diffs = fake.arm.requests.find((request) => request.path.endsWith('/slotsdiffs'));
    expect(JSON.parse(diffs?.body ?? '{}')).toEqual({ targetSlot: 'production', preserveVnet: true });
  });
});

describe('Azure App Service connection test', () => {
  it('lists the sites of the resource group', async () => {
    expect(await connector().probe.probe(signal())).toEqual({ version: 'Azure App Service: 1 site in resource group "rg-acme-au"' });
  });

  it('names a wrong client secret by its AADSTS code, without the secret', async () => {
    const wrong = 'Wrong~secret.value-0000aaaa';
    const failure = await rejection(connector({ secret: wrong }).probe.probe(signal()));

    expect(failure.failure).toBe('unauthorized');
    expect(failure.message).toContain('AADSTS7000215: Invalid client secret provided.');
    expect(failure.message).toContain("check the client secret: it must be the secret's value, not its id");
    expect(failure.message).not.toContain(wrong);
    expect(failure.message).not.toContain('Trace ID');
    expect(fake.arm.requests).toHaveLength(0);
  });

  it('says the app registration has no role on the resource group when the Resource Manager forbids it', async () => {
    fake.authorized = false;
    const failure = await rejection(connector().probe.probe(signal()));

    expect(failure.failure).toBe('forbidden');
    expect(failure.message).toMatch(/^Azure App Service "azure-au": the app registration may not read the sites of resource group "rg-acme-au" of subscription 34adfa4f-cedf-4dc0-ba29-b6d1a69ab345; give it a role there/);
    expect(failure.message).toContain('AuthorizationFailed');
  });

  it('says when the resource group does not exist', async () => {
    const backend = AzureAppServiceBackend.parse({ ...definition(), resourceGroup: 'rg-typo' });
    const connectors = connectorsWithSecret([backend], SECRET, { timeoutMs: 5000 });
    const failure = await rejection(connectors.get('azure-au')?.probe?.probe(signal()) ?? Promise.resolve());

    expect(failure.message).toMatch(/^Azure App Service "azure-au": resource group "rg-typo" of subscription \S+ was not found; check both ids/);
    expect(failure.message).toContain('ResourceGroupNotFound');
  });

  it('gives up on a Resource Manager that hangs with a timeout error', async () => {
    const azure = connector({ timeoutMs: 600 });
    await azure.probe.probe(signal());
    fake.arm.hang();
    const failure = await rejection(azure.swap(target, signal()));

    expect(failure.failure).toBe('timeout');
    expect(failure.message).toMatch(/Azure App Service "azure-au": 127\.0\.0\.1:\d+ did not answer within 600 ms/);
  });
});
