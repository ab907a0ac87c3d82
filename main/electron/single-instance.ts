import type { App } from 'electron';
import { DEEP_LINK_SCHEME, parseDeepLinkUrl, type DeepLink } from '../../shared/routes/deep-link.js';

export type InstanceApp = Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>;

export interface LinkTarget {
  /** Brings the console window forward (restored, focused). */
  focus(): void;
  open(link: DeepLink): void;
  /** A link that was refused, with the reason; never opened. */
  refuse(message: string): void;
}

/** The `watchfloor://` argument Windows and Linux pass on the command line, if any. */
export function linkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`));
}

function route(url: string, target: LinkTarget): void {
  const link = parseDeepLinkUrl(url);
  if (link.ok) target.open(link.value);
  else target.refuse(link.error.message);
}

/**
 * One console per user: a second launch (a clicked link, a second shortcut) hands its link to
 * the running one and quits. Returns false when this process is the second and must stop.
 */
export function claimSingleInstance(app: InstanceApp, argv: readonly string[], target: () => LinkTarget): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, secondArgv) => {
    const running = target();
    running.focus();
    const url = linkInArgv(secondArgv);
    if (url !== undefined) route(url, running);
  });
  // macOS delivers links as an event rather than an argument, also to a running app.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const running = target();
    running.focus();
    route(url, running);
  });
  return true;
}

/** The link this first instance was started with, routed once its window exists. */
export function openStartupLink(argv: readonly string[], target: LinkTarget): void {
  const url = linkInArgv(argv);
  if (url !== undefined) route(url, target);
}
