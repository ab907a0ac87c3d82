import type { PostDeployCheck } from '../../../../shared/fleet-definition/deploys.js';

/** The name a check goes by in results: its own, else what it does. */
export function checkName(check: PostDeployCheck): string {
  if (check.name !== undefined) return check.name;
  return check.type === 'http' ? `GET ${check.url}` : check.query;
}

/** Why a request was given up: the check's own time limit, or the run stopped by its caller. */
export function abortedDetail(what: string, timeoutMs: number, outer: AbortSignal): string {
  return outer.aborted ? `${what} was stopped: the check run was cancelled` : `${what} did not answer within ${timeoutMs} ms`;
}
