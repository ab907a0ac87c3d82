import type { ConnectionTestFailure } from '../../../shared/contract/connections.js';

/**
 * How connectors talk to their backend. The implementation adds the connection's
 * credentials, a timeout, retries with backoff and jitter (idempotent calls only) and a
 * circuit breaker; connectors only say what to ask and parse the answer with a schema.
 */

export type QueryValue = string | number | boolean | undefined | readonly string[];

export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the connection's base URL, e.g. `/api/v1/query`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** JSON body; `form` sends application/x-www-form-urlencoded instead (Prometheus POST queries). */
  body?: unknown;
  form?: Record<string, string>;
  signal?: AbortSignal;
  /** Safe to retry: reads, and writes the backend de-duplicates. Defaults to true for GET. */
  idempotent?: boolean;
  /** A write that is not idempotent but may be sent again after a 429, when the backend says a rate-limited request was not acted on (Jira Cloud). */
  retryRateLimited?: boolean;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body (204). */
  body: unknown;
  latencyMs: number;
}

export interface BackendClient {
  readonly connectionId: string;
  /** Throws ConnectorError; never returns a non-2xx answer. */
  json(request: JsonRequest): Promise<JsonResponse>;
}

/** A backend call that failed, classified; the message names the backend and never holds a secret. */
export class ConnectorError extends Error {
  constructor(
    readonly failure: ConnectionTestFailure,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}
