import { readingNote, untrustedBecause } from '../../../fleet/health-reading.js';
import { nameList } from '../name-list.js';
import { guardResult, type Guard, type GuardTarget } from './guard-context.js';

const LABEL = 'Target not critical';

/**
 * A critical environment is not deployed to, even under a silence (it hides the alert, not the
 * state); one whose health is unknown or stale cannot be vouched for, so it fails too, with that
 * reason, until someone writes why it may go. A rollback is how an environment is repaired, so a
 * rollback passes.
 */
export const criticalGuard: Guard = ({ facts, request, targets }) => {
  const named = (target: GuardTarget) => {
    const reading = facts.health(target.entry.definition.id);
    const note = readingNote(reading, facts.now);
    return note === null ? target.entry.watched.view.name : `${target.entry.watched.view.name} (${note})`;
  };
  const critical = targets.filter((target) => facts.health(target.entry.definition.id).health === 'critical');
  const unknown = targets.filter((target) => !critical.includes(target) && untrustedBecause(facts.health(target.entry.definition.id)) !== null);
  if (critical.length === 0 && unknown.length === 0) return guardResult('critical', LABEL, true, [], 'none of the targets is critical now');
  const parts = [
    ...(critical.length > 0 ? [`critical now: ${nameList(critical.map(named))}`] : []),
    ...(unknown.length > 0 ? [`health not known now: ${nameList(unknown.map(named))}`] : []),
  ];
  const concerned = [...critical, ...unknown];
  if (request.action === 'rollback') {
    // Not "Target not critical — Passes" beside "critical now": for a rollback the guard says what it allows.
    return guardResult('critical', 'A critical target may be rolled back', true, concerned, `${parts.join('; ')}; a rollback is how it is repaired, so it is not blocked`);
  }
  return guardResult('critical', LABEL, false, concerned, parts.join('; '));
};
