import { STATUS_CODES } from 'node:http';
import { ConnectorError } from './backend-client.js';

/**
 * A non-2xx answer; keeps how long the backend asked us to wait (Retry-After, X-RateLimit-Reset)
 * and what its error body said, so a connector can put the backend's reason in its own words.
 */
export class HttpStatusError extends ConnectorError {
  constructor(
    failure: ConnectorError['failure'],
    message: string,
    status: number,
    readonly retryAfterMs: number | null,
    /** Redacted again by the client, as the message is. */
    public backendSaid = '',
  ) {
    super(failure, message, status);
  }
}

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS = new Set([
  'EPROTO',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
]);

/** No HTTP answer at all; keeps the socket's error code (EAI_AGAIN is worth a retry, ENOTFOUND is not). */
export class TransportError extends ConnectorError {
  constructor(
    failure: ConnectorError['failure'],
    message: string,
    readonly code: string | null,
  ) {
    super(failure, message);
  }
}

interface Cause {
  code: string | null;
  message: string;
}

/** undici wraps the socket's error ("fetch failed" → cause → AggregateError of both address families): find the one with a code. */
function rootCause(error: unknown): Cause {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return { code, message: current.message };
    const inner: unknown = current instanceof AggregateError && current.errors.length > 0 ? current.errors[0] : current.cause;
    if (inner === undefined) break;
    current = inner;
  }
  return { code: null, message: error instanceof Error ? error.message : String(error) };
}

function isTls(code: string | null, message: string): boolean {
  if (code && (TLS.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.startsWith('CERT_'))) return true;
  return /certificate|ssl|tls/i.test(message);
}

/** A request that got no HTTP answer: which of DNS, refused, TLS, timeout or another network failure, in words. */
export function transportFailure(error: unknown, label: string, url: URL): TransportError {
  const { code, message } = rootCause(error);
  const host = url.host;
  const fail = (failure: ConnectorError['failure'], words: string) => new TransportError(failure, `${label}: ${words}`, code);
  if (code === 'EAI_AGAIN') return fail('dns', `DNS did not answer for ${url.hostname} (EAI_AGAIN); check the network and its DNS server`);
  if (code && DNS.has(code)) return fail('dns', `the host name ${url.hostname} does not resolve (DNS ${code}); check the URL`);
  if (code === 'ECONNREFUSED') return fail('refused', `nothing is listening at ${host} (connection refused); check the port and that the server runs`);
  if (code && TIMEOUT.has(code)) return fail('timeout', `${host} did not accept the connection in time (${code}); check the address and any firewall`);
  // OpenSSL's own text ("error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/...") reduced to its reason.
  const reason = /error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)/.exec(message)?.[1] ?? message;
  const detail = `${reason.trim()}${code ? ` (${code})` : ''}`;
  if (isTls(code, message)) {
    return fail('tls', `the TLS handshake with ${host} failed: ${detail}; check the server's certificate, or use http:// if it does not speak TLS`);
  }
  return fail('network', `the connection to ${host} failed: ${detail}`);
}

/** 429, and the 420 Statuspage still answers when it is rate-limiting. */
function isRateLimit(status: number | null): boolean {
  return status === 429 || status === 420;
}

/** X-RateLimit-Reset past this many seconds can only be a UNIX time (ServiceNow's), not a wait (Datadog's): it would be over 30 years. */
const EPOCH_SECONDS = 1e9;

/**
 * Seconds or an HTTP date (RFC 9110 Retry-After); on a 429 without one, X-RateLimit-Reset: Datadog
 * sends the seconds until its window resets, ServiceNow the UNIX time it resets at.
 */
export function retryAfterMs(status: number, headers: Headers, now: number): number | null {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (retryAfter.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  // Datadog sends its rate-limit headers on every answer; they only mean "wait" on a 429.
  if (!isRateLimit(status)) return null;
  const reset = Number(headers.get('x-ratelimit-reset') ?? Number.NaN);
  if (!Number.isFinite(reset)) return null;
  return Math.max(0, reset >= EPOCH_SECONDS ? reset * 1000 - now : reset * 1000);
}

/** What the backend said about the failure: its error field if it sent JSON, else the start of its text. */
export function bodyExcerpt(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      const error = record.error;
      if (typeof error === 'string') return error.slice(0, 300);
      // Elasticsearch: {error: {type, reason}}
      if (error && typeof error === 'object' && typeof (error as { reason?: unknown }).reason === 'string') {
        return (error as { reason: string }).reason.slice(0, 300);
      }
      // ServiceNow: {error: {message, detail}, status: "failure"}; the detail says which rule or field refused it.
      if (error && typeof error === 'object' && typeof (error as { detail?: unknown }).detail === 'string') {
        const { message, detail } = error as { message?: unknown; detail: string };
        const words = [typeof message === 'string' ? message : '', detail.replace(/\s+/g, ' ').trim()].filter((part) => part !== '');
        return words.join(': ').slice(0, 300);
      }
      // Azure Resource Manager: {error: {code, message}}
      if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
        const { code, message } = error as { code?: unknown; message: string };
        return (typeof code === 'string' ? `${code}: ${message}` : message).slice(0, 300);
      }
      // Octopus Deploy: {ErrorMessage, Errors: ["..."]}
      if (typeof record.ErrorMessage === 'string') {
        const details = Array.isArray(record.Errors) ? record.Errors.filter((item) => typeof item === 'string') : [];
        return [record.ErrorMessage, ...details].join(' ').slice(0, 300);
      }
      // Jira: {errorMessages: ["..."], errors: {field: "..."}}
      if (Array.isArray(record.errorMessages)) {
        const fields = record.errors && typeof record.errors === 'object' ? Object.entries(record.errors as Record<string, unknown>) : [];
        const words = [...record.errorMessages.filter((item) => typeof item === 'string'), ...fields.map(([field, said]) => `${field}: ${String(said)}`)];
        return words.join('; ').slice(0, 300);
      }
      // Datadog: {errors: ["..."]}; Confluence REST v2: {errors: [{status, code, title, detail}]}
      if (Array.isArray(record.errors)) {
        const said = record.errors.map((item: unknown) => (typeof item === 'string' ? item : item && typeof item === 'object' && typeof (item as { title?: unknown }).title === 'string' ? (item as { title: string }).title : ''));
        return said.filter((words) => words !== '').join('; ').slice(0, 300);
      }
      if (typeof record.message === 'string') return record.message.slice(0, 300);
    }
  } catch {
    // Not JSON: fall through to text.
  }
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** A non-2xx answer, classified: 401, 403, rate limits and server errors each say what to do. */
export function statusFailure(status: number, statusText: string, body: string, label: string, url: URL, waitMs: number | null): HttpStatusError {
  const words = `HTTP ${status} ${statusText || STATUS_CODES[status] || ''}`.trim();
  const excerpt = bodyExcerpt(body);
  const said = excerpt ? `: ${excerpt}` : '';
  if (status === 401) {
    return new HttpStatusError('unauthorized', `${label}: ${url.host} refused the credentials (${words})${said}; check the user name, password, token or key`, status, null, excerpt);
  }
  if (status === 403) {
    return new HttpStatusError('forbidden', `${label}: ${url.host} accepted the credentials but does not allow ${url.pathname} (${words})${said}; give the account read access`, status, null, excerpt);
  }
  if (isRateLimit(status)) {
    const wait = waitMs === null ? '' : `; it asks to wait ${Math.ceil(waitMs / 1000)} s`;
    return new HttpStatusError('http', `${label}: ${url.host} is rate-limiting the console (${words})${wait}`, status, waitMs, excerpt);
  }
  if (status >= 300 && status < 400) {
    return new HttpStatusError('http', `${label}: ${url.host} redirects ${url.pathname} (${words}); set the connection's URL to the address it redirects to`, status, null, excerpt);
  }
  return new HttpStatusError('http', `${label}: ${url.host} answered ${words} for ${url.pathname}${said}`, status, waitMs, excerpt);
}

/** The backend refused to do anything for now (429), so a write that was refused may be sent again once it asks. */
export function isRateLimited(error: unknown): boolean {
  return error instanceof ConnectorError && isRateLimit(error.status);
}

/** Worth another try: the backend may answer next time (network trouble, overload, a gateway in between). */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ConnectorError)) return false;
  if (error.failure === 'network' || error.failure === 'timeout' || error.failure === 'refused') return true;
  if (error instanceof TransportError && error.code === 'EAI_AGAIN') return true;
  return isRateLimit(error.status) || error.status === 502 || error.status === 503 || error.status === 504;
}

/** Counts against the circuit breaker: the backend is down or overloaded, not merely refusing our credentials. */
export function isBackendDown(error: unknown): boolean {
  if (!(error instanceof ConnectorError)) return false;
  if (['network', 'timeout', 'refused', 'dns', 'tls'].includes(error.failure)) return true;
  return error.status !== null && (isRateLimit(error.status) || error.status >= 500);
}

/**
 * A backend call whose request may have reached the backend and been carried out although no
 * good answer came back: none in time, a dropped connection, a 5xx, or one garbled on the way.
 * A refused connection or a 4xx means it was not.
 */
export function answerMayBeLost(error: unknown): boolean {
  if (!(error instanceof ConnectorError)) return false;
  if (error.failure === 'http') return (error.status ?? 0) >= 500;
  return error.failure === 'timeout' || error.failure === 'network' || error.failure === 'malformed' || error.failure === 'wrong-kind';
}
