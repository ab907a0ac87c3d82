import { describe, expect, it } from 'vitest';
import type { GuardId, GuardResult } from '../../../shared/contract/deploys.js';
import { planAction } from '../../../main/core/deploys/policy/plan-action.js';
import { criticalAlert, deployment, factsOf, fleet, request, type FactsOptions } from './fixture.js';

/** Thursday 26 November 2026, 21:00 in Sydney (AEDT): inside the APAC slot; 10:00 in London, outside the UK slot. */
const IN_APAC_SLOT = '2026-11-26T10:00:00Z';
/** Tuesday 24 November 2026, 14:00 in Sydney: outside every slot. */
const OUTSIDE = '2026-11-24T03:00:00Z';

function guard(guards: readonly GuardResult[], id: GuardId): GuardResult {
  const found = guards.find((result) => result.id === id);
  if (!found) throw new Error(`no ${id} guard`);
  return found;
}

function preview(ids: string[], options: FactsOptions, extra: Partial<Parameters<typeof request>[0]> = {}) {
  return planAction(request({ action: 'deploy', version: '2026.11.2', target: { by: 'environments', ids }, ...extra }), factsOf(options));
}

describe('the allowed-slot guard', () => {
  it('passes a customer production environment inside its upgrade slot, naming the slot in local time', () => {
    const { preview: p } = preview(['acme-prod'], { now: IN_APAC_SLOT });
    const slot = guard(p.guards, 'allowed-slot');
    expect(slot.state).toBe('pass');
    expect(slot.message).toContain('Acme production in APAC upgrade slot at 2026-11-26 21:00 AEDT');
    expect(p.allowed).toBe(true);
  });

  it('fails production outside its slot, naming the environments, and blocks the start', () => {
    const { preview: p } = preview(['acme-prod', 'brit-prod', 'acme-train'], { now: IN_APAC_SLOT });
    const slot = guard(p.guards, 'allowed-slot');
    expect(slot).toMatchObject({ state: 'fail', overridable: true, environmentIds: ['brit-prod'] });
    expect(slot.message).toBe('outside an upgrade slot now: Brit production; schedule it into the next slot or override with a reason');
    expect(p.allowed).toBe(false);
  });

  it('needs no slot for training, UAT and internal environments', () => {
    const { preview: p } = preview(['acme-train', 'acme-uat', 'svc-internal'], { now: OUTSIDE });
    expect(guard(p.guards, 'allowed-slot')).toMatchObject({
      state: 'pass',
      message: 'no production environment: training, UAT and internal environments need no upgrade slot',
    });
    expect(p.allowed).toBe(true);
  });

  it('tells a hotfix outside its slot that it may be overridden with its reason, and an override lets it start', () => {
    const hotfix = { version: '2026.11.3' };
    const blocked = preview(['acme-prod'], { now: OUTSIDE }, hotfix).preview;
    expect(guard(blocked.guards, 'allowed-slot').message).toContain('a hotfix (INC-2291) may be overridden with its reason');
    expect(guard(blocked.guards, 'gate').message).toBe('hotfix INC-2291: rings may be skipped');
    const overridden = preview(['acme-prod'], { now: OUTSIDE }, { ...hotfix, overrides: [{ guard: 'allowed-slot', reason: 'INC-2291 payroll down for all APAC customers' }] }).preview;
    expect(guard(overridden.guards, 'allowed-slot').state).toBe('overridden');
    expect(guard(overridden.guards, 'allowed-slot').message).toContain('overridden: "INC-2291 payroll down for all APAC customers"');
    expect(overridden.allowed).toBe(true);
  });

  it('schedules each environment into its next slot in its own zone, across the clocks going back in Sydney', () => {
    // Saturday 4 April 2026, noon in Sydney (AEDT); daylight time ends on Sunday 5 April.
    const { preview: p, targets } = preview(['acme-prod'], { now: '2026-04-04T01:00:00Z' }, { when: 'next-slot' });
    const [target] = targets;
    // Thursday 9 April 20:00 AEST (+10:00) is 10:00 UTC, not 09:00 as it would be under AEDT.
    expect(target?.scheduledFor).toBe(Date.parse('2026-04-09T10:00:00Z'));
    expect(target?.noRunAfter).toBe(Date.parse('2026-04-09T14:00:00Z'));
    expect(p.blastRadius.environments[0]?.localTime).toMatchObject({ local: '2026-04-09T20:00', abbreviation: 'AEST', offset: '+10:00' });
    expect(guard(p.guards, 'allowed-slot')).toMatchObject({ state: 'pass', environmentIds: ['acme-prod'] });
    expect(guard(p.guards, 'allowed-slot').message).toBe('scheduled into the next upgrade slot: Acme production in APAC upgrade slot at 2026-04-09 20:00 AEST');
  });

  it('schedules the UK into Monday 23:00 BST once the clocks went forward in London', () => {
    // Wednesday 25 March 2026; British Summer Time starts on Sunday 29 March.
    const { targets, preview: p } = preview(['brit-prod', 'acme-prod'], { now: '2026-03-25T12:00:00Z' }, { when: 'next-slot' });
    const brit = targets.find((target) => target.environment.id === 'brit-prod');
    expect(brit?.scheduledFor).toBe(Date.parse('2026-03-30T22:00:00Z'));
    expect(p.blastRadius.regions.find((region) => region.id === 'uk')?.localTime).toMatchObject({ local: '2026-03-30T23:00', abbreviation: 'BST' });
    // Acme's next slot is Thursday 26 March 20:00 AEDT.
    expect(targets.find((target) => target.environment.id === 'acme-prod')?.scheduledFor).toBe(Date.parse('2026-03-26T09:00:00Z'));
  });

  it('gives a deploy started now inside a slot the end of the slot as its no-run-after', () => {
    const { targets } = preview(['acme-prod'], { now: IN_APAC_SLOT });
    expect(targets[0]).toMatchObject({ scheduledFor: null, noRunAfter: Date.parse('2026-11-26T13:00:00Z') });
  });

  it('starts at once inside a slot already under way, and not after it ends', () => {
    const { targets } = preview(['acme-prod'], { now: IN_APAC_SLOT }, { when: 'next-slot' });
    expect(targets[0]).toMatchObject({ scheduledFor: Date.parse(IN_APAC_SLOT), noRunAfter: Date.parse('2026-11-26T13:00:00Z') });
  });
});

describe('the freeze guard', () => {
  it('fails inside a deploy-freeze occurrence of the calendar that covers the environment', () => {
    const { preview: p } = preview(['brit-prod', 'acme-prod'], { now: '2026-12-28T23:30:00Z' });
    const freeze = guard(p.guards, 'freeze');
    expect(freeze).toMatchObject({ state: 'fail', environmentIds: ['brit-prod'], overridable: true });
    expect(freeze.message).toBe('inside a deploy freeze "UK year-end freeze" until 2027-01-04 00:00 GMT: Brit production');
  });

  it('judges the freeze at the scheduled start, not now', () => {
    // Now is before the freeze; Brit's next slot (Monday 21 December 23:00) falls inside it.
    const { preview: p } = preview(['brit-prod'], { now: '2026-12-17T12:00:00Z' }, { when: 'next-slot' });
    expect(guard(p.guards, 'freeze').state).toBe('fail');
  });

  it('fails where the deploy backend holds a freeze on the environment under its remote name', () => {
    const now = Date.parse(OUTSIDE);
    const remoteFreezes = { octo: [{ name: 'Black Friday', start: now - 1000, end: now + 3_600_000, environments: ['Brit-Prod'] }] };
    const { preview: p } = preview(['brit-prod', 'acme-train'], { now: OUTSIDE, remoteFreezes });
    const freeze = guard(p.guards, 'freeze');
    expect(freeze.environmentIds).toEqual(['brit-prod']);
    expect(freeze.message).toContain('freeze "Black Friday" held by octo');
    const all = preview(['acme-train'], { now: OUTSIDE, remoteFreezes: { octo: [{ name: 'All stop', start: now - 1000, end: now + 1000, environments: [] }] } }).preview;
    expect(guard(all.guards, 'freeze').environmentIds).toEqual(['acme-train']);
  });
});

describe('slots and freezes cover the whole deployment', () => {
  const MINUTE = 60_000;
  const withExpected = (minutes: number) => fleet((input) => {
    const release = input.deploys.releases.find((candidate) => candidate.version === '2026.11.2');
    if (release) Object.assign(release, { expectedMinutes: minutes });
  });

  it('fails a deploy whose expected duration from the release runs past the end of its slot, saying when it would end', () => {
    // 21:00 AEDT Thursday, in the slot that ends at midnight; four hours takes it to 01:00 Friday.
    const { preview: p } = preview(['acme-prod'], { now: IN_APAC_SLOT, definition: withExpected(240) });
    expect(guard(p.guards, 'allowed-slot')).toMatchObject({
      state: 'fail',
      environmentIds: ['acme-prod'],
      message: 'would run past the end of APAC upgrade slot at 2026-11-27 00:00 AEDT: Acme production would end at 2026-11-27 01:00 AEDT (240 min, as the release expects); schedule it into the next slot or override with a reason',
    });
    const fits = preview(['acme-prod'], { now: IN_APAC_SLOT, definition: withExpected(120) }).preview;
    expect(guard(fits.guards, 'allowed-slot').state).toBe('pass');
  });

  it('takes the median of the last deployments to the environment when the release does not say', () => {
    const start = Date.parse('2026-11-20T09:00:00Z');
    const deployments = [60, 200, 210].map((minutes) =>
      deployment({ environmentId: 'acme-prod', version: '2026.10.1', state: 'succeeded', startedAt: start, finishedAt: start + minutes * MINUTE }),
    );
    const { preview: p } = preview(['acme-prod'], { now: IN_APAC_SLOT, deployments });
    expect(guard(p.guards, 'allowed-slot').message).toContain('Acme production would end at 2026-11-27 00:20 AEDT (200 min, the median of its last 3 deployments)');
  });

  it('fails a deploy that would run into a freeze, and says when', () => {
    // 23:00 GMT on 20 December; the UK year-end freeze starts at midnight.
    const { preview: p } = preview(['brit-uat'], { now: '2026-12-20T23:00:00Z', definition: withExpected(90) });
    expect(guard(p.guards, 'freeze')).toMatchObject({
      state: 'fail',
      environmentIds: ['brit-uat'],
      message: 'would run into a deploy freeze "UK year-end freeze" from 2026-12-21 00:00 GMT: Brit UAT would end at 2026-12-21 00:30 GMT',
    });
  });

  it('lets a rollback through a freeze, naming the freeze: a rollback is how the freeze\'s incident is ended', () => {
    const rollback = planAction(request({ action: 'rollback', target: { by: 'environments', ids: ['brit-uat'] } }), factsOf({ now: '2026-12-28T23:30:00Z', versions: { 'brit-uat': '2026.11.2' } })).preview;
    expect(guard(rollback.guards, 'freeze')).toMatchObject({
      state: 'pass',
      environmentIds: ['brit-uat'],
      message: 'inside a deploy freeze "UK year-end freeze" until 2027-01-04 00:00 GMT: Brit UAT; a rollback is how an incident in a freeze is ended, so it is not blocked',
    });
  });
});

describe('the health and incident guards', () => {
  it('fails a critical target and names it; a rollback of it is not blocked', () => {
    const options = { now: OUTSIDE, health: { 'acme-train': 'critical' as const, 'acme-uat': 'warning' as const }, versions: { 'acme-train': '2026.11.2' } };
    const { preview: p } = preview(['acme-train', 'acme-uat'], { ...options, versions: {} });
    expect(guard(p.guards, 'critical')).toMatchObject({ state: 'fail', environmentIds: ['acme-train'], message: 'critical now: Acme training' });
    const rollback = planAction(request({ action: 'rollback', target: { by: 'environments', ids: ['acme-train'] } }), factsOf(options)).preview;
    expect(guard(rollback.guards, 'critical').state).toBe('pass');
  });

  it('fails a target critical under a silence, saying it is silenced; the silence hides the alert, not the state', () => {
    const health = { 'acme-train': { status: 'maintenance' as const, health: 'critical' as const, observedAt: Date.parse(OUTSIDE), healthSince: Date.parse(OUTSIDE) } };
    const { preview: p } = preview(['acme-train'], { now: OUTSIDE, health });
    expect(guard(p.guards, 'critical')).toMatchObject({ state: 'fail', overridable: true, environmentIds: ['acme-train'], message: 'critical now: Acme training (under a silence)' });
  });

  it('fails a target whose health is unknown or stale, with that reason, and passes with a written override', () => {
    const health = {
      'acme-train': { status: 'stale' as const, health: 'ok' as const, observedAt: Date.parse(OUTSIDE) - 12 * 60_000, healthSince: 0 },
      'acme-uat': { status: 'unknown' as const, health: 'unknown' as const, observedAt: null, healthSince: 0 },
    };
    const { preview: p } = preview(['acme-train', 'acme-uat'], { now: OUTSIDE, health });
    expect(guard(p.guards, 'critical')).toMatchObject({
      state: 'fail',
      environmentIds: ['acme-train', 'acme-uat'],
      message: 'health not known now: Acme training (stale, last seen OK 12 min ago) and Acme UAT (unknown, never observed)',
    });
    const overridden = preview(['acme-train', 'acme-uat'], { now: OUTSIDE, health }, { overrides: [{ guard: 'critical', reason: 'monitoring is down, checked by hand' }] }).preview;
    expect(guard(overridden.guards, 'critical').state).toBe('overridden');
  });

  it('fails on an open severity-one incident (a critical alert not silenced) on a target', () => {
    const alerts = [criticalAlert('acme-uat', 'Payroll export failing'), criticalAlert('acme-train', 'Silenced noise', 'silenced'), criticalAlert('brit-uat', 'Elsewhere')];
    const { preview: p } = preview(['acme-uat', 'acme-train'], { now: OUTSIDE, alerts });
    expect(guard(p.guards, 'sev1-incident')).toMatchObject({
      state: 'fail',
      environmentIds: ['acme-uat'],
      message: 'open severity-one incident on Acme UAT (Payroll export failing)',
    });
  });
});

describe('guards no reason can pass', () => {
  it('refuses a second deployment on an environment with one scheduled or running, even with an override', () => {
    const deployments = [deployment({ environmentId: 'acme-uat', version: '2026.11.2', state: 'running' }), deployment({ environmentId: 'acme-train', version: '2026.10.1', state: 'succeeded' })];
    const { preview: p } = preview(['acme-uat', 'acme-train'], { now: OUTSIDE, deployments }, { overrides: [{ guard: 'running', reason: 'I really want to do it twice' }] });
    expect(guard(p.guards, 'running')).toMatchObject({ state: 'fail', overridable: false, environmentIds: ['acme-uat'] });
    expect(guard(p.guards, 'running').message).toContain('Acme UAT (deploy of 2026.11.2, running)');
    expect(p.allowed).toBe(false);
  });

  it('refuses while the deploy backend or the slot swapper is offline, never queueing', () => {
    const { preview: p } = preview(['acme-prod', 'brit-uat'], { now: IN_APAC_SLOT, unreachable: { azure: 'connection refused' } }, {
      overrides: [{ guard: 'offline', reason: 'queue it for when it is back' }],
    });
    expect(guard(p.guards, 'offline')).toMatchObject({
      state: 'fail',
      overridable: false,
      environmentIds: ['acme-prod'],
      message: 'deploys are never queued while offline: azure cannot be reached (connection refused) for Acme production',
    });
    expect(p.allowed).toBe(false);
  });

  it('requires a hotfix to name its severity-one incident', () => {
    const definition = fleet((input) => {
      input.deploys.releases.push({ version: '2026.11.4', type: 'enhancement', irreversible: [] });
    });
    const hotfixFleet = { ...definition, deploys: { ...definition.deploys, releases: definition.deploys.releases.map((r) => (r.version === '2026.11.4' ? { ...r, type: 'hotfix' as const } : r)) } };
    const facts = factsOf({ now: OUTSIDE, definition: hotfixFleet });
    const missing = planAction(request({ action: 'deploy', version: '2026.11.4', target: { by: 'environments', ids: ['acme-train'] } }), facts).preview;
    expect(guard(missing.guards, 'hotfix-reference')).toMatchObject({ state: 'fail', overridable: false });
    expect(guard(missing.guards, 'hotfix-reference').message).toBe('hotfix 2026.11.4 needs the severity-one reference it answers, e.g. INC-2291');
    const given = planAction(request({ action: 'deploy', version: '2026.11.4', incident: 'INC-3001', target: { by: 'environments', ids: ['acme-train'] } }), facts).preview;
    expect(guard(given.guards, 'hotfix-reference')).toMatchObject({ state: 'pass', message: 'hotfix 2026.11.4 answers INC-3001' });
    expect(given.allowed).toBe(true);
  });
});
