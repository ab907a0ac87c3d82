import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract/client.js';
import { opsError, type Result } from '../../shared/contract/errors.js';
import { events, type EventName } from '../../shared/contract/methods.js';
import type { OpsCore } from '../core/ops-core.js';

/**
 * The one IPC entry point. Only our own window's main frame, showing our own page, may
 * call; the core validates input and output against the contract and answers with values.
 */
export function serveIpc(core: OpsCore, contents: WebContents, isOwnPage: (url: string) => boolean): () => void {
  const trusted = (event: IpcMainInvokeEvent) =>
    event.sender === contents && event.senderFrame !== null && event.senderFrame === contents.mainFrame && isOwnPage(event.senderFrame.url);

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!trusted(event)) return { ok: false, error: opsError('forbidden', 'calls are accepted only from the Watchfloor window') };
    if (typeof method !== 'string') return { ok: false, error: opsError('invalid-input', 'method must be a string') };
    return core.dispatch(method, input);
  });

  const unsubscribe = (Object.keys(events) as EventName[]).map((event) =>
    core.subscribe(event, (payload) => {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event, payload);
    }),
  );

  return () => {
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    for (const off of unsubscribe) off();
  };
}
