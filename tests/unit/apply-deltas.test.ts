import { describe, expect, it } from 'vitest';
import { applyDeltas } from '../../renderer/src/api/apply-deltas.js';
import type { EnvironmentState, FleetDelta, FleetSnapshot } from '../../shared/contract/index.js';

const state = (id: string, status: EnvironmentState['status'], changedAt = 1): EnvironmentState => ({
  id,
  status,
  health: status,
  reason: status === 'ok' ? 'All checks OK' : `${status} on ${id}`,
  observedAt: 1,
  changedAt,
});

const snapshot: FleetSnapshot = {
  name: 'test',
  revision: 4,
  generatedAt: 1,
  regions: [],
  tenants: [],
  environments: [],
  states: [state('a', 'ok'), state('b', 'ok'), state('c', 'ok')],
  rollups: [{ scope: 'region', id: 'uk', status: 'ok', counts: { critical: 0, warning: 0, unknown: 0, stale: 0, maintenance: 0, ok: 3 } }],
  sources: [],
};

const delta = (revision: number, states: EnvironmentState[]): FleetDelta => ({ revision, at: revision * 10, states, rollups: [], sources: [] });

describe('applying deltas in the renderer', () => {
  it('applies deltas in order and leaves the original snapshot untouched', () => {
    const outcome = applyDeltas(snapshot, [delta(5, [state('b', 'critical', 5)]), delta(6, [state('c', 'warning', 6)])]);
    expect(outcome.gap).toBe(false);
    expect(outcome.snapshot.revision).toBe(6);
    expect(outcome.snapshot.states.map((item) => item.status)).toEqual(['ok', 'critical', 'warning']);
    expect([...outcome.changed]).toEqual(['b', 'c']);
    expect(snapshot.states.map((item) => item.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('ignores deltas the snapshot already contains', () => {
    const outcome = applyDeltas(snapshot, [delta(3, [state('a', 'critical')]), delta(4, [state('a', 'critical')])]);
    expect(outcome.snapshot).toBe(snapshot);
  });

  it('stops at a revision gap so the caller fetches a fresh snapshot', () => {
    const outcome = applyDeltas(snapshot, [delta(5, [state('a', 'warning', 5)]), delta(7, [state('b', 'critical', 7)])]);
    expect(outcome.gap).toBe(true);
    expect(outcome.snapshot.revision).toBe(5);
    expect(outcome.pending.map((item) => item.revision)).toEqual([7]);
    expect(outcome.snapshot.states[1]?.status).toBe('ok');
  });

  it('replaces a changed rollup in place and leaves groups the snapshot does not know to the next reload', () => {
    const counts = { critical: 1, warning: 0, unknown: 0, stale: 0, maintenance: 0, ok: 2 };
    const outcome = applyDeltas(snapshot, [
      {
        ...delta(5, [state('a', 'critical', 5)]),
        rollups: [
          { scope: 'region', id: 'uk', status: 'critical', counts },
          { scope: 'region', id: 'mars', status: 'ok', counts },
        ],
      },
    ]);
    expect(outcome.snapshot.rollups).toEqual([{ scope: 'region', id: 'uk', status: 'critical', counts }]);
    expect(snapshot.rollups[0]?.status).toBe('ok');
  });
});
