import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../shared/contract/deploys.js';
import { deploysOverview, versionMatrixOf } from '../../../main/core/deploys/policy/overview.js';
import { planAction } from '../../../main/core/deploys/policy/plan-action.js';
import { criticalAlert, deployment, factsOf, request } from './fixture.js';

const NOW = '2026-11-24T03:00:00Z';
const now = Date.parse(NOW);
const MINUTE = 60_000;

function check(state: CheckResult['state']): CheckResult {
  return { name: 'home page', type: 'http', slot: 'production', state, detail: state === 'failed' ? 'answered 503' : 'answered 200', at: now };
}

const internalDone = (finishedAt: number, checks: CheckResult[] = [check('passed')]) => [
  deployment({ environmentId: 'svc-internal', version: '2026.11.2', state: 'succeeded', finishedAt, checks, planId: 'nov', stageId: 'internal' }),
];

describe('the gate between stages', () => {
  it('fails when the stage\'s post-deploy checks failed, and holds the next stage', () => {
    const facts = factsOf({ now: NOW, deployments: internalDone(now - 90 * MINUTE, [check('passed'), check('failed')]) });
    const [plan] = deploysOverview(facts).plans;
    expect(plan?.stages[0]?.gate).toMatchObject({ state: 'fail', checksGreen: false, message: 'post-deploy checks failed on Service internal (home page)' });
    expect(plan?.stages[0]?.state).toBe('failed');
    expect(plan?.stages[1]?.gatedBy.state).toBe('fail');
    expect(plan?.stages[1]?.state).toBe('waiting');
    const next = planAction(request({ action: 'deploy', target: { by: 'stage', planId: 'nov', stageId: 'group-a' } }), facts).preview;
    const gate = next.guards.find((guard) => guard.id === 'gate');
    expect(gate).toMatchObject({ state: 'fail', overridable: true, message: 'Internal ring failed its gate: post-deploy checks failed on Service internal (home page)' });
  });

  it('is pending while the soak time runs, with the time left', () => {
    const facts = factsOf({ now: NOW, deployments: internalDone(now - 10 * MINUTE) });
    const stage = deploysOverview(facts).plans[0]?.stages[0];
    expect(stage?.gate).toEqual({ state: 'pending', checksGreen: true, healthSteady: true, soakRemainingMs: 20 * MINUTE, message: 'checks green; soaking, 20 min of 30 min left' });
    expect(stage?.state).toBe('soaking');
  });

  it('passes once the soak time has run with health steady, and the next stage is ready', () => {
    const facts = factsOf({ now: NOW, deployments: internalDone(now - 31 * MINUTE) });
    const [plan] = deploysOverview(facts).plans;
    expect(plan?.stages[0]?.gate).toMatchObject({ state: 'pass', soakRemainingMs: 0, message: 'checks green on all 1 environments and health steady for 31 min' });
    expect(plan?.stages[0]?.state).toBe('done');
    expect(plan?.stages[1]?.state).toBe('ready');
    const next = planAction(request({ action: 'deploy', target: { by: 'stage', planId: 'nov', stageId: 'group-a' } }), facts).preview;
    expect(next.guards.find((guard) => guard.id === 'gate')?.state).toBe('pass');
  });

  it('fails when health degraded, saying where', () => {
    const facts = factsOf({ now: NOW, deployments: internalDone(now - 31 * MINUTE), health: { 'svc-internal': 'warning' } });
    expect(deploysOverview(facts).plans[0]?.stages[0]?.gate).toMatchObject({ state: 'fail', healthSteady: false, message: 'health degraded on Service internal (warning)' });
  });

  it('counts the soak from when the health last turned steady, not from the deploy, and says for how long it has been', () => {
    const health = { 'svc-internal': { status: 'ok' as const, health: 'ok' as const, observedAt: now, healthSince: now - 10 * MINUTE } };
    const facts = factsOf({ now: NOW, deployments: internalDone(now - 40 * MINUTE), health });
    expect(deploysOverview(facts).plans[0]?.stages[0]?.gate).toEqual({
      state: 'pending',
      checksGreen: true,
      healthSteady: true,
      soakRemainingMs: 20 * MINUTE,
      message: 'checks green; health steady for 10 min; soaking, 20 min of 30 min left',
    });
  });

  it('fails while an alert that started after the deploy fires on the stage, silenced or not', () => {
    const alert = { ...criticalAlert('svc-internal', 'Queue backing up', 'silenced'), severity: 'warning' as const, startsAt: now - 5 * MINUTE };
    const facts = factsOf({ now: NOW, deployments: internalDone(now - 40 * MINUTE), alerts: [alert] });
    expect(deploysOverview(facts).plans[0]?.stages[0]?.gate).toMatchObject({ state: 'fail', healthSteady: false, message: 'new alert since the deploy on Service internal (Queue backing up)' });
  });

  it('fails on a critical environment under a silence, and on one whose health is stale', () => {
    const silenced = factsOf({ now: NOW, deployments: internalDone(now - 40 * MINUTE), health: { 'svc-internal': { status: 'maintenance', health: 'critical', observedAt: now, healthSince: now - 35 * MINUTE } } });
    expect(deploysOverview(silenced).plans[0]?.stages[0]?.gate).toMatchObject({ state: 'fail', healthSteady: false, message: 'health degraded on Service internal (critical, under a silence)' });
    const stale = factsOf({ now: NOW, deployments: internalDone(now - 40 * MINUTE), health: { 'svc-internal': { status: 'stale', health: 'ok', observedAt: now - 12 * MINUTE, healthSince: now - 60 * MINUTE } } });
    expect(deploysOverview(stale).plans[0]?.stages[0]?.gate).toMatchObject({ state: 'fail', healthSteady: false, message: 'health not known on Service internal (stale, last seen OK 12 min ago)' });
  });

  it('takes the stage\'s own soak time over the plan\'s and the fleet\'s', () => {
    const deployments = ['acme-uat', 'acme-prod', 'cobalt-prod'].map((environmentId) =>
      deployment({ environmentId, version: '2026.11.2', state: 'succeeded', finishedAt: now - 45 * MINUTE, checks: [check('passed')] }),
    );
    const stage = deploysOverview(factsOf({ now: NOW, deployments })).plans[0]?.stages[1];
    expect(stage?.gate).toMatchObject({ state: 'pending', soakRemainingMs: 15 * MINUTE });
    expect(stage).toMatchObject({ environmentIds: ['acme-uat', 'acme-prod', 'cobalt-prod'], customerCount: 2, deployedCount: 3, uatFirst: true });
  });

  it('shows a stage running while one of its deployments runs, and its slot in the group\'s local time', () => {
    const deployments = [deployment({ environmentId: 'acme-uat', version: '2026.11.2', state: 'running' })];
    const stage = deploysOverview(factsOf({ now: NOW, deployments })).plans[0]?.stages[1];
    expect(stage?.state).toBe('running');
    expect(stage?.slot).toMatchObject({ windowId: 'apac-slot', start: Date.parse('2026-11-26T09:00:00Z'), local: { local: '2026-11-26T20:00', abbreviation: 'AEDT' } });
    expect(stage?.gate).toMatchObject({ state: 'pending', message: '3 of 3 environments do not yet run 2026.11.2: Acme UAT, Acme production and Cobalt production' });
  });
});

describe('the version matrix', () => {
  it('flags an environment behind or ahead of its ring\'s peers in its region, in words', () => {
    const versions = { 'svc-prod-1': '2026.11.2', 'svc-prod-2': '2026.11.2', 'svc-prod-3': '2026.10.1', 'svc-beta': '2026.11.2' };
    const matrix = versionMatrixOf(factsOf({ now: NOW, versions }));
    const row = (id: string) => matrix.find((entry) => entry.environmentId === id);
    expect(row('svc-prod-3')).toMatchObject({ version: '2026.10.1', expected: '2026.11.2', drift: 'behind', driftReason: 'runs 2026.10.1; its ring (production in APAC) runs 2026.11.2' });
    expect(row('svc-prod-1')).toMatchObject({ drift: 'none', driftReason: null });
    expect(row('svc-internal')).toMatchObject({ version: null, drift: 'unknown' });
    expect(row('svc-internal')?.driftReason).toContain('not known');
    expect(matrix).toHaveLength(12);
  });

  it('expects what its completed rollout stage took, and says when a version is not a listed release', () => {
    // The stage completed through the console; Acme production was since put back on 2026.10.1 outside it.
    const deployments = ['acme-uat', 'acme-prod', 'cobalt-prod'].map((environmentId) =>
      deployment({ environmentId, version: '2026.11.2', state: 'succeeded', finishedAt: now - 90 * MINUTE, checks: [check('passed')] }),
    );
    const versions = { 'acme-uat': '2026.11.2', 'acme-prod': '2026.10.1', 'cobalt-prod': 'custom-build-7' };
    const matrix = versionMatrixOf(factsOf({ now: NOW, versions, deployments }));
    const row = (id: string) => matrix.find((entry) => entry.environmentId === id);
    expect(row('acme-prod')).toMatchObject({
      expected: '2026.11.2',
      drift: 'behind',
      driftReason: 'runs 2026.10.1; its rollout stage APAC group A completed 2026.11.2',
      lastState: 'succeeded',
    });
    expect(row('cobalt-prod')).toMatchObject({
      drift: 'differs',
      driftReason: 'runs custom-build-7; its rollout stage APAC group A completed 2026.11.2, and custom-build-7 is not a listed release',
    });
    expect(row('acme-uat')).toMatchObject({ drift: 'none' });
    // Brit is in no plan stage and no ring: nothing is expected of it.
    expect(row('brit-prod')).toMatchObject({ expected: null, drift: 'unknown' });
  });

  it("compares customers' environments outside the rings with the customers' environments of their kind in their region", () => {
    const versions = { 'acme-train': '2026.11.2', 'cobalt-train': '2026.10.1', 'acme-prod': '2026.11.2', 'cobalt-prod': '2026.10.1' };
    const matrix = versionMatrixOf(factsOf({ now: NOW, versions }));
    const row = (id: string) => matrix.find((entry) => entry.environmentId === id);
    expect(row('cobalt-train')).toMatchObject({
      expected: '2026.11.2',
      drift: 'behind',
      driftReason: 'runs 2026.10.1; most training environments of customers in APAC run 2026.11.2',
    });
    // Acme production already took the release its rollout plan brings: that is the plan, not drift.
    expect(row('acme-prod')).toMatchObject({ expected: '2026.11.2', drift: 'none', driftReason: null });
    expect(row('acme-train')).toMatchObject({ drift: 'none' });
  });

  it('shows an environment ahead of its ring', () => {
    const versions = { 'svc-prod-1': '2026.10.1', 'svc-prod-2': '2026.10.1', 'svc-prod-3': '2026.11.3' };
    const row = versionMatrixOf(factsOf({ now: NOW, versions })).find((entry) => entry.environmentId === 'svc-prod-3');
    expect(row).toMatchObject({ drift: 'ahead', driftReason: 'runs 2026.11.3; its ring (production in APAC) runs 2026.10.1' });
  });

  it('lists the releases with the one before each', () => {
    const { releases } = deploysOverview(factsOf({ now: NOW }));
    expect(releases.map((release) => [release.version, release.previous, release.incident])).toEqual([
      ['2026.10.1', null, null],
      ['2026.11.2', '2026.10.1', null],
      ['2026.11.3', '2026.11.2', 'INC-2291'],
    ]);
  });
});
