import { describe, expect, it } from 'vitest';
import { claimSingleInstance, openStartupLink, type LinkTarget } from '../../../main/electron/single-instance.js';
import type { DeepLink } from '../../../shared/routes/deep-link.js';

type Listener = (event: { preventDefault: () => void }, value: never) => void;

function recordingApp(holdsLock: boolean) {
  const listeners = new Map<string, Listener>();
  const calls: string[] = [];
  const app = {
    requestSingleInstanceLock: () => holdsLock,
    quit: () => calls.push('quit'),
    on: (name: string, listener: Listener) => listeners.set(name, listener),
  };
  return { app, listeners, calls };
}

function recordingTarget() {
  const opened: DeepLink[] = [];
  const refused: string[] = [];
  let focused = 0;
  const target: LinkTarget = { focus: () => void focused++, open: (link) => void opened.push(link), refuse: (message) => void refused.push(message) };
  return { target, opened, refused, focused: () => focused };
}

describe('single instance and deep links', () => {
  it('a second launch quits at once and opens nothing itself', () => {
    const { app, calls, listeners } = recordingApp(false);
    expect(claimSingleInstance(app as never, ['watchfloor', 'watchfloor://incident/inc-1'], () => recordingTarget().target)).toBe(false);
    expect(calls).toEqual(['quit']);
    expect(listeners.size).toBe(0);
  });

  it('the running console receives the second launch’s link, focused; a hostile one is refused', () => {
    const { app, listeners, calls } = recordingApp(true);
    const running = recordingTarget();
    expect(claimSingleInstance(app as never, ['watchfloor'], () => running.target)).toBe(true);
    const secondInstance = listeners.get('second-instance');
    secondInstance?.({ preventDefault: () => undefined }, ['/opt/Watchfloor/watchfloor', '--no-sandbox', 'watchfloor://deployment/dep-9'] as never);
    secondInstance?.({ preventDefault: () => undefined }, ['/opt/Watchfloor/watchfloor', 'watchfloor://environment/..%2f..%2fsettings'] as never);
    secondInstance?.({ preventDefault: () => undefined }, ['/opt/Watchfloor/watchfloor'] as never);
    expect(running.opened).toEqual([{ kind: 'deployment', id: 'dep-9' }]);
    expect(running.refused).toHaveLength(1);
    expect(running.refused[0]).toContain('expected an id of letters');
    expect(running.focused()).toBe(3);
    expect(calls).toEqual([]);
  });

  it('macOS open-url events are routed and not left to the default handler', () => {
    const { app, listeners } = recordingApp(true);
    const running = recordingTarget();
    claimSingleInstance(app as never, [], () => running.target);
    let prevented = false;
    listeners.get('open-url')?.({ preventDefault: () => (prevented = true) }, 'watchfloor://calendar/2026-12-24' as never);
    expect(prevented).toBe(true);
    expect(running.opened).toEqual([{ kind: 'calendar', date: '2026-12-24' }]);
  });

  it('the link the console was started with is opened once its window exists', () => {
    const running = recordingTarget();
    openStartupLink(['/usr/bin/watchfloor', 'watchfloor://environment/acme-prod'], running.target);
    openStartupLink(['/usr/bin/watchfloor', '--data-dir', '/tmp/x'], running.target);
    expect(running.opened).toEqual([{ kind: 'environment', id: 'acme-prod' }]);
  });
});
