import { request } from 'node:http';
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with full control of Host and Origin, which fetch will not let a test forge. */
export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers, setHost: !options.headers?.Host },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface FloodResult {
  /** The status the server answered with, if its answer arrived before the connection ended. */
  status: number | null;
  body: string;
  /** Body bytes the server's end of the connection accepted before it stopped reading or closed. */
  bodyBytesAccepted: number;
}

/**
 * Sends a request with a body of `totalBytes` (declared in Content-Length, or chunked), as fast
 * as the server takes it, until the server closes the connection or has taken all of it. It
 * counts the body bytes the connection took: a server that stops reading and closes ends this
 * long before the end, whatever it answered first.
 */
export function floodRequest(port: number, options: { path: string; headers: Record<string, string>; totalBytes: number; chunked: boolean; declaredBytes?: number }): Promise<FloodResult> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const piece = Buffer.alloc(64 * 1024, 0x61);
    const received: Buffer[] = [];
    let queued = 0;
    let accepted = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(received).toString('utf8');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : null, body: text.slice(text.indexOf('\r\n\r\n') + 4), bodyBytesAccepted: accepted });
      socket.destroy();
    };
    const pump = () => {
      while (!done && !socket.destroyed && queued < options.totalBytes) {
        const size = Math.min(piece.length, options.totalBytes - queued);
        const data = options.chunked ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), piece.subarray(0, size), Buffer.from('\r\n')]) : piece.subarray(0, size);
        queued += size;
        const more = socket.write(data, (error) => {
          if (error) return;
          accepted += size;
          // A server that read it all has not stopped reading: that is the answer too.
          if (accepted >= options.totalBytes) setImmediate(finish);
        });
        if (!more) return;
      }
      if (queued >= options.totalBytes && options.chunked) socket.write('0\r\n\r\n');
    };
    const head = [
      `POST ${options.path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      ...Object.entries(options.headers).map(([name, value]) => `${name}: ${value}`),
      options.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${options.declaredBytes ?? options.totalBytes}`,
      '',
      '',
    ].join('\r\n');
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
    socket.on('drain', pump);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', finish);
    socket.on('close', finish);
  });
}
