import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { methods, type MethodName, type MethodOutput } from '../../../shared/contract/methods.js';
import type { OpsError } from '../../../shared/contract/errors.js';
import type { Connector } from '../../../main/core/connectors/capabilities.js';
import { createConnectors } from '../../../main/core/connectors/registry.js';
import type { Clock } from '../../../main/core/clock.js';
import { createOpsCore, type OpsCore } from '../../../main/core/ops-core.js';
import type { MemoryStatusPage } from '../../support/memory-status-page.js';
import type { MemoryTicketing } from '../../support/memory-ticketing.js';
import { until } from '../../support/until.js';

/**
 * A core on a small fleet (one customer in Sydney, one in London) with the given in-memory
 * ticketing backend; with none, the environments are watched by a Prometheus that is not there
 * instead of the sandbox (which simulates a ticketing backend of its own).
 */

function incidentFleet(watcher: string): string {
  return `version: 1
name: Incident test fleet
backends:
  - ${watcher}
regions:
  - { id: apac, name: APAC, timeZone: Australia/Sydney, residency: AU, sites: [{ id: apac-syd, name: Sydney, role: primary }] }
  - { id: emea, name: EMEA, timeZone: Europe/London, residency: UK, sites: [{ id: emea-lon, name: London, role: primary }] }
tenants:
  - id: harbour
    name: Harbour Health
    region: apac
    environments:
      - { id: harbour-prod, kind: production, site: apac-syd, watchedBy: sim, hosts: [{ name: web-1, role: web }] }
  - id: thames
    name: Thames Trust
    region: emea
    environments:
      - { id: thames-prod, kind: production, site: emea-lon, watchedBy: sim, hosts: [{ name: web-1, role: web }] }
incidents:
  severities:
    sev1: { meaning: 'Harbour or Thames cannot admit patients' }
`;
}

export interface IncidentCore {
  core: OpsCore;
  call<M extends MethodName>(method: M, input: Record<string, unknown>): Promise<MethodOutput<M>>;
  fail(method: MethodName, input: Record<string, unknown>): Promise<OpsError>;
}

export function startIncidentCore(dataDir: string, tickets: MemoryTicketing | null, operator = 'ana', statusPage?: MemoryStatusPage, clock?: Clock): IncidentCore {
  const fleetFile = join(dataDir, 'fleet.yaml');
  writeFileSync(fleetFile, incidentFleet(tickets ? '{ id: sim, kind: sandbox, seed: 3, faultRate: 0 }' : '{ id: sim, kind: prometheus, url: "http://127.0.0.1:9" }'));
  const core = createOpsCore({
    dataDir,
    version: 'test',
    fleetFile,
    log: () => {},
    operator,
    ...(clock ? { clock } : {}),
    incidents: { pollMs: 50, sendWaitMs: 2000, callTimeoutMs: 2000 },
    createConnectors: (backends, deps) => {
      const connectors = createConnectors(backends, deps);
      if (tickets) {
        const connector: Connector = { id: 'tickets', kind: 'memory', name: 'Tickets', ticketing: tickets, ...(statusPage ? { statusIncidents: statusPage } : {}), close: () => {} };
        connectors.set('tickets', connector);
      }
      return connectors;
    },
  });
  let n = 0;
  const dispatch = (method: MethodName, input: Record<string, unknown>) => core.dispatch(method, { idempotencyKey: `${operator}-${Date.now()}-${n++}`, ...input });
  return {
    core,
    call: async (method, input) => {
      const result = await (methods[method].kind === 'query' ? core.dispatch(method, input) : dispatch(method, input));
      if (!result.ok) throw new Error(`${method}: ${result.error.kind}: ${result.error.message}`);
      return result.value as MethodOutput<typeof method>;
    },
    fail: async (method, input) => {
      const result = await dispatch(method, input);
      if (result.ok) throw new Error(`${method} succeeded; expected a refusal`);
      return result.error;
    },
  };
}

/** Polls until the check passes (the cores poll their backend every 50 ms). */
export function eventually<T>(check: () => T | Promise<T>, timeoutMs = 3000): Promise<T> {
  return until(check, timeoutMs, 25);
}
