import { connect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import type { ChainedAuditEntry } from '../../../shared/contract/audit.js';
import { octetCountedFrame, syslogMessage } from './syslog-frame.js';

/**
 * Writes audit rows to a syslog receiver over TCP. Syslog over TCP has no acknowledgement: a row
 * counts as shipped once the kernel has taken its frame, so never exactly once. A row may be sent
 * again (the receiver drops duplicates by the chain hash in each frame's structured data), and a
 * frame taken by the kernel just before the receiver vanished can still be lost in flight.
 */
export class SyslogSink {
  private socket: Socket | null = null;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly ownHost: string = hostname(),
  ) {}

  async ship(row: ChainedAuditEntry): Promise<void> {
    const socket = await this.connected();
    const frame = octetCountedFrame(syslogMessage(row, this.ownHost));
    await new Promise<void>((resolve, reject) => {
      socket.write(frame, (error) => (error ? reject(error) : resolve()));
    }).catch((error: unknown) => {
      this.close();
      throw error;
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connected(): Promise<Socket> {
    const open = this.socket;
    if (open && !open.destroyed) return Promise.resolve(open);
    return new Promise((resolve, reject) => {
      const socket = connect(this.target);
      socket.once('connect', () => {
        this.socket = socket;
        // A receiver that closes or fails is found at the next write; until then nothing is read.
        socket.on('error', () => this.close());
        socket.on('close', () => {
          if (this.socket === socket) this.socket = null;
        });
        resolve(socket);
      });
      socket.once('error', (error) => {
        socket.destroy();
        reject(error);
      });
    });
  }
}
