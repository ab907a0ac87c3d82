import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type AccessVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

/**
 * Who may talk to the browser host: requests addressed to our loopback name (defeats DNS
 * rebinding), from our own page or a non-browser client, carrying this run's token.
 */
export class AccessPolicy {
  private readonly tokenDigest: Buffer;
  private allowedHosts: Set<string> = new Set();
  private allowedOrigins: Set<string> = new Set();

  constructor(token: string) {
    this.tokenDigest = digest(token);
  }

  listeningOn(port: number): void {
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    this.allowedHosts = new Set(hosts);
    this.allowedOrigins = new Set(hosts.map((host) => `http://${host}`));
  }

  /** Host and Origin are checked on every request, static files included. */
  checkAddressing(headers: IncomingHttpHeaders): AccessVerdict {
    const host = headers.host?.toLowerCase();
    if (!host || !this.allowedHosts.has(host)) {
      return { ok: false, status: 403, message: `forbidden: requests must be addressed to ${[...this.allowedHosts].join(' or ')}` };
    }
    const origin = headers.origin;
    if (origin !== undefined && !this.allowedOrigins.has(origin.toLowerCase())) {
      return { ok: false, status: 403, message: 'forbidden: cross-origin requests are not allowed' };
    }
    return { ok: true };
  }

  /** The token comes as `Authorization: Bearer …`, or, for a browser WebSocket, as a `bearer.…` subprotocol. */
  checkToken(headers: IncomingHttpHeaders): AccessVerdict {
    const presented = bearerToken(headers) ?? subprotocolToken(headers);
    if (presented === undefined) return { ok: false, status: 401, message: 'unauthorized: missing token (Authorization: Bearer <token>)' };
    if (!timingSafeEqual(digest(presented), this.tokenDigest)) return { ok: false, status: 401, message: 'unauthorized: wrong token' };
    return { ok: true };
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

function subprotocolToken(headers: IncomingHttpHeaders): string | undefined {
  const protocols = headers['sec-websocket-protocol'];
  if (!protocols) return undefined;
  for (const protocol of protocols.split(',')) {
    const trimmed = protocol.trim();
    if (trimmed.startsWith('bearer.')) return trimmed.slice('bearer.'.length);
  }
  return undefined;
}
