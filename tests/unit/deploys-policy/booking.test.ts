import { describe, expect, it } from 'vitest';
import { deploysOverview } from '../../../main/core/deploys/policy/overview.js';
import { planAction } from '../../../main/core/deploys/policy/plan-action.js';
import { factsOf, fleet, request } from './fixture.js';

/** Thursday 26 November, 21:00 in Sydney: inside this week's APAC upgrade slot. */
const IN_THIS_WEEKS_SLOT = '2026-11-26T10:00:00Z';

/** APAC group A booked for the week of Thursday 3 December. */
const booked = fleet((input) => {
  const stage = input.deploys.plans[0]?.stages[1];
  if (stage) Object.assign(stage, { from: '2026-12-03' });
});

const stageRequest = (when: 'now' | 'next-slot') => request({ action: 'deploy', target: { by: 'stage', planId: 'nov', stageId: 'group-a' }, when });
const slotGuard = (when: 'now' | 'next-slot', definition = booked) =>
  planAction(stageRequest(when), factsOf({ now: IN_THIS_WEEKS_SLOT, definition })).preview.guards.find((guard) => guard.id === 'allowed-slot');

describe('customer groups booked into the weeks of a rollout', () => {
  it("shows a group's slot in the week it is booked for, in its local time", () => {
    const stage = deploysOverview(factsOf({ now: IN_THIS_WEEKS_SLOT, definition: booked })).plans[0]?.stages[1];
    expect(stage?.slot).toMatchObject({ windowId: 'apac-slot', start: Date.parse('2026-12-03T09:00:00Z'), local: { local: '2026-12-03T20:00', abbreviation: 'AEDT' } });
  });

  it("holds a group to its own week: this week's slot is not its slot", () => {
    expect(slotGuard('now')).toMatchObject({ state: 'fail', overridable: true, environmentIds: ['cobalt-prod'] });
    expect(slotGuard('now')?.message).toMatch(/^the group is booked for its slot from 2026-12-03, not now: Cobalt production/);
    // Unbooked, the same moment is inside its slot.
    expect(slotGuard('now', fleet())).toMatchObject({ state: 'pass' });
  });

  it('schedules "next allowed slot" into the booked week', () => {
    const planned = planAction(stageRequest('next-slot'), factsOf({ now: IN_THIS_WEEKS_SLOT, definition: booked }));
    expect(planned.targets.map((target) => [target.environment.id, target.scheduledFor, target.noRunAfter])).toEqual(
      expect.arrayContaining([['cobalt-prod', Date.parse('2026-12-03T09:00:00Z'), Date.parse('2026-12-03T13:00:00Z')]]),
    );
    expect(slotGuard('next-slot')).toMatchObject({ state: 'pass' });
  });
});
