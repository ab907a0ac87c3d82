import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NotificationPause } from '../../../shared/contract/notifications.js';
import { NotificationPauses } from '../../../main/core/notifications/notification-pause.js';
import { createOpsCore, type OpsCore } from '../../../main/core/ops-core.js';
import { openStore } from '../../../main/core/store/store.js';
import { useTempDirs } from '../../support/temp.js';

const tempDir = useTempDirs();
const cores: OpsCore[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const core of cores.splice(0)) core.close();
});

const START = Date.UTC(2026, 11, 8, 2, 0);

describe('the notification pause', () => {
  it('pauses for the minutes asked, says when it ends, and tells its listeners when it runs out', () => {
    vi.useFakeTimers({ now: START });
    const store = openStore(tempDir());
    const heard: NotificationPause[] = [];
    const pauses = new NotificationPauses({ settings: store.settings, now: () => Date.now(), changed: (pause) => heard.push(pause) });
    expect(pauses.state()).toEqual({ kind: 'none' });
    expect(pauses.pause(30)).toEqual({ kind: 'until', at: START + 30 * 60_000 });
    vi.advanceTimersByTime(29 * 60_000);
    expect(pauses.state().kind).toBe('until');
    vi.advanceTimersByTime(60_000);
    expect(pauses.state()).toEqual({ kind: 'none' });
    expect(heard).toEqual([{ kind: 'until', at: START + 30 * 60_000 }, { kind: 'none' }]);
    pauses.close();
    store.close();
  });

  it('keeps a pause across a restart of the console, and resumes on request', async () => {
    const dataDir = tempDir();
    const start = () => {
      const core = createOpsCore({ dataDir, version: 'test', sandboxSize: 5, log: () => {} });
      cores.push(core);
      return core;
    };
    const first = start();
    const paused = await first.dispatch('notifications.pause', { idempotencyKey: 'pause-0001', minutes: null });
    expect(paused).toMatchObject({ ok: true, value: { kind: 'indefinite' } });
    first.close();
    cores.splice(0);

    const second = start();
    expect(await second.dispatch('notifications.state', {})).toMatchObject({ ok: true, value: { kind: 'indefinite' } });
    const heard: NotificationPause[] = [];
    second.subscribe('notifications.paused', (pause) => heard.push(pause));
    expect(await second.dispatch('notifications.resume', { idempotencyKey: 'resume-0001' })).toMatchObject({ ok: true, value: { kind: 'none' } });
    expect(heard).toEqual([{ kind: 'none' }]);
  });

  it('refuses a pause of no minutes or of more than a day, saying so', async () => {
    const core = createOpsCore({ dataDir: tempDir(), version: 'test', sandboxSize: 5, log: () => {} });
    cores.push(core);
    for (const minutes of [0, 24 * 60 + 1, 1.5]) {
      const answer = await core.dispatch('notifications.pause', { idempotencyKey: `pause-minutes-${minutes}`, minutes });
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.kind).toBe('invalid-input');
    }
    expect(await core.dispatch('notifications.state', {})).toMatchObject({ ok: true, value: { kind: 'none' } });
  });
});
