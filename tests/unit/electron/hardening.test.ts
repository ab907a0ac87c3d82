import { describe, expect, it } from 'vitest';
import { isAppPage } from '../../../main/electron/app-protocol.js';
import { hardenContents } from '../../../main/electron/hardening.js';
import { hardenedWindowOptions, openHardenedWindow, type WindowSpec } from '../../../main/electron/window-factory.js';

type Listener = (event: { url: string; preventDefault: () => void }) => void;

/** Records what the hardening registers, so each rule can be fired as Electron would. */
function recordingContents() {
  const listeners = new Map<string, Listener>();
  const opened: string[] = [];
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (name: string, listener: Listener) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
  };
  const fire = (name: string, url: string) => {
    let prevented = false;
    listeners.get(name)?.({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents, listeners, opened, fire, open: (url: string) => openHandler?.({ url }) };
}

const SPECS: WindowSpec[] = [
  { title: 'Watchfloor', route: '', bounds: { width: 1600, height: 1000 } },
  { title: 'Fleet wall', route: 'fleet', bounds: {} },
  { title: 'Incident', route: 'incident/inc-1', bounds: {} },
  { title: 'Deployment log', route: 'deployment/dep-1', bounds: { x: 10, y: 10, width: 800, height: 600 } },
];

describe('window hardening', () => {
  it('blocks navigation of any frame, redirects and webviews away from our page, and denies popups', () => {
    const { contents, fire, open, opened } = recordingContents();
    const poppedOut: string[] = [];
    hardenContents(contents as never, isAppPage, { external: (url) => opened.push(url), popOut: (url) => poppedOut.push(url) });
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(fire(event, 'https://evil.example/')).toBe(true);
      expect(fire(event, 'file:///etc/passwd')).toBe(true);
      expect(fire(event, 'app://watchfloor/index.html#fleet')).toBe(false);
    }
    expect(fire('will-attach-webview', 'app://watchfloor/index.html')).toBe(true);
    expect(open('https://runbooks.example/db')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(open('app://watchfloor/index.html#deployment/dep-1')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://runbooks.example/db']);
    expect(poppedOut).toEqual(['app://watchfloor/index.html#deployment/dep-1']);
  });

  it.each(SPECS)('gives the $title window the same sandboxed preferences and loads our page', (spec) => {
    const created: unknown[] = [];
    const loaded: string[] = [];
    const window = openHardenedWindow(
      (options) => {
        created.push(options);
        return { loadURL: async (url: string) => void loaded.push(url), once: () => undefined, show: () => undefined, webContents: {} } as never;
      },
      '/app/preload/index.cjs',
      spec,
    );
    expect(window).toBeDefined();
    expect(created).toEqual([hardenedWindowOptions('/app/preload/index.cjs', spec)]);
    const preferences = hardenedWindowOptions('/app/preload/index.cjs', spec).webPreferences;
    expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(loaded).toHaveLength(1);
    expect(isAppPage(loaded[0] ?? '')).toBe(true);
    expect(loaded[0]).toBe(spec.route === '' ? 'app://watchfloor/index.html' : `app://watchfloor/index.html#${spec.route}`);
  });
});
