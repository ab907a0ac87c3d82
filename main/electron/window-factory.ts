import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { APP_INDEX_URL } from './app-protocol.js';

export interface WindowSpec {
  title: string;
  /** The renderer route the window opens on, e.g. `deployment/dep-1` (see renderer/src/app/hash-route.ts). */
  route: string;
  bounds: Partial<Rectangle>;
}

/** Every window gets exactly these web preferences: no Node, an isolated sandboxed preload, web security on. */
export function hardenedWindowOptions(preload: string, spec: WindowSpec): BrowserWindowConstructorOptions {
  return {
    ...spec.bounds,
    title: spec.title,
    backgroundColor: '#0b0f14',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export type WindowConstructor = (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, 'loadURL' | 'once' | 'show' | 'webContents'>;

/** The one function that opens a window, main console and pop-outs alike. */
export function openHardenedWindow<W extends ReturnType<WindowConstructor>>(create: (options: BrowserWindowConstructorOptions) => W, preload: string, spec: WindowSpec): W {
  const window = create(hardenedWindowOptions(preload, spec));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(spec.route === '' ? APP_INDEX_URL : `${APP_INDEX_URL}#${spec.route}`);
  return window;
}
