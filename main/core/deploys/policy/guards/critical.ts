import { nameList } from '../name-list.js';
import { guardResult, namesOf, type Guard } from './guard-context.js';

const LABEL = 'Target not critical';

/** A critical environment is not deployed to; a rollback is how it is repaired, so a rollback passes. */
export const criticalGuard: Guard = ({ facts, request, targets }) => {
  const critical = targets.filter((target) => facts.health(target.entry.definition.id) === 'critical');
  if (critical.length === 0) return guardResult('critical', LABEL, true, [], 'none of the targets is critical now');
  if (request.action === 'rollback') {
    // Not "Target not critical — Passes" beside "critical now": for a rollback the guard says what it allows.
    return guardResult('critical', 'A critical target may be rolled back', true, critical, `critical now: ${nameList(namesOf(critical))}; a rollback is how it is repaired, so it is not blocked`);
  }
  return guardResult('critical', LABEL, false, critical, `critical now: ${nameList(namesOf(critical))}`);
};
