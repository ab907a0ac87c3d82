import type { OpsErrorKind, RawTransport } from '../../../shared/contract/index.js';
import { reconnectDelay } from './backoff.js';
import { describeThrown, TransportFailure } from './failure.js';

const INVOKE_TIMEOUT_MS = 60_000;
const EVENTS_PATH = '/api/events';
const SUBPROTOCOL = 'watchfloor.v1';

type Listener = (payload: unknown) => void;

export interface HttpTransportOptions {
  token: string;
  /** Called with a description when the core sends a frame that is not `{event, payload}` JSON. */
  onMalformedFrame: (message: string) => void;
}

function kindForStatus(status: number): OpsErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500) return 'unavailable';
  return 'invalid-output';
}

function eventsUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${EVENTS_PATH}`;
}

function isTimeoutError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function parseFrame(data: unknown): { event: string; payload: unknown } | string {
  if (typeof data !== 'string') return 'a binary frame';
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return 'a frame that is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || !('event' in parsed) || typeof parsed.event !== 'string') {
    return 'a frame without an event name';
  }
  return { event: parsed.event, payload: 'payload' in parsed ? parsed.payload : undefined };
}

/** The browser host: POST /api/<method> for calls, one WebSocket for events, reconnecting with backoff. */
export function createHttpTransport({ token, onMalformedFrame }: HttpTransportOptions): RawTransport {
  const listeners = new Map<string, Set<Listener>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let connected: boolean | null = null;
  let attempt = 0;

  function reportConnection(next: boolean): void {
    if (connected === next) return;
    connected = next;
    for (const listener of connectionListeners) listener(next);
  }

  function connect(): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(eventsUrl(), [SUBPROTOCOL, `bearer.${token}`]);
    } catch {
      reportConnection(false);
      scheduleReconnect();
      return;
    }
    socket.addEventListener('open', () => {
      attempt = 0;
      reportConnection(true);
    });
    socket.addEventListener('message', (message: MessageEvent<unknown>) => {
      const frame = parseFrame(message.data);
      if (typeof frame === 'string') {
        onMalformedFrame(`The core sent ${frame} on the event stream; it was ignored.`);
        return;
      }
      const forEvent = listeners.get(frame.event);
      if (!forEvent) return;
      for (const listener of forEvent) listener(frame.payload);
    });
    socket.addEventListener('close', () => {
      reportConnection(false);
      scheduleReconnect();
    });
  }

  function scheduleReconnect(): void {
    const delay = reconnectDelay(attempt);
    attempt += 1;
    window.setTimeout(connect, delay);
  }

  connect();

  return {
    async invoke(method, input) {
      let response: Response;
      try {
        response = await fetch(`/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          signal: AbortSignal.timeout(INVOKE_TIMEOUT_MS),
        });
      } catch (error) {
        if (isTimeoutError(error)) throw new TransportFailure('timeout', `${method}: the core did not answer within ${INVOKE_TIMEOUT_MS / 1000} s.`);
        throw new TransportFailure('unavailable', `${method}: cannot reach the Watchfloor core (${describeThrown(error)}).`);
      }
      try {
        const body: unknown = await response.json();
        return body;
      } catch {
        const kind = response.ok ? 'invalid-output' : kindForStatus(response.status);
        throw new TransportFailure(kind, `${method}: the core answered HTTP ${response.status} with a body that is not JSON.`);
      }
    },
    subscribe(event, listener) {
      let forEvent = listeners.get(event);
      if (!forEvent) {
        forEvent = new Set();
        listeners.set(event, forEvent);
      }
      forEvent.add(listener);
      return () => {
        forEvent.delete(listener);
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      if (connected !== null) listener(connected);
      return () => {
        connectionListeners.delete(listener);
      };
    },
  };
}
