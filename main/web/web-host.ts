import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { opsError, type OpsError, type Result } from '../../shared/contract/errors.js';
import { events, methods, type EventName } from '../../shared/contract/methods.js';
import { quote } from '../../shared/contract/quote.js';
import { resolveMethod } from '../../shared/contract/validate.js';
import type { OpsCore } from '../core/ops-core.js';
import { SECURITY_HEADERS } from '../hosting/security-headers.js';
import { AccessPolicy } from './access.js';
import { apiListing } from './api-listing.js';
import { httpStatusOf } from './http-status.js';
import { describeBytes, readBody } from './request-body.js';
import { requestPath } from './request-path.js';

export interface WebHostOptions {
  core: OpsCore;
  token: string;
  port: number;
  staticDir: string;
  log: (line: string) => void;
}

export interface WebHost {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
/** A client this far behind is dropped; it reconnects and fetches a fresh snapshot. */
const MAX_SOCKET_BACKLOG_BYTES = 64 * 1024 * 1024;

/** The browser host: the built renderer and the contract over HTTP and WebSocket, on loopback only. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const access = new AccessPolicy(options.token);
  const statics = existsSync(options.staticDir)
    ? sirv(options.staticDir, { single: true, etag: true, setHeaders: (res) => applyHeaders(res) })
    : undefined;
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has('watchfloor.v1') ? 'watchfloor.v1' : false),
  });

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      options.log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: opsError('internal', 'the browser host failed to answer') });
    });
  };
  const server = createServer(onRequest);
  // A client that asks before sending its body (Expect: 100-continue) is told to go on only once the call passed every check.
  server.on('checkContinue', onRequest);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applyHeaders(res);
    // An answer given before the body was read closes the connection: the rest of the body is never read.
    res.once('finish', () => {
      if (!req.complete) req.socket.destroy();
    });
    const addressing = access.checkAddressing(req.headers);
    if (!addressing.ok) return refuse(req, res, addressing.status, opsError('forbidden', addressing.message));
    const path = requestPath(req.url);
    if (!path.ok) return refuse(req, res, 400, path.error);
    if (path.value === '/api' || path.value.startsWith('/api/')) return handleApi(req, res, path.value);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, opsError('invalid-input', 'only GET for pages'));
    if (!statics) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`The renderer is not built (${options.staticDir} is missing). Run "npm run build" first.\n`);
      return;
    }
    statics(req, res, () => sendJson(res, 404, { ok: false, error: opsError('not-found', `no page at ${quote(path.value)}`) }));
  }

  /** Everything about a call is checked before its body is read: who asks, for what, and how large it says it is. */
  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const token = access.checkToken(req.headers);
    if (!token.ok) return refuse(req, res, token.status, opsError('unauthorized', token.message));
    if (path === '/api') {
      if (req.method !== 'GET') return refuse(req, res, 405, opsError('invalid-input', 'GET /api lists the methods'));
      return sendJson(res, 200, apiListing());
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return refuse(req, res, 405, opsError('invalid-input', `call ${quote(path)} with POST and a JSON body`));
    }
    const method = resolveMethod(path.slice('/api/'.length));
    if (!method.ok) return refuse(req, res, httpStatusOf(method.error.kind), method.error);
    const limit = methods[method.value].maxInputBytes;
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    if (declared !== undefined && declared > limit) {
      return refuse(req, res, 413, opsError('invalid-input', `${method.value}: the request body is ${describeBytes(declared)}; this method takes at most ${describeBytes(limit)}`));
    }
    if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();
    const body = await readBody(req, limit);
    if (!body.ok) {
      if (body.reason === 'aborted') return;
      return refuse(req, res, 413, opsError('invalid-input', `${method.value}: the request body passed ${describeBytes(limit)}, the most this method takes`));
    }
    const input = parseJson(body.text);
    const result = input.ok ? await options.core.dispatch(method.value, input.value) : input;
    sendJson(res, result.ok ? 200 : httpStatusOf(result.error.kind), result);
  }

  server.on('upgrade', (req, socket, head) => {
    const path = requestPath(req.url);
    const verdict = !path.ok || path.value !== '/api/events' ? ({ ok: false, status: 403, message: 'no such stream' } as const) : access.checkAddressing(req.headers);
    const allowed = verdict.ok ? access.checkToken(req.headers) : verdict;
    if (!allowed.ok) {
      socket.end(`HTTP/1.1 ${allowed.status} ${allowed.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  const clients = new Set<WebSocket>();
  sockets.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', () => ws.close(1008, 'this stream only sends'));
  });
  const unsubscribe = (Object.keys(events) as EventName[]).map((event) =>
    options.core.subscribe(event, (payload) => {
      const frame = JSON.stringify({ event, payload });
      for (const ws of clients) {
        if (ws.bufferedAmount > MAX_SOCKET_BACKLOG_BYTES) ws.terminate();
        else ws.send(frame);
      }
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  access.listeningOn(port);

  return {
    port,
    url: `http://${LOOPBACK}:${port}/`,
    close: async () => {
      for (const off of unsubscribe) off();
      for (const ws of clients) ws.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function applyHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** An answer to a request whose body is not wanted: the connection closes after it, so the body is never read. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: OpsError): void {
  if (!req.complete) res.setHeader('Connection', 'close');
  sendJson(res, status, { ok: false, error });
}

function parseJson(body: string): Result<unknown> {
  const text = body.trim();
  if (text === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: opsError('invalid-input', `request body is not JSON: ${error instanceof Error ? error.message : String(error)}`) };
  }
}
