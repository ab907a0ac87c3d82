import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { AuditEntry } from '../../../shared/contract/audit.js';
import type { DeploymentView, DeployRequest } from '../../../shared/contract/deploys.js';
import type { Result } from '../../../shared/contract/errors.js';
import { methods, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/contract/methods.js';
import type { Connector } from '../../../main/core/connectors/capabilities.js';
import { createConnectors } from '../../../main/core/connectors/registry.js';
import { createOpsCore, type OpsCore, type OpsCoreOptions } from '../../../main/core/ops-core.js';
import { startBackend, type BackendServer } from '../../support/backend-server.js';
import { ScriptedDeployer, withScriptedDeployer } from '../../support/scripted-deployer.js';
import { ManualClock } from '../../support/temp.js';
import { APAC_REGION_YAML } from '../../support/fleet-yaml.js';

export const OLD = '2026.11.1';
export const NEW = '2026.11.2';
export const OPERATOR = 'dana.ops';

/**
 * A small fleet deployed by a scripted backend ("sim", a sandbox without faults for health):
 * a training environment (direct flow, one click), and a production one with a staging slot
 * whose post-deploy checks ask a real local web server that serves what the slots hold.
 */
export function writeDeployFleet(dir: string, checksUrl: string): string {
  const file = join(dir, 'fleet.yaml');
  writeFileSync(
    file,
    `version: 1
name: Deploy test fleet
backends:
  - { id: sim, kind: sandbox, faultRate: 0 }
${APAC_REGION_YAML}
tenants:
  - id: harbour
    name: Harbour Health
    region: apac
    environments:
      - { id: harbour-train, name: Harbour training, kind: training, site: apac-syd, watchedBy: sim, deployedBy: sim, servers: 1 }
      - id: harbour-prod
        name: Harbour production
        kind: production
        site: apac-syd
        slots: [production, staging]
        watchedBy: sim
        deployedBy: sim
        servers: 1
        deployment:
          checks:
            - { type: http, name: home page, url: "${checksUrl}/harbour-prod/production", stagingUrl: "${checksUrl}/harbour-prod/staging", contains: "version {version}" }
deploys:
  soakMinutes: 0
  releases:
    - { version: ${OLD}, type: enhancement, notes: November release }
    - { version: ${NEW}, type: enhancement, notes: November patch }
`,
  );
  return file;
}

/** The environments' web pages: each slot answers with the version it serves; a poisoned version fails on the slot named. */
export async function startSlotPages(scripted: ScriptedDeployer): Promise<BackendServer & { poison(version: string | null, where?: 'production' | 'staging'): void }> {
  let poisoned: string | null = null;
  let poisonedSlot: 'production' | 'staging' = 'production';
  const server = await startBackend((request, response) => {
    const [, env, slot] = request.path.split('/');
    const slots = scripted.slots.get(env ?? '');
    const version = slots && (slot === 'production' || slot === 'staging') ? slots[slot] : undefined;
    if (version === undefined) {
      response.writeHead(404).end('no such page');
    } else if (slot === poisonedSlot && version === poisoned) {
      response.writeHead(500).end(`version ${version}: database connection refused`);
    } else {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`version ${version}`);
    }
  });
  return Object.assign(server, {
    poison: (version: string | null, where: 'production' | 'staging' = 'production') => {
      poisoned = version;
      poisonedSlot = where;
    },
  });
}

const cores: OpsCore[] = [];
const servers: BackendServer[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) core.close();
  for (const server of servers.splice(0)) await server.close();
});

let keys = 0;
export function freshKey(): string {
  return `deploy-test-${++keys}-${Math.random().toString(36).slice(2)}`;
}

export interface DeployCore {
  core: OpsCore;
  clock: ManualClock;
  changes: DeploymentView[];
  call<M extends MethodName>(method: M, input: Omit<MethodInput<M>, 'idempotencyKey'>, key?: string): Promise<Result<MethodOutput<M>>>;
  value<M extends MethodName>(method: M, input: Omit<MethodInput<M>, 'idempotencyKey'>): Promise<MethodOutput<M>>;
  /** The deployment once `done` holds for it (it waits on the core's own polling). */
  until(id: string, done: (view: DeploymentView) => boolean): Promise<DeploymentView>;
  audit(text?: string): Promise<AuditEntry[]>;
  /** Closes the core now, as quitting the console would. */
  close(): void;
}

/** A call that never answers and fails once its connector closes, as a request on a closing HTTP client is aborted. */
export function untilClosed<T>(closed: AbortSignal): Promise<T> {
  return new Promise<T>((_, reject) => closed.addEventListener('abort', () => reject(new Error('the request was aborted: connector closed')), { once: true }));
}

/**
 * `scripted: null` deploys through the fleet's own connectors (the simulated backend, a command).
 * `wrap` changes the scripted connector of each build (1 for the first, 2 after a rebuild), so a
 * test can make one build misbehave.
 */
export function startDeployCore(options: {
  dir: string;
  fleetFile: string;
  scripted: ScriptedDeployer | null;
  clock?: ManualClock;
  wrap?: (connector: Connector, build: number) => Connector;
  extra?: Partial<OpsCoreOptions>;
}): DeployCore {
  const { scripted, wrap } = options;
  let builds = 0;
  const clock = options.clock ?? new ManualClock(Date.parse('2026-11-23T03:00:00Z'));
  const core = createOpsCore({
    dataDir: options.dir,
    version: 'test',
    fleetFile: options.fleetFile,
    clock,
    operator: OPERATOR,
    log: () => {},
    createConnectors: (backends, deps) => {
      const connectors = createConnectors(backends, deps);
      const sim = connectors.get('sim');
      if (!sim || !scripted) return connectors;
      builds += 1;
      const base = withScriptedDeployer(sim, scripted);
      connectors.set('sim', wrap ? wrap(base, builds) : base);
      return connectors;
    },
    deploys: { pollMs: 5, callTimeoutMs: 2000 },
    ...options.extra,
  });
  cores.push(core);
  const changes: DeploymentView[] = [];
  core.subscribe('deploys.changed', ({ deployment }) => {
    if (deployment) changes.push(deployment);
  });
  const call: DeployCore['call'] = async (method, input, key) => {
    const withKey = methods[method].kind === 'command' ? { ...input, idempotencyKey: key ?? freshKey() } : input;
    return (await core.dispatch(method, withKey)) as Result<MethodOutput<typeof method>>;
  };
  const value: DeployCore['value'] = async (method, input) => {
    const result = await call(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.kind}: ${result.error.message}`);
    return result.value;
  };
  const until: DeployCore['until'] = async (id, done) => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const { deployment } = await value('deploys.deployment', { id, after: 0 });
      if (done(deployment)) return deployment;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const { deployment } = await value('deploys.deployment', { id, after: 0 });
    throw new Error(`deployment ${id} never got there; it is ${deployment.state}: ${deployment.message ?? ''}`);
  };
  const audit: DeployCore['audit'] = async (text) => (await value('audit.list', { query: { limit: 500, ...(text ? { text } : {}) } })).entries;
  const close = () => {
    cores.splice(cores.indexOf(core), 1);
    core.close();
  };
  return { core, clock, changes, call, value, until, audit, close };
}

export function keepServer(server: BackendServer): void {
  servers.push(server);
}

/** A request that goes past every failing guard that may be overridden, and types what the preview asks. */
export async function confirmed(deploy: DeployCore, request: DeployRequest, reason = 'customer asked for it today'): Promise<DeployRequest> {
  const preview = await deploy.value('deploys.preview', { request });
  const overrides = preview.guards.filter((guard) => guard.state === 'fail' && guard.overridable).map((guard) => ({ guard: guard.id, reason }));
  const withOverrides = { ...request, overrides: [...request.overrides, ...overrides] };
  const again = await deploy.value('deploys.preview', { request: withOverrides });
  return {
    ...withOverrides,
    ...(again.confirmation.phrase === null ? {} : { confirmation: again.confirmation.phrase }),
    ...(again.confirmation.level === 'confirm' ? { blastRadiusChecked: true } : {}),
  };
}

export function deployRequest(environmentId: string, version: string = NEW, extra: Partial<DeployRequest> = {}): DeployRequest {
  return { action: 'deploy', version, target: { by: 'environments', ids: [environmentId] }, when: 'now', reason: 'November patch for Harbour', overrides: [], ...extra };
}
