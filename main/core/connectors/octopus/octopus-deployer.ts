import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { ConnectorError } from '../../http/backend-client.js';
import type {
  Deployer,
  DeploymentOrder,
  DeployTarget,
  InterruptionAnswer,
  PreflightProblem,
  RemoteDeploymentStatus,
  RemoteFreeze,
  RemoteLogLine,
  RemoteRun,
} from '../capabilities.js';
import { ExpiringCache } from './expiring-cache.js';
import { remoteFreezes } from './freezes.js';
import { remoteInterruption, submission } from './interruptions.js';
import type { DashboardItem, Deployment, Named, NewDeployment, OctopusApi, Progression, Release, Tenant } from './octopus-api.js';
import { lifecycleProblem, tenantProblem } from './preflight.js';
import { deploymentStatus, logLines } from './task-status.js';

/** A deployment preview's form control for a prompted variable: `Name` is the variable's name. */
const PromptedVariable = z.object({ Name: z.string() });

/** How far ahead recurring freezes are expanded. */
const FREEZE_HORIZON_MS = 60 * 86_400_000;

/** How long what Octopus said of a release or a tenant is reused: a preview and the start right after it ask once. */
const PREFLIGHT_KEEP_MS = 5000;

type Kind = 'projects' | 'environments' | 'tenants';

const NOUNS: Record<Kind, string> = { projects: 'project', environments: 'environment', tenants: 'tenant' };

/** A release as a preflight weighs it, or why every target is refused. */
type ReleaseFacts = { problem: string } | { projectId: string; release: Release; channelName: string | null; progression: Progression };

/**
 * Exactly once. Octopus has no idempotency key, and the executions API
 * (`deployments/create/{untenanted,tenanted}/v1`) keeps nothing free-form: its `Variables` reach
 * only prompted variables the project must define. So deployments are created as Deployment
 * resources (`POST /api/{spaceId}/deployments`, the same call the Octopus web portal makes),
 * whose `Comments` Octopus keeps and returns on every listing: the order's key goes there on a
 * line of its own, in the same request that creates the deployment. `find` lists the project's
 * deployments of the release to the environment (and tenant) and adopts the one carrying it.
 */
const KEY_LINE = 'Watchfloor-Key: ';

function commentsOf(order: DeploymentOrder): string {
  const what = order.action === 'rollback' ? `Rollback to ${order.version}` : `Deploy ${order.version}`;
  return `${what}, requested by ${order.requestedBy} in Watchfloor${order.reason ? `: ${order.reason}` : ''}\n${KEY_LINE}${order.key}`;
}

function carriesKey(comments: string | null | undefined, key: string): boolean {
  return keyOf(comments) === key;
}

/** The console's key a deployment carries in its comments; null for one started outside the console. */
function keyOf(comments: string | null | undefined): string | null {
  const line = (comments ?? '').split(/\r?\n/).find((candidate) => candidate.trim().startsWith(KEY_LINE));
  return line === undefined ? null : line.trim().slice(KEY_LINE.length);
}

function createdAt(deployment: Deployment): number | null {
  const at = deployment.Created ? Date.parse(deployment.Created) : Number.NaN;
  return Number.isNaN(at) ? null : at;
}

function isoOf(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Octopus names are unique per space regardless of case; an exact match wins over a case-insensitive one. */
function byName(items: readonly Named[], name: string): Named | undefined {
  return items.find((item) => item.Name === name) ?? items.find((item) => item.Name.toLowerCase() === name.toLowerCase());
}

function completedAt(item: DashboardItem): number | null {
  const at = item.CompletedTime ? Date.parse(item.CompletedTime) : Number.NaN;
  return Number.isNaN(at) ? null : at;
}

interface ResolvedTarget {
  projectId: string;
  environmentId: string;
  tenantId: string | null;
}

/** Deploys one Octopus project's releases; a deployment's remote id is its Octopus deployment id. */
export class OctopusDeployer implements Deployer {
  private readonly ids = new Map<string, string>();
  /** Deployment id → task id; a deployment keeps its task for life. */
  private readonly tasks = new Map<string, string>();
  /** By version. */
  private readonly releases = new ExpiringCache<ReleaseFacts>(PREFLIGHT_KEEP_MS, () => this.clock.now());
  /** By tenant id. */
  private readonly tenants = new ExpiringCache<Tenant>(PREFLIGHT_KEEP_MS, () => this.clock.now());

  constructor(
    private readonly api: OctopusApi,
    private readonly projectName: string,
    private readonly clock: Clock,
    /** The caller's signal, also aborted when the connector closes (a fleet reload). */
    private readonly whileOpen: (signal: AbortSignal) => AbortSignal,
  ) {}

  async find(order: DeploymentOrder, caller: AbortSignal): Promise<RemoteRun | null> {
    const signal = this.whileOpen(caller);
    const target = await this.resolve(order.target, signal);
    const release = await this.api.release(target.projectId, order.version, signal);
    // No such release: nothing can have been deployed from it.
    if (release === null) return null;
    const deployments = await this.api.deployments(target, signal);
    const found = deployments.find((deployment) => carriesKey(deployment.Comments, order.key));
    if (!found) return null;
    this.tasks.set(found.Id, found.TaskId);
    // What Octopus says of it, so the console can check it is this order's: its environment, tenant and release.
    const sameTarget = found.EnvironmentId === target.environmentId && (found.TenantId ?? null) === target.tenantId;
    return {
      remoteId: found.Id,
      target: sameTarget ? order.target.remoteName : `Octopus environment ${found.EnvironmentId}${found.TenantId ? ` (tenant ${found.TenantId})` : ''}`,
      version: found.ReleaseId === release.Id ? release.Version : null,
      key: keyOf(found.Comments),
      state: null,
      createdAt: createdAt(found),
    };
  }

  /** The project's deployments to the target's environment (and tenant), newest first. The listing names a release by its id only. */
  async runs(target: DeployTarget, caller: AbortSignal): Promise<RemoteRun[]> {
    const signal = this.whileOpen(caller);
    const resolved = await this.resolve(target, signal);
    const deployments = await this.api.deployments(resolved, signal);
    return deployments.slice(0, 50).map((deployment) => {
      this.tasks.set(deployment.Id, deployment.TaskId);
      return {
        remoteId: deployment.Id,
        target: target.remoteName,
        version: null,
        key: keyOf(deployment.Comments),
        state: null,
        createdAt: createdAt(deployment),
      };
    });
  }

  async start(order: DeploymentOrder, caller: AbortSignal): Promise<string> {
    // Never a deployment standing in for a teardown: the planner refuses it, and so does the connector.
    if (order.action === 'decommission') throw new ConnectorError('wrong-kind', 'Octopus: decommissioning (a runbook run) is not supported by this connector');
    const signal = this.whileOpen(caller);
    const target = await this.resolve(order.target, signal);
    const release = await this.api.release(target.projectId, order.version, signal);
    if (release === null) {
      throw new ConnectorError('http', `${this.api.label}: Octopus has no release ${order.version} of project "${this.projectName}"`, 404);
    }
    const body: NewDeployment = {
      ReleaseId: release.Id,
      EnvironmentId: target.environmentId,
      TenantId: target.tenantId,
      Comments: commentsOf(order),
      UseGuidedFailure: order.guidedFailure,
      // Octopus honours QueueTimeExpiry on a queued deployment: one started now is queued from now so the expiry holds.
      QueueTime: isoOf(order.runAt ?? (order.noRunAfter === null ? null : this.clock.now())),
      QueueTimeExpiry: isoOf(order.noRunAfter),
      FormValues: await this.formValues(release.Id, target.environmentId, order.target.variables, signal),
    };
    try {
      const deployment = await this.api.createDeployment(body, signal);
      this.tasks.set(deployment.Id, deployment.TaskId);
      return deployment.Id;
    } catch (error) {
      if (error instanceof ConnectorError && error.status === 400) {
        const where = `${order.version} to "${order.target.remoteName}"${order.target.remoteTenant ? ` for tenant "${order.target.remoteTenant}"` : ''}`;
        throw new ConnectorError(error.failure, `Octopus refused to deploy ${where}: ${error.message}`, error.status);
      }
      throw error;
    }
  }

  async status(remoteId: string, caller: AbortSignal): Promise<RemoteDeploymentStatus> {
    const signal = this.whileOpen(caller);
    const taskId = await this.taskOf(remoteId, signal);
    const details = await this.api.taskDetails(taskId, signal);
    const pending = details.Task.HasPendingInterruptions ? await this.api.pendingInterruptions(taskId, signal) : [];
    const interruption = pending.find((item) => item.IsPending);
    return deploymentStatus(details, interruption ? remoteInterruption(interruption) : null);
  }

  async log(remoteId: string, after: number, caller: AbortSignal): Promise<RemoteLogLine[]> {
    const signal = this.whileOpen(caller);
    const details = await this.api.taskDetails(await this.taskOf(remoteId, signal), signal);
    return logLines(details).slice(after);
  }

  async cancel(remoteId: string, caller: AbortSignal): Promise<void> {
    const signal = this.whileOpen(caller);
    await this.api.cancel(await this.taskOf(remoteId, signal), signal);
  }

  async answer(remoteId: string, interruptionId: string, answer: InterruptionAnswer, notes: string, caller: AbortSignal): Promise<void> {
    const signal = this.whileOpen(caller);
    const interruption = await this.api.interruption(interruptionId, signal);
    const taskId = await this.taskOf(remoteId, signal);
    if (interruption.TaskId !== undefined && interruption.TaskId !== taskId) {
      throw new ConnectorError('http', `${this.api.label}: interruption ${interruptionId} belongs to another deployment's task (${interruption.TaskId})`);
    }
    if (!interruption.IsPending) throw new ConnectorError('http', `${this.api.label}: "${interruption.Title}" has already been answered`);
    const values = submission(interruption, answer, notes, this.api.label);
    if (interruption.HasResponsibility !== true) await this.api.takeResponsibility(interruptionId, signal);
    await this.api.submit(interruptionId, values, signal);
  }

  /**
   * From the dashboard: per environment (and tenant), the release its current deployment
   * carries, else its latest successful one.
   */
  async currentVersions(targets: readonly DeployTarget[], caller: AbortSignal): Promise<Map<string, { version: string; at: number | null }>> {
    const signal = this.whileOpen(caller);
    const projectId = await this.projectId(signal);
    const [items, environments, tenants] = await Promise.all([
      this.api.dashboard(projectId, signal),
      this.api.everything('environments', signal),
      targets.some((target) => target.remoteTenant !== null) ? this.api.everything('tenants', signal) : Promise.resolve([]),
    ]);
    const versions = new Map<string, { version: string; at: number | null }>();
    for (const target of targets) {
      const environmentId = byName(environments, target.remoteName)?.Id;
      const tenantId = target.remoteTenant === null ? null : (byName(tenants, target.remoteTenant)?.Id ?? undefined);
      if (environmentId === undefined || tenantId === undefined) continue;
      const mine = items.filter((item) => item.ProjectId === projectId && item.EnvironmentId === environmentId && (item.TenantId ?? null) === tenantId);
      const current = mine.filter((item) => item.IsCurrent === true);
      const candidates = current.length > 0 ? current : mine.filter((item) => item.State === 'Success');
      const latest = candidates.sort((a, b) => (completedAt(b) ?? 0) - (completedAt(a) ?? 0))[0];
      if (latest) versions.set(target.environment.view.id, { version: latest.ReleaseVersion, at: completedAt(latest) });
    }
    return versions;
  }

  async freezes(caller: AbortSignal): Promise<RemoteFreeze[]> {
    const signal = this.whileOpen(caller);
    const projectId = await this.projectId(signal);
    const [freezes, environments] = await Promise.all([this.api.freezes(projectId, signal), this.api.everything('environments', signal)]);
    const environmentNames = new Map(environments.map((environment) => [environment.Id, environment.Name]));
    return remoteFreezes(freezes, { projectId, environmentNames, now: this.clock.now(), horizonMs: FREEZE_HORIZON_MS });
  }

  /**
   * Before the click, what `start` would run into: a release the project does not have, an
   * environment or tenant Octopus does not know, a tenant not connected to the project in the
   * environment, and an environment the release's channel's lifecycle does not allow yet.
   */
  async preflight(version: string, targets: readonly DeployTarget[], caller: AbortSignal): Promise<PreflightProblem[]> {
    const signal = this.whileOpen(caller);
    const facts = await this.releases.get(version, () => this.releaseFacts(version, signal));
    const found = await Promise.all(
      targets.map(async (target) => (await this.targetProblems(target, facts, signal)).map((problem) => ({ environmentId: target.environment.view.id, problem }))),
    );
    return found.flat();
  }

  /** The project's id; a name Octopus does not know is said in words. */
  async projectId(signal: AbortSignal): Promise<string> {
    return this.idOf('projects', this.projectName, signal);
  }

  private async releaseFacts(version: string, signal: AbortSignal): Promise<ReleaseFacts> {
    const projectId = await this.lookup('projects', this.projectName, signal);
    if (projectId === null) return { problem: this.missing('projects', this.projectName) };
    const release = await this.api.release(projectId, version, signal);
    if (release === null) return { problem: `Octopus has no release ${version} of project "${this.projectName}"` };
    const channelId = release.ChannelId ?? null;
    const [channelName, progression] = await Promise.all([
      channelId === null ? Promise.resolve(null) : this.api.channelName(channelId, signal),
      this.api.progression(release.Id, signal),
    ]);
    return { projectId, release, channelName, progression };
  }

  private async targetProblems(target: DeployTarget, facts: ReleaseFacts, signal: AbortSignal): Promise<string[]> {
    if ('problem' in facts) return [facts.problem];
    const { remoteName, remoteTenant } = target;
    const [environmentId, tenantId] = await Promise.all([
      this.lookup('environments', remoteName, signal),
      remoteTenant === null ? Promise.resolve(null) : this.lookup('tenants', remoteTenant, signal),
    ]);
    if (environmentId === null) return [this.missing('environments', remoteName)];
    const problems: string[] = [];
    if (remoteTenant !== null) {
      if (tenantId === null) problems.push(this.missing('tenants', remoteTenant));
      else {
        const tenant = await this.tenants.get(tenantId, () => this.api.tenant(tenantId, signal));
        const problem = tenantProblem(tenant, { id: facts.projectId, name: this.projectName }, environmentId, remoteName);
        if (problem !== null) problems.push(problem);
      }
    }
    const context = { projectName: this.projectName, version: facts.release.Version, channelName: facts.channelName };
    const lifecycle = lifecycleProblem(facts.progression, environmentId, remoteName, context);
    if (lifecycle !== null) problems.push(lifecycle);
    return problems;
  }

  private async resolve(target: DeployTarget, signal: AbortSignal): Promise<ResolvedTarget> {
    const [projectId, environmentId, tenantId] = await Promise.all([
      this.projectId(signal),
      this.idOf('environments', target.remoteName, signal),
      target.remoteTenant === null ? Promise.resolve(null) : this.idOf('tenants', target.remoteTenant, signal),
    ]);
    return { projectId, environmentId, tenantId };
  }

  private missing(kind: Kind, name: string): string {
    return `Octopus has no ${NOUNS[kind]} "${name}" in space ${this.api.spaceId}`;
  }

  /** The id Octopus gives the name, or null when it has none by that name. */
  private async lookup(kind: Kind, name: string, signal: AbortSignal): Promise<string | null> {
    const cacheKey = `${kind}/${name}`;
    const known = this.ids.get(cacheKey);
    if (known !== undefined) return known;
    const found = byName(await this.api.named(kind, name, signal), name);
    if (!found) return null;
    this.ids.set(cacheKey, found.Id);
    return found.Id;
  }

  private async idOf(kind: Kind, name: string, signal: AbortSignal): Promise<string> {
    const id = await this.lookup(kind, name, signal);
    if (id === null) throw new ConnectorError('http', `${this.api.label}: ${this.missing(kind, name)}`, 404);
    return id;
  }

  private async taskOf(deploymentId: string, signal: AbortSignal): Promise<string> {
    const known = this.tasks.get(deploymentId);
    if (known !== undefined) return known;
    const deployment = await this.api.deployment(deploymentId, signal);
    this.tasks.set(deploymentId, deployment.TaskId);
    return deployment.TaskId;
  }

  /** The target's variables as prompted-variable values, keyed as the deployment preview's form names them. */
  private async formValues(releaseId: string, environmentId: string, variables: Readonly<Record<string, string>>, signal: AbortSignal): Promise<Record<string, string>> {
    const names = Object.keys(variables);
    if (names.length === 0) return {};
    const form = await this.api.preview(releaseId, environmentId, signal);
    const values: Record<string, string> = {};
    for (const name of names) {
      const element = form.Elements.find((candidate) => PromptedVariable.safeParse(candidate.Control).data?.Name === name);
      if (!element) {
        throw new ConnectorError('http', `${this.api.label}: project "${this.projectName}" has no prompted variable "${name}" (set in the fleet file's deployment variables)`);
      }
      values[element.Name] = variables[name] ?? '';
    }
    return values;
  }
}
