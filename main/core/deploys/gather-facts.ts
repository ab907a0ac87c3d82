import type { AlertView } from '../../../shared/contract/alerts.js';
import type { ConnectionHealth } from '../../../shared/contract/connections.js';
import type { DeploymentView } from '../../../shared/contract/deploys.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import { callBackend } from '../alerts/backend-call.js';
import type { Connector, DeployTarget, RemoteFreeze } from '../connectors/capabilities.js';
import type { HealthReading } from '../fleet/health-reading.js';
import type { CoreContext } from '../core-context.js';
import { deployTargetsByBackend } from './deploy-bindings.js';
import { lifecycleFactsOf } from './lifecycle-facts.js';
import type { DeployFacts } from './deploy-facts.js';

/** What the deploy backends said, read at most once every few seconds. */
export interface RemoteFacts {
  versions: Map<string, { version: string; at: number | null }>;
  unreachable: Map<string, string>;
  remoteFreezes: Map<string, RemoteFreeze[]>;
  /** Why versions or freezes could not be read, in words. */
  problems: string[];
}

export interface FactsDeps {
  ctx: CoreContext;
  alerts(): readonly AlertView[];
  /** The console's deployments, newest first. */
  deployments(): DeploymentView[];
  /** The health of a backend's connection, where it has one (remote backends). */
  connectionHealth(backendId: string): ConnectionHealth | null;
  /** How long the backends' answers are reused. */
  cacheMs: number;
  /** How long a version, freeze or probe call may take: a preview must stay quick. */
  quickTimeoutMs: number;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The backends that deploy or swap an environment of the definition. */
function deployBackendIds(definition: FleetDefinition): Set<string> {
  const ids = new Set<string>();
  for (const tenant of definition.tenants) {
    for (const env of tenant.environments) {
      if (env.deployedBy !== undefined) ids.add(env.deployedBy);
      if (env.deployment?.swapBy !== undefined) ids.add(env.deployment.swapBy);
    }
  }
  return ids;
}

/** The version each environment ran last by the console's own records, for backends that cannot say. */
function recordedVersions(deployments: readonly DeploymentView[]): Map<string, { version: string; at: number | null }> {
  const versions = new Map<string, { version: string; at: number | null }>();
  for (const deployment of deployments) {
    if (versions.has(deployment.environmentId)) continue;
    if (deployment.state === 'succeeded') versions.set(deployment.environmentId, { version: deployment.version, at: deployment.finishedAt });
    else if (deployment.state === 'rolled-back' && deployment.previousVersion !== null) {
      versions.set(deployment.environmentId, { version: deployment.previousVersion, at: deployment.finishedAt });
    }
  }
  return versions;
}

/**
 * Gathers what the deploy rules decide from: the fleet and its health, the alerts, the
 * console's deployments, and from the deploy backends their versions, their freezes and
 * whether they can be reached. The backends' part is cached for a few seconds.
 */
export class FactsGatherer {
  private cached: { definition: FleetDefinition; at: number; facts: Promise<RemoteFacts> } | undefined;

  constructor(private readonly deps: FactsDeps) {}

  /** Versions changed (a deployment finished) or a backend was rebuilt: read them again next time. */
  invalidate(): void {
    this.cached = undefined;
  }

  async facts(): Promise<{ facts: DeployFacts; problems: string[] }> {
    const { ctx } = this.deps;
    const definition = ctx.definition();
    const remote = await this.remote(definition);
    const deployments = this.deps.deployments();
    const versions = recordedVersions(deployments);
    for (const [id, version] of remote.versions) versions.set(id, version);
    const fleet = ctx.fleet();
    const health = new Map<string, HealthReading>();
    const facts: DeployFacts = {
      now: ctx.clock.now(),
      definition,
      view: ctx.view(),
      health: (environmentId) => {
        let status = health.get(environmentId);
        if (status === undefined) {
          try {
            status = fleet.healthOf(environmentId);
          } catch {
            status = { status: 'unknown', health: 'unknown', observedAt: null, healthSince: ctx.clock.now() };
          }
          health.set(environmentId, status);
        }
        return status;
      },
      alerts: this.deps.alerts(),
      versions,
      deployments,
      unreachable: remote.unreachable,
      remoteFreezes: remote.remoteFreezes,
      lifecycle: lifecycleFactsOf(definition),
    };
    return { facts, problems: remote.problems };
  }

  private remote(definition: FleetDefinition): Promise<RemoteFacts> {
    const now = this.deps.ctx.clock.now();
    const cached = this.cached;
    if (cached && cached.definition === definition && now - cached.at < this.deps.cacheMs) return cached.facts;
    const facts = this.read(definition);
    this.cached = { definition, at: now, facts };
    return facts;
  }

  private async read(definition: FleetDefinition): Promise<RemoteFacts> {
    const facts: RemoteFacts = { versions: new Map(), unreachable: new Map(), remoteFreezes: new Map(), problems: [] };
    const connectors = this.deps.ctx.connectors();
    const targets = deployTargetsByBackend(definition, this.deps.ctx.view());
    await Promise.all(
      [...deployBackendIds(definition)].map(async (id) => {
        const connector = connectors.get(id);
        if (!connector) return;
        const reason = await this.unreachable(connector);
        if (reason !== null) {
          facts.unreachable.set(id, reason);
          return;
        }
        await this.readDeployer(connector, targets.get(id) ?? [], facts);
      }),
    );
    return facts;
  }

  /** Why a backend cannot be reached now, or null: its connection's health says, else a quick probe. */
  private async unreachable(connector: Connector): Promise<string | null> {
    const health = this.deps.connectionHealth(connector.id);
    if (health?.state === 'down' || health?.state === 'circuit-open') {
      return `${connector.name} cannot be reached${health.lastError ? `: ${health.lastError}` : ''}`;
    }
    const probe = connector.probe;
    if (health?.state === 'up' || !probe) return null;
    try {
      await callBackend(connector, 'a reachability check', this.deps.quickTimeoutMs, undefined, (signal) => probe.probe(signal));
      return null;
    } catch (error) {
      return `${connector.name} cannot be reached: ${message(error)}`;
    }
  }

  private async readDeployer(connector: Connector, targets: readonly DeployTarget[], facts: RemoteFacts): Promise<void> {
    const deployer = connector.deployer;
    if (!deployer) return;
    const { quickTimeoutMs } = this.deps;
    const versions = targets.length === 0
      ? Promise.resolve(new Map<string, { version: string; at: number | null }>())
      : callBackend(connector, 'the versions it runs', quickTimeoutMs, undefined, (signal) => deployer.currentVersions(targets, signal));
    const freezes = deployer.freezes;
    const [read, held] = await Promise.allSettled([
      versions,
      freezes ? callBackend(connector, 'its deployment freezes', quickTimeoutMs, undefined, (signal) => freezes.call(deployer, signal)) : Promise.resolve([]),
    ]);
    if (read.status === 'fulfilled') for (const [id, version] of read.value) facts.versions.set(id, version);
    else facts.problems.push(`versions could not be read from ${connector.name}: ${message(read.reason)}`);
    if (held.status === 'fulfilled') facts.remoteFreezes.set(connector.id, held.value);
    else facts.problems.push(`deployment freezes could not be read from ${connector.name}: ${message(held.reason)}`);
  }
}
