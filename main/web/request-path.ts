import { opsError, type Result } from '../../shared/contract/errors.js';
import { quote } from '../../shared/contract/quote.js';

/** The decoded path of a request target; a target that is not a URL path, or whose %-escapes are broken, is the client's mistake. */
export function requestPath(target: string | undefined): Result<string> {
  const raw = target ?? '/';
  let pathname: string;
  try {
    pathname = new URL(raw, 'http://localhost').pathname;
  } catch {
    return { ok: false, error: opsError('invalid-input', `malformed path: ${quote(raw)} is not a URL path`) };
  }
  try {
    return { ok: true, value: decodeURIComponent(pathname) };
  } catch {
    return { ok: false, error: opsError('invalid-input', `malformed path: ${quote(pathname)} is not valid percent-encoding`) };
  }
}
