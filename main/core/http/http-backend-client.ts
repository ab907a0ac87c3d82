import { BrokenCircuitError, CircuitState } from 'cockatiel';
import type { ConnectionAuth, ConnectionHealth, ConnectionKind } from '../../../shared/contract/connections.js';
import type { Clock } from '../clock.js';
import type { Redactor } from '../vault/redactor.js';
import { VaultError } from '../vault/vault-error.js';
import { authHeaders, type SecretSource } from './auth-headers.js';
import { ConnectorError, type BackendClient, type JsonRequest, type JsonResponse, type QueryValue } from './backend-client.js';
import { ConnectionStats } from './connection-stats.js';
import { HttpStatusError, retryAfterMs, statusFailure, transportFailure } from './failures.js';
import { connectionPolicies, DEFAULT_RESILIENCE, type ConnectionPolicies, type Resilience } from './resilience.js';

export interface HttpClientOptions {
  connectionId: string;
  kind: ConnectionKind;
  /** Absent when the fleet file leaves the URL to Settings and Settings has none yet. */
  baseUrl: string | undefined;
  auth: ConnectionAuth;
  timeoutMs: number;
  secrets: SecretSource;
  redactor: Redactor;
  clock: Clock;
  log: (line: string) => void;
  resilience?: Partial<Resilience>;
}

const KIND_NAMES: Record<ConnectionKind, string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  datadog: 'Datadog',
  elasticsearch: 'Elasticsearch',
  statuspage: 'Statuspage',
  octopus: 'Octopus Deploy',
  'azure-app-service': 'Azure App Service',
  redmine: 'Redmine',
  servicenow: 'ServiceNow',
  jira: 'Jira',
  slack: 'Slack',
  confluence: 'Confluence',
};

export function connectionLabel(kind: ConnectionKind, id: string): string {
  return `${KIND_NAMES[kind]} "${id}"`;
}

export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}

function requestUrl(base: URL, path: string, query: Record<string, QueryValue> | undefined): URL {
  const url = new URL(base);
  // Keep the base URL's own path: Prometheus behind a proxy often lives at https://host/prometheus.
  url.pathname = `${base.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  url.search = '';
  url.hash = '';
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, item);
    else url.searchParams.append(name, String(value));
  }
  return url;
}

function requestInit(request: JsonRequest, auth: Record<string, string>): RequestInit {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Watchfloor', ...auth };
  let body: string | undefined;
  if (request.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  } else if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body);
  }
  // Redirects are not followed: they would carry DD-API-KEY and friends to wherever they point.
  return { method: request.method ?? 'GET', headers, body, redirect: 'manual' };
}

/** Rejects as soon as the caller aborts, even while a retry is waiting out its backoff. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A backend's HTTP client over Node's fetch: credentials read at request time, a timeout
 * per attempt, retries with backoff and jitter for idempotent calls, and a circuit breaker
 * of its own, so a dead backend fails fast and never holds up another. Every failure is a
 * ConnectorError whose message names the backend and its host, and never a secret.
 */
export class HttpBackendClient implements BackendClient {
  readonly connectionId: string;
  private readonly label: string;
  private readonly base: URL | ConnectorError;
  private readonly stats = new ConnectionStats();
  private readonly policies: ConnectionPolicies;
  private readonly resilience: Resilience;
  private openedAt = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.connectionId = options.connectionId;
    this.label = connectionLabel(options.kind, options.connectionId);
    this.base = this.parseBase(options.baseUrl);
    this.resilience = { ...DEFAULT_RESILIENCE, ...options.resilience };
    this.policies = connectionPolicies(this.resilience, options.timeoutMs);
    this.policies.breaker.onStateChange((state) => this.stats.circuit(state === CircuitState.Open));
    this.policies.breaker.onBreak(() => {
      this.openedAt = Date.now();
      options.log(`${this.label}: circuit open after ${this.resilience.breakerFailures} failures in a row; calls fail fast for ${formatDuration(this.resilience.breakerHalfOpenAfterMs)}`);
    });
    this.policies.breaker.onReset(() => options.log(`${this.label}: answering again; circuit closed`));
  }

  health(): ConnectionHealth {
    return this.stats.health();
  }

  async json(request: JsonRequest): Promise<JsonResponse> {
    const caller = request.signal;
    caller?.throwIfAborted();
    if (this.base instanceof ConnectorError) {
      this.stats.attempted(this.options.clock.now());
      throw this.fail(this.base);
    }
    const url = requestUrl(this.base, request.path, request.query);
    const init = requestInit(request, await this.authHeaders());
    const idempotent = request.idempotent ?? (request.method ?? 'GET') === 'GET';
    const policy = idempotent ? this.policies.retrying : request.retryRateLimited ? this.policies.onceUnlessRateLimited : this.policies.once;
    // A signal of this call's own: connectors share one signal across many parallel calls, and each call's listeners go here instead.
    const call = caller ? AbortSignal.any([caller]) : undefined;
    try {
      return await untilAborted(
        policy.execute(({ signal }) => this.attempt(url, init, signal, call), call),
        call,
      );
    } catch (error) {
      if (call?.aborted) throw call.reason;
      if (error instanceof BrokenCircuitError) throw this.circuitOpen();
      throw error;
    }
  }

  private parseBase(baseUrl: string | undefined): URL | ConnectorError {
    if (baseUrl === undefined) {
      return new ConnectorError(
        'network',
        `${this.label} has no URL: the fleet file leaves it to Settings; add a connection with the id "${this.connectionId}" in Settings`,
      );
    }
    const url = new URL(baseUrl);
    if (url.username || url.password) {
      this.options.redactor.remember(decodeURIComponent(url.password));
      return new ConnectorError(
        'malformed',
        `${this.label}: its URL carries a user name or password; remove them from the URL and set them as the connection's credentials`,
      );
    }
    return url;
  }

  private async authHeaders(): Promise<Record<string, string>> {
    try {
      const headers = await authHeaders(this.options.auth, this.options.secrets);
      for (const value of Object.values(headers)) {
        this.options.redactor.remember(value);
        // The encoded credential alone, as a backend echoing the request would show it.
        this.options.redactor.remember(value.slice(value.indexOf(' ') + 1));
      }
      return headers;
    } catch (error) {
      // A token that could not be had (Entra ID) is a failed attempt too: the connection's health shows it.
      if (error instanceof ConnectorError) {
        this.stats.attempted(this.options.clock.now());
        throw this.fail(error);
      }
      if (!(error instanceof VaultError)) throw error;
      this.stats.attempted(this.options.clock.now());
      throw this.fail(new ConnectorError('secret-missing', `${this.label}: its credentials cannot be read: ${error.message}`));
    }
  }

  private async attempt(url: URL, init: RequestInit, signal: AbortSignal, caller: AbortSignal | undefined): Promise<JsonResponse> {
    const started = performance.now();
    this.stats.attempted(this.options.clock.now());
    try {
      const response = await fetch(url, { ...init, signal });
      const text = this.options.redactor.redact(await response.text());
      const latencyMs = performance.now() - started;
      if (response.status < 200 || response.status > 299) {
        throw statusFailure(response.status, response.statusText, text, this.label, url, retryAfterMs(response.status, response.headers, Date.now()));
      }
      const body = this.parseJson(text, response, url);
      this.stats.succeeded(this.options.clock.now(), latencyMs);
      return { status: response.status, headers: response.headers, body, latencyMs };
    } catch (error) {
      if (caller?.aborted) throw error;
      throw this.fail(this.classify(error, signal, url));
    }
  }

  private classify(error: unknown, signal: AbortSignal, url: URL): ConnectorError {
    if (error instanceof ConnectorError) return error;
    if (signal.aborted) {
      return new ConnectorError('timeout', `${this.label}: ${url.host} did not answer within ${formatDuration(this.options.timeoutMs)}`);
    }
    return transportFailure(error, this.label, url);
  }

  private parseJson(text: string, response: Response, url: URL): unknown {
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
      if (/json/i.test(type)) {
        throw new ConnectorError('malformed', `${this.label}: ${url.host} sent broken JSON for ${url.pathname}`, response.status);
      }
      throw new ConnectorError(
        'wrong-kind',
        `${this.label}: ${url.host} answered ${url.pathname} with ${type}, not JSON; is this the ${KIND_NAMES[this.options.kind]} API's address?`,
        response.status,
      );
    }
  }

  private circuitOpen(): ConnectorError {
    const last = this.policies.breaker.lastFailure;
    const cause = last && 'error' in last && last.error instanceof ConnectorError ? last.error : null;
    const waitMs = Math.max(0, this.resilience.breakerHalfOpenAfterMs - (Date.now() - this.openedAt));
    const lastWords = cause ? cause.message.replace(`${this.label}: `, '') : 'unknown';
    return new ConnectorError(
      cause?.failure ?? 'network',
      `${this.label}: not called for now, after ${this.resilience.breakerFailures} failures in a row (last: ${lastWords}); the next try is in about ${formatDuration(waitMs)}`,
      cause?.status ?? null,
    );
  }

  private fail(error: ConnectorError): ConnectorError {
    // The body was redacted as text; the message holds words parsed out of it (JSON escapes undone), so it is redacted again.
    error.message = this.options.redactor.redact(error.message);
    if (error instanceof HttpStatusError) error.backendSaid = this.options.redactor.redact(error.backendSaid);
    this.stats.failed(error.message);
    return error;
  }
}
