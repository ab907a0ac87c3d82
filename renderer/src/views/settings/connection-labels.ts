import type { ConnectionHealth, ConnectionKind, ConnectionTestFailure, SecretView } from '../../../../shared/contract/connections.js';
import type { HealthStatus } from '../../../../shared/contract/index.js';
import type { AuthType, SecretSlot } from './connection-form.js';

export const CONNECTION_KIND_LABELS: Readonly<Record<ConnectionKind, string>> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  datadog: 'Datadog',
  elasticsearch: 'Elasticsearch',
  statuspage: 'Atlassian Statuspage',
  octopus: 'Octopus Deploy',
  'azure-app-service': 'Azure App Service',
  redmine: 'Redmine',
  servicenow: 'ServiceNow',
  jira: 'Jira Cloud',
  slack: 'Slack',
  confluence: 'Confluence Cloud',
};

export const AUTH_LABELS: Readonly<Record<AuthType, string>> = {
  none: 'None',
  basic: 'Basic (user name and password)',
  bearer: 'Bearer token',
  'api-key': 'API key',
  datadog: 'Datadog API and application keys',
  'oauth-key': 'Statuspage API key',
  octopus: 'Octopus API key',
  redmine: 'Redmine API key',
  entra: 'Entra ID app registration (client secret)',
};

export const SLOT_LABELS: Readonly<Record<SecretSlot, string>> = {
  password: 'Password',
  token: 'Token',
  key: 'API key',
  apiKey: 'API key (DD-API-KEY)',
  applicationKey: 'Application key (DD-APPLICATION-KEY)',
  clientSecret: 'Client secret',
};

/** A secret's label in the form: the same slot name means another header for another backend. */
export function slotLabel(authType: AuthType, slot: SecretSlot): string {
  return authType === 'octopus' && slot === 'apiKey' ? 'API key (X-Octopus-ApiKey)' : SLOT_LABELS[slot];
}

type HealthState = ConnectionHealth['state'];

export const HEALTH_STATE_LABELS: Readonly<Record<HealthState, string>> = {
  idle: 'Idle',
  up: 'Up',
  down: 'Down',
  'circuit-open': 'Circuit open',
};

/** Drawn with the health icon that means the same to a person watching. */
export const HEALTH_STATE_STATUS: Readonly<Record<HealthState, HealthStatus>> = {
  idle: 'unknown',
  up: 'ok',
  down: 'critical',
  'circuit-open': 'critical',
};

export const FAILURE_LABELS: Readonly<Record<ConnectionTestFailure, string>> = {
  dns: 'DNS lookup failed',
  refused: 'Connection refused',
  tls: 'TLS error',
  unauthorized: 'Unauthorized (401)',
  forbidden: 'Forbidden (403)',
  timeout: 'Timed out',
  'wrong-kind': 'Not the expected kind of server',
  malformed: 'Malformed answer',
  http: 'HTTP error',
  'secret-missing': 'Secret missing',
  network: 'Network error',
};

/** "keychain: prom-au/password ✓ set": where the secret lives and whether it can be read, never its value. */
export function secretText(secret: SecretView): string {
  return `${secret.store}: ${secret.reference} ${secret.present ? '✓ set' : '✗ not set'}`;
}
