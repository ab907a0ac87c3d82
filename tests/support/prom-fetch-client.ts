import { ConnectorError, type BackendClient, type JsonRequest, type JsonResponse } from '../../main/core/http/backend-client.js';

/**
 * A plain BackendClient over fetch for the connectors' integration tests: no credentials,
 * retries or breaker, but the same error classification a connector relies on (refused,
 * timeout, HTTP status, a body that is not JSON).
 */
export function fetchClient(connectionId: string, baseUrl: string, timeoutMs = 5000): BackendClient {
  return {
    connectionId,
    async json(request: JsonRequest): Promise<JsonResponse> {
      const url = new URL(request.path, baseUrl);
      for (const [key, value] of Object.entries(request.query ?? {})) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
      }
      const method = request.method ?? 'GET';
      const init: RequestInit = {
        method,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(request.signal ? [request.signal] : [])]),
        headers: { accept: 'application/json' },
      };
      if (request.form) init.body = new URLSearchParams(request.form);
      else if (request.body !== undefined) {
        init.body = JSON.stringify(request.body);
        init.headers = { ...init.headers, 'content-type': 'application/json' };
      }
      const started = performance.now();
      let response: Response;
      try {
        response = await fetch(url, init);
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
        if (error instanceof Error && error.name === 'TimeoutError') throw new ConnectorError('timeout', `${connectionId}: no answer from ${url.origin} within ${timeoutMs} ms`);
        if (cause.includes('ECONNREFUSED')) throw new ConnectorError('refused', `${connectionId}: connection refused by ${url.origin}; is the server running?`);
        throw new ConnectorError('network', `${connectionId}: ${method} ${url.pathname} failed: ${cause}`);
      }
      const text = await response.text();
      if (!response.ok) {
        throw new ConnectorError('http', `${connectionId}: HTTP ${response.status} for ${method} ${url.pathname}: ${text.slice(0, 200)}`, response.status);
      }
      let body: unknown = null;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          throw new ConnectorError('malformed', `${connectionId}: ${method} ${url.pathname} did not answer JSON`, response.status);
        }
      }
      return { status: response.status, headers: response.headers, body, latencyMs: performance.now() - started };
    },
  };
}
