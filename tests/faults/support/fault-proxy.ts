import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of one backend, for the fault-injection suite. Each request
 * is matched by method and path against the faults armed on it, first match wins; unmatched
 * requests pass. A fault can keep the request from the backend or let it through and spoil
 * the answer, so "the backend never heard of it" and "the backend did it, the console never
 * heard back" are both produced on purpose. A tap stops a matching request at a stage and tells
 * the test, which can then SIGKILL the core at exactly that moment.
 */

/** Where a tap holds a request: before the backend gets it, after the backend answered but before the core gets the answer, or once the core has it. */
export type TapStage = 'before-forward' | 'after-forward' | 'after-answer';

export type Fault =
  /** Never forwarded, never answered: the backend hangs before doing anything. */
  | { kind: 'hang' }
  /** Forwarded (the backend acts), the answer is never sent: the backend hangs after doing it. */
  | { kind: 'forward-then-hang' }
  /** Forwarded, answered after `ms`: slower than the core's timeout. */
  | { kind: 'delay'; ms: number }
  /** Answered with this status and a vendor-like error body, without forwarding: the backend refused. */
  | { kind: 'status'; status: number }
  /** Forwarded (the backend acts), then answered with this status: it did it and says it failed. */
  | { kind: 'forward-then-status'; status: number }
  /** Forwarded, answered 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** Not forwarded, answered 200 with `body`: it says it did it and did nothing. */
  | { kind: 'fake-ok'; body: unknown }
  /** Forwarded, then the connection is cut before the answer. */
  | { kind: 'drop-answer' }
  /** Stops the request at `stage` and tells the test; the request goes no further. */
  | { kind: 'tap'; stage: TapStage };

export interface ArmedFault {
  /** Resolves when a request matched this fault (for a tap: when it reached its stage). */
  reached: Promise<void>;
  /** How many requests it matched. */
  readonly matched: number;
}

interface Rule {
  method: string;
  path: RegExp;
  fault: Fault;
  remaining: number;
  matched: number;
  reach: () => void;
}

interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

export class FaultProxy {
  private readonly rules: Rule[] = [];
  private readonly held = new Set<ServerResponse>();
  private readonly server: Server;
  private port = 0;
  /** Requests that reached the proxy, as "METHOD /path". */
  readonly seen: string[] = [];

  constructor(private readonly upstream: string) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void this.receive(req, Buffer.concat(chunks), res));
    });
  }

  static async start(upstream: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(upstream);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Arms a fault on requests of `method` whose path matches `path`, for the next `times` of them (default all). */
  arm(method: string, path: RegExp, fault: Fault, times = Number.POSITIVE_INFINITY): ArmedFault {
    let reach = () => undefined as void;
    const reached = new Promise<void>((resolve) => (reach = resolve));
    const rule: Rule = { method, path, fault, remaining: times, matched: 0, reach };
    this.rules.push(rule);
    return {
      reached,
      get matched() {
        return rule.matched;
      },
    };
  }

  /** Every request passes again; held ones are cut. */
  heal(): void {
    this.rules.length = 0;
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  async close(): Promise<void> {
    this.heal();
    await this.unplug();
  }

  /** Stops listening and cuts every open connection: the backend is unreachable, each connection refused, so nothing reaches it. */
  async unplug(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Listens again on the same port after unplug(): the backend is reachable again. */
  async plugIn(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  private match(method: string, path: string): Rule | undefined {
    const rule = this.rules.find((candidate) => candidate.remaining > 0 && candidate.method === method && candidate.path.test(path));
    if (rule) {
      rule.remaining -= 1;
      rule.matched += 1;
    }
    return rule;
  }

  private async receive(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    this.seen.push(`${method} ${path}`);
    const rule = this.match(method, path);
    const fault = rule?.fault;
    try {
      if (!rule || !fault) {
        this.answer(res, await this.forward(req, body));
        return;
      }
      switch (fault.kind) {
        case 'hang':
          this.hold(res);
          rule.reach();
          return;
        case 'status':
          rule.reach();
          this.answer(res, { status: fault.status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ message: `injected ${fault.status}` })) });
          return;
        case 'fake-ok':
          rule.reach();
          this.answer(res, { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(fault.body)) });
          return;
        case 'tap':
          if (fault.stage === 'before-forward') {
            this.hold(res);
            rule.reach();
            return;
          }
          break;
        default:
          break;
      }
      const answer = await this.forward(req, body);
      switch (fault.kind) {
        case 'forward-then-hang':
          this.hold(res);
          rule.reach();
          return;
        case 'delay':
          this.hold(res);
          rule.reach();
          await new Promise((resolve) => setTimeout(resolve, fault.ms));
          if (!this.held.delete(res)) return;
          this.answer(res, answer);
          return;
        case 'forward-then-status':
          rule.reach();
          this.answer(res, { status: fault.status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ message: `injected ${fault.status}` })) });
          return;
        case 'malformed':
          rule.reach();
          this.answer(res, { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"truncated": [1, 2, ') });
          return;
        case 'drop-answer':
          rule.reach();
          res.socket?.destroy();
          return;
        case 'tap':
          if (fault.stage === 'after-forward') {
            this.hold(res);
            rule.reach();
            return;
          }
          this.answer(res, answer);
          res.once('finish', () => rule.reach());
          return;
        default:
          return;
      }
    } catch (error) {
      this.answer(res, { status: 502, headers: { 'content-type': 'text/plain' }, body: Buffer.from(`fault proxy: ${error instanceof Error ? error.message : String(error)}`) });
    }
  }

  /** Keeps the request open with no answer, until heal() or close() cuts it. */
  private hold(res: ServerResponse): void {
    this.held.add(res);
    res.once('close', () => this.held.delete(res));
  }

  private answer(res: ServerResponse, upstream: Upstream): void {
    if (res.destroyed || res.headersSent) return;
    res.writeHead(upstream.status, { ...upstream.headers, 'content-length': String(upstream.body.length) });
    res.end(upstream.body);
  }

  private forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
    const target = new URL(req.url ?? '/', this.upstream);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_HEADERS.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    headers['content-length'] = String(body.length);
    return new Promise<Upstream>((resolve, reject) => {
      const outgoing = httpRequest(target, { method: req.method, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const kept: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value === undefined || HOP_HEADERS.has(name)) continue;
            // Location-style headers name the backend; the core must keep talking to the proxy.
            const text = Array.isArray(value) ? value.join(', ') : value;
            kept[name] = text.split(this.upstream).join(this.url);
          }
          resolve({ status: response.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks) });
        });
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}
