import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../../shared/contract/errors.js';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../shared/contract/methods.js';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import type { Keytar } from '../../main/core/vault/keytar-module.js';
import { json, type Handler } from './backend-server.js';
import { APAC_REGION_YAML } from './fleet-yaml.js';

/** An in-memory OS keychain, keyed by service and account. */
export function memoryKeytar(): Keytar & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getPassword: async (service, account) => entries.get(`${service}|${account}`) ?? null,
    setPassword: async (service, account, password) => {
      entries.set(`${service}|${account}`, password);
    },
    deletePassword: async (service, account) => entries.delete(`${service}|${account}`),
  };
}

export function lockedKeytar(): Keytar {
  const fail = async (): Promise<never> => {
    throw new Error('Cannot create an item in a locked collection');
  };
  return { getPassword: async () => null, setPassword: fail, deletePassword: fail };
}

/**
 * A fleet with a simulated backend, a Prometheus declared with its URL and an env-variable
 * token ("prom-file"), and one declared without a URL ("prom-au"), which Settings completes
 * and which watches one environment.
 */
export function writeConnectionsFleet(dir: string, promFileUrl: string, tokenVariable: string): string {
  const file = join(dir, 'fleet.yaml');
  writeFileSync(
    file,
    `version: 1
name: Connections test fleet
backends:
  - { id: sim, kind: sandbox }
  - id: prom-file
    kind: prometheus
    url: ${promFileUrl}
    auth: { type: bearer, token: { store: env, variable: ${tokenVariable} } }
  - { id: prom-au, kind: prometheus, pollMs: 1000 }
${APAC_REGION_YAML}
tenants:
  - id: harbour
    name: Harbour Health
    region: apac
    environments:
      - { id: harbour-prod, kind: production, site: apac-syd, watchedBy: prom-au, hosts: [{ name: web-1, role: web }] }
      - { id: harbour-uat, kind: uat, site: apac-syd, watchedBy: sim, servers: 1 }
`,
  );
  return file;
}

/** A Prometheus HTTP API that wants `expected` as its Authorization header. */
export function fakePrometheus(expected: () => string): Handler {
  return (request, response) => {
    if (request.headers.authorization !== expected()) {
      json(response, 401, { status: 'error', error: 'unauthorized' });
      return;
    }
    const path = request.path.split('?')[0];
    if (path === '/api/v1/status/buildinfo') json(response, 200, { status: 'success', data: { version: '2.53.0' } });
    else if (path === '/api/v1/targets') json(response, 200, { status: 'success', data: { activeTargets: [{ health: 'up' }] } });
    else if (path === '/api/v1/rules') json(response, 200, { status: 'success', data: { groups: [] } });
    else if (path === '/api/v1/alerts') json(response, 200, { status: 'success', data: { alerts: [] } });
    else if (path === '/api/v1/query') json(response, 200, { status: 'success', data: { resultType: 'vector', result: [] } });
    else json(response, 404, { status: 'error', error: 'not found' });
  };
}

export interface TestCore {
  core: OpsCore;
  logs: string[];
  events: Array<{ event: EventName; payload: unknown }>;
  /** Commands get a fresh idempotency key. */
  call<M extends MethodName>(method: M, input: Omit<MethodInput<M>, 'idempotencyKey'>): Promise<Result<MethodOutput<M>>>;
  /** Every answer the core gave, as JSON. */
  outputs: string[];
}

let keySequence = 0;

export function startCore(dataDir: string, fleetFile: string, keytar: Keytar, keychainTimeoutMs?: number): TestCore {
  const logs: string[] = [];
  const outputs: string[] = [];
  const events: TestCore['events'] = [];
  const core = createOpsCore({
    dataDir,
    version: 'test',
    fleetFile,
    log: (line) => logs.push(line),
    keytar: async () => keytar,
    http: { retries: 0, backoffBaseMs: 10, backoffMaxMs: 20 },
    ...(keychainTimeoutMs ? { keychainTimeoutMs } : {}),
  });
  for (const event of ['fleet.reloaded', 'fleet.delta', 'alerts.changed'] as const) {
    core.subscribe(event, (payload: EventPayload<typeof event>) => {
      events.push({ event, payload });
      outputs.push(JSON.stringify(payload));
    });
  }
  return {
    core,
    logs,
    events,
    outputs,
    call: async (method, input) => {
      const withKey = methodNeedsKey(method) ? { ...input, idempotencyKey: `test-key-${(keySequence += 1)}` } : input;
      const result = (await core.dispatch(method, withKey)) as Result<MethodOutput<typeof method>>;
      outputs.push(JSON.stringify(result));
      return result;
    },
  };
}

function methodNeedsKey(method: MethodName): boolean {
  return method === 'connections.save' || method === 'connections.remove';
}
