import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServeProcess } from '../../support/serve-process.js';
import { APAC_REGION_YAML } from '../../support/fleet-yaml.js';
import { callOrNothing, startCore, type ContractAnswer } from './core-process.js';
import { until } from '../../support/until.js';

/**
 * What the incident drills share: a fleet with a Jira ticketing backend and (optionally) a
 * Statuspage, each reached through the URL given (a fault proxy's, to lose answers on purpose),
 * an incident declared and waited for until its ticket exists, and a wait for a condition. Secrets
 * are environment variables, so the core needs no keyring. The faults used lose answers at once
 * (no hang), so the timeouts are long: a loaded machine must not turn a slow answer into a failure.
 */

export const INCIDENT_DRILL = {
  email: 'ops-bot@example.com',
  jiraToken: 'ATATT3xFfGF0drill-token-5e0c9a71',
  projectKey: 'OPS',
  statuspageKey: 'sp-drill-key-5e0c9a71d2b84f36',
  pageId: 'drillpage02',
} as const;

export const INCIDENT_DRILL_SECRETS = { FAULTS_JIRA_TOKEN: INCIDENT_DRILL.jiraToken, FAULTS_STATUSPAGE_KEY: INCIDENT_DRILL.statuspageKey };

export function writeIncidentFleet(dir: string, urls: { jira: string; statuspage?: string }): string {
  const file = join(dir, 'fleet.yaml');
  const lines = [
    'version: 1',
    'name: Incident drill',
    'backends:',
    '  - { id: sim, kind: sandbox, seed: 7, tickMs: 1000, faultRate: 0 }',
    `  - { id: tickets, kind: jira, url: "${urls.jira}", projectKey: ${INCIDENT_DRILL.projectKey}, issueWriteGapMs: 0, timeoutMs: 15000, auth: { type: basic, username: ${INCIDENT_DRILL.email}, password: { store: env, variable: FAULTS_JIRA_TOKEN } } }`,
  ];
  if (urls.statuspage !== undefined) {
    lines.push(
      `  - { id: status, kind: statuspage, url: "${urls.statuspage}", pageId: ${INCIDENT_DRILL.pageId}, timeoutMs: 15000, auth: { type: oauth-key, key: { store: env, variable: FAULTS_STATUSPAGE_KEY } } }`,
    );
  }
  lines.push(APAC_REGION_YAML, 'tenants:', '  - id: drill', '    name: Drill Co', '    region: apac', '    environments:', '      - { id: drill-prod, kind: production, site: apac-syd, watchedBy: sim }', '');
  writeFileSync(file, lines.join('\n'));
  return file;
}


/** A call that must answer ok: its value. */
export async function ok(core: ServeProcess, method: string, input: Record<string, unknown>): Promise<unknown> {
  const answer = await core.call(method, input);
  if (!answer.ok) throw new Error(`${method}: ${answer.error?.kind}: ${answer.error?.message}`);
  return answer.value;
}

/**
 * A command sent again under its key as the renderer does after no answer or one not final (in
 * doubt, unavailable, timeout), until it answers otherwise; the last answer.
 */
export async function retried(core: ServeProcess, method: string, input: Record<string, unknown>): Promise<ContractAnswer | null> {
  let answer: ContractAnswer | null = null;
  for (let attempt = 0; attempt < 4; attempt += 1) {
    answer = await callOrNothing(core, method, input);
    if (answer !== null && (answer.ok || !['in-doubt', 'unavailable', 'timeout'].includes(answer.error?.kind ?? ''))) return answer;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return answer;
}

/** Declares a Sev2 incident on drill-prod and waits until its Jira issue exists: its id. */
export async function declareWithTicket(core: ServeProcess, title: string): Promise<string> {
  const declared = (await ok(core, 'incidents.declare', {
    idempotencyKey: `declare-${title}`,
    title,
    severity: 'sev2',
    impact: { customers: ['drill'], environments: ['drill-prod'], regions: ['apac'], features: 'Sign-in' },
    commander: 'ana',
  })) as { id: string };
  await until(async () => {
    const page = (await ok(core, 'incidents.get', { id: declared.id })) as { ticket: unknown; outbox: unknown[] };
    if (page.ticket === null || page.outbox.length > 0) throw new Error(`incident ${declared.id} has no ticket yet`);
  }, 40_000);
  return declared.id;
}

/** The cores of one drill file, each started on its data directory's fleet file with the drill's secrets, killed together at the end. */
export function drillCores(): { start(dataDir: string): Promise<ServeProcess>; killAll(): Promise<void> } {
  const started: ServeProcess[] = [];
  return {
    start: async (dataDir) => {
      const core = await startCore({ dataDir, fleetFile: join(dataDir, 'fleet.yaml'), secrets: INCIDENT_DRILL_SECRETS });
      started.push(core);
      return core;
    },
    killAll: async () => {
      for (const core of started.splice(0)) await core.kill();
    },
  };
}
