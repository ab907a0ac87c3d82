import { startBackend, type BackendServer, type SeenRequest } from './backend-server.js';

export interface SlowProxy {
  url: string;
  /** Every request that reached the proxy, in order. */
  requests: SeenRequest[];
  /** From now on, answers to requests `slow` picks are held this long after the backend answered (Infinity: never sent). */
  holdAnswers(slow: (request: SeenRequest) => boolean, holdMs: number): void;
  close(): Promise<void>;
}

/**
 * A proxy in front of a real backend that forwards every request at once but can hold back the
 * backend's answer: the backend has done the work, the caller times out, as over a congested link.
 */
export async function startSlowProxy(target: string): Promise<SlowProxy> {
  let slow: (request: SeenRequest) => boolean = () => false;
  let holdMs = 0;
  const held = new Set<NodeJS.Timeout>();
  const backend: BackendServer = await startBackend((request, response) => {
    const delay = slow(request) ? holdMs : 0;
    void fetch(`${target}${request.path}`, {
      method: request.method,
      headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
      ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body: request.body }),
    }).then(
      async (answer) => {
        const body = await answer.text();
        const send = () => {
          if (response.destroyed) return;
          response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          response.end(body);
        };
        if (delay === 0) return send();
        if (delay === Infinity) return;
        const timer = setTimeout(() => {
          held.delete(timer);
          send();
        }, delay);
        held.add(timer);
      },
      (error: unknown) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`proxy: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  });
  return {
    url: backend.url,
    requests: backend.requests,
    holdAnswers: (pick, ms) => {
      slow = pick;
      holdMs = ms;
    },
    close: async () => {
      for (const timer of held) clearTimeout(timer);
      await backend.close();
    },
  };
}
