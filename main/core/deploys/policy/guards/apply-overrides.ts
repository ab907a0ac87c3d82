import type { GuardOverride, GuardResult } from '../../../../../shared/contract/deploys.js';

/** A failing guard that may be overridden, and is, with a written reason: overridden, the reason kept beside its message. */
export function applyOverrides(results: readonly GuardResult[], overrides: readonly GuardOverride[]): GuardResult[] {
  const reasons = new Map(overrides.map((override) => [override.guard, override.reason]));
  return results.map((result) => {
    const reason = reasons.get(result.id);
    if (result.state !== 'fail' || !result.overridable || reason === undefined) return result;
    return { ...result, state: 'overridden', message: `${result.message}; overridden: "${reason}"` };
  });
}
