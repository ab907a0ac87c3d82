import type { AlertView } from '../../../shared/contract/alerts.js';
import type { DeploymentView, DeployRequest } from '../../../shared/contract/deploys.js';
import { DeployRequest as DeployRequestSchema } from '../../../shared/contract/deploys.js';
import type { Health } from '../../../shared/contract/health.js';
import type { HealthReading } from '../../../main/core/fleet/health-reading.js';
import { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { RemoteFreeze } from '../../../main/core/connectors/capabilities.js';
import type { DeployFacts, LifecycleFacts } from '../../../main/core/deploys/deploy-facts.js';
import { lifecycleFactsOf } from '../../../main/core/deploys/lifecycle-facts.js';
import { toFleetView } from '../../../main/core/fleet/fleet-view.js';
import { deploymentView } from '../../support/deployment-view.js';

/**
 * A small fleet of both operating models: customers with production, UAT and training
 * environments in APAC (Sydney) and the UK (London), booked into weekly upgrade slots, and a
 * ring-deployed shared service; three releases and a rollout plan.
 */
export function fleetInput() {
  return {
    version: 1,
    name: 'deploy rules',
    backends: [
      { id: 'sim', kind: 'sandbox' },
      { id: 'octo', kind: 'octopus', url: 'http://127.0.0.1:9/', project: 'Timesheets' },
      { id: 'azure', kind: 'azure-app-service', url: 'http://127.0.0.1:9/', subscriptionId: 'sub-1', resourceGroup: 'rg-apac' },
      { id: 'cmd', kind: 'command', deploy: ['./deploy.sh'] },
    ],
    regions: [
      { id: 'apac', name: 'APAC', timeZone: 'Australia/Sydney', residency: 'AU', sites: [{ id: 'syd-1', name: 'Sydney 1', role: 'primary' }] },
      { id: 'uk', name: 'UK', timeZone: 'Europe/London', residency: 'UK', sites: [{ id: 'lon-1', name: 'London 1', role: 'primary' }] },
    ],
    tenants: [
      {
        id: 'acme',
        name: 'Acme',
        region: 'apac',
        environments: [
          {
            id: 'acme-prod',
            name: 'Acme production',
            kind: 'production',
            site: 'syd-1',
            slots: ['production', 'staging'],
            watchedBy: 'sim',
            deployedBy: 'octo',
            deployment: { name: 'Acme-Prod', tenant: 'Acme', swapBy: 'azure', checks: [{ type: 'http', url: 'http://127.0.0.1:9/health' }] },
          },
          { id: 'acme-uat', name: 'Acme UAT', kind: 'uat', site: 'syd-1', watchedBy: 'sim', deployedBy: 'octo' },
          { id: 'acme-train', name: 'Acme training', kind: 'training', site: 'syd-1', watchedBy: 'sim', deployedBy: 'octo' },
        ],
      },
      {
        id: 'brit',
        name: 'Brit',
        region: 'uk',
        environments: [
          { id: 'brit-prod', name: 'Brit production', kind: 'production', site: 'lon-1', watchedBy: 'sim', deployedBy: 'octo', deployment: { name: 'Brit-Prod' } },
          { id: 'brit-uat', name: 'Brit UAT', kind: 'uat', site: 'lon-1', watchedBy: 'sim', deployedBy: 'octo' },
        ],
      },
      {
        id: 'cobalt',
        name: 'Cobalt',
        region: 'apac',
        environments: [
          { id: 'cobalt-prod', name: 'Cobalt production', kind: 'production', site: 'syd-1', watchedBy: 'sim', deployedBy: 'octo' },
          { id: 'cobalt-train', name: 'Cobalt training', kind: 'training', site: 'syd-1', watchedBy: 'sim' },
        ],
      },
      {
        id: 'shared',
        name: 'Shared service',
        region: 'apac',
        environments: [
          { id: 'svc-internal', name: 'Service internal', kind: 'internal', ring: 'internal', site: 'syd-1', watchedBy: 'sim', deployedBy: 'cmd' },
          { id: 'svc-beta', name: 'Service beta', kind: 'production', ring: 'beta', site: 'syd-1', watchedBy: 'sim', deployedBy: 'sim' },
          ...[1, 2, 3].map((n) => ({
            id: `svc-prod-${n}`,
            name: `Service production ${n}`,
            kind: 'production',
            ring: 'production',
            site: 'syd-1',
            slots: ['production', 'staging'],
            watchedBy: 'sim',
            deployedBy: 'sim',
          })),
        ],
      },
    ],
    calendar: {
      windows: [
        {
          id: 'apac-slot',
          kind: 'upgrade-slot',
          title: 'APAC upgrade slot',
          scope: { regions: ['apac'] },
          start: '2026-01-01T20:00',
          timeZone: 'Australia/Sydney',
          duration: 'PT4H',
          rrule: 'FREQ=WEEKLY;BYDAY=TH,FR',
        },
        {
          id: 'uk-slot',
          kind: 'upgrade-slot',
          title: 'UK upgrade slot',
          scope: { regions: ['uk'] },
          start: '2026-01-05T23:00',
          timeZone: 'Europe/London',
          duration: 'PT2H',
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
        },
        {
          id: 'uk-year-end',
          kind: 'deploy-freeze',
          title: 'UK year-end freeze',
          scope: { tenants: ['brit'] },
          start: '2026-12-21T00:00',
          timeZone: 'Europe/London',
          duration: 'P14D',
        },
      ],
    },
    deploys: {
      soakMinutes: 30,
      releases: [
        { version: '2026.10.1', type: 'enhancement', irreversible: ['migration 0140 drops column legacy_code'] },
        { version: '2026.11.2', type: 'service-patch', irreversible: ['migration 0142 adds a NOT NULL column'] },
        { version: '2026.11.3', type: 'hotfix', incident: 'INC-2291' },
      ],
      plans: [
        {
          id: 'nov',
          name: 'November patch',
          release: '2026.11.2',
          stages: [
            { id: 'internal', name: 'Internal ring', targets: { rings: ['internal'] } },
            { id: 'group-a', name: 'APAC group A', targets: { tenants: ['acme', 'cobalt'], kinds: ['production'] }, uatFirst: true, slot: 'apac-slot', soakMinutes: 60 },
          ],
        },
      ],
    },
  };
}

export function fleet(edit: (input: ReturnType<typeof fleetInput>) => void = () => {}): FleetDefinition {
  const input = fleetInput();
  edit(input);
  return FleetDefinition.parse(input);
}

export interface FactsOptions {
  now: string;
  definition?: FleetDefinition;
  /** By environment: a health alone stands for a live, shown reading of it. */
  health?: Record<string, Health | HealthReading>;
  alerts?: AlertView[];
  versions?: Record<string, string>;
  deployments?: DeploymentView[];
  unreachable?: Record<string, string>;
  remoteFreezes?: Record<string, RemoteFreeze[]>;
  /** By environment; others as the fleet file's lifecycle makes them. */
  lifecycle?: Record<string, LifecycleFacts>;
}

/** A health given alone has been so for a day and was seen now. */
function readingOf(health: Health | HealthReading, now: number): HealthReading {
  return typeof health === 'string' ? { status: health, health, observedAt: now, healthSince: now - 86_400_000 } : health;
}

export function factsOf(options: FactsOptions): DeployFacts {
  const definition = options.definition ?? fleet();
  const now = Date.parse(options.now);
  const fromFile = lifecycleFactsOf(definition);
  return {
    now,
    definition,
    view: toFleetView(definition),
    health: (id) => readingOf(options.health?.[id] ?? 'ok', now),
    alerts: options.alerts ?? [],
    versions: new Map(Object.entries(options.versions ?? {}).map(([id, version]) => [id, { version, at: now - 86_400_000 }])),
    deployments: options.deployments ?? [],
    unreachable: new Map(Object.entries(options.unreachable ?? {})),
    remoteFreezes: new Map(Object.entries(options.remoteFreezes ?? {})),
    lifecycle: (id) => options.lifecycle?.[id] ?? fromFile(id),
  };
}

export function request(input: Partial<DeployRequest> & Pick<DeployRequest, 'action' | 'target'>): DeployRequest {
  return DeployRequestSchema.parse(input);
}

let ids = 0;

export function deployment(input: Partial<DeploymentView> & Pick<DeploymentView, 'environmentId' | 'version' | 'state'>): DeploymentView {
  ids += 1;
  return deploymentView({ id: `d-${ids}`, environmentName: input.environmentId, backendId: 'octo', ...input });
}

export function criticalAlert(environmentId: string, summary: string, state: 'active' | 'silenced' = 'active'): AlertView {
  return {
    key: `am:${environmentId}:${summary}`,
    connectionId: 'am',
    name: 'Down',
    severity: 'critical',
    summary,
    description: null,
    runbookUrl: null,
    environmentId,
    labels: {},
    startsAt: 0,
    state,
    silencedBy: state === 'silenced' ? ['s-1'] : [],
    acknowledgedBy: null,
    acknowledgedAt: null,
  };
}
