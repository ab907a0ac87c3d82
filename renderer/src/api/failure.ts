import type { OpsErrorKind } from '../../../shared/contract/index.js';

/** A transport failure in the same shape the core answers with, so the client handles one shape. */
export function failureEnvelope(kind: OpsErrorKind, message: string): { ok: false; error: { kind: OpsErrorKind; message: string } } {
  return { ok: false, error: { kind, message } };
}

export function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
