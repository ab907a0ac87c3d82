import type { CheckResult } from '../../../../shared/contract/deploys.js';
import type { PostDeployCheck } from '../../../../shared/fleet-definition/deploys.js';
import { abortedDetail, checkName } from './check-name.js';

type HttpCheck = Extract<PostDeployCheck, { type: 'http' }>;

const SNIPPET_CHARS = 120;

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * A plain GET of the environment's page (its staging slot's page before a swap): the status
 * it must answer and the text it must contain, `{version}` being the version deployed.
 * Node's fetch is enough for one GET; the connectors' client is for backends' APIs.
 */
export async function runHttpCheck(
  check: HttpCheck,
  request: { version: string; slot: 'production' | 'staging'; signal: AbortSignal },
  now: () => number,
): Promise<CheckResult> {
  const { version, slot, signal } = request;
  const result = (state: CheckResult['state'], detail: string): CheckResult => ({ name: checkName(check), type: 'http', slot, state, detail, at: now() });
  const url = slot === 'staging' ? check.stagingUrl : check.url;
  if (url === undefined) return result('skipped', 'no stagingUrl is set for this check, so the staging slot is not checked before the swap');
  const what = `GET ${url}`;
  let status: number;
  let body: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(check.timeoutMs)]), redirect: 'follow' });
    status = response.status;
    body = await response.text();
  } catch (error) {
    if (signal.aborted || (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))) {
      return result('failed', abortedDetail(what, check.timeoutMs, signal));
    }
    return result('failed', `${what} failed: ${causeOf(error)}`);
  }
  if (status !== check.expectStatus) return result('failed', `${what} answered ${status}, expected ${check.expectStatus}: ${snippet(body) || 'empty body'}`);
  if (check.contains !== undefined) {
    const wanted = check.contains.replaceAll('{version}', version);
    if (!body.includes(wanted)) return result('failed', `${what} answered ${status} but not "${wanted}": ${snippet(body) || 'empty body'}`);
    return result('passed', `${what} answered ${status} with "${wanted}"`);
  }
  return result('passed', `${what} answered ${status}`);
}
