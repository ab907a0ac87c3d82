import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { octetCountedFrame, syslogMessage } from '../../../main/core/audit/syslog-frame.js';
import type { ChainedAuditEntry } from '../../../shared/contract/audit.js';

/** Audit rows as RFC 5424 messages, framed by octet counting (RFC 6587 §3.4.1). */

const ROW: ChainedAuditEntry = {
  id: 7,
  at: Date.parse('2026-12-08T01:02:03.004Z'),
  who: 'Zoë Ng',
  host: 'browser',
  action: 'deploy',
  target: 'acme-prod',
  why: null,
  result: 'started',
  detail: 'v1.2.3',
  deploymentId: 'd-1',
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('syslog framing', () => {
  it('writes the header fields of RFC 5424 with the chain hash in the structured data', () => {
    const message = syslogMessage(ROW, 'ops-laptop');
    // PRI 110 = facility 13 (log audit) * 8 + severity 6 (informational), version 1 (RFC 5424 §6.2).
    expect(message.startsWith(`<110>1 2026-12-08T01:02:03.004Z ops-laptop watchfloor - audit [watchfloor-audit@32473 id="7" hash="${'b'.repeat(64)}" prevHash="${'a'.repeat(64)}"] \uFEFF{`)).toBe(true);
    expect(JSON.parse(message.slice(message.indexOf('\uFEFF') + 1))).toEqual(ROW);
  });

  it('gives the nil value for a hostname with nothing printable, and an empty prevHash for the first row', () => {
    const message = syslogMessage({ ...ROW, prevHash: null }, ' \t');
    expect(message).toMatch(/^<110>1 \S+ - watchfloor - audit \[watchfloor-audit@32473 id="7" hash="b{64}" prevHash=""\] /);
  });

  it('counts octets, not characters, as a receiver in another language would', () => {
    const message = syslogMessage(ROW, 'ops-laptop');
    const frame = octetCountedFrame(message);
    const octets = execFileSync('python3', ['-c', 'import sys; print(len(sys.stdin.buffer.read()))'], { input: message }).toString().trim();
    expect(message.length).toBeLessThan(Number(octets)); // "ë" and the BOM take more than one octet each
    expect(frame.toString('utf8')).toBe(`${octets} ${message}`);
  });
});
