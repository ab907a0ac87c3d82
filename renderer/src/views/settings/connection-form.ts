import type {
  ConnectionAuthInput,
  ConnectionAuthView,
  ConnectionKind,
  ConnectionView,
  SecretInput,
  SecretView,
} from '../../../../shared/contract/connections.js';
import type { SaveConnectionInput } from '../../api/queries.js';

export type AuthType = ConnectionAuthInput['type'];
export type SecretSlot = 'password' | 'token' | 'key' | 'apiKey' | 'applicationKey' | 'clientSecret';
export type SecretStore = SecretView['store'];

/** Kinds whose own fields (a Redmine project and custom field, ServiceNow's state mapping, a Jira project) only the fleet file declares. */
export const FLEET_FILE_ONLY_KINDS: ReadonlySet<ConnectionKind> = new Set<ConnectionKind>(['redmine', 'servicenow', 'jira', 'slack', 'confluence']);

/** Which kinds of credentials each backend takes. */
export const AUTH_TYPES_BY_KIND: Readonly<Record<ConnectionKind, readonly AuthType[]>> = {
  prometheus: ['none', 'basic', 'bearer'],
  alertmanager: ['none', 'basic', 'bearer'],
  elasticsearch: ['api-key', 'basic', 'none'],
  datadog: ['datadog'],
  statuspage: ['oauth-key'],
  octopus: ['octopus'],
  'azure-app-service': ['entra'],
  redmine: ['redmine'],
  servicenow: ['basic'],
  jira: ['basic'],
  slack: ['bearer'],
  confluence: ['basic'],
};

export const SLOTS_BY_AUTH: Readonly<Record<AuthType, readonly SecretSlot[]>> = {
  none: [],
  basic: ['password'],
  bearer: ['token'],
  'api-key': ['key'],
  datadog: ['apiKey', 'applicationKey'],
  'oauth-key': ['key'],
  octopus: ['apiKey'],
  redmine: ['apiKey'],
  entra: ['clientSecret'],
};

/** Where Entra ID issues tokens unless a national cloud needs another authority. */
export const DEFAULT_ENTRA_AUTHORITY = 'https://login.microsoftonline.com';

export interface SecretDraft {
  store: SecretStore;
  /** A new value for the keychain; empty while editing keeps the stored one. */
  value: string;
  variable: string;
  /** The connection being edited already keeps this secret in the keychain. */
  stored: boolean;
}

export interface ConnectionDraft {
  kind: ConnectionKind;
  id: string;
  name: string;
  baseUrl: string;
  timeoutMs: string;
  site: string;
  pageId: string;
  /** Octopus: the space id (empty for the default space) and the project's name. */
  space: string;
  project: string;
  /** Azure App Service: where the sites are. */
  subscriptionId: string;
  resourceGroup: string;
  authType: AuthType;
  username: string;
  /** Entra ID: the directory (tenant), the app registration (client) and the authority issuing tokens. */
  tenantId: string;
  clientId: string;
  authority: string;
  secrets: Record<SecretSlot, SecretDraft>;
}

function emptySecrets(store: SecretStore): Record<SecretSlot, SecretDraft> {
  const empty: SecretDraft = { store, value: '', variable: '', stored: false };
  return { password: empty, token: empty, key: empty, apiKey: empty, applicationKey: empty, clientSecret: empty };
}

/** A new connection; its secrets go to the OS keychain by default only when the keychain can be used. */
export function emptyDraft(keychainUsable: boolean): ConnectionDraft {
  return {
    kind: 'prometheus',
    id: '',
    name: '',
    baseUrl: '',
    timeoutMs: '10000',
    site: 'datadoghq.com',
    pageId: '',
    space: '',
    project: '',
    subscriptionId: '',
    resourceGroup: '',
    authType: 'none',
    username: '',
    tenantId: '',
    clientId: '',
    authority: DEFAULT_ENTRA_AUTHORITY,
    secrets: emptySecrets(keychainUsable ? 'keychain' : 'env'),
  };
}

/** The secrets a connection's auth holds, by slot. */
export function secretsOf(auth: ConnectionAuthView): Partial<Record<SecretSlot, SecretView>> {
  switch (auth.type) {
    case 'none':
      return {};
    case 'basic':
      return { password: auth.password };
    case 'bearer':
      return { token: auth.token };
    case 'api-key':
    case 'oauth-key':
      return { key: auth.key };
    case 'datadog':
      return { apiKey: auth.apiKey, applicationKey: auth.applicationKey };
    case 'octopus':
    case 'redmine':
      return { apiKey: auth.apiKey };
    case 'entra':
      return { clientSecret: auth.clientSecret };
  }
}

export function draftFromView(view: ConnectionView): ConnectionDraft {
  const secrets = emptySecrets('keychain');
  const existing = secretsOf(view.auth);
  for (const slot of SLOTS_BY_AUTH[view.auth.type]) {
    const secret = existing[slot];
    if (secret === undefined) continue;
    secrets[slot] =
      secret.store === 'keychain'
        ? { store: 'keychain', value: '', variable: '', stored: true }
        : { store: 'env', value: '', variable: secret.reference, stored: false };
  }
  return {
    kind: view.kind,
    id: view.id,
    name: view.name,
    baseUrl: view.baseUrl,
    timeoutMs: String(view.timeoutMs),
    site: view.site ?? 'datadoghq.com',
    pageId: view.pageId ?? '',
    space: view.space ?? '',
    project: view.project ?? '',
    subscriptionId: view.subscriptionId ?? '',
    resourceGroup: view.resourceGroup ?? '',
    authType: view.auth.type,
    username: view.auth.type === 'basic' ? view.auth.username : '',
    tenantId: view.auth.type === 'entra' ? view.auth.tenantId : '',
    clientId: view.auth.type === 'entra' ? view.auth.clientId : '',
    authority: view.auth.type === 'entra' ? view.auth.authority : DEFAULT_ENTRA_AUTHORITY,
    secrets,
  };
}

/** A kind change keeps the auth type when the new kind takes it, otherwise picks the kind's first. */
export function withKind(draft: ConnectionDraft, kind: ConnectionKind): ConnectionDraft {
  const allowed = AUTH_TYPES_BY_KIND[kind];
  return { ...draft, kind, authType: allowed.includes(draft.authType) ? draft.authType : (allowed[0] ?? 'none') };
}

function secretInput(draft: SecretDraft): SecretInput {
  if (draft.store === 'env') return { store: 'env', variable: draft.variable.trim() };
  if (draft.value === '' && draft.stored) return { store: 'keep' };
  return { store: 'keychain', value: draft.value };
}

function authInput(draft: ConnectionDraft): ConnectionAuthInput {
  const secret = (slot: SecretSlot) => secretInput(draft.secrets[slot]);
  switch (draft.authType) {
    case 'none':
      return { type: 'none' };
    case 'basic':
      return { type: 'basic', username: draft.username.trim(), password: secret('password') };
    case 'bearer':
      return { type: 'bearer', token: secret('token') };
    case 'api-key':
      return { type: 'api-key', key: secret('key') };
    case 'oauth-key':
      return { type: 'oauth-key', key: secret('key') };
    case 'datadog':
      return { type: 'datadog', apiKey: secret('apiKey'), applicationKey: secret('applicationKey') };
    case 'octopus':
      return { type: 'octopus', apiKey: secret('apiKey') };
    case 'redmine':
      return { type: 'redmine', apiKey: secret('apiKey') };
    case 'entra':
      return {
        type: 'entra',
        tenantId: draft.tenantId.trim(),
        clientId: draft.clientId.trim(),
        clientSecret: secret('clientSecret'),
        authority: draft.authority.trim() === '' ? DEFAULT_ENTRA_AUTHORITY : draft.authority.trim(),
      };
  }
}

/** Whole milliseconds, or a sentence saying what is wrong; the contract checks the range. */
export function timeoutProblem(text: string): string | null {
  return /^\d+$/.test(text.trim()) ? null : 'Enter the timeout as a whole number of milliseconds, e.g. 10000.';
}

export type KindField = 'site' | 'pageId' | 'space' | 'project' | 'subscriptionId' | 'resourceGroup';

/** The fields each kind has of its own; the form shows them for that kind only. */
export const FIELDS_BY_KIND: Readonly<Record<ConnectionKind, readonly KindField[]>> = {
  prometheus: [],
  alertmanager: [],
  elasticsearch: [],
  datadog: ['site'],
  statuspage: ['pageId'],
  octopus: ['project', 'space'],
  'azure-app-service': ['subscriptionId', 'resourceGroup'],
  redmine: [],
  servicenow: [],
  jira: [],
  slack: [],
  confluence: [],
};

/** The kind's own fields that are filled in; an empty one is left out, so the contract names it when the kind needs it. */
function kindFieldsInput(draft: ConnectionDraft): Partial<Record<KindField, string>> {
  return Object.fromEntries(FIELDS_BY_KIND[draft.kind].map((field) => [field, draft[field].trim()]).filter(([, value]) => value !== ''));
}

/** What the contract takes; its own checks (run before the call leaves the page) name any field that is wrong. */
export function inputFromDraft(draft: ConnectionDraft): SaveConnectionInput['connection'] {
  return {
    kind: draft.kind,
    id: draft.id.trim(),
    name: draft.name.trim(),
    baseUrl: draft.baseUrl.trim(),
    timeoutMs: Number(draft.timeoutMs.trim()),
    ...kindFieldsInput(draft),
    auth: authInput(draft),
  };
}
