import { OpsFailure, type OpsErrorKind } from '../../../shared/contract/errors.js';
import type { BackendDefinition } from '../../../shared/fleet-definition/schema.js';
import type { Connector } from '../connectors/capabilities.js';
import { ConnectorError } from '../http/backend-client.js';

/**
 * One call to a backend from a service: its own timeout and AbortSignal, so a backend that
 * never answers (or ignores the signal) still lets the caller go on, and every failure
 * comes back as an OpsFailure with a kind and the backend's own words.
 */
export async function callBackend<T>(
  connector: Pick<Connector, 'name'>,
  what: string,
  timeoutMs: number,
  stop: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (stop?.aborted) throw cancelled(connector, what);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onStop: (() => void) | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    const giveUp = (failure: OpsFailure) => {
      controller.abort(failure);
      reject(failure);
    };
    timer = setTimeout(() => giveUp(new OpsFailure('timeout', `${connector.name} did not answer ${what} within ${formatSeconds(timeoutMs)}`)), timeoutMs);
    onStop = () => giveUp(cancelled(connector, what));
    stop?.addEventListener('abort', onStop, { once: true });
  });
  try {
    return await Promise.race([run(controller.signal), gaveUp]);
  } catch (error) {
    throw toOpsFailure(connector, error);
  } finally {
    clearTimeout(timer);
    if (onStop) stop?.removeEventListener('abort', onStop);
  }
}

function cancelled(connector: Pick<Connector, 'name'>, what: string): OpsFailure {
  return new OpsFailure('unavailable', `${what} from ${connector.name} was cancelled: the fleet was reloaded or the console is closing`);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function toOpsFailure(connector: Pick<Connector, 'name'>, error: unknown): OpsFailure {
  if (error instanceof OpsFailure) return error;
  if (error instanceof ConnectorError) return new OpsFailure(kindOf(error), error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new OpsFailure('unavailable', `${connector.name}: ${message}`);
}

function kindOf(error: ConnectorError): OpsErrorKind {
  switch (error.failure) {
    case 'unauthorized':
    case 'secret-missing':
      return 'unauthorized';
    case 'forbidden':
      return 'forbidden';
    case 'timeout':
      return 'timeout';
    case 'http':
      if (error.status === 404) return 'not-found';
      if (error.status === 400 || error.status === 422) return 'invalid-input';
      if (error.status === 409) return 'conflict';
      return 'unavailable';
    default:
      return 'unavailable';
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The time a backend is given to answer: its own `timeoutMs` from the fleet file, or 10 s (the sandbox has none). */
export function timeoutOf(backends: readonly BackendDefinition[], id: string): number {
  const backend = backends.find((candidate) => candidate.id === id);
  return backend && 'timeoutMs' in backend ? backend.timeoutMs : DEFAULT_TIMEOUT_MS;
}
