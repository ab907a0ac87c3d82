import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditShipper } from '../../main/core/audit/audit-shipper.js';
import { SyslogSink } from '../../main/core/audit/syslog-sink.js';
import { AuditRepo } from '../../main/core/store/audit-repo.js';
import { AuditShipRepo } from '../../main/core/store/audit-ship-repo.js';
import { openDatabase, type SqliteDatabase } from '../../main/core/store/database.js';
import { useTempDirs } from '../support/temp.js';

/** A loopback syslog receiver over TCP gets every audit row, in order, as RFC 5424 frames with octet counting, also after it was down. */

interface Received {
  pri: string;
  msgid: string;
  hash: string;
  row: { id: number; action: string; hash: string };
}

/** Reads RFC 6587 §3.4.1 frames ("MSG-LEN SP SYSLOG-MSG", the length in octets) as a receiver would. */
function syslogReceiver(port = 0): Promise<{ stop: () => Promise<void>; port: number; received: Received[] }> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space < 0) return;
        const length = Number(buffer.subarray(0, space).toString('ascii'));
        if (buffer.length < space + 1 + length) return;
        const message = buffer.subarray(space + 1, space + 1 + length).toString('utf8');
        buffer = buffer.subarray(space + 1 + length);
        const parts = /^<(\d+)>1 (\S+) (\S+) (\S+) (\S+) (\S+) \[watchfloor-audit@32473 id="(\d+)" hash="([0-9a-f]{64})" prevHash="([0-9a-f]*)"\] \uFEFF(.*)$/s.exec(message);
        if (!parts) throw new Error(`not an RFC 5424 frame: ${message}`);
        received.push({ pri: parts[1]!, msgid: parts[6]!, hash: parts[8]!, row: JSON.parse(parts[10]!) as Received['row'] });
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const stop = () =>
      new Promise<void>((closed) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => closed());
      });
    server.listen(port, '127.0.0.1', () => resolve({ stop, port: (server.address() as AddressInfo).port, received }));
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const row = (action: string, who = 'ops') => ({ at: Date.parse('2026-12-08T01:00:00Z'), who, host: 'desktop' as const, action, target: 'acme-prod', why: null, result: 'succeeded' as const, detail: '', deploymentId: null });

describe('audit shipping to syslog over TCP', () => {
  const tempDir = useTempDirs();
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('delivers the rows in order with their chain hash, and catches up after the receiver was down', async () => {
    const db: SqliteDatabase = openDatabase(tempDir());
    cleanups.push(() => {
      db.close();
    });
    const audit = new AuditRepo(db);
    const queue = new AuditShipRepo(db);
    for (const action of ['deploy', 'rollback']) audit.append(row(action));
    audit.append(row('silence', 'Zoë Ng'));

    let receiver = await syslogReceiver();
    const port = receiver.port;
    const shipper = new AuditShipper(queue, new SyslogSink({ host: '127.0.0.1', port }, 'ops-laptop'), Date.now, { minDelayMs: 50, maxDelayMs: 200, idleMs: 50 });
    cleanups.push(() => shipper.stop());
    shipper.start();

    await until(() => receiver.received.length === 3, 'three frames');
    const hashes = [...audit.chained()].map((entry) => entry.hash);
    expect(receiver.received.map((frame) => frame.row.action)).toEqual(['deploy', 'rollback', 'silence']);
    expect(receiver.received.map((frame) => frame.hash)).toEqual(hashes);
    expect(receiver.received.every((frame) => frame.pri === '110' && frame.msgid === 'audit')).toBe(true);
    await until(() => queue.state().waiting === 0, 'the queue to empty');

    // The receiver goes away: rows keep being kept, wait in the queue, and the failure is reported.
    await receiver.stop();
    const downAt = receiver.received.length;
    audit.append(row('cancel deployment'));
    audit.append(row('override guard'));
    await until(() => queue.state().lastError !== null, 'a reported failure');
    expect(queue.state().waiting).toBeGreaterThanOrEqual(1);

    receiver = await syslogReceiver(port);
    cleanups.push(receiver.stop);
    await until(() => queue.state().waiting === 0, 'the queue to empty after the receiver returned');
    await until(() => receiver.received.length >= 2, 'the rows kept while it was down');
    // At least once: a row written as the connection dropped may come again; by its hash the receiver keeps one of each, in order.
    const all = [...audit.chained()];
    const seen = new Set<string>();
    const kept = receiver.received.filter((frame) => !seen.has(frame.hash) && seen.add(frame.hash));
    expect(downAt).toBe(3);
    expect(kept.map((frame) => frame.row.action)).toEqual(['cancel deployment', 'override guard']);
    expect(kept.map((frame) => frame.hash)).toEqual(all.slice(3).map((entry) => entry.hash));
    expect(queue.state().lastShipped?.id).toBe(all.at(-1)?.id);
  }, 90_000);
});
