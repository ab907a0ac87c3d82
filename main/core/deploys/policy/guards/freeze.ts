import { localTimeText } from '../local-time-text.js';
import { nameList } from '../name-list.js';
import { guardResult, namesOf, type Guard, type GuardTarget } from './guard-context.js';

const LABEL = 'Not inside a deploy freeze';

/**
 * No deploy-freeze occurrence of the calendar, nor a freeze the deploy backend holds, may
 * cover an environment at its start, nor begin before its expected end. A rollback is how an
 * incident in a freeze is ended: it passes, with the freeze named so the trail keeps it.
 */
export const freezeGuard: Guard = ({ facts, request, targets, windows, lookup }) => {
  const inside = new Map<string, GuardTarget[]>();
  const into = new Map<string, string[]>();
  const intoTargets: GuardTarget[] = [];
  const add = (what: string, target: GuardTarget) => {
    const list = inside.get(what);
    if (list) list.push(target);
    else inside.set(what, [target]);
  };
  const runsInto = (what: string, target: GuardTarget, end: number) => {
    const zone = target.entry.region.timeZone;
    into.set(what, [...(into.get(what) ?? []), `${target.entry.watched.view.name} would end at ${localTimeText(end, zone)}`]);
    if (!intoTargets.includes(target)) intoTargets.push(target);
  };
  for (const target of targets) {
    const start = target.schedule.start;
    const end = start + (target.expected?.ms ?? 0);
    for (const window of windows.freezes(target.entry.definition.id)) {
      const occurrence = lookup.currentOrNext(window, start);
      if (!occurrence) continue;
      if (occurrence.start <= start) add(`deploy freeze "${window.title}" until ${localTimeText(occurrence.end, window.timeZone)}`, target);
      else if (occurrence.start < end) runsInto(`deploy freeze "${window.title}" from ${localTimeText(occurrence.start, window.timeZone)}`, target, end);
    }
    for (const freeze of facts.remoteFreezes.get(target.backendId) ?? []) {
      const covers = freeze.environments.length === 0 || freeze.environments.includes(target.remoteName);
      if (!covers || freeze.end <= start) continue;
      const zone = target.entry.region.timeZone;
      if (freeze.start <= start) add(`freeze "${freeze.name}" held by ${target.backendId} until ${localTimeText(freeze.end, zone)}`, target);
      else if (freeze.start < end) runsInto(`freeze "${freeze.name}" held by ${target.backendId} from ${localTimeText(freeze.start, zone)}`, target, end);
    }
  }
  if (inside.size === 0 && into.size === 0) return guardResult('freeze', LABEL, true, [], 'no deploy freeze covers the targets from their start to their expected end');
  const concerned = [...new Set([...[...inside.values()].flat(), ...intoTargets])];
  const described = [
    ...[...inside.entries()].map(([what, list]) => `inside a ${what}: ${nameList(namesOf(list), 3)}`),
    ...[...into.entries()].map(([what, ends]) => `would run into a ${what}: ${nameList(ends, 3)}`),
  ].join('; ');
  if (request.action === 'rollback') return guardResult('freeze', LABEL, true, concerned, `${described}; a rollback is how an incident in a freeze is ended, so it is not blocked`);
  return guardResult('freeze', LABEL, false, concerned, described);
};
