import { describe, expect, it } from 'vitest';
import { applyDeltas } from '../../renderer/src/api/apply-deltas.js';
import { FleetSnapshot, type EnvironmentState, type FleetDelta, type HealthStatus } from '../../shared/contract/index.js';
import { stateAt } from '../../shared/contract/fleet-snapshot.js';
import { FIXTURE_TIME, fixtureSnapshot, healthUnder } from '../support/fleet-snapshot-fixture.js';

const state = (id: string, status: HealthStatus, at = FIXTURE_TIME, reason = status === 'ok' ? 'All checks OK' : `${status} on ${id}`): EnvironmentState => ({
  id,
  status,
  health: healthUnder(status),
  reason,
  observedAt: at,
  changedAt: at,
});

const delta = (revision: number, states: EnvironmentState[]): FleetDelta => ({ revision, at: FIXTURE_TIME + revision, states, rollups: [], sources: [] });

function stateOf(snapshot: FleetSnapshot, id: string): EnvironmentState {
  return stateAt(snapshot, snapshot.environments.id.indexOf(id));
}

describe('applying deltas to the columnar snapshot in the renderer', () => {
  it('applies deltas in order, reports what moved, and answers a new snapshot so subscribers re-render', () => {
    const snapshot = fixtureSnapshot({}, 4);
    const outcome = applyDeltas(snapshot, [delta(5, [state('zenith-prod', 'critical', FIXTURE_TIME + 5)]), delta(6, [state('thames-prod', 'warning', FIXTURE_TIME + 6)])]);
    expect(outcome.gap).toBe(false);
    expect(outcome.snapshot.revision).toBe(6);
    expect(stateOf(outcome.snapshot, 'zenith-prod')).toEqual(state('zenith-prod', 'critical', FIXTURE_TIME + 5));
    expect(stateOf(outcome.snapshot, 'thames-prod').status).toBe('warning');
    expect([...outcome.changed].sort()).toEqual(['thames-prod', 'zenith-prod']);
    expect(outcome.snapshot).not.toBe(snapshot);
    expect(outcome.snapshot.states).not.toBe(snapshot.states);
    expect(outcome.snapshot.environments).toBe(snapshot.environments);
    expect(FleetSnapshot.safeParse(outcome.snapshot).success).toBe(true);
  });

  it('ignores deltas the snapshot already contains', () => {
    const snapshot = fixtureSnapshot({}, 4);
    const outcome = applyDeltas(snapshot, [delta(3, [state('acacia-prod', 'critical')]), delta(4, [state('acacia-prod', 'critical')])]);
    expect(outcome.snapshot).toBe(snapshot);
  });

  it('stops at a revision gap so the caller fetches a fresh snapshot', () => {
    const snapshot = fixtureSnapshot({}, 4);
    const outcome = applyDeltas(snapshot, [delta(5, [state('acacia-prod', 'warning')]), delta(7, [state('thames-prod', 'critical')])]);
    expect(outcome.gap).toBe(true);
    expect(outcome.snapshot.revision).toBe(5);
    expect(outcome.pending.map((item) => item.revision)).toEqual([7]);
    expect(stateOf(outcome.snapshot, 'thames-prod').status).toBe('ok');
  });

  it('skips environments the snapshot does not define, and does not count a repeated state as a change', () => {
    const snapshot = fixtureSnapshot({}, 4);
    const outcome = applyDeltas(snapshot, [delta(5, [state('mars-prod', 'critical'), state('acacia-prod', 'ok')])]);
    expect(outcome.changed.size).toBe(0);
    expect(outcome.snapshot.states.status).toEqual(snapshot.states.status);
  });

  it('keeps the reason table from growing without end while faults come and go', () => {
    let snapshot = fixtureSnapshot({}, 1);
    for (let revision = 2; revision < 2000; revision++) {
      const reason = `disk ${revision}% on acacia-prod-db1`;
      snapshot = applyDeltas(snapshot, [delta(revision, [state('acacia-prod', 'critical', FIXTURE_TIME + revision, reason), state('zenith-prod', 'ok')])]).snapshot;
    }
    expect(snapshot.states.reasons.length).toBeLessThanOrEqual(1024 + 1);
    expect(stateOf(snapshot, 'acacia-prod').reason).toBe('disk 1999% on acacia-prod-db1');
    expect(stateOf(snapshot, 'zenith-prod').reason).toBe('All checks OK');
    expect(FleetSnapshot.safeParse(snapshot).success).toBe(true);
  });
});
