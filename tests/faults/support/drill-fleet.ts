import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APAC_REGION_YAML } from '../../support/fleet-yaml.js';

/**
 * The fleet file of a drill: one training environment per deploy backend (training needs one
 * click and no upgrade slot, so no guard stands between the action and the fault), the backends
 * behind their fault proxies, and a maintenance window published to Statuspage. Secrets are
 * environment variables, so the core needs no keyring.
 */

export const DRILL_SECRETS = {
  FAULTS_OCTOPUS_KEY: 'API-FAULTDRILL0000000000000000',
  FAULTS_AZURE_SECRET: 'Fd8~drill.secret-0c9a71d2b84f36',
  FAULTS_STATUSPAGE_KEY: 'sp-drill-key-5e0c9a71d2b84f36',
} as const;

export const AZURE = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  subscriptionId: '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345',
  resourceGroup: 'rg-drill',
  site: 'drill-web',
} as const;

export const OCTOPUS_PROJECT = 'Watchfloor App';
/** The Octopus environment of drill-octo; drill-web's is named after its Azure site. */
export const OCTOPUS_TRAINING = 'Training';
export const STATUSPAGE_PAGE = 'drillpage01';
/** Enough releases that every run deploys one its environment does not run yet (a deploy of what runs is refused). */
export const RELEASES: readonly string[] = Array.from({ length: 80 }, (_, i) => `2026.12.${i + 1}`);

export interface DrillBackends {
  octopus?: string;
  azure?: { arm: string; login: string };
  alertmanager?: string;
  statuspage?: string;
  /** The deploy and swap commands of the command backend, and its decommission command if it has one. */
  command?: { deploy: string; swap: string; decommission?: string };
  /** The window published to Statuspage: its id and title. */
  window?: { id: string; title: string };
}

/** Short timeouts so a hung backend costs seconds, not minutes. */
const TIMEOUT_MS = 2000;

function environment(id: string, deployedBy: string, extra = ''): string {
  return `      - { id: ${id}, kind: training, site: apac-syd, watchedBy: sim, deployedBy: ${deployedBy}${extra} }`;
}

export function drillFleetYaml(backends: DrillBackends): string {
  const lines = ['version: 1', 'name: Fault drill', 'backends:', '  - { id: sim, kind: sandbox, seed: 7, tickMs: 1000, faultRate: 0 }'];
  const environments = [environment('drill-sim', 'sim'), environment('drill-sim-swap', 'sim', ', slots: [production, staging]')];
  if (backends.octopus) {
    lines.push(
      `  - { id: octopus, kind: octopus, url: "${backends.octopus}", project: ${OCTOPUS_PROJECT}, pollMs: 200, timeoutMs: ${TIMEOUT_MS},`,
      '      auth: { type: octopus, apiKey: { store: env, variable: FAULTS_OCTOPUS_KEY } } }',
    );
    environments.push(environment('drill-octo', 'octopus', `, deployment: { name: ${OCTOPUS_TRAINING} }`));
  }
  if (backends.azure) {
    lines.push(
      `  - { id: azure, kind: azure-app-service, url: "${backends.azure.arm}", subscriptionId: ${AZURE.subscriptionId}, resourceGroup: ${AZURE.resourceGroup}, pollMs: 200, timeoutMs: ${TIMEOUT_MS},`,
      `      auth: { type: entra, tenantId: ${AZURE.tenantId}, clientId: ${AZURE.clientId}, authority: "${backends.azure.login}", clientSecret: { store: env, variable: FAULTS_AZURE_SECRET } } }`,
    );
    if (backends.octopus) environments.push(environment('drill-web', 'octopus', `, slots: [production, staging], deployment: { name: ${AZURE.site}, swapBy: azure }`));
  }
  if (backends.alertmanager) lines.push(`  - { id: am, kind: alertmanager, url: "${backends.alertmanager}", timeoutMs: ${TIMEOUT_MS} }`);
  if (backends.statuspage) {
    lines.push(
      `  - { id: status, kind: statuspage, url: "${backends.statuspage}", pageId: ${STATUSPAGE_PAGE}, timeoutMs: ${TIMEOUT_MS},`,
      '      auth: { type: oauth-key, key: { store: env, variable: FAULTS_STATUSPAGE_KEY } } }',
    );
  }
  if (backends.command) {
    const decommission = backends.command.decommission === undefined ? '' : `, decommission: ["${backends.command.decommission}"]`;
    lines.push(`  - { id: scripts, kind: command, deploy: ["${backends.command.deploy}"], swap: ["${backends.command.swap}"]${decommission}, timeoutMs: 60000 }`);
    environments.push(environment('drill-cmd', 'scripts'));
    environments.push(environment('drill-cmd-swap', 'scripts', ', slots: [production, staging]'));
  }
  // Live since January: its training environments are past their 30 days, so a decommission is due.
  lines.push(APAC_REGION_YAML, 'tenants:', '  - id: drill', '    name: Drill Co', '    region: apac', '    goLive: 2026-01-01', '    environments:', ...environments);
  lines.push('deploys:', '  soakMinutes: 0', '  releases:', ...RELEASES.map((version) => `    - { version: ${version}, type: service-patch }`));
  if (backends.statuspage && backends.window) {
    lines.push(
      'calendar:',
      '  noticeDays: 0',
      '  publishTo: [status]',
      '  windows:',
      `    - id: ${backends.window.id}`,
      '      kind: planned-maintenance',
      `      title: ${backends.window.title}`,
      '      customerText: Scheduled maintenance drill.',
      '      scope: { regions: [apac] }',
      '      start: 2027-03-06T23:00',
      '      timeZone: Australia/Sydney',
      '      duration: PT2H',
    );
  }
  return `${lines.join('\n')}\n`;
}

export function writeDrillFleet(dir: string, backends: DrillBackends): string {
  const file = join(dir, 'fleet.yaml');
  writeFileSync(file, drillFleetYaml(backends));
  return file;
}
