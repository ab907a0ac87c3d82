import { nameList } from '../name-list.js';
import { guardResult, namesOf, type Guard } from './guard-context.js';

const LABEL = 'Not a production environment';

/** A customer's production is never decommissioned from the console, whatever is written. Not overridable. */
export const productionGuard: Guard = ({ targets }) => {
  const production = targets.filter((target) => target.entry.definition.kind === 'production');
  if (production.length === 0) return guardResult('production', LABEL, true, [], 'none of the targets is a production environment', false);
  return guardResult('production', LABEL, false, production, `production is never decommissioned from the console: ${nameList(namesOf(production), 3)}`, false);
};
