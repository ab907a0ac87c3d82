import type { OpsErrorKind } from '../../shared/contract/errors.js';

const STATUS: Record<OpsErrorKind, number> = {
  'invalid-input': 400,
  'unknown-method': 404,
  'not-found': 404,
  unauthorized: 401,
  forbidden: 403,
  'read-only': 403,
  conflict: 409,
  'invalid-output': 502,
  unavailable: 503,
  timeout: 504,
  'in-doubt': 504,
  internal: 500,
};

export function httpStatusOf(kind: OpsErrorKind): number {
  return STATUS[kind];
}
