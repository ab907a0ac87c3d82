import { localTimeText } from '../local-time-text.js';
import { nameList } from '../name-list.js';
import { guardResult, type Guard, type GuardTarget } from './guard-context.js';

const LABEL = 'Lifecycle ended';

/**
 * Nothing is removed early: an environment is decommissioned only once its lifecycle end has
 * passed. Before it (or for one that has no end) a written reason may go past it, e.g. a
 * customer who left early and asked for it in writing.
 */
export const lifecycleEndGuard: Guard = ({ facts, targets }) => {
  const early: GuardTarget[] = [];
  const described: string[] = [];
  for (const target of targets) {
    const lifecycle = facts.lifecycle(target.entry.definition.id);
    const name = target.entry.watched.view.name;
    if (lifecycle.endsAt === null) {
      early.push(target);
      described.push(`${name} has no end (${lifecycle.kind})`);
    } else if (lifecycle.endsAt > facts.now) {
      early.push(target);
      described.push(`${name} ends ${localTimeText(lifecycle.endsAt, target.entry.region.timeZone)}`);
    }
  }
  if (early.length === 0) return guardResult('lifecycle-end', LABEL, true, [], 'every target is past its lifecycle end');
  return guardResult('lifecycle-end', LABEL, false, early, `not due yet: ${nameList(described, 3)}`);
};
