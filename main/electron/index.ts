import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { app, BrowserWindow, dialog } from 'electron';
import { DefinitionError } from '../core/definition/definition-source.js';
import { createOpsCore, type OpsCore } from '../core/ops-core.js';
import { PRODUCT_VERSION } from '../core/version.js';
import { hardenApp } from './hardening.js';
import { serveIpc } from './ipc-host.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
const isOwnPage = (url: string) => url.split('#')[0] === rendererUrl;

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

function createWindow(core: OpsCore): BrowserWindow {
  const window = new BrowserWindow({
    width: 1600,
    height: 1000,
    title: 'Watchfloor',
    backgroundColor: '#0b0f14',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const stopIpc = serveIpc(core, window.webContents, isOwnPage);
  window.on('closed', stopIpc);
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererIndex);
  return window;
}

async function main(): Promise<void> {
  await app.whenReady();
  hardenApp(isOwnPage);
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
  createWindow(core);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(core);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => core.close());
}

void main();
