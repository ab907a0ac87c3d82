import { nameList } from '../name-list.js';
import { guardResult, type Guard, type GuardTarget } from './guard-context.js';

const LABEL = 'Not kept on a hosting agreement';

/** The customer pays to keep it: it is never decommissioned while the agreement stands (the fleet file changes first). Not overridable. */
export const permanentPaidGuard: Guard = ({ facts, targets }) => {
  const kept: GuardTarget[] = [];
  const described: string[] = [];
  for (const target of targets) {
    const lifecycle = facts.lifecycle(target.entry.definition.id);
    if (lifecycle.kind !== 'permanent-paid') continue;
    kept.push(target);
    described.push(`${target.entry.watched.view.name}${lifecycle.agreement === null ? '' : ` (${lifecycle.agreement})`}`);
  }
  if (kept.length === 0) return guardResult('permanent-paid', LABEL, true, [], 'none of the targets is kept on a hosting agreement', false);
  return guardResult('permanent-paid', LABEL, false, kept, `kept on a paid hosting agreement, so never decommissioned: ${nameList(described, 3)}`, false);
};
