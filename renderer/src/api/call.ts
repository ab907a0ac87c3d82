import { OpsFailure, type MethodInput, type MethodName, type MethodOutput, type OpsClient } from '../../../shared/contract/index.js';

/** React Query wants a thrown error; the contract's error value is carried in an OpsFailure. */
export async function call<M extends MethodName>(client: OpsClient, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await client.invoke(method, input);
  if (result.ok) return result.value;
  throw new OpsFailure(result.error.kind, result.error.message);
}

const TRANSIENT = new Set(['unavailable', 'timeout']);

export function isTransient(error: Error): boolean {
  return error instanceof OpsFailure && TRANSIENT.has(error.kind);
}

/** The sentence shown in an alert; an expired token also says how to get a new one. */
export function describeFailure(error: Error): string {
  if (error instanceof OpsFailure && error.kind === 'unauthorized') {
    return `${error.message} Open the URL printed by \`npm run serve\` again to get a fresh token.`;
  }
  return error.message;
}
