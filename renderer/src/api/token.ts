/** The browser host hands out its per-run token in the URL fragment; it must not stay in the address bar. */

const TOKEN_KEY = 'watchfloor.token';

let pageToken: string | null = null;

export function tokenFromHash(hash: string): string | null {
  if (!hash.startsWith('#')) return null;
  const token = new URLSearchParams(hash.slice(1)).get('token');
  return token !== null && token.length > 0 ? token : null;
}

/** Moves a `#token=` fragment into sessionStorage so a reload still works; returns whether one was found. */
export function consumeTokenFromAddress(): boolean {
  const token = tokenFromHash(window.location.hash);
  if (token === null) return false;
  pageToken = token;
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage can be disabled; the token still works for this page load.
  }
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return true;
}

export function currentToken(): string | null {
  if (pageToken !== null) return pageToken;
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
