import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../../main/electron/app-menu.js';

describe('application menu', () => {
  it('has the standard roles, with the app menu on macOS only', () => {
    const roles = (platform: NodeJS.Platform) => appMenuTemplate(platform, { openView: () => undefined, popOut: () => undefined }).map((item) => item.role ?? item.label);
    expect(roles('darwin')).toEqual(['appMenu', 'fileMenu', 'editMenu', 'viewMenu', 'Go', 'windowMenu', 'help']);
    expect(roles('linux')).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'Go', 'windowMenu', 'help']);
  });

  it('opens each view with Ctrl/Cmd and its position in the navigation', () => {
    const opened: string[] = [];
    const go = appMenuTemplate('linux', { openView: (view) => opened.push(view), popOut: () => undefined }).find((item) => item.label === 'Go');
    const items = Array.isArray(go?.submenu) ? go.submenu : [];
    const shortcuts = items.filter((item) => item.accelerator !== undefined).map((item) => [item.label, item.accelerator]);
    expect(shortcuts).toEqual([
      ['Fleet', 'CmdOrCtrl+1'],
      ['Alerts', 'CmdOrCtrl+2'],
      ['Incidents', 'CmdOrCtrl+3'],
      ['Calendar', 'CmdOrCtrl+4'],
      ['Deploys', 'CmdOrCtrl+5'],
      ['Settings', 'CmdOrCtrl+6'],
      ['Audit', 'CmdOrCtrl+7'],
      ['Fleet wall in a new window', 'CmdOrCtrl+Shift+W'],
    ]);
    (items[4]?.click as () => void)();
    expect(opened).toEqual(['deploys']);
  });
});
