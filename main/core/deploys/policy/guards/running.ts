import { nameList } from '../name-list.js';
import { guardResult, type Guard, type GuardTarget } from './guard-context.js';

const LABEL = 'No deployment already running';

/** One deployment at a time per environment: never a second by accident. Not overridable. */
export const runningGuard: Guard = ({ deployments, targets }) => {
  const busy: GuardTarget[] = [];
  const described: string[] = [];
  for (const target of targets) {
    const active = deployments.active.get(target.entry.definition.id);
    const first = active?.[0];
    if (!first) continue;
    busy.push(target);
    described.push(`${target.entry.watched.view.name} (${first.action} of ${first.version}, ${first.state})`);
  }
  if (busy.length === 0) return guardResult('running', LABEL, true, [], 'no deployment is scheduled or running on the targets', false);
  return guardResult('running', LABEL, false, busy, `a deployment is already scheduled or running on ${nameList(described, 3)}: wait for it or cancel it`, false);
};
