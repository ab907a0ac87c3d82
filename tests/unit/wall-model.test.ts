import { describe, expect, it } from 'vitest';
import { wallBoardOf } from '../../renderer/src/views/wall/wall-model.js';
import { fixtureSnapshot } from '../support/fleet-snapshot-fixture.js';

describe('the NOC wall', () => {
  // The fixture: APAC holds Zenith Retail (prod, uat) and Acacia Care (prod, dr); UK holds Thames Logistics (prod, training).
  const board = wallBoardOf(fixtureSnapshot({ 'thames-training': 'warning', 'acacia-dr': 'critical', 'zenith-uat': 'stale', 'thames-prod': 'critical' }));

  it('lists every environment that is not OK, worst first, and leaves the OK ones out', () => {
    expect(board.attention.map((env) => [env.id, env.status])).toEqual([
      ['acacia-dr', 'critical'],
      ['thames-prod', 'critical'],
      ['thames-training', 'warning'],
      ['zenith-uat', 'stale'],
    ]);
    expect(board.attention[0]).toMatchObject({ name: 'Acacia Care production', region: 'APAC', reason: 'critical on acacia-dr' });
  });

  it('counts the whole fleet by status', () => {
    expect(board.counts).toEqual({ critical: 2, warning: 1, unknown: 0, stale: 1, maintenance: 0, ok: 2 });
  });

  it('puts the regions worst first: equal worst, the one with more criticals then more warnings leads', () => {
    expect(board.regions.map((region) => [region.name, region.worst, region.critical, region.warning, region.total])).toEqual([
      ['UK', 'critical', 1, 1, 2],
      ['APAC', 'critical', 1, 0, 4],
    ]);
  });

  it('says all is well when nothing needs attention', () => {
    const calm = wallBoardOf(fixtureSnapshot());
    expect(calm.attention).toEqual([]);
    expect(calm.regions.map((region) => region.worst)).toEqual(['ok', 'ok']);
  });

  it('leaves out a decommissioned environment: it is no longer watched, so its unknown is not news', () => {
    const snapshot = fixtureSnapshot({ 'thames-training': 'unknown', 'thames-prod': 'critical' });
    const { environments } = snapshot;
    const row = environments.id.indexOf('thames-training');
    const profile = environments.profiles[environments.profile[row] ?? -1];
    if (profile === undefined) throw new Error('the fixture has no thames-training');
    const gone = { ...profile, lifecycle: { ...profile.lifecycle, decommissioned: '2026-11-30' } };
    const profiles = [...environments.profiles, gone];
    const profileOf = environments.profile.map((value, index) => (index === row ? profiles.length - 1 : value));
    const board = wallBoardOf({ ...snapshot, environments: { ...environments, profiles, profile: profileOf } });
    expect(board.attention.map((env) => env.id)).toEqual(['thames-prod']);
    expect(board.counts.unknown).toBe(0);
  });
});
