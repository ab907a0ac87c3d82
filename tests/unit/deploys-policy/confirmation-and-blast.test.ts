import { describe, expect, it } from 'vitest';
import { confirmationProblem } from '../../../main/core/deploys/policy/confirmation.js';
import { planAction } from '../../../main/core/deploys/policy/plan-action.js';
import type { DeployTargetSelector } from '../../../shared/contract/deploys.js';
import { factsOf, fleet, request } from './fixture.js';

const IN_APAC_SLOT = '2026-11-26T10:00:00Z';

function previewOf(target: DeployTargetSelector, extra: Partial<Parameters<typeof request>[0]> = {}, now = IN_APAC_SLOT) {
  return planAction(request({ action: 'deploy', version: '2026.11.2', target, ...extra }), factsOf({ now })).preview;
}

describe('confirmation grows with the risk', () => {
  it('takes one click for training and internal environments', () => {
    expect(previewOf({ by: 'environments', ids: ['acme-train'] }).confirmation).toMatchObject({ level: 'click', phrase: null });
    expect(previewOf({ by: 'ring', ring: 'internal' }).confirmation).toEqual({ level: 'click', phrase: null, why: 'training and internal environments only' });
  });

  it('asks for a confirmation for customers\' UAT, or for training of more than one customer', () => {
    expect(previewOf({ by: 'environments', ids: ['acme-uat'] }).confirmation).toMatchObject({ level: 'confirm', phrase: null });
    expect(previewOf({ by: 'environments', ids: ['acme-train', 'svc-internal'] }).confirmation).toMatchObject({ level: 'confirm', why: 'it touches 2 customers' });
  });

  it('asks to type the environment name for one production environment', () => {
    const p = previewOf({ by: 'environments', ids: ['acme-prod'] });
    expect(p.confirmation).toEqual({ level: 'type', phrase: 'Acme production', why: 'it touches a production environment' });
    expect(confirmationProblem(p, undefined)).toBe('type "Acme production" to confirm, because it touches a production environment');
    expect(confirmationProblem(p, 'acme production')).toBe('"acme production" does not match: type "Acme production" to confirm, because it touches a production environment');
    expect(confirmationProblem(p, '  Acme production ')).toBeNull();
  });

  it('asks to type the customer group, the ring or the stage name for several', () => {
    expect(previewOf({ by: 'tenant', id: 'acme' }).confirmation.phrase).toBe('Acme');
    expect(previewOf({ by: 'ring', ring: 'production' }).confirmation.phrase).toBe('production ring');
    expect(previewOf({ by: 'ring', ring: 'production', regionId: 'apac' }).confirmation.phrase).toBe('production ring in apac');
    const stage = planAction(request({ action: 'deploy', target: { by: 'stage', planId: 'nov', stageId: 'group-a' } }), factsOf({ now: IN_APAC_SLOT, versions: { 'acme-uat': '2026.11.2' } })).preview;
    expect(stage.confirmation).toMatchObject({ level: 'type', phrase: 'APAC group A' });
  });

  it('asks to type the name for any override, even on a training environment', () => {
    const p = previewOf({ by: 'environments', ids: ['acme-train'] }, { overrides: [{ guard: 'critical', reason: 'known flapping monitor' }] });
    // Nothing fails, so nothing is overridden: one click still.
    expect(p.confirmation.level).toBe('click');
    const critical = planAction(
      request({ action: 'deploy', version: '2026.11.2', target: { by: 'environments', ids: ['acme-train'] }, overrides: [{ guard: 'critical', reason: 'known flapping monitor' }] }),
      { ...factsOf({ now: IN_APAC_SLOT, health: { 'acme-train': 'critical' } }) },
    ).preview;
    expect(critical.confirmation).toEqual({ level: 'type', phrase: 'Acme training', why: 'it overrides target not critical' });
    expect(confirmationProblem(critical, 'Acme training')).toBeNull();
  });

  it('asks nothing to be typed where the level is a click', () => {
    expect(confirmationProblem(previewOf({ by: 'environments', ids: ['acme-train'] }), undefined)).toBeNull();
  });
});

describe('the blast radius', () => {
  it('counts environments, customers, regions with their local time, residency and kinds', () => {
    const p = previewOf({ by: 'environments', ids: ['acme-prod', 'acme-uat', 'brit-uat', 'svc-internal'] });
    const blast = p.blastRadius;
    expect(blast).toMatchObject({ environmentCount: 4, customerCount: 3, kinds: { production: 1, uat: 2, training: 0, internal: 1 } });
    expect(blast.regions).toEqual([
      { id: 'apac', name: 'APAC', residency: 'AU', environmentCount: 3, localTime: { local: '2026-11-26T21:00', timeZone: 'Australia/Sydney', abbreviation: 'AEDT', offset: '+11:00' } },
      { id: 'uk', name: 'UK', residency: 'UK', environmentCount: 1, localTime: { local: '2026-11-26T10:00', timeZone: 'Europe/London', abbreviation: 'GMT', offset: '+00:00' } },
    ]);
    expect(blast.environments.find((env) => env.id === 'brit-uat')).toMatchObject({ tenantName: 'Brit', regionName: 'UK', residency: 'UK', health: 'ok', scheduledFor: null });
  });

  it('says what a rollback afterwards would do: swap back where a staging slot keeps the old version, else redeploy it', () => {
    const p = planAction(
      request({ action: 'deploy', version: '2026.11.2', target: { by: 'environments', ids: ['acme-prod', 'brit-prod', 'acme-uat'] } }),
      factsOf({ now: IN_APAC_SLOT, versions: { 'acme-prod': '2026.10.1', 'brit-prod': '2026.10.1' } }),
    ).preview;
    const rollback = Object.fromEntries(p.blastRadius.environments.map((env) => [env.id, env.rollback]));
    expect(rollback).toEqual({
      'acme-prod': 'swap back to the staging slot, which keeps 2026.10.1 warm',
      'brit-prod': 'redeploy 2026.10.1',
      'acme-uat': 'nothing known to roll back to: the version it runs now is not known',
    });
    expect(p.flow).toBe('mixed');
    expect(p.blastRadius.environments.find((env) => env.id === 'acme-prod')?.currentVersion).toBe('2026.10.1');
  });

  it('lists at most 200 environments and keeps the counts whole', () => {
    const definition = fleet((input) => {
      const big = Array.from({ length: 250 }, (_, i) => ({ id: `big-${String(i).padStart(3, '0')}`, kind: 'training', site: 'lon-1', watchedBy: 'sim', deployedBy: 'octo' }));
      input.tenants.push({ id: 'big', name: 'Big', region: 'uk', environments: big } as (typeof input.tenants)[number]);
    });
    const p = planAction(request({ action: 'deploy', version: '2026.11.2', target: { by: 'tenant', id: 'big' } }), factsOf({ now: IN_APAC_SLOT, definition })).preview;
    expect(p.blastRadius.environmentCount).toBe(250);
    expect(p.blastRadius.environments).toHaveLength(200);
    expect(p.blastRadius.regions).toEqual([expect.objectContaining({ id: 'uk', environmentCount: 250 })]);
  });
});
