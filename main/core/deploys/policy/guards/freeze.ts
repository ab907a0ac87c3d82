import { localTimeText } from '../local-time-text.js';
import { nameList } from '../name-list.js';
import { guardResult, namesOf, type Guard, type GuardTarget } from './guard-context.js';

const LABEL = 'Not inside a deploy freeze';

/** No deploy-freeze occurrence of the calendar, nor a freeze the deploy backend holds, may cover an environment at its start. */
export const freezeGuard: Guard = ({ facts, targets, windows, lookup }) => {
  const frozen = new Map<string, GuardTarget[]>();
  const add = (what: string, target: GuardTarget) => {
    const list = frozen.get(what);
    if (list) list.push(target);
    else frozen.set(what, [target]);
  };
  for (const target of targets) {
    const start = target.schedule.start;
    for (const window of windows.freezes(target.entry.definition.id)) {
      const occurrence = lookup.at(window, start);
      if (occurrence) add(`deploy freeze "${window.title}" until ${localTimeText(occurrence.end, window.timeZone)}`, target);
    }
    for (const freeze of facts.remoteFreezes.get(target.backendId) ?? []) {
      const covers = freeze.environments.length === 0 || freeze.environments.includes(target.remoteName);
      if (covers && freeze.start <= start && start < freeze.end) {
        add(`freeze "${freeze.name}" held by ${target.backendId} until ${localTimeText(freeze.end, target.entry.region.timeZone)}`, target);
      }
    }
  }
  if (frozen.size === 0) return guardResult('freeze', LABEL, true, [], 'no deploy freeze covers the targets at the start');
  const failing = [...new Set([...frozen.values()].flat())];
  const described = [...frozen.entries()].map(([what, list]) => `${what}: ${nameList(namesOf(list), 3)}`);
  return guardResult('freeze', LABEL, false, failing, `inside a ${described.join('; ')}`);
};
