import { describe, expect, it } from 'vitest';
import { createOpsClient } from '../../renderer/src/api/ops-client.js';

/**
 * The renderer's client checks a long list (2,000 incidents) a slice at a time; what it answers
 * must be what a check of the whole answer says: every item, in order, and a bad one named by
 * its place in the whole list.
 */

const HOUR = 3_600_000;
const DECLARED = Date.UTC(2026, 11, 8, 9, 0);

function summary(index: number) {
  return {
    id: `INC-${index + 1}`,
    title: `Elevated error rate (${index + 1})`,
    severity: 'sev2',
    status: 'investigating',
    hold: null,
    commander: 'ana@example.com',
    declaredAt: DECLARED,
    environmentCount: 3,
    regions: ['eu-west'],
    ticket: null,
    sla: [
      {
        kind: 'resolution',
        target: 'PT8H',
        targetMs: 8 * HOUR,
        state: 'running',
        elapsedMs: HOUR,
        remainingMs: 7 * HOUR,
        breached: false,
        breachAt: DECLARED + 8 * HOUR,
        warnings: [{ percent: 50, at: DECLARED + 4 * HOUR, passed: false }],
        source: 'console',
      },
    ],
    pending: 0,
    conflict: false,
  };
}

function listOf(items: unknown[]) {
  const ticketing = { connectionId: 'sandbox', name: 'Sandbox tickets', reachable: true, syncedAt: DECLARED, lastError: null };
  return { items, counts: { open: items.length, bySeverity: { sev1: 0, sev2: items.length, sev3: 0, sev4: 0 } }, ticketing, outbox: 0 };
}

function clientAnswering(value: unknown) {
  return createOpsClient({ invoke: () => Promise.resolve({ ok: true, value }), subscribe: () => () => {} }, () => {});
}

describe('the client checks a long list a slice at a time', () => {
  it('answers all 2,000 incidents in their order, with the rest of the answer', async () => {
    const items = Array.from({ length: 2000 }, (_, index) => summary(index));
    const result = await clientAnswering(listOf(items)).invoke('incidents.list', {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.items).toHaveLength(2000);
    expect(result.value.items[0]?.id).toBe('INC-1');
    expect(result.value.items[1999]?.id).toBe('INC-2000');
    expect(result.value.counts.open).toBe(2000);
    expect(result.value.ticketing.name).toBe('Sandbox tickets');
  });

  it('names a bad item by its place in the whole list, past the first slice', async () => {
    const items = Array.from({ length: 1000 }, (_, index) => summary(index));
    items[700] = { ...summary(700), severity: 'sev9' };
    const result = await clientAnswering(listOf(items)).invoke('incidents.list', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('invalid-output');
    expect(result.error.message).toMatch(/^incidents\.list: output\.items\[700\]\.severity: /);
  });

  it('still checks the rest of the answer', async () => {
    const items = Array.from({ length: 500 }, (_, index) => summary(index));
    const result = await clientAnswering({ ...listOf(items), outbox: -1 }).invoke('incidents.list', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/^incidents\.list: output\.outbox: /);
  });
});
