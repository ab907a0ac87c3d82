import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFleetText } from '../../../main/core/definition/fleet-file.js';

const example = readFileSync(new URL('../../../resources/fleet.example.yaml', import.meta.url), 'utf8');
const UAT = '{ id: harbour-health-uat, kind: uat, site: apac-syd, goLive: 2026-02-14, watchedBy: sim, deployedBy: sim }';

/** The example with the Harbour Health UAT line changed: the problems it gives. */
function problemsWith(uat: string, text = example) {
  const changed = text.replace(UAT, uat);
  expect(changed).not.toBe(text);
  const result = parseFleetText(changed, 'fleet.yaml');
  const line = changed.split('\n').findIndex((row) => row.includes('id: harbour-health-uat')) + 1;
  return { problems: result.ok ? [] : result.problems, line };
}

const AT = 'tenants[0].environments[1]';

describe('lifecycles in the fleet file', () => {
  it('reads the example: the rule, the paid training, the release-temporary UAT', () => {
    const result = parseFleetText(example, 'fleet.example.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition.lifecycle).toEqual({ temporaryKinds: ['uat', 'training'], daysAfterGoLive: 30, warningDays: 14, graceDays: 7 });
    const envs = result.definition.tenants.flatMap((tenant) => tenant.environments);
    expect(envs.find((env) => env.id === 'harbour-health-training')?.lifecycle).toEqual({ kind: 'permanent-paid', agreement: 'HA-2291' });
    expect(envs.find((env) => env.id === 'thames-logistics-uat')?.lifecycle).toEqual({ kind: 'release-temporary', release: '2026.11.1', end: '2027-01-29' });
  });

  it('takes a go-live per tenant and a decommissioned marker', () => {
    const text = example.replace('    name: Harbour Health\n', '    name: Harbour Health\n    goLive: 2026-02-14\n');
    const result = parseFleetText(text.replace(UAT, '{ id: harbour-health-uat, kind: uat, site: apac-syd, decommissioned: 2026-03-20, watchedBy: sim, deployedBy: sim }'), 'fleet.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definition.tenants[0]?.goLive).toBe('2026-02-14');
    expect(result.definition.tenants[0]?.environments[1]?.decommissioned).toBe('2026-03-20');
  });

  it('names the line and path of a lifecycle kind it does not know', () => {
    const { problems, line } = problemsWith('{ id: harbour-health-uat, kind: uat, site: apac-syd, lifecycle: { kind: forever }, watchedBy: sim }');
    expect(problems).toEqual([{ file: 'fleet.yaml', line, column: expect.any(Number), path: `${AT}.lifecycle.kind`, message: 'expected kind permanent, temporary, permanent-paid, release-temporary' }]);
  });

  it('asks for the hosting agreement of a permanent-paid environment', () => {
    const { problems } = problemsWith('{ id: harbour-health-uat, kind: uat, site: apac-syd, lifecycle: { kind: permanent-paid }, watchedBy: sim }');
    expect(problems).toMatchObject([{ path: `${AT}.lifecycle.agreement`, message: 'a permanent-paid environment needs the reference of its hosting agreement, e.g. agreement: HA-2291' }]);
  });

  it('asks a release-temporary environment for its end and a listed release', () => {
    expect(problemsWith('{ id: harbour-health-uat, kind: uat, site: apac-syd, lifecycle: { kind: release-temporary, release: 2026.11.1 }, watchedBy: sim }').problems).toMatchObject([
      { path: `${AT}.lifecycle.end`, message: 'a release-temporary environment needs its end, the last day it is kept, e.g. end: 2027-01-29' },
    ]);
    expect(problemsWith('{ id: harbour-health-uat, kind: uat, site: apac-syd, lifecycle: { kind: release-temporary, release: 2099.1.0, end: 2027-01-01 }, watchedBy: sim }').problems).toMatchObject([
      { path: `${AT}.lifecycle.release`, message: 'unknown release "2099.1.0"; list it under deploys.releases' },
    ]);
  });

  it('refuses an end before go-live, and a misspelt field', () => {
    expect(problemsWith('{ id: harbour-health-uat, kind: uat, site: apac-syd, goLive: 2026-02-14, lifecycle: { kind: temporary, end: 2026-02-01 }, watchedBy: sim }').problems).toMatchObject([
      { path: `${AT}.lifecycle.end`, message: 'the end 2026-02-01 is before go-live 2026-02-14' },
    ]);
    expect(problemsWith('{ id: harbour-health-uat, kind: uat, site: apac-syd, lifecycle: { kind: temporary, ends: 2026-05-01 }, watchedBy: sim }').problems).toMatchObject([
      { path: `${AT}.lifecycle`, message: 'unknown field "ends" (did you mean "end"?); expected kind, end' },
    ]);
  });

  it('keeps production permanent, in an environment and in the rule', () => {
    const text = example.replace(
      'id: harbour-health-prod\n        kind: production\n',
      'id: harbour-health-prod\n        kind: production\n        lifecycle: { kind: temporary, end: 2027-01-01 }\n',
    );
    const result = parseFleetText(text, 'fleet.yaml');
    expect(result.ok ? [] : result.problems).toMatchObject([{ path: 'tenants[0].environments[0].lifecycle.kind', message: 'a production environment is permanent, not temporary' }]);
    const rule = parseFleetText(example.replace('temporaryKinds: [uat, training]', 'temporaryKinds: [uat, production]'), 'fleet.yaml');
    expect(rule.ok ? [] : rule.problems).toMatchObject([
      { path: 'lifecycle.temporaryKinds[1]', message: 'production environments are permanent; the rule can make uat, training or internal temporary' },
      { path: 'tenants[0].environments[0].lifecycle.kind', message: 'a production environment is permanent, not temporary' },
      { path: 'tenants[1].environments[0].lifecycle.kind', message: 'a production environment is permanent, not temporary' },
      { path: 'tenants[2].environments[1].lifecycle.kind', message: 'a production environment is permanent, not temporary' },
      { path: 'tenants[2].environments[2].lifecycle.kind', message: 'a production environment is permanent, not temporary' },
      { path: 'tenants[2].environments[3].lifecycle.kind', message: 'a production environment is permanent, not temporary' },
    ]);
  });

  it('says how to write the old decommission date now, instead of dropping it', () => {
    const { problems, line } = problemsWith('{ id: harbour-health-uat, kind: uat, site: apac-syd, decommission: 2026-03-16, watchedBy: sim }');
    expect(problems).toEqual([
      {
        file: 'fleet.yaml',
        line,
        column: expect.any(Number),
        path: `${AT}.decommission`,
        message: 'decommission is no longer read: give the end as lifecycle: { kind: temporary, end: YYYY-MM-DD }, or decommissioned: YYYY-MM-DD once it is gone',
      },
    ]);
  });

  it('refuses a decommissioned date before go-live', () => {
    expect(problemsWith('{ id: harbour-health-uat, kind: uat, site: apac-syd, goLive: 2026-02-14, decommissioned: 2026-01-10, watchedBy: sim }').problems).toMatchObject([
      { path: `${AT}.decommissioned`, message: 'decommissioned 2026-01-10 is before go-live 2026-02-14' },
    ]);
  });
});
