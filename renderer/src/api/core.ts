import type { OpsClient, OpsError, RawTransport } from '../../../shared/contract/index.js';
import { createHttpTransport } from './http-transport.js';
import { createOpsClient } from './ops-client.js';
import { createPreloadTransport, findPreloadBridge } from './preload-transport.js';
import { currentToken } from './token.js';

export interface CoreLink {
  client: OpsClient;
  transport: RawTransport;
  host: 'electron' | 'browser';
}

export type CoreSetup = { kind: 'ready'; link: CoreLink } | { kind: 'missing-token' };

/** Electron when the preload bridge is there, otherwise the browser host with the page's token. */
export function connectToCore(onEventError: (error: OpsError) => void): CoreSetup {
  const bridge = findPreloadBridge();
  if (bridge !== null) {
    const transport = createPreloadTransport(bridge);
    return { kind: 'ready', link: { client: createOpsClient(transport, onEventError), transport, host: 'electron' } };
  }
  const token = currentToken();
  if (token === null) return { kind: 'missing-token' };
  const transport = createHttpTransport({
    token,
    onMalformedFrame: (message) => onEventError({ kind: 'invalid-output', message }),
  });
  return { kind: 'ready', link: { client: createOpsClient(transport, onEventError), transport, host: 'browser' } };
}
