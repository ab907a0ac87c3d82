import { describe, expect, it } from 'vitest';
import { planAction } from '../../../main/core/deploys/policy/plan-action.js';
import { deployment, factsOf, request } from './fixture.js';

const OUTSIDE = '2026-11-24T03:00:00Z';
const IN_APAC_SLOT = '2026-11-26T10:00:00Z';

describe('a rollback', () => {
  it('swaps back to the warm staging slot when the last deploy went through it and nothing came since', () => {
    const deployments = [
      deployment({ environmentId: 'acme-prod', version: '2026.11.2', previousVersion: '2026.10.1', state: 'succeeded', flow: 'staging-slot' }),
    ];
    const { preview, targets } = planAction(
      request({ action: 'rollback', target: { by: 'environments', ids: ['acme-prod'] } }),
      factsOf({ now: OUTSIDE, versions: { 'acme-prod': '2026.11.2' }, deployments }),
    );
    expect(targets[0]).toMatchObject({ swapBack: true, version: '2026.10.1', previousVersion: '2026.11.2', flow: 'staging-slot', swapBy: 'azure' });
    expect(preview.blastRadius.environments[0]?.rollback).toBe('swap back to the warm staging slot running 2026.10.1');
    expect(preview.irreversible).toEqual(['2026.11.2: migration 0142 adds a NOT NULL column (this rollback cannot undo it)']);
    expect(preview.version).toBe('2026.10.1');
    expect(preview.problems).toEqual([]);
  });

  it('redeploys the previous version when a later deploy has replaced what the staging slot kept', () => {
    const deployments = [
      deployment({ environmentId: 'acme-prod', version: '2026.11.2', previousVersion: '2026.10.1', state: 'failed', flow: 'staging-slot' }),
      deployment({ environmentId: 'acme-prod', version: '2026.11.2', previousVersion: '2026.10.1', state: 'succeeded', flow: 'staging-slot' }),
    ];
    const { targets, preview } = planAction(
      request({ action: 'rollback', target: { by: 'environments', ids: ['acme-prod'] } }),
      factsOf({ now: OUTSIDE, versions: { 'acme-prod': '2026.11.2' }, deployments }),
    );
    expect(targets[0]).toMatchObject({ swapBack: false, version: '2026.10.1' });
    expect(preview.blastRadius.environments[0]?.rollback).toBe('redeploy 2026.10.1');
  });

  it('goes back to the release listed before the current one, and says what every release rolled over cannot undo', () => {
    const { targets, preview } = planAction(
      request({ action: 'rollback', target: { by: 'environments', ids: ['brit-uat'] } }),
      factsOf({ now: OUTSIDE, versions: { 'brit-uat': '2026.11.2' } }),
    );
    expect(targets[0]).toMatchObject({ version: '2026.10.1', swapBack: false, previousVersion: '2026.11.2' });
    const over = planAction(
      request({ action: 'rollback', version: '2026.10.1', target: { by: 'environments', ids: ['brit-uat'] } }),
      factsOf({ now: OUTSIDE, versions: { 'brit-uat': '2026.11.3' } }),
    ).preview;
    expect(over.irreversible).toEqual(['2026.11.2: migration 0142 adds a NOT NULL column (this rollback cannot undo it)']);
    expect(preview.allowed).toBe(true);
  });

  it('is a problem where nothing is known to roll back to, or the environment already runs that version', () => {
    const nothing = planAction(request({ action: 'rollback', target: { by: 'environments', ids: ['brit-uat'] } }), factsOf({ now: OUTSIDE })).preview;
    expect(nothing.problems).toEqual(['Brit UAT has nothing to roll back to: the version it ran before is not known']);
    expect(nothing.allowed).toBe(false);
    const same = planAction(
      request({ action: 'rollback', version: '2026.10.1', target: { by: 'environments', ids: ['brit-uat'] } }),
      factsOf({ now: OUTSIDE, versions: { 'brit-uat': '2026.10.1' } }),
    ).preview;
    expect(same.problems).toEqual(['Brit UAT already runs 2026.10.1: nothing to roll back']);
  });
});

describe('a deploy', () => {
  it('warns what a rollback later cannot undo', () => {
    const { preview } = planAction(request({ action: 'deploy', version: '2026.11.2', target: { by: 'environments', ids: ['acme-train'] } }), factsOf({ now: OUTSIDE }));
    expect(preview.irreversible).toEqual(['2026.11.2: migration 0142 adds a NOT NULL column (a rollback later cannot undo it)']);
    expect(preview.release).toMatchObject({ version: '2026.11.2', previous: '2026.10.1', type: 'service-patch' });
  });

  it('names an unknown release, unknown environments and an environment without a deploy backend as problems', () => {
    const { preview, targets } = planAction(
      request({ action: 'deploy', version: '2099.1.1', target: { by: 'environments', ids: ['acme-train', 'nope', 'cobalt-train'] } }),
      factsOf({ now: OUTSIDE }),
    );
    expect(preview.problems).toEqual([
      'unknown environment "nope"',
      'unknown release 2099.1.1: list it under deploys.releases in the fleet file',
      'Cobalt training has no deploy backend (deployedBy)',
    ]);
    expect(targets).toEqual([]);
    expect(preview.allowed).toBe(false);
  });

  it('leaves out environments that already run the release, and refuses when all do', () => {
    const facts = factsOf({ now: OUTSIDE, versions: { 'svc-prod-1': '2026.11.2' } });
    const ring = planAction(request({ action: 'deploy', version: '2026.11.2', target: { by: 'ring', ring: 'production' } }), facts);
    expect(ring.targets.map((target) => target.environment.id)).toEqual(['svc-prod-2', 'svc-prod-3']);
    expect(ring.preview.targetLabel).toBe('production ring (1 environment already run 2026.11.2)');
    const one = planAction(request({ action: 'deploy', version: '2026.11.2', target: { by: 'environments', ids: ['svc-prod-1'] } }), facts).preview;
    expect(one.problems).toEqual(['Service production 1 already runs 2026.11.2']);
  });

  it('fills the deploy target from the environment\'s deployment settings', () => {
    const { targets } = planAction(request({ action: 'deploy', version: '2026.11.2', target: { by: 'environments', ids: ['acme-prod'] } }), factsOf({ now: IN_APAC_SLOT }));
    expect(targets[0]).toMatchObject({
      backendId: 'octo',
      swapBy: 'azure',
      flow: 'staging-slot',
      deployTarget: { remoteName: 'Acme-Prod', remoteTenant: 'Acme', variables: {} },
      checks: [{ type: 'http', url: 'http://127.0.0.1:9/health' }],
      planId: null,
    });
  });
});

describe('targets', () => {
  it('resolves a customer group, a ring in a region, and names unknown ones', () => {
    const facts = factsOf({ now: OUTSIDE });
    const tenant = planAction(request({ action: 'deploy', version: '2026.11.2', target: { by: 'tenant', id: 'brit' } }), facts);
    expect(tenant.targets.map((target) => target.environment.id)).toEqual(['brit-prod', 'brit-uat']);
    expect(tenant.preview.targetLabel).toBe('customer group Brit');
    const ring = planAction(request({ action: 'deploy', version: '2026.11.2', target: { by: 'ring', ring: 'beta', regionId: 'uk' } }), facts).preview;
    expect(ring.problems).toEqual(['no environment is in the beta ring in uk']);
    const unknown = planAction(request({ action: 'deploy', version: '2026.11.2', target: { by: 'tenant', id: 'zeta' } }), facts).preview;
    expect(unknown.problems).toEqual(['unknown customer group "zeta"']);
    const stage = planAction(request({ action: 'deploy', target: { by: 'stage', planId: 'nov', stageId: 'later' } }), facts).preview;
    expect(stage.problems).toEqual(['rollout plan November patch has no stage "later"']);
  });

  it('takes a UAT-first stage\'s UAT environments first and holds their production back until the UAT runs the release', () => {
    const stage = { by: 'stage' as const, planId: 'nov', stageId: 'group-a' };
    const first = planAction(request({ action: 'deploy', target: stage }), factsOf({ now: IN_APAC_SLOT }));
    // Cobalt has no UAT environment, so its production goes in the first run with Acme's UAT.
    expect(first.targets.map((target) => target.environment.id)).toEqual(['acme-uat', 'cobalt-prod']);
    expect(first.targets.every((target) => target.planId === 'nov' && target.stageId === 'group-a' && target.version === '2026.11.2')).toBe(true);
    expect(first.preview.targetLabel).toBe('November patch: APAC group A (UAT first: 1 environment wait for their customer\'s UAT)');
    const second = planAction(request({ action: 'deploy', target: stage }), factsOf({ now: IN_APAC_SLOT, versions: { 'acme-uat': '2026.11.2', 'cobalt-prod': '2026.11.2' } }));
    expect(second.targets.map((target) => target.environment.id)).toEqual(['acme-prod']);
  });

  it('schedules a stage into the slot it books', () => {
    const { targets } = planAction(
      request({ action: 'deploy', when: 'next-slot', target: { by: 'stage', planId: 'nov', stageId: 'group-a' } }),
      factsOf({ now: OUTSIDE, versions: { 'acme-uat': '2026.11.2' } }),
    );
    // Thursday 26 November 20:00 AEDT.
    expect(targets.map((target) => target.scheduledFor)).toEqual([Date.parse('2026-11-26T09:00:00Z'), Date.parse('2026-11-26T09:00:00Z')]);
  });
});
