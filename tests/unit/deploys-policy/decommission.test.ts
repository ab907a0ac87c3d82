import { describe, expect, it } from 'vitest';
import type { GuardId, GuardResult } from '../../../shared/contract/deploys.js';
import { planAction } from '../../../main/core/deploys/policy/plan-action.js';
import { factsOf, fleet, request, type FactsOptions } from './fixture.js';

/**
 * Acme (Sydney) went live on 2026-10-20: its training environment is temporary by the rule
 * (30 days), so its last day is 2026-11-19 and it ends at the start of 2026-11-20 in Sydney,
 * 00:00 AEDT (UTC+11) = 2026-11-19T13:00Z.
 */
const definition = fleet((input) => {
  const acme = input.tenants[0];
  if (!acme) throw new Error('the fixture has no Acme');
  Object.assign(acme, { goLive: '2026-10-20' });
  const uat = acme.environments.find((env) => env.id === 'acme-uat');
  Object.assign(uat ?? {}, { lifecycle: { kind: 'permanent-paid', agreement: 'HA-2291' } });
  // Decommissioned through the sandbox: the console cannot ask Octopus to run a runbook.
  for (const env of acme.environments) Object.assign(env, { deployedBy: 'sim' });
  const cobalt = input.tenants.find((tenant) => tenant.id === 'cobalt');
  const cobaltTrain = cobalt?.environments.find((env) => env.id === 'cobalt-train');
  Object.assign(cobaltTrain ?? {}, { goLive: '2026-09-01', decommissioned: '2026-10-05', deployedBy: 'sim' });
});
/** Tuesday 24 November 2026, 14:00 in Sydney: Acme training is due. */
const DUE = '2026-11-24T03:00:00Z';
/** An hour before Acme training's end: 23:00 AEDT on its last day. */
const LAST_DAY = '2026-11-19T12:00:00Z';

function guard(guards: readonly GuardResult[], id: GuardId): GuardResult {
  const found = guards.find((result) => result.id === id);
  if (!found) throw new Error(`no ${id} guard among ${guards.map((result) => result.id).join(', ')}`);
  return found;
}

function decommission(ids: string[], options: Omit<FactsOptions, 'definition'>, extra: Partial<Parameters<typeof request>[0]> = {}) {
  return planAction(request({ action: 'decommission', target: { by: 'environments', ids }, ...extra }), factsOf({ definition, ...options })).preview;
}

describe('decommission guards', () => {
  it('lets a due training environment go, confirmed by typing its name, and says it cannot be undone', () => {
    const preview = decommission(['acme-train'], { now: DUE, versions: { 'acme-train': '2026.10.1' } });
    expect(preview.guards.map((result) => [result.id, result.state])).toEqual([
      ['production', 'pass'],
      ['permanent-paid', 'pass'],
      ['lifecycle-end', 'pass'],
      ['freeze', 'pass'],
      ['running', 'pass'],
      ['offline', 'pass'],
    ]);
    expect(preview.allowed).toBe(true);
    expect(preview.confirmation).toMatchObject({ level: 'type', phrase: 'Acme training' });
    expect(preview.version).toBe('2026.10.1');
    expect(preview.irreversible.join(' ')).toContain('cannot be rolled back');
  });

  it('refuses one before its end, naming the end in its region\'s time, until a written reason overrides it', () => {
    const early = decommission(['acme-train'], { now: LAST_DAY });
    expect(guard(early.guards, 'lifecycle-end')).toMatchObject({ state: 'fail', overridable: true, environmentIds: ['acme-train'] });
    expect(guard(early.guards, 'lifecycle-end').message).toBe('not due yet: Acme training ends 2026-11-20 00:00 AEDT');
    expect(early.allowed).toBe(false);

    const reason = 'Customer closed the project early; written request CR-88';
    const overridden = decommission(['acme-train'], { now: LAST_DAY }, { overrides: [{ guard: 'lifecycle-end', reason }] });
    expect(guard(overridden.guards, 'lifecycle-end').state).toBe('overridden');
    expect(overridden.allowed).toBe(true);
  });

  it('never decommissions production, whatever is written', () => {
    const preview = decommission(['acme-prod'], { now: DUE }, { overrides: [{ guard: 'production', reason: 'the customer asked for it in writing' }] });
    expect(guard(preview.guards, 'production')).toMatchObject({ state: 'fail', overridable: false, environmentIds: ['acme-prod'] });
    expect(preview.allowed).toBe(false);
  });

  it('never decommissions an environment kept on a hosting agreement, naming the agreement', () => {
    const preview = decommission(['acme-uat'], { now: DUE }, { overrides: [{ guard: 'permanent-paid', reason: 'the customer asked for it in writing' }] });
    expect(guard(preview.guards, 'permanent-paid')).toMatchObject({ state: 'fail', overridable: false, environmentIds: ['acme-uat'] });
    expect(guard(preview.guards, 'permanent-paid').message).toContain('Acme UAT (HA-2291)');
    expect(preview.allowed).toBe(false);
  });

  it('is not sent to Octopus, which the console cannot ask to run a runbook', () => {
    const preview = decommission(['brit-uat'], { now: DUE }, { overrides: [{ guard: 'lifecycle-end', reason: 'Brit closed the project early, in writing' }] });
    expect(preview.problems).toEqual(['Brit UAT: "octo" (octopus) cannot decommission yet: the console does not run Octopus runbooks']);
    expect(preview.allowed).toBe(false);
  });

  it('needs a backend that can tear the environment down', () => {
    const preview = decommission(['svc-internal'], { now: DUE }, { overrides: [{ guard: 'lifecycle-end', reason: 'internal ring retired by the platform team' }] });
    expect(preview.problems).toEqual(['Service internal: "cmd" has no decommission command: add decommission: [...] to the backend']);
    expect(preview.allowed).toBe(false);
  });
});

describe('decommissioned environments and deploys', () => {
  it('refuses a deploy to a decommissioned environment with the reason', () => {
    const { preview } = planAction(request({ action: 'deploy', version: '2026.11.2', target: { by: 'environments', ids: ['cobalt-train'] } }), factsOf({ definition, now: DUE }));
    expect(preview.problems).toContain('Cobalt training (decommissioned 2026-10-05) is decommissioned in the fleet file and takes no deploys');
    expect(preview.allowed).toBe(false);
  });

  it('leaves it out of a customer-group deploy and says so', () => {
    const { preview, targets } = planAction(request({ action: 'deploy', version: '2026.11.2', target: { by: 'tenant', id: 'cobalt' } }), factsOf({ definition, now: DUE }));
    expect(targets.map((target) => target.environment.id)).toEqual(['cobalt-prod']);
    expect(preview.targetLabel).toContain('1 decommissioned environment left out');
  });

  it('skips a temporary environment whose end comes before its booked slot, and says so', () => {
    // Acme training ends 2026-11-20 00:00 AEDT; from Monday 16 November the next APAC slot is Thursday 19 November 20:00 AEDT (before
    // the end), and from the Friday 20 November the next is that evening at 20:00, after it.
    const before = planAction(request({ action: 'deploy', version: '2026.11.2', when: 'next-slot', target: { by: 'environments', ids: ['acme-train'] } }), factsOf({ definition, now: '2026-11-16T00:00:00Z' }));
    expect(before.targets.map((target) => target.environment.id)).toEqual(['acme-train']);
    const after = planAction(request({ action: 'deploy', version: '2026.11.2', when: 'next-slot', target: { by: 'environments', ids: ['acme-train', 'acme-prod'] } }), factsOf({ definition, now: '2026-11-19T14:00:00Z' }));
    expect(after.targets.map((target) => target.environment.id)).toEqual(['acme-prod']);
    expect(after.preview.targetLabel).toContain('skipped, it ends before its slot: Acme training ends 2026-11-20 00:00 AEDT');
  });
});
