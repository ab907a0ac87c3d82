import { nameList } from '../name-list.js';
import { guardResult, namesOf, type Guard, type GuardTarget } from './guard-context.js';

const LABEL = 'Deploy backend reachable';

/** Deploys and rollbacks are refused, never queued, while their backend cannot be reached. Not overridable. */
export const offlineGuard: Guard = ({ facts, request, targets }) => {
  const byBackend = new Map<string, GuardTarget[]>();
  for (const target of targets) {
    const backends = target.swapBy === null || target.swapBy === target.backendId ? [target.backendId] : [target.backendId, target.swapBy];
    for (const backend of backends) {
      if (!facts.unreachable.has(backend)) continue;
      const list = byBackend.get(backend);
      if (list) list.push(target);
      else byBackend.set(backend, [target]);
    }
  }
  if (byBackend.size === 0) return guardResult('offline', LABEL, true, [], 'every deploy backend concerned answered', false);
  const failing = [...new Set([...byBackend.values()].flat())];
  const described = [...byBackend.entries()].map(([backend, list]) => `${backend} cannot be reached (${facts.unreachable.get(backend) ?? 'offline'}) for ${nameList(namesOf(list), 3)}`);
  return guardResult('offline', LABEL, false, failing, `${request.action}s are never queued while offline: ${described.join('; ')}`, false);
};
