import { describeExpected } from '../expected-duration.js';
import { localTimeText } from '../local-time-text.js';
import { nameList } from '../name-list.js';
import { guardResult, namesOf, type Guard, type GuardTarget } from './guard-context.js';

const LABEL = 'Inside an allowed upgrade slot';

/**
 * Customers' production environments change only inside an upgrade slot: the whole deploy,
 * from its start (now or scheduled) to its expected end. Training, UAT and internal environments need none; a
 * rollback repairs and is not held to slots.
 */
export const allowedSlotGuard: Guard = ({ request, release, targets, incident }) => {
  if (request.action === 'rollback') return guardResult('allowed-slot', LABEL, true, [], 'a rollback repairs an environment and is not held to upgrade slots');
  const production = targets.filter((target) => target.entry.definition.kind === 'production');
  if (production.length === 0) {
    return guardResult('allowed-slot', LABEL, true, [], 'no production environment: training, UAT and internal environments need no upgrade slot');
  }
  const outside = production.filter((target) => target.schedule.slot === null);
  const others = production.length < targets.length ? '; training, UAT and internal environments need no slot' : '';
  if (outside.length > 0) {
    const booked = outside.find((target) => target.schedule.bookedFrom !== null && target.schedule.bookedFrom > target.schedule.start);
    const why =
      request.when === 'next-slot'
        ? 'no upgrade slot lies ahead for'
        : booked?.schedule.bookedFrom != null
          ? `the group is booked for its slot from ${localTimeText(booked.schedule.bookedFrom, booked.entry.region.timeZone).slice(0, 10)}, not now:`
          : 'outside an upgrade slot now:';
    const hotfix = release?.type === 'hotfix' ? `; a hotfix (${incident ?? 'no incident given'}) may be overridden with its reason` : '; schedule it into the next slot or override with a reason';
    return guardResult('allowed-slot', LABEL, false, outside, `${why} ${nameList(namesOf(outside))}${hotfix}`);
  }
  const overrun = production.filter((target) => {
    const slot = target.schedule.slot;
    return slot !== null && target.expected !== null && target.schedule.start + target.expected.ms > slot.occurrence.end;
  });
  const first = overrun[0];
  if (first?.schedule.slot) {
    const slot = first.schedule.slot;
    const ends = overrun.map((target) => {
      const zone = target.entry.region.timeZone;
      const end = target.schedule.start + (target.expected?.ms ?? 0);
      return `${target.entry.watched.view.name} would end at ${localTimeText(end, zone)}${target.expected ? ` ${describeExpected(target.expected)}` : ''}`;
    });
    const hotfix = release?.type === 'hotfix' ? `; a hotfix (${incident ?? 'no incident given'}) may be overridden with its reason` : '; schedule it into the next slot or override with a reason';
    const lead = `would run past the end of ${slot.window.title} at ${localTimeText(slot.occurrence.end, first.entry.region.timeZone)}`;
    return guardResult('allowed-slot', LABEL, false, overrun, `${lead}: ${nameList(ends, 3)}${hotfix}`);
  }
  const groups = new Map<string, { targets: GuardTarget[]; text: string }>();
  for (const target of production) {
    const slot = target.schedule.slot;
    if (!slot) continue;
    const key = `${slot.window.id}@${slot.occurrence.start}@${target.entry.region.timeZone}`;
    let group = groups.get(key);
    if (!group) {
      const at = localTimeText(Math.max(target.schedule.start, slot.occurrence.start), target.entry.region.timeZone);
      group = { targets: [], text: `${slot.window.title} at ${at}` };
      groups.set(key, group);
    }
    group.targets.push(target);
  }
  const described = [...groups.values()].slice(0, 4).map((group) => `${nameList(namesOf(group.targets), 3)} in ${group.text}`);
  const more = groups.size > 4 ? ` and ${groups.size - 4} more slots` : '';
  const lead = request.when === 'next-slot' ? 'scheduled into the next upgrade slot' : 'inside an upgrade slot now';
  return guardResult('allowed-slot', LABEL, true, production, `${lead}: ${described.join('; ')}${more}${others}`);
};
