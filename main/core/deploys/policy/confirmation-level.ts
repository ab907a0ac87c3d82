import type { Confirmation, GuardResult } from '../../../../shared/contract/deploys.js';
import type { EnvEntry } from './fleet-index.js';
import { nameList, plural } from './name-list.js';

/**
 * How the click must be confirmed, growing with the risk: one click for training and
 * internal environments; a confirmation for customers' UAT or several customers; the name
 * typed for any production environment or any overridden guard.
 */
export function confirmationFor(environments: readonly EnvEntry[], guards: readonly GuardResult[], groupName: string): Confirmation {
  const production = environments.filter((entry) => entry.definition.kind === 'production');
  const overridden = guards.filter((guard) => guard.state === 'overridden');
  if (production.length > 0 || overridden.length > 0) {
    const only = environments.length === 1 ? environments[0] : undefined;
    const reasons: string[] = [];
    if (production.length > 0) reasons.push(`it touches ${production.length === 1 ? 'a production environment' : plural(production.length, 'production environment')}`);
    if (overridden.length > 0) reasons.push(`it overrides ${nameList(overridden.map((guard) => guard.label.toLowerCase()))}`);
    return { level: 'type', phrase: only ? only.watched.view.name : groupName, why: reasons.join(' and ') };
  }
  const customers = new Set(environments.map((entry) => entry.tenant.id));
  const uat = environments.filter((entry) => entry.definition.kind === 'uat');
  if (uat.length > 0) return { level: 'confirm', phrase: null, why: `it touches customers' UAT (${plural(uat.length, 'environment')})` };
  if (customers.size > 1) return { level: 'confirm', phrase: null, why: `it touches ${plural(customers.size, 'customer')}` };
  return { level: 'click', phrase: null, why: 'training and internal environments only' };
}
