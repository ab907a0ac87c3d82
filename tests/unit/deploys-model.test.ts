import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage } from '../../shared/contract/audit.js';
import type { Confirmation, DeploymentView, DeploysOverview, MatrixRow, ReleaseView } from '../../shared/contract/deploys.js';
import { entriesOf, prependNewer } from '../../renderer/src/views/audit/audit-model.js';
import type { FleetRow } from '../../renderer/src/views/fleet/fleet-model.js';
import { confirmationMet, confirmationOf, draftFor, idList, overrideProblem, requestOf } from '../../renderer/src/views/deploys/deploy-form.js';
import {
  choicesOf,
  deployBlockedReason,
  filterMatrix,
  joinMatrix,
  mergeLog,
  orderDeployments,
  progressText,
  soakText,
  versionChange,
  withDeployment,
  withNewerPushed,
} from '../../renderer/src/views/deploys/deploys-model.js';
import { permanentPlan } from '../../shared/contract/lifecycle.js';
import { deploymentView } from '../support/deployment-view.js';

/** The Deploys and Audit views' pure rules: what a filter keeps, how live updates land, what the dialog sends. */

/** An environment as the fleet snapshot describes it: the matrix row carries none of this. */
function environment(id: string, extra: Partial<FleetRow['env']> = {}): FleetRow {
  const tenantId = id.split('-')[0] ?? id;
  return {
    env: { id, name: id.toUpperCase(), tenantId, regionId: 'apac', siteId: 'apac-1', kind: 'production', ring: 'production', watchedBy: 'sandbox', servers: 1, lifecycle: permanentPlan('Australia/Sydney'), ...extra },
    tenantName: `${tenantId} Ltd`,
    regionName: 'APAC',
    siteName: 'Sydney',
  };
}

function row(id: string, drift: MatrixRow['drift'], extra: Partial<MatrixRow> = {}): MatrixRow {
  return {
    environmentId: id,
    backendId: 'sandbox',
    version: '2026.10.1',
    expected: '2026.11.2',
    drift,
    driftReason: drift === 'none' ? null : 'runs 2026.10.1; its ring runs 2026.11.2',
    deployedAt: null,
    lastState: null,
    ...extra,
  };
}

function deployment(id: string, requestedAt: number, extra: Partial<DeploymentView> = {}): DeploymentView {
  return deploymentView({
    id,
    environmentId: 'acme-prod',
    environmentName: 'Acme production',
    tenantName: 'Acme',
    version: '2026.11.2',
    previousVersion: '2026.10.1',
    releaseType: 'enhancement',
    state: 'running',
    progress: 10,
    step: 'Copying files',
    requestedBy: 'op',
    requestedAt,
    startedAt: requestedAt,
    finishedAt: null,
    canCancel: true,
    ...extra,
  });
}

function overviewWith(deployments: DeploymentView[]): DeploysOverview {
  return { releases: [], plans: [], deployments, problems: [] };
}

const hotfix: ReleaseView = { version: '2026.11.3', type: 'hotfix', notes: '', irreversible: [], incident: 'INC-2291', previous: '2026.11.2' };

describe('deploys model', () => {
  it('filters the matrix by every word typed (names, customer and region from the fleet snapshot) and by drift', () => {
    const environments = new Map([environment('acme-prod'), environment('acme-uat', { kind: 'uat' }), environment('globex-prod', { regionId: 'uk', name: 'Globex live' })].map((env) => [env.env.id, env]));
    const rows = [row('acme-prod', 'behind'), row('acme-uat', 'none', { version: '2026.11.2' }), row('globex-prod', 'unknown'), row('new-prod', 'unknown')];
    const entries = joinMatrix(rows, (id) => environments.get(id));
    const ids = (kept: ReturnType<typeof filterMatrix>) => kept.map((entry) => entry.row.environmentId);
    // An environment the snapshot does not know yet waits for the new snapshot.
    expect(ids(entries)).toEqual(['acme-prod', 'acme-uat', 'globex-prod']);
    expect(filterMatrix(entries, { text: '', drift: 'all' })).toBe(entries);
    expect(ids(filterMatrix(entries, { text: 'ACME', drift: 'all' }))).toEqual(['acme-prod', 'acme-uat']);
    expect(ids(filterMatrix(entries, { text: 'acme 2026.10', drift: 'all' }))).toEqual(['acme-prod']);
    expect(ids(filterMatrix(entries, { text: 'globex live', drift: 'all' }))).toEqual(['globex-prod']);
    expect(ids(filterMatrix(entries, { text: 'ltd', drift: 'none' }))).toEqual(['acme-uat']);
    expect(ids(filterMatrix(entries, { text: '', drift: 'drifted' }))).toEqual(['acme-prod', 'globex-prod']);
    expect(ids(filterMatrix(entries, { text: 'uk', drift: 'unknown' }))).toEqual(['globex-prod']);
    expect(filterMatrix(entries, { text: 'initech', drift: 'all' })).toEqual([]);
    expect(choicesOf(entries)).toEqual({ tenants: [{ id: 'acme', name: 'acme Ltd' }, { id: 'globex', name: 'globex Ltd' }], regions: ['apac', 'uk'] });
  });

  it('keeps each deployment in its place as it moves on: newest request first, replaced in place, a new one on top', () => {
    const a = deployment('a', 1_000);
    const b = deployment('b', 2_000, { state: 'succeeded' });
    expect(orderDeployments([a, b]).map((d) => d.id)).toEqual(['b', 'a']);
    const moved = withDeployment(overviewWith([a, b]), { ...a, progress: 60 });
    expect(moved.deployments.map((d) => [d.id, d.progress])).toEqual([
      ['a', 60],
      ['b', 10],
    ]);
    expect(withDeployment(overviewWith([a]), deployment('c', 3_000)).deployments.map((d) => d.id)).toEqual(['c', 'a']);
  });

  it('puts back a deployment an event brought while an older overview was on its way, and only then', () => {
    const fetched = overviewWith([deployment('a', 1_000, { progress: 20 })]);
    const pushed = [{ receivedAt: 5_000, deployment: deployment('a', 1_000, { progress: 40 }) }];
    expect(withNewerPushed(fetched, pushed, 4_000).deployments[0]?.progress).toBe(40);
    expect(withNewerPushed(fetched, pushed, 6_000).deployments[0]?.progress).toBe(20);
  });

  it('grows a log by the lines after what it has', () => {
    const line = (text: string) => ({ at: 1, level: 'info' as const, text });
    expect(mergeLog([line('a'), line('b')], 2, [line('c')]).map((l) => l.text)).toEqual(['a', 'b', 'c']);
    expect(mergeLog([line('a'), line('b')], 1, [line('b2')]).map((l) => l.text)).toEqual(['a', 'b2']);
  });

  it('says why deploys are off: offline (never queued) or read-only', () => {
    expect(deployBlockedReason('live', false)).toBeNull();
    expect(deployBlockedReason('reconnecting', false)).toBe('offline: deploys are never queued');
    expect(deployBlockedReason('connecting', false)).toBe('offline: deploys are never queued');
    expect(deployBlockedReason('live', true)).toMatch(/^read-only/);
  });

  it('writes progress, soak and versions in words', () => {
    expect(progressText(42.4)).toBe('42 %');
    expect(progressText(null)).toBe('No progress reported');
    expect(soakText(0)).toBe('soak served');
    expect(soakText(1)).toBe('1 min of soak left');
    expect(soakText(150 * 60_000)).toBe('2 h 30 min of soak left');
    expect(versionChange('2026.10.1', '2026.11.2')).toBe('2026.10.1 → 2026.11.2');
    expect(versionChange(null, '2026.11.2')).toBe('2026.11.2');
  });
});

describe('deploy dialog form', () => {
  it('starts from where it was opened and sends a request only once it has a release and a target', () => {
    const fromRow = draftFor({ action: 'deploy', target: { by: 'environments', ids: ['acme-prod'] } });
    expect(requestOf(fromRow, undefined)).toEqual({ missing: 'Choose the release to deploy.' });
    const chosen = { ...fromRow, version: '2026.11.2', reason: '  customer asked  ' };
    expect(requestOf(chosen, undefined)).toEqual({
      request: { action: 'deploy', version: '2026.11.2', target: { by: 'environments', ids: ['acme-prod'] }, when: 'now', reason: 'customer asked', overrides: [] },
    });
    expect(requestOf({ ...chosen, environmentIds: ' , ' }, undefined)).toEqual({ missing: 'Name at least one environment.' });
    const rollback = draftFor({ action: 'rollback', target: { by: 'environments', ids: ['acme-prod'] } });
    expect(requestOf(rollback, undefined)).toEqual({ request: { action: 'rollback', target: { by: 'environments', ids: ['acme-prod'] }, when: 'now', reason: '', overrides: [] } });
    const stage = draftFor({ action: 'deploy', version: '2026.11.2', target: { by: 'stage', planId: 'p', stageId: 's1' } });
    expect(requestOf(stage, undefined)).toMatchObject({ request: { target: { by: 'stage', planId: 'p', stageId: 's1' } } });
    const ring = { ...draftFor({ action: 'deploy', version: '2026.11.2' }), targetBy: 'ring' as const, ring: 'beta' as const, regionId: 'uk' };
    expect(requestOf(ring, undefined)).toMatchObject({ request: { target: { by: 'ring', ring: 'beta', regionId: 'uk' } } });
    expect(idList('acme-prod, acme-uat acme-prod')).toEqual(['acme-prod', 'acme-uat']);
  });

  it('sends an override only with a written reason of ten characters or more, and an incident only for a hotfix', () => {
    const draft = {
      ...draftFor({ action: 'deploy', version: '2026.11.3', target: { by: 'environments', ids: ['acme-prod'] } }),
      incident: ' INC-2291 ',
      overrides: { 'allowed-slot': 'customer asked for it today', freeze: 'too short' },
    };
    expect(overrideProblem('too short')).toBe('expected a written reason of at least 10 characters');
    expect(overrideProblem('  long enough  ')).toBeUndefined();
    expect(requestOf(draft, hotfix)).toMatchObject({ request: { incident: 'INC-2291', overrides: [{ guard: 'allowed-slot', reason: 'customer asked for it today' }] } });
    const plain = requestOf(draft, { ...hotfix, type: 'service-patch' });
    expect('request' in plain && 'incident' in plain.request).toBe(false);
  });

  it('asks for a confirmation that grows with the risk', () => {
    const level = (l: Confirmation['level'], phrase: string | null = null): Confirmation => ({ level: l, phrase, why: '' });
    expect(confirmationMet(level('click'), { checked: false, typed: '' })).toBe(true);
    expect(confirmationMet(level('confirm'), { checked: false, typed: '' })).toBe(false);
    expect(confirmationMet(level('confirm'), { checked: true, typed: '' })).toBe(true);
    expect(confirmationMet(level('type', 'acme-prod'), { checked: true, typed: 'acme-pro' })).toBe(false);
    expect(confirmationMet(level('type', 'acme-prod'), { checked: false, typed: ' acme-prod ' })).toBe(true);
    expect(confirmationMet(level('type', null), { checked: false, typed: '' })).toBe(false);
    // What was given goes with the request, for the core to check it as well.
    expect(confirmationOf(level('click'), { checked: true, typed: 'x' })).toEqual({});
    expect(confirmationOf(level('confirm'), { checked: true, typed: '' })).toEqual({ blastRadiusChecked: true });
    expect(confirmationOf(level('type', 'acme-prod'), { checked: false, typed: ' acme-prod ' })).toEqual({ confirmation: 'acme-prod' });
  });
});

describe('audit trail paging', () => {
  const entry = (id: number): AuditEntry => ({ id, at: id * 1000, who: 'op', host: null, action: 'deploy', target: 't', why: null, result: 'started', detail: '', deploymentId: null });
  const page = (ids: number[], nextBefore: number | null): AuditPage => ({ entries: ids.map(entry), nextBefore });

  it('puts new entries on top and keeps older pages as loaded', () => {
    const held = [page([5, 4], 4), page([3, 2], 2)];
    expect(prependNewer(held, page([7, 6, 5, 4], 4))?.map((p) => p.entries.map((e) => e.id))).toEqual([
      [7, 6, 5, 4],
      [3, 2],
    ]);
    expect(prependNewer(held, page([5, 4], 4))).toEqual(held);
    // A first page that is all new may hide entries between it and what is held: fetched again whole.
    expect(prependNewer(held, page([9, 8], 8))).toBeNull();
    expect(prependNewer([page([], null)], page([1], null))?.[0]?.entries.map((e) => e.id)).toEqual([1]);
    expect(entriesOf([page([5, 4], 4), page([4, 3], 3)]).map((e) => e.id)).toEqual([5, 4, 3]);
  });
});
