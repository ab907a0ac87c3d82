import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../hosting/security-headers.js';

/** Only desktop notifications (new critical alerts); camera, location and the rest stay denied. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

/** Runbook links leave the app for the user's browser, and only as http(s). */
export function isExternalLink(url: string): boolean {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export type HardenedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export interface LinkOpeners {
  /** An http(s) link, for the user's browser. */
  external(url: string): void;
  /** Our own page with a route (`…#deployment/dep-1`), asked for in a new window: a pop-out we create ourselves. */
  popOut(url: string): void;
}

/**
 * Applied to every web contents the app creates (main window, pop-outs, anything else): no
 * navigation of any frame away from our page, no redirects, no webviews, and no window the page
 * creates itself (a pop-out of our own page is made by the main process, hardened the same way).
 */
export function hardenContents(contents: HardenedContents, isOwnPage: (url: string) => boolean, open: LinkOpeners): void {
  contents.on('will-navigate', (event) => {
    if (!isOwnPage(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isOwnPage(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isOwnPage(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isOwnPage(url)) open.popOut(url);
    else if (isExternalLink(url)) open.external(url);
    return { action: 'deny' };
  });
}

export type HardenedSession = { setPermissionRequestHandler: Session['setPermissionRequestHandler']; setPermissionCheckHandler: Session['setPermissionCheckHandler']; webRequest: Pick<Session['webRequest'], 'onHeadersReceived'> };

/** Notifications the only permission, and only for our page; the CSP on every response the session sees. */
export function hardenSession(ses: HardenedSession, isOwnPage: (url: string) => boolean): void {
  ses.setPermissionRequestHandler((contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission) && isOwnPage(contents.getURL())));
  ses.setPermissionCheckHandler((contents, permission) => ALLOWED_PERMISSIONS.has(permission) && contents !== null && isOwnPage(contents.getURL()));
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
