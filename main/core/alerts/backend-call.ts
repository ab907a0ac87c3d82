import { OpsFailure, type OpsErrorKind } from '../../../shared/contract/errors.js';
import type { BackendDefinition } from '../../../shared/fleet-definition/schema.js';
import type { Connector } from '../connectors/capabilities.js';
import { ConnectorError } from '../http/backend-client.js';
import { answerMayBeLost } from '../http/failures.js';

/**
 * One call to a backend from a service: its own timeout and AbortSignal, so a backend that
 * never answers (or ignores the signal) still lets the caller go on, and every failure
 * comes back as an OpsFailure with a kind and the backend's own words.
 */
export function callBackend<T>(
  connector: Pick<Connector, 'name'>,
  what: string,
  timeoutMs: number,
  stop: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return call(connector, what, timeoutMs, stop, run, (error) => toOpsFailure(connector, error));
}

/**
 * A change sent to a backend (a silence made or ended). A failure after which the backend may
 * have made the change anyway (no answer in time, a lost connection, a garbled or 5xx answer)
 * is `in-doubt`, never a plain failure: the command's retry looks on the backend before sending again.
 */
export function sendChange<T>(
  connector: Pick<Connector, 'name'>,
  what: string,
  timeoutMs: number,
  stop: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return call(connector, what, timeoutMs, stop, run, (error) => {
    const failure = toOpsFailure(connector, error);
    if (!mayHaveArrived(error)) return failure;
    return new ChangeInDoubt(
      failure.message,
      `${failure.message}; ${connector.name} may have made ${what} all the same: send the same request again and the console looks for it there before sending anything`,
    );
  });
}

/** A change the backend may have made although its answer failed; `reason` is the failure alone, for a caller that asks the backend itself. */
export class ChangeInDoubt extends OpsFailure {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super('in-doubt', message);
  }
}

/** Whether a request that failed this way may still have reached the backend and been carried out. */
function mayHaveArrived(error: unknown): boolean {
  if (error instanceof ConnectorError) return answerMayBeLost(error);
  // Given up by this side (timeout, or the fleet reloaded) while the request was out; or something unforeseen.
  return !(error instanceof OpsFailure) || error.kind === 'timeout' || error.kind === 'unavailable' || error.kind === 'internal';
}

async function call<T>(
  connector: Pick<Connector, 'name'>,
  what: string,
  timeoutMs: number,
  stop: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
  convert: (error: unknown) => OpsFailure,
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
    throw convert(error);
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
