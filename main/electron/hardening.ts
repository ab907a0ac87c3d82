import { app, session, shell } from 'electron';
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

/** Applies to every window and webview: no navigation away, no popups, a strict CSP, notifications the only permission. */
export function hardenApp(isOwnPage: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission) && isOwnPage(contents.getURL())));
  ses.setPermissionCheckHandler((contents, permission) => ALLOWED_PERMISSIONS.has(permission) && contents !== null && isOwnPage(contents.getURL()));
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
