import type { DeployPreview } from '../../../../shared/contract/deploys.js';
import type { ReleaseDefinition } from '../../../../shared/fleet-definition/deploys.js';
import type { DeployFacts, DeployRequest, PlannedAction, PlannedTarget } from '../deploy-facts.js';
import { blastRadius, type BlastTarget } from './blast-radius.js';
import { deployChoice, rollbackChoice, type VersionChoice } from './choose-version.js';
import { confirmationFor } from './confirmation-level.js';
import { decommissionChoice, decommissionConfirmation, decommissionProblem, DECOMMISSION_IRREVERSIBLE } from './decommission.js';
import { deployRoute } from './deploy-flow.js';
import { deploymentIndex, type DeploymentIndex } from './deployment-index.js';
import { fleetIndex, type EnvEntry, type FleetIndex } from './fleet-index.js';
import { evaluateGuards } from './guards/all-guards.js';
import type { GuardContext, GuardTarget } from './guards/guard-context.js';
import { deployIrreversible, rollbackIrreversible } from './irreversible-notes.js';
import { leaveOutDecommissioned, skipEndedBeforeSlot } from './lifecycle-filter.js';
import { nameList, plural } from './name-list.js';
import { expectedDuration } from './expected-duration.js';
import { releaseView } from './release-view.js';
import { resolveTarget, type ResolvedTarget } from './resolve-target.js';
import { bookedFrom } from './booking.js';
import { scheduleTarget } from './schedule.js';
import { soakMinutesOf, stageGate } from './stage-gate.js';
import { stageEnvironments } from './stage-environments.js';
import { OccurrenceLookup, windowIndex } from './window-index.js';

interface Draft extends GuardTarget {
  choice: VersionChoice;
  flow: 'direct' | 'staging-slot';
}

/** The release a deploy takes: the one asked for, or the stage's plan release; unknown ones are problems. */
function releaseOf(request: DeployRequest, resolved: ResolvedTarget, index: FleetIndex, problems: string[]): ReleaseDefinition | null {
  if (request.action !== 'deploy') return null;
  const version = request.version ?? resolved.plan?.release;
  if (version === undefined) {
    problems.push('a deploy needs the release to deploy');
    return null;
  }
  const release = index.releases.get(version)?.release;
  if (!release) problems.push(`unknown release ${version}: list it under deploys.releases in the fleet file`);
  return release ?? null;
}

/**
 * A UAT-first stage holds a customer's other environments back until its UAT runs the
 * release: they go in a later run of the same stage.
 */
function holdForUat(environments: readonly EnvEntry[], version: string, facts: DeployFacts, deployments: DeploymentIndex): { go: EnvEntry[]; held: EnvEntry[] } {
  const uatPending = new Set<string>();
  for (const entry of environments) {
    if (entry.definition.kind !== 'uat') continue;
    const id = entry.definition.id;
    const done = facts.versions.get(id)?.version === version || deployments.latestOf(id, version)?.state === 'succeeded';
    if (!done) uatPending.add(entry.tenant.id);
  }
  const go: EnvEntry[] = [];
  const held: EnvEntry[] = [];
  for (const entry of environments) {
    if (entry.definition.kind !== 'uat' && uatPending.has(entry.tenant.id)) held.push(entry);
    else go.push(entry);
  }
  return { go, held };
}

/** Resolves the target of a request and decides what it would do: the preview and one planned target per environment. */
export function planAction(request: DeployRequest, facts: DeployFacts): PlannedAction {
  const index = fleetIndex(facts.definition, facts.view);
  const deployments = deploymentIndex(facts.deployments);
  const windows = windowIndex(facts.definition);
  const lookup = new OccurrenceLookup();
  const resolved = resolveTarget(request.target, index, facts.definition.deploys.plans);
  const problems = [...resolved.problems];
  const notes: string[] = [];
  const release = releaseOf(request, resolved, index, problems);
  const stageSlot = resolved.stage?.stage.slot === undefined ? null : (windows.byId.get(resolved.stage.stage.slot) ?? null);

  const decommission = request.action === 'decommission';
  if (decommission && request.target.by !== 'environments') problems.push('a decommission names the environments it removes, one by one');
  const live = leaveOutDecommissioned(resolved.environments, request.target, facts.lifecycle);
  if (live.problem !== null) problems.push(live.problem);
  if (live.note !== null) notes.push(live.note);
  let environments = live.kept;
  const noBackend = environments.filter((entry) => entry.definition.deployedBy === undefined);
  if (noBackend.length > 0) {
    problems.push(`${nameList(noBackend.map((entry) => entry.watched.view.name))} ${noBackend.length === 1 ? 'has' : 'have'} no deploy backend (deployedBy)`);
    environments = environments.filter((entry) => entry.definition.deployedBy !== undefined);
  }
  if (release) {
    const runs = (entry: EnvEntry) => facts.versions.get(entry.definition.id)?.version === release.version;
    const already = environments.filter(runs);
    if (already.length > 0) {
      environments = environments.filter((entry) => !runs(entry));
      if (environments.length === 0) problems.push(`${already.length === 1 ? (already[0]?.watched.view.name ?? '') : `all ${already.length} environments`} already run${already.length === 1 ? 's' : ''} ${release.version}`);
      else notes.push(`${plural(already.length, 'environment')} already run ${release.version}`);
    }
    if (resolved.stage?.stage.uatFirst) {
      const { go, held } = holdForUat(environments, release.version, facts, deployments);
      if (held.length > 0) notes.push(`UAT first: ${plural(held.length, 'environment')} wait for their customer's UAT`);
      environments = go;
    }
  }

  let drafts: Draft[] = [];
  for (const entry of environments) {
    const deployRouted = deployRoute(entry, index.backends);
    const { backendId } = deployRouted;
    if (backendId === null) continue;
    // A decommission tears the environment down through its deploy backend; no slot is swapped.
    const route = decommission ? { backendId, swapBy: null, flow: 'direct' as const } : { ...deployRouted, backendId };
    if (decommission) {
      const problem = decommissionProblem(index.backends.get(backendId), backendId);
      if (problem !== null) {
        problems.push(`${entry.watched.view.name}: ${problem}`);
        continue;
      }
    }
    const id = entry.definition.id;
    const current = facts.versions.get(id)?.version ?? null;
    const versionFacts = { index, deployments, current, flow: route.flow };
    let choice: VersionChoice;
    if (decommission) choice = decommissionChoice(current);
    else if (release) choice = deployChoice(release.version, versionFacts);
    else if (request.action === 'rollback') {
      const chosen = rollbackChoice(entry, request.version, versionFacts);
      if ('problem' in chosen) {
        problems.push(chosen.problem);
        continue;
      }
      choice = chosen;
    } else continue;
    drafts.push({
      entry,
      backendId: route.backendId,
      swapBy: route.flow === 'staging-slot' ? route.swapBy : null,
      flow: route.flow,
      remoteName: entry.definition.deployment?.name ?? id,
      schedule: scheduleTarget(entry, request.when, stageSlot, { now: facts.now, windows, lookup }, bookedFrom(resolved.stage?.stage, stageSlot, entry.region.timeZone)),
      expected: expectedDuration(release, id, facts.deployments),
      choice,
    });
  }
  if (request.action === 'deploy') {
    const skipped = skipEndedBeforeSlot(drafts, facts.lifecycle);
    if (skipped.note !== null) notes.push(skipped.note);
    drafts = skipped.kept;
  }

  let previousStage: GuardContext['previousStage'] = null;
  const { plan, stage } = resolved;
  if (plan && stage && stage.position > 0) {
    const before = plan.stages[stage.position - 1];
    if (before) {
      const soak = soakMinutesOf(before, plan, facts.definition.deploys);
      previousStage = { name: before.name, gate: stageGate(stageEnvironments(before, index), plan.release, soak, facts, deployments) };
    }
  }
  const incident = request.incident ?? release?.incident ?? null;
  const guards = evaluateGuards({
    facts,
    request,
    release,
    incident: incident === '' ? null : incident,
    targets: drafts,
    deployments,
    windows,
    lookup,
    previousStage,
    isStage: stage !== null,
  });

  const blastTargets: BlastTarget[] = drafts.map((draft) => ({
    entry: draft.entry,
    start: draft.schedule.start,
    scheduledFor: draft.schedule.scheduledFor,
    currentVersion: facts.versions.get(draft.entry.definition.id)?.version ?? null,
    rollback: draft.choice.rollback,
  }));
  const flows = new Set(drafts.map((draft) => draft.flow));
  const versions = new Set(drafts.map((draft) => draft.choice.version));
  const version = release?.version ?? request.version ?? (versions.size === 1 ? [...versions][0] : undefined) ?? null;
  const listed = version === null ? undefined : index.releases.get(version);
  const previousListed = listed ? facts.definition.deploys.releases[listed.position - 1] : undefined;
  const irreversible = decommission
    ? [DECOMMISSION_IRREVERSIBLE]
    : release
    ? deployIrreversible(release)
    : rollbackIrreversible(drafts.map((draft) => ({ from: draft.choice.previousVersion, to: draft.choice.version })), index);
  const preview: DeployPreview = {
    action: request.action,
    version,
    release: listed ? releaseView(listed.release, previousListed) : null,
    targetLabel: notes.length > 0 ? `${resolved.label} (${notes.join('; ')})` : resolved.label,
    blastRadius: blastRadius(blastTargets, facts),
    guards,
    allowed: problems.length === 0 && drafts.length > 0 && guards.every((guard) => guard.state !== 'fail'),
    confirmation: decommission
      ? decommissionConfirmation(
          drafts.map((draft) => draft.entry),
          resolved.groupName,
        )
      : confirmationFor(
          drafts.map((draft) => draft.entry),
          guards,
          resolved.groupName,
        ),
    flow: flows.size > 1 ? 'mixed' : flows.has('staging-slot') ? 'staging-slot' : 'direct',
    irreversible,
    problems,
  };
  const targets: PlannedTarget[] = drafts.map((draft) => ({
    environment: draft.entry.watched.view,
    backendId: draft.backendId,
    swapBy: draft.swapBy,
    flow: draft.flow,
    version: draft.choice.version,
    previousVersion: draft.choice.previousVersion,
    scheduledFor: draft.schedule.scheduledFor,
    noRunAfter: draft.schedule.noRunAfter,
    swapBack: draft.choice.swapBack,
    deployTarget: {
      environment: draft.entry.watched,
      remoteName: draft.remoteName,
      remoteTenant: draft.entry.definition.deployment?.tenant ?? null,
      variables: draft.entry.definition.deployment?.variables ?? {},
    },
    checks: draft.entry.definition.deployment?.checks ?? [],
    planId: plan?.id ?? null,
    stageId: stage?.stage.id ?? null,
  }));
  return { preview, targets };
}
