import { OpsFailure, type MethodInput, type MethodName, type MethodOutput, type OpsClient } from '../../../shared/contract/index.js';
import { TransportFailure } from './failure.js';

/** React Query wants a thrown error; the contract's error value is carried in an OpsFailure (a TransportFailure when it never reached the core's answer). */
export async function call<M extends MethodName>(client: OpsClient, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await client.invoke(method, input);
  if (result.ok) return result.value;
  if (result.error instanceof TransportFailure) throw result.error;
  throw new OpsFailure(result.error.kind, result.error.message);
}

const TRANSIENT = new Set(['unavailable', 'timeout']);

/**
 * Worth trying again on its own: a call lost on the way to or from the core. An answer of the
 * core is never retried, even one saying a backend is unavailable: it is final (a refusal), or
 * in doubt, which the operator resolves by sending it again.
 */
export function isTransient(error: Error): boolean {
  return error instanceof TransportFailure && TRANSIENT.has(error.kind);
}

const MAX_RETRIES = 2;

/** The retry rule of every query and mutation: a transient failure of the transport, at most twice. */
export function shouldRetry(failures: number, error: Error): boolean {
  return failures < MAX_RETRIES && isTransient(error);
}

/** The sentence shown in an alert; an expired token also says how to get a new one. */
export function describeFailure(error: Error): string {
  if (error instanceof OpsFailure && error.kind === 'unauthorized') {
    return `${error.message} Open the URL printed by \`npm run serve\` again to get a fresh token.`;
  }
  return error.message;
}
