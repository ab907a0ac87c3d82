import type { MenuItemConstructorOptions } from 'electron';
import { VIEW_TITLES, VIEWS, viewShortcutKey, type ViewId } from '../../shared/routes/views.js';

export interface AppMenuActions {
  openView(view: ViewId): void;
  popOut(kind: 'fleet-wall'): void;
}

/** The platform's standard menus by role, plus a Go menu with the console's view shortcuts. */
export function appMenuTemplate(platform: NodeJS.Platform, actions: AppMenuActions): MenuItemConstructorOptions[] {
  const go: MenuItemConstructorOptions = {
    label: 'Go',
    submenu: [
      ...VIEWS.map((view): MenuItemConstructorOptions => ({ label: VIEW_TITLES[view], accelerator: `CmdOrCtrl+${viewShortcutKey(view)}`, click: () => actions.openView(view) })),
      { type: 'separator' },
      { label: 'Fleet wall in a new window', accelerator: 'CmdOrCtrl+Shift+W', click: () => actions.popOut('fleet-wall') },
    ],
  };
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    go,
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
}
