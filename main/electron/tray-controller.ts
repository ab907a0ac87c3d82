import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { HealthStatus } from '../../shared/contract/health.js';
import { trayBitmap } from './tray-icon.js';
import { trayMenu, traySummary, type TrayActions, type TrayFacts } from './tray-menu.js';

export interface TrayHost {
  tray: Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu'>;
  image: (bitmap: Buffer, size: number) => NativeImage;
  menu: (template: MenuItemConstructorOptions[]) => Menu;
  now: () => number;
}

const ICON_SIZE = 16;

/**
 * Keeps the tray in step with the fleet and the notification pause: redrawn only when what it
 * shows changes. The pause is the core's (`notifications.pause`), so the windows follow the tray.
 */
export function createTrayController(host: TrayHost, actions: TrayActions, template: boolean) {
  let facts: TrayFacts = { worst: 'unknown', criticalEnvironments: 0, openIncidents: null, pause: { kind: 'none' } };
  let drawnStatus: HealthStatus | null = null;

  function render(): void {
    if (drawnStatus !== facts.worst) {
      host.tray.setImage(host.image(trayBitmap(facts.worst, ICON_SIZE, template), ICON_SIZE));
      drawnStatus = facts.worst;
    }
    host.tray.setToolTip(traySummary(facts));
    host.tray.setContextMenu(host.menu(trayMenu(facts, actions, host.now())));
  }

  render();
  return {
    update(next: Partial<TrayFacts>): void {
      facts = { ...facts, ...next };
      render();
    },
  };
}
