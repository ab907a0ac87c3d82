import { describe, expect, it } from 'vitest';
import { planLifecycle } from '../../../main/core/lifecycle/lifecycle-plan.js';
import { isAnswering, lifecycleState, nextLifecycleChange } from '../../../shared/contract/lifecycle.js';
import { LifecycleSettings, type EnvironmentLifecycle } from '../../../shared/fleet-definition/lifecycle.js';

/*
 * Hand-worked with a wall calendar and the zones' published rules: Sydney leaves daylight saving
 * (AEDT +11 to AEST +10) on Sunday 5 April 2026 and enters it on Sunday 4 October 2026; London
 * enters BST (+1) on Sunday 29 March 2026 and leaves it on Sunday 25 October 2026. An end date is
 * the last day kept; the environment ends at local midnight starting the next day.
 */

const rule = LifecycleSettings.parse({});
const SYDNEY = 'Australia/Sydney';
const LONDON = 'Europe/London';
const utc = (iso: string) => Date.parse(iso);

function plan(kind: 'uat' | 'training' | 'production', goLive: string | undefined, timeZone: string, lifecycle?: EnvironmentLifecycle, decommissioned?: string) {
  return planLifecycle(
    { kind, ...(goLive ? { goLive } : {}), ...(lifecycle ? { lifecycle } : {}), ...(decommissioned ? { decommissioned } : {}) },
    {},
    timeZone,
    rule,
  );
}

describe('the end of a temporary environment', () => {
  it('Sydney, across the end of daylight saving: go-live 10 March, kept through 9 April, gone at 00:00 AEST on the 10th', () => {
    const uat = plan('uat', '2026-03-10', SYDNEY);
    expect(uat).toMatchObject({ kind: 'temporary', endDate: '2026-04-09', endSource: 'rule', timeZone: SYDNEY });
    expect(uat.endsAt).toBe(utc('2026-04-09T14:00:00Z'));
    // 14 days earlier at local midnight, when Sydney was still on AEDT (+11).
    expect(uat.warnFrom).toBe(utc('2026-03-26T13:00:00Z'));
    expect(uat.goneAfter).toBe(utc('2026-04-16T14:00:00Z'));
  });

  it('Sydney, across the start of daylight saving: go-live 10 September, gone at 00:00 AEDT on 11 October', () => {
    const training = plan('training', '2026-09-10', SYDNEY);
    expect(training.endDate).toBe('2026-10-10');
    expect(training.endsAt).toBe(utc('2026-10-10T13:00:00Z'));
    expect(training.warnFrom).toBe(utc('2026-09-26T14:00:00Z'));
  });

  it('London, across the start of BST: go-live 1 March, kept through 31 March, gone at 00:00 BST on 1 April', () => {
    const uat = plan('uat', '2026-03-01', LONDON);
    expect(uat.endDate).toBe('2026-03-31');
    expect(uat.endsAt).toBe(utc('2026-03-31T23:00:00Z'));
    expect(uat.warnFrom).toBe(utc('2026-03-18T00:00:00Z'));
  });

  it('London, across the end of BST: go-live 30 September, gone at 00:00 GMT on 31 October', () => {
    const uat = plan('uat', '2026-09-30', LONDON);
    expect(uat.endDate).toBe('2026-10-30');
    expect(uat.endsAt).toBe(utc('2026-10-31T00:00:00Z'));
    expect(uat.warnFrom).toBe(utc('2026-10-16T23:00:00Z'));
  });

  it('counts calendar days across month ends, February and the new year', () => {
    expect(plan('uat', '2026-01-31', LONDON).endDate).toBe('2026-03-02');
    expect(plan('uat', '2028-01-31', LONDON).endDate).toBe('2028-03-01');
    expect(plan('uat', '2026-12-15', SYDNEY).endDate).toBe('2027-01-14');
    expect(plan('uat', '2026-12-15', SYDNEY).endsAt).toBe(utc('2027-01-14T13:00:00Z'));
  });

  it("takes the tenant's go-live when the environment has none, and the environment's own over it", () => {
    expect(planLifecycle({ kind: 'uat' }, { goLive: '2026-05-01' }, LONDON, rule).endDate).toBe('2026-05-31');
    expect(planLifecycle({ kind: 'uat', goLive: '2026-06-01' }, { goLive: '2026-05-01' }, LONDON, rule).endDate).toBe('2026-07-01');
  });

  it('follows the days of the rule when a team sets them', () => {
    const sixty = LifecycleSettings.parse({ daysAfterGoLive: 60, warningDays: 7 });
    const uat = planLifecycle({ kind: 'uat', goLive: '2026-01-01' }, {}, LONDON, sixty);
    expect(uat.endDate).toBe('2026-03-02');
    expect(uat.warnFrom).toBe(utc('2026-02-24T00:00:00Z'));
  });

  it('has no end until the customer goes live', () => {
    const uat = plan('uat', undefined, SYDNEY);
    expect(uat).toMatchObject({ kind: 'temporary', endDate: null, endsAt: null });
    expect(lifecycleState(uat, utc('2030-01-01T00:00:00Z'), true)).toBe('active');
  });

  it('keeps an explicit end over the rule', () => {
    const uat = plan('uat', '2026-03-01', LONDON, { kind: 'temporary', end: '2026-06-30' });
    expect(uat).toMatchObject({ endDate: '2026-06-30', endSource: 'explicit' });
    expect(uat.endsAt).toBe(utc('2026-06-30T23:00:00Z'));
  });
});

describe('lifecycle states', () => {
  it('never ends production, nor a temporary kind the customer pays to keep', () => {
    const production = plan('production', '2020-01-01', SYDNEY);
    const paid = plan('training', '2020-01-01', SYDNEY, { kind: 'permanent-paid', agreement: 'HA-2291' });
    expect(production).toMatchObject({ kind: 'permanent', endDate: null });
    expect(paid).toMatchObject({ kind: 'permanent-paid', agreement: 'HA-2291', endDate: null });
    expect(lifecycleState(paid, utc('2030-01-01T00:00:00Z'), true)).toBe('active');
    expect(nextLifecycleChange(paid, utc('2030-01-01T00:00:00Z'))).toBeNull();
  });

  it('walks a release-temporary UAT in London through active, ending soon, due and should-be-gone', () => {
    const uat = plan('uat', '2025-09-01', LONDON, { kind: 'release-temporary', release: '2026.11.1', end: '2027-01-29' });
    expect(uat).toMatchObject({ kind: 'release-temporary', release: '2026.11.1', endDate: '2027-01-29' });
    // Ends 00:00 GMT 30 January; warned from 00:00 16 January; should be gone from 00:00 6 February.
    expect(lifecycleState(uat, utc('2027-01-15T23:59:59Z'), true)).toBe('active');
    expect(lifecycleState(uat, utc('2027-01-16T00:00:00Z'), true)).toBe('ending-soon');
    expect(lifecycleState(uat, utc('2027-01-29T23:59:59Z'), true)).toBe('ending-soon');
    expect(lifecycleState(uat, utc('2027-01-30T00:00:00Z'), true)).toBe('due');
    expect(lifecycleState(uat, utc('2027-02-05T23:59:59Z'), true)).toBe('due');
    expect(lifecycleState(uat, utc('2027-02-06T00:00:00Z'), true)).toBe('should-be-gone');
    expect(lifecycleState(uat, utc('2027-02-06T00:00:00Z'), false)).toBe('due');
    expect(nextLifecycleChange(uat, utc('2027-01-20T00:00:00Z'))).toBe(utc('2027-01-30T00:00:00Z'));
  });

  it('is decommissioned once the file marks it so, whatever the dates', () => {
    const gone = plan('uat', '2026-01-01', SYDNEY, undefined, '2026-02-01');
    expect(lifecycleState(gone, utc('2026-01-05T00:00:00Z'), true)).toBe('decommissioned');
    expect(nextLifecycleChange(gone, utc('2026-01-05T00:00:00Z'))).toBeNull();
  });

  it('counts an environment as answering only on fresh data that says it runs', () => {
    expect(isAnswering({ status: 'ok', health: 'ok' })).toBe(true);
    expect(isAnswering({ status: 'maintenance', health: 'warning' })).toBe(true);
    expect(isAnswering({ status: 'stale', health: 'ok' })).toBe(false);
    expect(isAnswering({ status: 'unknown', health: 'unknown' })).toBe(false);
    expect(isAnswering({ status: 'critical', health: 'critical' })).toBe(false);
  });
});
