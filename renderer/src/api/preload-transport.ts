import type { PreloadBridge, RawTransport } from '../../../shared/contract/index.js';

function isPreloadBridge(value: unknown): value is PreloadBridge {
  return (
    typeof value === 'object' &&
    value !== null &&
    'invoke' in value &&
    typeof value.invoke === 'function' &&
    'subscribe' in value &&
    typeof value.subscribe === 'function'
  );
}

/** The Electron host's preload exposes the bridge on `window.watchfloor`; absent in a plain browser. */
export function findPreloadBridge(): PreloadBridge | null {
  const candidate: unknown = Reflect.get(window, 'watchfloor');
  return isPreloadBridge(candidate) ? candidate : null;
}

/** IPC is always up while the window exists, so this transport reports no connection changes. */
export function createPreloadTransport(bridge: PreloadBridge): RawTransport {
  return {
    invoke: (method, input) => bridge.invoke(method, input),
    subscribe: (event, listener) => bridge.subscribe(event, listener),
  };
}
