import { z } from 'zod';
import type { ConnectionTestResult } from '../../../shared/contract/connections.js';
import { describeZodError } from '../../../shared/contract/errors.js';
import type { Clock } from '../clock.js';
import { createConnectors } from '../connectors/registry.js';
import { ConnectorError, type BackendClient } from '../http/backend-client.js';
import { connectionLabel } from '../http/http-backend-client.js';
import type { RemoteBackend } from './effective-backends.js';

export function failedTest(failure: ConnectionTestResult['failure'], message: string): ConnectionTestResult {
  return { ok: false, latencyMs: null, version: null, failure, message };
}

function describeFailure(error: unknown, label: string): ConnectionTestResult {
  if (error instanceof ConnectorError) return failedTest(error.failure, error.message);
  if (error instanceof z.ZodError) return failedTest('malformed', `${label}: its answer is not what was expected: ${describeZodError(error, 'answer')}`);
  return failedTest('malformed', `${label}: its answer could not be read: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * A "Test" from Settings: builds the backend's connector around the given client and asks
 * its probe what the server is. Failures come back as a result, never thrown.
 */
export async function probeConnection(
  backend: RemoteBackend,
  client: BackendClient,
  deps: { clock: Clock; log: (line: string) => void },
): Promise<ConnectionTestResult> {
  const label = connectionLabel(backend.kind, backend.id);
  const connector = createConnectors([backend], { ...deps, client: () => client }).get(backend.id);
  const abort = new AbortController();
  try {
    if (!connector?.probe) return failedTest(null, `${label}: this build cannot test ${backend.kind} connections`);
    const started = performance.now();
    const { version } = await connector.probe.probe(abort.signal);
    const latencyMs = Math.round(performance.now() - started);
    const host = backend.url ? new URL(backend.url).host : backend.id;
    return { ok: true, latencyMs, version, failure: null, message: `${label} at ${host} answers: ${version} (${latencyMs} ms)` };
  } catch (error) {
    return describeFailure(error, label);
  } finally {
    abort.abort();
    connector?.close();
  }
}
