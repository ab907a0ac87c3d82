import type { EnvironmentState, SourceStatus } from './fleet.js';

/**
 * When an environment was last seen: a source that is up sees all of its environments at
 * every poll, so its last success stands for each of them; otherwise, what was recorded.
 */
export function lastObserved(state: Pick<EnvironmentState, 'status' | 'observedAt'>, source: Pick<SourceStatus, 'state' | 'lastSuccessAt'> | undefined): number | null {
  if (state.status !== 'stale' && source?.state === 'up' && source.lastSuccessAt !== null) return source.lastSuccessAt;
  return state.observedAt;
}
