import { extname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CustomScheme, Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../hosting/security-headers.js';

/** The renderer is served from `app://watchfloor/…` instead of `file://`, so it has a real origin and reads nothing else on disk. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'watchfloor';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Our own page in any window: the index with or without a route fragment. */
export function isAppPage(url: string): boolean {
  return url.split('#')[0] === APP_INDEX_URL;
}

export type AppFile = { ok: true; path: string } | { ok: false; status: 400 | 404; reason: string };

/**
 * Maps an `app://` request to a file inside `root`. Checked lexically after decoding, so neither
 * `..`, an encoded `%2e%2e` or `%2f`, a backslash nor a NUL byte can step out of the folder.
 */
export function resolveAppFile(root: string, requestUrl: string): AppFile {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 404, reason: `only ${APP_SCHEME}://${APP_HOST}/ is served` };
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400, reason: 'forbidden character in path' };
  const wanted = decoded === '/' ? '/index.html' : decoded;
  const path = normalize(join(root, wanted));
  const inside = relative(root, path);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return { ok: false, status: 404, reason: 'outside the app folder' };
  return { ok: true, path };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Reads one file (Electron's `net.fetch` on a file URL, which also reads inside the ASAR). */
export type FetchFile = (fileUrl: string) => Promise<Response>;

/** Answers `app://` requests from the packaged renderer folder, with the console's CSP on every response. */
export function serveAppFiles(protocol: Pick<Protocol, 'handle'>, root: string, fetchFile: FetchFile): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(root, request.url);
    if (!file.ok) return new Response(file.reason, { status: file.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    let body: Response;
    try {
      body = await fetchFile(pathToFileURL(file.path).href);
    } catch {
      return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    if (!body.ok) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    return new Response(body.body, {
      status: 200,
      headers: {
        'content-type': CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
