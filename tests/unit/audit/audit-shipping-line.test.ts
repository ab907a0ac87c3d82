import { describe, expect, it } from 'vitest';
import { shippingLine } from '../../../renderer/src/views/audit/audit-shipping-line.js';

/** The Audit view's line on shipping, as the operator reads it. */

const idle = { waiting: 0, lastShipped: { id: 41, at: 1 }, lastError: null, problem: null };

describe('the audit shipping line', () => {
  it('says the trail stays local when the fleet file ships it nowhere', () => {
    expect(shippingLine(null)).toBe('Rows stay on this workstation: the fleet file ships them nowhere (audit.ship).');
  });

  it('names the index, exactly once, and how many rows wait', () => {
    expect(shippingLine({ ...idle, type: 'elasticsearch', target: 'Elasticsearch "central-logs", index watchfloor-audit', waiting: 1 })).toBe(
      `Shipped to Elasticsearch "central-logs", index watchfloor-audit, exactly once by the row's hash. 1 row waits.`,
    );
  });

  it('says plainly that syslog is at least once, and gives the last error in words', () => {
    const line = shippingLine({
      ...idle,
      type: 'syslog',
      target: 'syslog logs.example.net:6514 over TCP',
      waiting: 12,
      lastError: { message: 'connect ECONNREFUSED 10.0.0.5:6514', at: 2, attempts: 3 },
    });
    expect(line).toBe(
      "Shipped to syslog logs.example.net:6514 over TCP, at least once: a receiver drops repeats by the row's hash. 12 rows wait; the last try failed (3 so far): connect ECONNREFUSED 10.0.0.5:6514.",
    );
  });

  it('says why shipping could not start', () => {
    expect(shippingLine({ ...idle, type: 'elasticsearch', target: 'Elasticsearch "central-logs", index a', problem: 'the Elasticsearch backend "central-logs" has no URL yet: add it in Settings' })).toBe(
      'Not shipping to Elasticsearch "central-logs", index a: the Elasticsearch backend "central-logs" has no URL yet: add it in Settings.',
    );
  });
});
