import type { DeploymentView } from '../../../../shared/contract/deploys.js';
import type { ReleaseDefinition } from '../../../../shared/fleet-definition/deploys.js';

/** How many of an environment's last deployments the median is taken over. */
const RECENT = 5;

export interface ExpectedDuration {
  ms: number;
  /** Where the figure comes from, in words: "as the release expects", "the median of its last 3 deployments". */
  from: string;
}

/**
 * How long a deploy to an environment is expected to take: what the release says, else the
 * median of the environment's last succeeded deployments; null when neither can say.
 */
export function expectedDuration(release: ReleaseDefinition | null, environmentId: string, deployments: readonly DeploymentView[]): ExpectedDuration | null {
  if (release?.expectedMinutes !== undefined) return { ms: release.expectedMinutes * 60_000, from: 'as the release expects' };
  // Newest first, as the facts hold them.
  const durations = deployments
    .filter((deployment) => deployment.environmentId === environmentId && deployment.state === 'succeeded' && deployment.startedAt !== null && deployment.finishedAt !== null)
    .slice(0, RECENT)
    .map((deployment) => (deployment.finishedAt ?? 0) - (deployment.startedAt ?? 0))
    .sort((a, b) => a - b);
  if (durations.length === 0) return null;
  const middle = Math.floor(durations.length / 2);
  const median = durations.length % 2 === 1 ? (durations[middle] ?? 0) : ((durations[middle - 1] ?? 0) + (durations[middle] ?? 0)) / 2;
  return { ms: median, from: `the median of its last ${durations.length === 1 ? 'deployment' : `${durations.length} deployments`}` };
}

/** "(240 min, as the release expects)". */
export function describeExpected(expected: ExpectedDuration): string {
  return `(${Math.round(expected.ms / 60_000)} min, ${expected.from})`;
}
