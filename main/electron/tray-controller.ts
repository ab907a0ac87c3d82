import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { HealthStatus } from '../../shared/contract/health.js';
import { trayBitmap } from './tray-icon.js';
import { trayMenu, traySummary, type NotificationPause, type TrayActions, type TrayFacts } from './tray-menu.js';

export interface TrayHost {
  tray: Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu'>;
  image: (bitmap: Buffer, size: number) => NativeImage;
  menu: (template: MenuItemConstructorOptions[]) => Menu;
  now: () => number;
}

const ICON_SIZE = 16;

/** Keeps the tray in step with the fleet: redrawn only when what it shows changes. */
export function createTrayController(host: TrayHost, actions: Omit<TrayActions, 'pauseFor' | 'pauseUntilResumed' | 'resume'>, template: boolean) {
  let facts: TrayFacts = { worst: 'unknown', criticalEnvironments: 0, openIncidents: null, pause: { kind: 'none' } };
  let drawnStatus: HealthStatus | null = null;

  const setPause = (pause: NotificationPause) => {
    facts = { ...facts, pause };
    render();
  };
  const allActions: TrayActions = {
    ...actions,
    pauseFor: (minutes) => setPause({ kind: 'until', at: host.now() + minutes * 60_000 }),
    pauseUntilResumed: () => setPause({ kind: 'indefinite' }),
    resume: () => setPause({ kind: 'none' }),
  };

  function render(): void {
    if (drawnStatus !== facts.worst) {
      host.tray.setImage(host.image(trayBitmap(facts.worst, ICON_SIZE, template), ICON_SIZE));
      drawnStatus = facts.worst;
    }
    host.tray.setToolTip(traySummary(facts));
    host.tray.setContextMenu(host.menu(trayMenu(facts, allActions, host.now())));
  }

  render();
  return {
    update(next: Partial<Pick<TrayFacts, 'worst' | 'criticalEnvironments' | 'openIncidents'>>): void {
      facts = { ...facts, ...next };
      render();
    },
    /** Whether a desktop notification may be shown now. */
    notificationsPaused: (): boolean => facts.pause.kind === 'indefinite' || (facts.pause.kind === 'until' && host.now() < facts.pause.at),
  };
}
