import type { PhaseProgression, Progression, Tenant } from './octopus-api.js';

/**
 * What Octopus would refuse of a deployment, in words, read from what it says of the release
 * before anything is issued: its lifecycle progression (`NextDeployments` are the environments
 * the release may go to now) and the tenant's connections to projects and environments.
 */

export interface ReleaseContext {
  projectName: string;
  version: string;
  /** The release's channel by name; null when the release does not say. */
  channelName: string | null;
}

function quotedList(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  const last = quoted.pop() ?? '';
  return quoted.length === 0 ? last : `${quoted.join(', ')} and ${last}`;
}

function environmentsOf(phase: PhaseProgression): string[] {
  return [...(phase.AutomaticDeploymentTargets ?? []), ...(phase.OptionalDeploymentTargets ?? [])];
}

/** Why the release's lifecycle keeps it from the environment now, or null when it may go there. */
export function lifecycleProblem(progression: Progression, environmentId: string, environmentName: string, context: ReleaseContext): string | null {
  if (progression.NextDeployments.includes(environmentId)) return null;
  const lifecycle = context.channelName === null ? 'the lifecycle of its channel' : `the lifecycle of channel "${context.channelName}"`;
  const release = `${context.projectName}'s release ${context.version}`;
  const at = progression.Phases.findIndex((phase) => environmentsOf(phase).includes(environmentId));
  if (at < 0) return `${lifecycle} has no phase with ${environmentName}, so ${release} cannot be deployed there`;
  // Optional phases may be skipped; every mandatory one before the environment's must be complete.
  const unfinished = progression.Phases.slice(0, at).filter((phase) => phase.Progress !== 'Complete' && phase.IsOptionalPhase !== true);
  let why: string;
  if (unfinished.length > 0) why = `it must pass phase${unfinished.length > 1 ? 's' : ''} ${quotedList(unfinished.map((phase) => phase.Name))} first`;
  else if (progression.Phases.some((phase) => phase.Blocked === true)) why = 'its progression is blocked in Octopus';
  else why = `Octopus does not list ${environmentName} among the environments it may go to now`;
  return `${lifecycle} does not allow ${release} to ${environmentName} yet: ${why}`;
}

/** Why the tenant cannot take a deployment of the project to the environment, or null. */
export function tenantProblem(tenant: Tenant, project: { id: string; name: string }, environmentId: string, environmentName: string): string | null {
  const environments = tenant.ProjectEnvironments?.[project.id];
  if (environments === undefined) return `tenant "${tenant.Name}" is not connected to project "${project.name}"`;
  if (!environments.includes(environmentId)) return `tenant "${tenant.Name}" is not connected to project "${project.name}" in ${environmentName}`;
  return null;
}
