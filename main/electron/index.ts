import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { app, BrowserWindow, dialog, Menu, nativeImage, net, protocol, screen, session, shell, Tray } from 'electron';
import { DefinitionError } from '../core/definition/definition-source.js';
import { createOpsCore, type OpsCore } from '../core/ops-core.js';
import { PRODUCT_VERSION } from '../core/version.js';
import { DEEP_LINK_SCHEME, routeOf, type DeepLink } from '../../shared/routes/deep-link.js';
import { appMenuTemplate } from './app-menu.js';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, isAppPage, serveAppFiles } from './app-protocol.js';
import { hardenContents, hardenSession } from './hardening.js';
import { createIpcHost, type IpcHost } from './ipc-host.js';
import { popOutFor } from './pop-outs.js';
import { claimSingleInstance, openStartupLink, type LinkTarget } from './single-instance.js';
import { NotificationPause } from '../../shared/contract/notifications.js';
import { createTrayController } from './tray-controller.js';
import { fleetFacts, TrayIncidents, TraySnapshot } from './tray-facts.js';
import { openHardenedWindow } from './window-factory.js';
import { placeOnScreen, readWindowStates, writeWindowState } from './window-state.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererRoot = join(here, '../renderer');
const preload = join(here, '../preload/index.cjs');

// Must happen before the app is ready: app:// gets a real, secure origin of its own.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(app.isPackaged ? 1 : 2),
    options: { fleet: { type: 'string' }, 'data-dir': { type: 'string' }, 'read-only': { type: 'boolean', default: false } },
    strict: false,
  });
  return {
    fleetFile: typeof values.fleet === 'string' ? values.fleet : undefined,
    dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : app.getPath('userData'),
    readOnly: values['read-only'] === true,
  };
}

const DEFAULT_SIZE = { width: 1600, height: 1000 };

/** Every window, console or pop-out: hardened, placed where it was last time (or back on screen), attached to the IPC host. */
function createWindow(ipc: IpcHost, key: string, title: string, route: string): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const displays = screen.getAllDisplays().map((display) => ({ id: display.id, workArea: display.workArea }));
  const primary = screen.getPrimaryDisplay();
  const placement = placeOnScreen(readWindowStates(stateFile)[key] ?? null, displays, { id: primary.id, workArea: primary.workArea }, DEFAULT_SIZE);
  const window = openHardenedWindow((options) => new BrowserWindow(options), preload, { title, route, bounds: placement.bounds });
  if (placement.maximized) window.maximize();
  const detach = ipc.attach(window.webContents);
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    writeWindowState(stateFile, key, { ...bounds, displayId: screen.getDisplayMatching(bounds).id, maximized: window.isMaximized() });
  });
  window.on('closed', detach);
  return window;
}

let consoleWindow: BrowserWindow | null = null;
/** A link that arrived before the window existed. */
let pendingLink: DeepLink | null = null;

const linkTarget: LinkTarget = {
  focus: () => {
    if (consoleWindow === null) return;
    if (consoleWindow.isMinimized()) consoleWindow.restore();
    consoleWindow.focus();
  },
  // Only the fragment changes, so the page is not reloaded: its hash route opens the item.
  open: (link) => {
    if (consoleWindow === null) pendingLink = link;
    else void consoleWindow.loadURL(`${APP_INDEX_URL}#${routeOf(link)}`);
  },
  refuse: (message) => dialog.showErrorBox('Watchfloor did not open this link', message),
};

async function main(): Promise<void> {
  if (!claimSingleInstance(app, process.argv, () => linkTarget)) return;
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  let ipc: IpcHost | null = null;
  const popOut = (url: string) => {
    const spec = popOutFor(new URL(url).hash.slice(1));
    if (spec !== null && ipc !== null) createWindow(ipc, spec.key, spec.title, spec.route);
  };
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, isAppPage, { external: (url) => void shell.openExternal(url), popOut }));
  await app.whenReady();
  hardenSession(session.defaultSession, isAppPage);
  serveAppFiles(protocol, rendererRoot, (url) => net.fetch(url));
  const { fleetFile, dataDir, readOnly } = options();
  let core: OpsCore;
  try {
    core = createOpsCore({ dataDir, version: PRODUCT_VERSION, readOnly, ...(fleetFile ? { fleetFile } : {}) });
  } catch (error) {
    const message = error instanceof DefinitionError || error instanceof Error ? error.message : String(error);
    dialog.showErrorBox('Watchfloor could not start', message);
    app.exit(1);
    return;
  }
  const host = createIpcHost(core, isAppPage);
  ipc = host;
  const showConsole = () => {
    consoleWindow = createWindow(host, 'console', 'Watchfloor', '');
    consoleWindow.on('closed', () => (consoleWindow = null));
    if (pendingLink !== null) linkTarget.open(pendingLink);
    pendingLink = null;
  };
  showConsole();
  openStartupLink(process.argv, linkTarget);
  showInMenusAndTray(core, showConsole, () => popOut(`${APP_INDEX_URL}#/fleet`));
  app.on('activate', () => {
    if (consoleWindow === null) showConsole();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    host.close();
    core.close();
  });
}

const openView = (view: string) => {
  linkTarget.focus();
  void consoleWindow?.loadURL(`${APP_INDEX_URL}#/${view}`);
};

function showInMenusAndTray(core: OpsCore, showConsole: () => void, fleetWall: () => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, { openView, popOut: fleetWall })));
  const template = process.platform === 'darwin';
  const tray = createTrayController(
    {
      tray: new Tray(nativeImage.createEmpty()),
      image: (bitmap, size) => {
        const image = nativeImage.createFromBitmap(bitmap, { width: size, height: size });
        image.setTemplateImage(template);
        return image;
      },
      menu: (items) => Menu.buildFromTemplate(items),
      now: Date.now,
    },
    {
      openConsole: () => (consoleWindow === null ? showConsole() : linkTarget.focus()),
      pauseFor: (minutes) => void core.dispatch('notifications.pause', { idempotencyKey: randomUUID(), minutes }),
      pauseUntilResumed: () => void core.dispatch('notifications.pause', { idempotencyKey: randomUUID(), minutes: null }),
      resume: () => void core.dispatch('notifications.resume', { idempotencyKey: randomUUID() }),
      quit: () => app.quit(),
    },
    template,
  );
  core.subscribe('notifications.paused', (pause) => tray.update({ pause }));
  void core.dispatch('notifications.state', {}).then((answer) => {
    const pause = answer.ok ? NotificationPause.safeParse(answer.value) : null;
    if (pause?.success) tray.update({ pause: pause.data });
  });
  const refresh = async () => {
    const snapshot = await core.dispatch('fleet.snapshot', {});
    const fleet = snapshot.ok ? TraySnapshot.safeParse(snapshot.value) : null;
    if (fleet?.success) tray.update(fleetFacts(fleet.data));
    const answer = await core.dispatch('incidents.list', {});
    const incidents = answer.ok ? TrayIncidents.safeParse(answer.value) : null;
    if (incidents?.success) tray.update({ openIncidents: incidents.data.counts.open });
  };
  void refresh();
  // Deltas arrive many times a second on a busy fleet; the tray is a glance, so it follows every few seconds.
  const timer = setInterval(() => void refresh(), 5_000);
  app.on('will-quit', () => clearInterval(timer));
}

void main();
