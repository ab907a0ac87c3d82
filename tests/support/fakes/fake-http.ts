import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fake backend was asked, in order, with the status it answered. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  status: number | null;
}

/** An answer: JSON `body`, or `text` sent as is (to break a client on purpose). */
export interface FakeReply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type FakeHandler = (request: RecordedRequest) => FakeReply;

/**
 * A loopback HTTP server for a vendor fake: records every request, and can be told to hang
 * (accept and never answer) or to answer one path with something else.
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private hanging = false;
  private readonly overrides = new Map<string, FakeReply>();
  private readonly held: ServerResponse[] = [];
  private readonly server: Server;
  private port = 0;

  constructor(
    private readonly handler: FakeHandler,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.receive(req, Buffer.concat(chunks).toString('utf8'), res));
    });
  }

  /** Listens on a free port of 127.0.0.1. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** While on, requests are accepted and never answered: a backend that hangs. */
  hang(on = true): void {
    this.hanging = on;
  }

  /** Answers `path` with `reply` instead of what the fake would say, until cleared. */
  override(path: string, reply: FakeReply): void {
    this.overrides.set(path, reply);
  }

  clearOverrides(): void {
    this.overrides.clear();
  }

  /** The requests made to one path. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  private receive(req: IncomingMessage, body: string, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      at: Date.now(),
      status: null,
    };
    this.requests.push(request);
    if (this.hanging) {
      this.held.push(res);
      return;
    }
    const reply = this.overrides.get(request.path) ?? this.handler(request);
    request.status = reply.status;
    res.writeHead(reply.status, { 'content-type': 'application/json', ...this.defaultHeaders, ...reply.headers });
    res.end(reply.text ?? JSON.stringify(reply.body ?? null));
  }

  async close(): Promise<void> {
    for (const res of this.held.splice(0)) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A request body as JSON, or undefined when it is not JSON (a fake answers that with the vendor's own 400). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A fake vendor served on loopback: `start()` listens, `url` says where, `close()` stops; the subclass answers requests. */
export abstract class ServedFake {
  readonly http = new FakeHttpServer((request) => this.handle(request));

  protected abstract handle(request: RecordedRequest): FakeReply;

  async start(): Promise<this> {
    await this.http.listen();
    return this;
  }

  get url(): string {
    return this.http.url;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
