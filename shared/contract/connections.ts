import { z } from 'zod';
import { Id } from '../fleet-definition/ids.js';
import { strictObject } from './strict-object.js';

/**
 * Connections to the monitoring backends. Secrets never cross this contract outwards: a
 * connection shows where its secret lives (the OS keychain or an environment variable) and
 * whether it is set, never its value.
 */

export const ConnectionKind = z.enum(['prometheus', 'alertmanager', 'datadog', 'elasticsearch', 'statuspage', 'octopus', 'azure-app-service', 'redmine', 'jira', 'servicenow', 'slack', 'confluence']);
export type ConnectionKind = z.infer<typeof ConnectionKind>;

const EnvVariable = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'expected an environment variable name such as WATCHFLOOR_PROM_TOKEN');

/** Where a secret lives. The store and the fleet file keep only this reference. */
export const SecretRef = z.discriminatedUnion('store', [
  z.object({ store: z.literal('keychain'), account: z.string().min(1).max(200) }),
  z.object({ store: z.literal('env'), variable: EnvVariable }),
]);
export type SecretRef = z.infer<typeof SecretRef>;

/** What the renderer sees of a secret: where it lives and whether it can be read now. */
export const SecretView = z.object({
  store: z.enum(['keychain', 'env']),
  /** The keychain account or the variable name: a reference, never the secret. */
  reference: z.string(),
  present: z.boolean(),
});
export type SecretView = z.infer<typeof SecretView>;

/** A secret typed into the Settings form: a new value for the keychain, an env variable, or the one already kept. */
export const SecretInput = z.discriminatedUnion('store', [
  strictObject({ store: z.literal('keychain'), value: z.string().min(1, 'expected the secret; it goes to the OS keychain').max(8192) }),
  strictObject({ store: z.literal('env'), variable: EnvVariable }),
  strictObject({ store: z.literal('keep') }),
]);
export type SecretInput = z.infer<typeof SecretInput>;

function authSchemas<S extends z.ZodType>(secret: S) {
  return z.discriminatedUnion('type', [
    strictObject({ type: z.literal('none') }),
    strictObject({ type: z.literal('basic'), username: z.string().min(1, 'expected a user name'), password: secret }),
    strictObject({ type: z.literal('bearer'), token: secret }),
    /** Elasticsearch: `Authorization: ApiKey <base64(id:key)>` (the encoded form Kibana shows). */
    strictObject({ type: z.literal('api-key'), key: secret }),
    /** Datadog: `DD-API-KEY` and `DD-APPLICATION-KEY`. */
    strictObject({ type: z.literal('datadog'), apiKey: secret, applicationKey: secret }),
    /** Atlassian Statuspage: `Authorization: OAuth <api key>`. */
    strictObject({ type: z.literal('oauth-key'), key: secret }),
    /** Octopus Deploy: `X-Octopus-ApiKey`. */
    strictObject({ type: z.literal('octopus'), apiKey: secret }),
    /** Redmine: `X-Redmine-API-Key`. */
    strictObject({ type: z.literal('redmine'), apiKey: secret }),
    /** Entra ID (Azure): a client-credentials token for the Azure Resource Manager, sent as `Authorization: Bearer`. */
    strictObject({
      type: z.literal('entra'),
      tenantId: z.string().min(1, 'expected the Entra directory (tenant) id'),
      clientId: z.string().min(1, 'expected the application (client) id'),
      clientSecret: secret,
      authority: z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com'),
    }),
  ]);
}

export const ConnectionAuth = authSchemas(SecretRef);
export type ConnectionAuth = z.infer<typeof ConnectionAuth>;
export const ConnectionAuthView = authSchemas(SecretView);
export type ConnectionAuthView = z.infer<typeof ConnectionAuthView>;
export const ConnectionAuthInput = authSchemas(SecretInput);
export type ConnectionAuthInput = z.infer<typeof ConnectionAuthInput>;

const ConnectionId = Id;

const BaseUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL, e.g. https://prometheus.example.net:9090' })
  .max(2048);

/** Fields of a connection that are not secret. */
const ConnectionFields = {
  id: ConnectionId,
  kind: ConnectionKind,
  name: z.string().min(1, 'expected a name').max(120),
  baseUrl: BaseUrl,
  /** Per-request timeout. */
  timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
  /** Datadog only: the site, e.g. datadoghq.com, datadoghq.eu, ap1.datadoghq.com. */
  site: z.string().min(1).max(100).optional(),
  /** Statuspage only: the page id, as in the page's manage URL. */
  pageId: z.string().trim().min(1, "expected the Statuspage page id, as in the page's manage URL").max(100).optional(),
  /** Octopus only: the space id; without it, the default space (Spaces-1). */
  space: z.string().trim().min(1, 'expected the Octopus space id, e.g. Spaces-1, or nothing for the default space').max(100).optional(),
  /** Octopus only: the project whose releases are deployed, by name. */
  project: z.string().trim().min(1, 'expected the Octopus project name, as Octopus shows it').max(200).optional(),
  /** Azure App Service only: the subscription holding the sites. */
  subscriptionId: z.string().trim().min(1, 'expected the Azure subscription id, e.g. 34adfa4f-cedf-4dc0-ba29-b6d1a69ab345').max(100).optional(),
  /** Azure App Service only: the resource group of the sites. */
  resourceGroup: z.string().trim().min(1, 'expected the resource group of the sites').max(90).optional(),
};

type RequiredByKind = 'pageId' | 'project' | 'subscriptionId' | 'resourceGroup';

/** What a kind of connection cannot work without: Statuspage its page, Octopus its project, Azure its subscription and resource group. */
function kindSpecificFields(connection: { kind: ConnectionKind } & Partial<Record<RequiredByKind, string>>, ctx: z.RefinementCtx): void {
  const missing = (field: RequiredByKind, message: string) => {
    if (connection[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message });
  };
  switch (connection.kind) {
    case 'statuspage':
      missing('pageId', 'expected the Statuspage page id: a Statuspage connection publishes to one page');
      break;
    case 'octopus':
      missing('project', 'expected the Octopus project name: an Octopus connection deploys the releases of one project');
      break;
    case 'azure-app-service':
      missing('subscriptionId', 'expected the Azure subscription id: an Azure App Service connection swaps the slots of sites in one subscription');
      missing('resourceGroup', 'expected the resource group of the sites: an Azure App Service connection swaps the slots of sites in one resource group');
      break;
    case 'redmine':
      // Its project, tracker and custom field are not Settings fields yet: it needs the fleet file's declaration.
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'a Redmine backend is declared in the fleet file (url, auth, project, trackerId, markerFieldId, recordFieldId), not in Settings' });
      break;
    case 'servicenow':
      // Its state and severity mappings and the record field are not Settings fields: it needs the fleet file's declaration.
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'a ServiceNow backend is declared in the fleet file (url, auth, states, severities, recordField), not in Settings' });
      break;
    case 'confluence':
      // The space and the parent page of reviews are not Settings fields: it needs the fleet file's declaration.
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'a Confluence backend is declared in the fleet file (url, auth, spaceId, reviewsParentId, runbooks), not in Settings' });
      break;
    case 'slack':
      // Which severities get a channel and who is invited are not Settings fields: it needs the fleet file's declaration.
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'a Slack backend is declared in the fleet file (auth, channelFor, members), not in Settings' });
      break;
    case 'jira':
      // Its project, issue type and status mapping are not Settings fields yet: it needs the fleet file's declaration.
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'a Jira backend is declared in the fleet file (url, auth, projectKey, issueType, statuses), not in Settings' });
      break;
    default:
      break;
  }
}

/** A connection as stored (Settings) or declared (fleet file): references only. */
export const ConnectionConfig = z.object({ ...ConnectionFields, auth: ConnectionAuth }).superRefine(kindSpecificFields);
export type ConnectionConfig = z.infer<typeof ConnectionConfig>;

export const ConnectionInput = strictObject({ ...ConnectionFields, auth: ConnectionAuthInput }).superRefine(kindSpecificFields);
export type ConnectionInput = z.infer<typeof ConnectionInput>;

/** Live state of a connection, as its user sees it. */
export const ConnectionHealth = z.object({
  state: z.enum(['idle', 'up', 'down', 'circuit-open']),
  lastSuccessAt: z.number().int().nullable(),
  lastAttemptAt: z.number().int().nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  lastError: z.string().nullable(),
});
export type ConnectionHealth = z.infer<typeof ConnectionHealth>;

export const ConnectionView = z.object({
  ...ConnectionFields,
  auth: ConnectionAuthView,
  /** Declared in the fleet file (read-only here), added in Settings, or declared in the file with its URL and credentials set in Settings. */
  origin: z.enum(['fleet-file', 'settings']),
  health: ConnectionHealth,
});
export type ConnectionView = z.infer<typeof ConnectionView>;

export const VaultStatus = z.object({
  available: z.boolean(),
  /** e.g. "Secret Service (gnome-keyring)" */
  backend: z.string(),
  /** What is missing and how to fix it, when the keychain cannot be used. */
  problem: z.string().nullable(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

export const ConnectionTestFailure = z.enum([
  'dns',
  'refused',
  'tls',
  'unauthorized',
  'forbidden',
  'timeout',
  'wrong-kind',
  'malformed',
  'http',
  'secret-missing',
  'network',
]);
export type ConnectionTestFailure = z.infer<typeof ConnectionTestFailure>;

export const ConnectionTestResult = z.object({
  ok: z.boolean(),
  latencyMs: z.number().nonnegative().nullable(),
  /** What the server says it is, e.g. "Prometheus 2.42.0". */
  version: z.string().nullable(),
  failure: ConnectionTestFailure.nullable(),
  /** The exact error in words, without any secret. */
  message: z.string(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;
