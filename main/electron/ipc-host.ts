import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract/client.js';
import { opsError, type Result } from '../../shared/contract/errors.js';
import { events, type EventName } from '../../shared/contract/methods.js';
import type { OpsCore } from '../core/ops-core.js';

export type IpcContents = Pick<WebContents, 'mainFrame' | 'isDestroyed' | 'send'>;

export interface IpcHost {
  /** Lets one of our windows (the console or a pop-out) call the core and receive its events; returns the detach. */
  attach(contents: IpcContents): () => void;
  close(): void;
}

/**
 * The one IPC entry point. Only the main frame of a window we attached, showing our own page,
 * may call; the core validates input and output against the contract and answers with values.
 */
export function createIpcHost(core: OpsCore, isOwnPage: (url: string) => boolean): IpcHost {
  const attached = new Set<IpcContents>();
  const trusted = (event: IpcMainInvokeEvent) => {
    const sender = [...attached].find((contents) => contents === event.sender);
    return sender !== undefined && event.senderFrame !== null && event.senderFrame === sender.mainFrame && isOwnPage(event.senderFrame.url);
  };

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!trusted(event)) return { ok: false, error: opsError('forbidden', 'calls are accepted only from the Watchfloor window') };
    if (typeof method !== 'string') return { ok: false, error: opsError('invalid-input', 'method must be a string') };
    return core.dispatch(method, input);
  });

  return {
    attach(contents) {
      attached.add(contents);
      const unsubscribe = (Object.keys(events) as EventName[]).map((event) =>
        core.subscribe(event, (payload) => {
          if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event, payload);
        }),
      );
      return () => {
        attached.delete(contents);
        for (const off of unsubscribe) off();
      };
    },
    close() {
      ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    },
  };
}
