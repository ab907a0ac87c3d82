import { isPaused, NotificationPause } from '../../../shared/contract/notifications.js';
import type { SettingsRepo } from '../store/settings-repo.js';

const PAUSE_KEY = 'notifications.pause';

export interface NotificationPauseDeps {
  settings: SettingsRepo;
  now: () => number;
  /** Told of every change, including a pause running out, so the tray and every window follow. */
  changed: (pause: NotificationPause) => void;
}

/**
 * The pause of desktop notifications, one for the console (the tray, the Electron window and the
 * browser host all read it), kept in the store so a restart does not quietly turn them back on or off.
 */
export class NotificationPauses {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: NotificationPauseDeps) {
    this.scheduleEnd(this.state());
  }

  state(): NotificationPause {
    const stored = this.deps.settings.get(PAUSE_KEY, NotificationPause) ?? { kind: 'none' };
    return stored.kind === 'until' && !isPaused(stored, this.deps.now()) ? { kind: 'none' } : stored;
  }

  pause(minutes: number | null): NotificationPause {
    return this.set(minutes === null ? { kind: 'indefinite' } : { kind: 'until', at: this.deps.now() + minutes * 60_000 });
  }

  resume(): NotificationPause {
    return this.set({ kind: 'none' });
  }

  close(): void {
    clearTimeout(this.timer);
  }

  private set(pause: NotificationPause): NotificationPause {
    this.deps.settings.set(PAUSE_KEY, pause);
    this.scheduleEnd(pause);
    this.deps.changed(pause);
    return pause;
  }

  private scheduleEnd(pause: NotificationPause): void {
    clearTimeout(this.timer);
    if (pause.kind !== 'until') return;
    this.timer = setTimeout(() => this.deps.changed(this.state()), Math.max(0, pause.at - this.deps.now()));
    this.timer.unref();
  }
}
