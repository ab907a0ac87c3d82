import type { RemoteFreeze } from '../capabilities.js';
import type { DeploymentFreeze } from './octopus-api.js';

/**
 * Octopus deployment freezes as the console's freezes, for one project. What is mapped:
 * - the environments: those the freeze scopes for the project (ProjectEnvironmentScope, and
 *   TenantProjectEnvironmentScope entries of the project), by name; a freeze with no scope at
 *   all covers every environment; one scoped to other projects only is left out.
 * - the times: a one-off freeze's Start and End. A daily recurring freeze is expanded into its
 *   occurrences within the horizon: Octopus keeps its schedule at a fixed UTC offset
 *   (UserUtcOffsetInMinutes), so every occurrence lies a whole number of days after the first.
 *   Weekly, monthly and annual schedules depend on calendar rules the console does not
 *   reproduce; only their first occurrence is shown. Octopus itself still enforces every
 *   occurrence, so what is missing here is refused by Octopus when the deploy is issued.
 */

const DAY = 86_400_000;

export interface FreezeContext {
  projectId: string;
  environmentNames: ReadonlyMap<string, string>;
  now: number;
  horizonMs: number;
}

function environmentsOf(freeze: DeploymentFreeze, context: FreezeContext): string[] | null {
  const projectScope = freeze.ProjectEnvironmentScope ?? {};
  const tenantScope = freeze.TenantProjectEnvironmentScope ?? [];
  if (Object.keys(projectScope).length === 0 && tenantScope.length === 0) return [];
  const ids = [...(projectScope[context.projectId] ?? []), ...tenantScope.filter((scope) => scope.ProjectId === context.projectId).map((scope) => scope.EnvironmentId)];
  if (ids.length === 0) return null;
  return [...new Set(ids.map((id) => context.environmentNames.get(id) ?? id))];
}

function occurrences(freeze: DeploymentFreeze, context: FreezeContext): Array<{ start: number; end: number }> {
  const first = { start: freeze.Start, end: freeze.End };
  const schedule = freeze.RecurringSchedule;
  if (!schedule || schedule.Type !== 'Daily' || schedule.Unit < 1) return [first];
  const every = schedule.Unit * DAY;
  const until = schedule.EndType === 'OnDate' && schedule.EndOnDate ? Date.parse(schedule.EndOnDate) : Number.POSITIVE_INFINITY;
  const count = schedule.EndType === 'AfterOccurrences' ? (schedule.EndAfterOccurrences ?? 1) : Number.POSITIVE_INFINITY;
  const horizon = context.now + context.horizonMs;
  const found: Array<{ start: number; end: number }> = [];
  // Skip whole periods that ended before now, then walk up to the horizon.
  const skipped = Math.max(0, Math.floor((context.now - first.end) / every));
  for (let n = skipped; n < count; n++) {
    const start = first.start + n * every;
    if (start > horizon || start > until) break;
    found.push({ start, end: first.end + n * every });
  }
  return found;
}

export function remoteFreezes(freezes: readonly DeploymentFreeze[], context: FreezeContext): RemoteFreeze[] {
  return freezes.flatMap((freeze) => {
    const environments = environmentsOf(freeze, context);
    if (environments === null) return [];
    return occurrences(freeze, context)
      .filter((occurrence) => occurrence.end > context.now)
      .map((occurrence) => ({ name: freeze.Name, ...occurrence, environments }));
  });
}
