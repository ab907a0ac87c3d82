import { describe, expect, it, vi } from 'vitest';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract/client.js';
import { useTempDirs } from '../support/temp.js';

type Handler = (event: unknown, method: unknown, input: unknown) => Promise<unknown>;
const handlers = new Map<string, Handler>();

// The Electron runtime cannot run here; ipcMain is replaced by a recorder so the host's own rules run for real.
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { createIpcHost } = await import('../../main/electron/ipc-host.js');

/** One window attached to a fresh host; the returned stop detaches it and closes the host. */
function serveIpc(core: OpsCore, contents: never, isOwnPage: (url: string) => boolean): () => void {
  const host = createIpcHost(core, isOwnPage);
  const detach = host.attach(contents);
  return () => {
    detach();
    host.close();
  };
}

const OWN_PAGE = 'file:///app/out/renderer/index.html';

function fakeContents() {
  const mainFrame = { url: `${OWN_PAGE}#/fleet` };
  const sent: unknown[][] = [];
  return { mainFrame, sent, isDestroyed: () => false, send: (...args: unknown[]) => sent.push(args) };
}

function fakeCore() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const core = {
    readOnly: false,
    dispatch: vi.fn(async (method: string) => ({ ok: true, value: method })),
    subscribe: (event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    },
    close: () => {},
  };
  return { core, listeners };
}

describe('Electron IPC host', () => {
  it('answers our own window and refuses any other sender or frame', async () => {
    const contents = fakeContents();
    const { core } = fakeCore();
    const stop = serveIpc(core as unknown as OpsCore, contents as never, (url) => url.split('#')[0] === OWN_PAGE);
    const invoke = handlers.get(IPC_INVOKE_CHANNEL);
    if (!invoke) throw new Error('no handler registered');

    expect(await invoke({ sender: contents, senderFrame: contents.mainFrame }, 'system.info', {})).toEqual({ ok: true, value: 'system.info' });

    const forbidden = { ok: false, error: { kind: 'forbidden', message: 'calls are accepted only from the Watchfloor window' } };
    expect(await invoke({ sender: fakeContents(), senderFrame: contents.mainFrame }, 'system.info', {})).toEqual(forbidden);
    expect(await invoke({ sender: contents, senderFrame: { url: OWN_PAGE } }, 'system.info', {})).toEqual(forbidden);
    contents.mainFrame.url = 'https://evil.example/';
    expect(await invoke({ sender: contents, senderFrame: contents.mainFrame }, 'system.info', {})).toEqual(forbidden);
    expect(core.dispatch).toHaveBeenCalledTimes(1);

    stop();
    expect(handlers.has(IPC_INVOKE_CHANNEL)).toBe(false);
  });

  it('refuses a method that is not a string before the core sees it', async () => {
    const contents = fakeContents();
    const { core } = fakeCore();
    const stop = serveIpc(core as unknown as OpsCore, contents as never, () => true);
    const result = await handlers.get(IPC_INVOKE_CHANNEL)?.({ sender: contents, senderFrame: contents.mainFrame }, 42, {});
    expect(result).toEqual({ ok: false, error: { kind: 'invalid-input', message: 'method must be a string' } });
    expect(core.dispatch).not.toHaveBeenCalled();
    stop();
  });

  it('forwards the core events to the window', () => {
    const contents = fakeContents();
    const { core, listeners } = fakeCore();
    const stop = serveIpc(core as unknown as OpsCore, contents as never, () => true);
    listeners.get('fleet.delta')?.({ revision: 1 });
    expect(contents.sent).toEqual([[IPC_EVENT_CHANNEL, 'fleet.delta', { revision: 1 }]]);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('answers every attached window (console and pop-outs) and sends each the events, until it is detached', async () => {
    const consoleWindow = fakeContents();
    const popOut = fakeContents();
    const { core, listeners } = fakeCore();
    const host = createIpcHost(core as unknown as OpsCore, (url) => url.split('#')[0] === OWN_PAGE);
    host.attach(consoleWindow as never);
    const detachPopOut = host.attach(popOut as never);
    const invoke = (contents: ReturnType<typeof fakeContents>) => handlers.get(IPC_INVOKE_CHANNEL)?.({ sender: contents, senderFrame: contents.mainFrame }, 'system.info', {});
    expect(await invoke(popOut)).toEqual({ ok: true, value: 'system.info' });
    listeners.get('fleet.delta')?.({ revision: 2 });
    expect(popOut.sent).toEqual([[IPC_EVENT_CHANNEL, 'fleet.delta', { revision: 2 }]]);
    detachPopOut();
    expect(await invoke(popOut)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await invoke(consoleWindow)).toEqual({ ok: true, value: 'system.info' });
    host.close();
  });

  const tempDir = useTempDirs();

  it('holds the same input rules as the browser host: unknown keys refused, long values quoted short', async () => {
    const core = createOpsCore({ dataDir: tempDir(), version: 'test', sandboxSize: 50, readOnly: false, log: () => {} });
    const contents = fakeContents();
    const stop = serveIpc(core, contents as never, () => true);
    const invoke = (method: unknown, input: unknown) => handlers.get(IPC_INVOKE_CHANNEL)?.({ sender: contents, senderFrame: contents.mainFrame }, method, input);
    try {
      const misspelt = await invoke('silences.create', {
        connectionId: 'sandbox',
        matchers: [{ name: 'environment', value: 'acme-.*', isregex: true }],
        durationMinutes: 60,
        comment: 'patching the fleet',
        idempotencyKey: 'ipc-key-0001',
      });
      expect(misspelt).toEqual({
        ok: false,
        error: { kind: 'invalid-input', message: 'silences.create: input.matchers[0]: unknown field "isregex" (did you mean "isRegex"?); expected name, value, isRegex, isEqual' },
      });
      const long = 'z'.repeat(100_000);
      const unknown = (await invoke(long, {})) as { error: { message: string } };
      expect(unknown.error.message).toMatch(/^unknown method "z{64}…\(100000 characters\)"; expected one of/);
      const missing = (await invoke('fleet.environment', { id: long })) as { error: { kind: string; message: string } };
      expect(missing.error.kind).toBe('not-found');
      expect(missing.error.message).toContain(`"${'z'.repeat(64)}…(100000 characters)"`);
      expect(missing.error.message.length).toBeLessThan(500);
    } finally {
      stop();
      core.close();
    }
  });
});

