import type { Result } from './errors.js';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './methods.js';

/** What a transport carries: untyped on the wire, checked against the contract at both ends. */
export interface RawTransport {
  invoke(method: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  /** Whether the link to the core is up; Electron's IPC always is. */
  onConnection?(listener: (connected: boolean) => void): () => void;
}

export interface OpsClient {
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The API a preload exposes on `window.watchfloor` in the Electron host. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

export const IPC_INVOKE_CHANNEL = 'watchfloor:invoke';
export const IPC_EVENT_CHANNEL = 'watchfloor:event';
