import { describe, expect, it } from 'vitest';
import type { DeploymentView } from '../../../shared/contract/deploys.js';
import { correlate } from '../../../main/core/incidents/correlation.js';
import type { MaintenanceOccurrence } from '../../../main/core/incidents/timeline.js';
import { deploymentView } from '../../support/deployment-view.js';
import { HOUR, iso, MINUTE, ms } from './incident-fixture.js';

/**
 * The first alert fired at 10:00Z (21:00 in Sydney); the lookback is PT6H, so it reaches back to
 * 04:00Z. The scope is Acme's production and UAT in APAC.
 */
const FIRST_ALERT = ms('2026-12-07T10:00:00Z');
const NOW = ms('2026-12-07T11:30:00Z');
const scope = new Set(['acme-prod', 'acme-uat']);

const deploy = (input: Partial<DeploymentView> & Pick<DeploymentView, 'id' | 'environmentId' | 'version' | 'state'>) =>
  deploymentView({ environmentName: input.environmentId, requestedBy: 'Dee Park', ...input });

/** Deploy of 2026.12.1 to Acme production, 09:20Z to 09:32Z: 40 minutes before the first alert. */
const suspect = deploy({
  id: 'd-acme-prod',
  environmentId: 'acme-prod',
  environmentName: 'Acme production',
  version: '2026.12.1',
  previousVersion: '2026.11.3',
  state: 'succeeded',
  requestedAt: ms('2026-12-07T09:19:00Z'),
  startedAt: ms('2026-12-07T09:20:00Z'),
  finishedAt: ms('2026-12-07T09:32:00Z'),
});
/** Rollback of Acme UAT to 2026.11.3, 07:30Z to 07:41Z: two and a half hours before. */
const uatRollback = deploy({
  id: 'd-acme-uat-rb',
  action: 'rollback',
  environmentId: 'acme-uat',
  environmentName: 'Acme UAT',
  version: '2026.11.3',
  previousVersion: '2026.12.1',
  state: 'succeeded',
  requestedAt: ms('2026-12-07T07:30:00Z'),
  startedAt: ms('2026-12-07T07:30:00Z'),
  finishedAt: ms('2026-12-07T07:41:00Z'),
});
/** Brit production in London, 20 minutes before: not in scope. */
const elsewhere = deploy({ id: 'd-brit', environmentId: 'brit-prod', version: '2026.12.1', previousVersion: '2026.11.3', state: 'succeeded', startedAt: ms('2026-12-07T09:40:00Z'), finishedAt: ms('2026-12-07T09:45:00Z') });
/** Acme production at 02:00Z, finished 02:10Z: eight hours before, outside the lookback. */
const old = deploy({ id: 'd-old', environmentId: 'acme-prod', version: '2026.11.3', previousVersion: '2026.11.2', state: 'succeeded', startedAt: ms('2026-12-07T02:00:00Z'), finishedAt: ms('2026-12-07T02:10:00Z') });

/** APAC network maintenance, 06:00Z-07:00Z (17:00-18:00 AEDT): four hours before. */
const network: MaintenanceOccurrence = {
  key: 'apac-network@2026-12-07T17:00',
  windowId: 'apac-network',
  kind: 'planned-maintenance',
  title: 'APAC network maintenance',
  start: ms('2026-12-07T06:00:00Z'),
  end: ms('2026-12-07T07:00:00Z'),
  environmentIds: ['acme-prod', 'acme-uat', 'cobalt-prod'],
};
/** Acme database patching the day before, 12:00Z-14:00Z on 6 December: outside the lookback. */
const patching: MaintenanceOccurrence = {
  key: 'acme-db-patch@2026-12-06T23:00',
  windowId: 'acme-db-patch',
  kind: 'planned-maintenance',
  title: 'Acme database patching',
  start: ms('2026-12-06T12:00:00Z'),
  end: ms('2026-12-06T14:00:00Z'),
  environmentIds: ['acme-prod', 'acme-uat'],
};

const run = (deployments: DeploymentView[], maintenance: MaintenanceOccurrence[] = [network, patching]) =>
  correlate({ firstAlertAt: FIRST_ALERT, lookbackMs: 6 * HOUR, now: NOW, scope, deployments, maintenance });

describe('correlation: the changes in scope before the first alert', () => {
  it('lists the deploy, the rollback and the maintenance newest first, with how long before the alert each started', () => {
    const changes = run([old, elsewhere, uatRollback, suspect]);
    expect(changes.map((change) => ({ kind: change.kind, id: change.id, started: iso(change.startedAt), before: change.beforeFirstAlertMs / MINUTE }))).toEqual([
      { kind: 'deployment', id: 'd-acme-prod', started: '2026-12-07T09:20:00Z', before: 40 },
      { kind: 'rollback', id: 'd-acme-uat-rb', started: '2026-12-07T07:30:00Z', before: 150 },
      { kind: 'maintenance', id: 'apac-network@2026-12-07T17:00', started: '2026-12-07T06:00:00Z', before: 240 },
    ]);
  });

  it('offers rolling back the suspect deploy from the release it brought, on its environment', () => {
    const [first, second, third] = run([uatRollback, suspect]);
    expect(first).toEqual({
      kind: 'deployment',
      id: 'd-acme-prod',
      title: 'Deploy of 2026.12.1 to Acme production',
      environmentIds: ['acme-prod'],
      startedAt: ms('2026-12-07T09:20:00Z'),
      finishedAt: ms('2026-12-07T09:32:00Z'),
      beforeFirstAlertMs: 40 * MINUTE,
      state: 'succeeded',
      rollback: { environmentIds: ['acme-prod'], fromRelease: '2026.12.1' },
    });
    // A rollback is not rolled back, and maintenance has nothing to roll back.
    expect(second?.rollback).toBeNull();
    expect(second?.title).toBe('Rollback to 2026.11.3 on Acme UAT');
    expect(third).toMatchObject({ title: 'APAC network maintenance', environmentIds: ['acme-prod', 'acme-uat'], finishedAt: ms('2026-12-07T07:00:00Z'), state: 'ended', rollback: null });
  });

  it('offers no rollback once a later rollback replaced the release on that environment', () => {
    const rolledBack = deploy({
      id: 'd-acme-prod-rb',
      action: 'rollback',
      environmentId: 'acme-prod',
      version: '2026.11.3',
      previousVersion: '2026.12.1',
      state: 'succeeded',
      startedAt: ms('2026-12-07T10:30:00Z'),
      finishedAt: ms('2026-12-07T10:41:00Z'),
    });
    const changes = run([suspect, rolledBack], []);
    // The rollback during the incident came after the first alert: not a suspect, but it ends the offer.
    expect(changes.map((change) => change.id)).toEqual(['d-acme-prod']);
    expect(changes[0]?.rollback).toBeNull();
  });

  it('still offers the rollback when the later rollback failed', () => {
    const failed = deploy({ id: 'd-rb-failed', action: 'rollback', environmentId: 'acme-prod', version: '2026.11.3', state: 'failed', startedAt: ms('2026-12-07T10:30:00Z'), finishedAt: ms('2026-12-07T10:35:00Z') });
    expect(run([suspect, failed], [])[0]?.rollback).toEqual({ environmentIds: ['acme-prod'], fromRelease: '2026.12.1' });
  });

  it('offers a deploy still running, with no finish yet', () => {
    const running = { ...suspect, state: 'running' as const, finishedAt: null };
    expect(run([running], [])[0]).toMatchObject({ state: 'running', finishedAt: null, rollback: { environmentIds: ['acme-prod'], fromRelease: '2026.12.1' } });
  });

  it('offers no rollback where nothing is known to go back to, nor of one swapped back already', () => {
    expect(run([{ ...suspect, previousVersion: null }], [])[0]?.rollback).toBeNull();
    // The staging-slot flow keeps the previous release warm in the other slot.
    expect(run([{ ...suspect, previousVersion: null, flow: 'staging-slot' }], [])[0]?.rollback).toEqual({ environmentIds: ['acme-prod'], fromRelease: '2026.12.1' });
    expect(run([{ ...suspect, state: 'rolled-back' }], [])[0]?.rollback).toBeNull();
  });

  it('counts a change that began before the lookback but was still under way in it', () => {
    // Started 03:00Z (seven hours before), finished 04:30Z: half an hour into the lookback.
    const long = { ...suspect, id: 'd-long', startedAt: ms('2026-12-07T03:00:00Z'), finishedAt: ms('2026-12-07T04:30:00Z') };
    expect(run([long], []).map((change) => change.beforeFirstAlertMs / HOUR)).toEqual([7]);
  });

  it('leaves out deployments that never started and changes that began after the first alert', () => {
    const scheduled = { ...suspect, id: 'd-scheduled', state: 'scheduled' as const, startedAt: null, finishedAt: null };
    const after = { ...suspect, id: 'd-after', startedAt: ms('2026-12-07T10:01:00Z'), finishedAt: ms('2026-12-07T10:10:00Z') };
    expect(run([scheduled, after], [])).toEqual([]);
  });
});
