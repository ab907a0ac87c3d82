import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServeProcess } from '../support/serve-process.js';
import { APAC_REGION_YAML } from '../support/fleet-yaml.js';
import { startJiraFake, type JiraFake } from '../support/fakes/jira-fake.js';
import { ServicenowFake } from '../support/fakes/servicenow-fake.js';
import { callOrNothing, startCore } from './support/core-process.js';
import { until } from '../support/until.js';

/**
 * Incident tickets on Jira Cloud and ServiceNow (the local fakes of their REST APIs) when the core
 * is killed with SIGKILL after the backend took a write and before the core recorded the answer
 * (the failpoints after each write of the outbox sender, and before the entry is marked
 * delivered), then started again on its store. Counted on each fake's own records: one ticket per
 * incident, one comment per note, in the order written. The core reads its ticketing backend
 * every 10 seconds, so a replay is waited for that long.
 */

const EMAIL = 'ops-bot@example.com';
const JIRA_TOKEN = 'ATATT3xFfGF0drill-token-5e0c9a71';
const SN_USER = 'watchfloor.integration';
const SN_PASSWORD = 'S3rvice-N0w!drill';
const SECRETS = { FAULTS_JIRA_TOKEN: JIRA_TOKEN, FAULTS_SERVICENOW_PASSWORD: SN_PASSWORD };
const NOTES = ['First look: 502s from the login pods', 'Rolled the login pods', 'Still failing after the roll'];

let jira: JiraFake;
let servicenow: ServicenowFake;
const dirs: string[] = [];
const cores: ServeProcess[] = [];

beforeAll(async () => {
  // Jira's search shows a new issue seconds after it is made: a replay in doubt must not take "not found yet" for "never made".
  jira = await startJiraFake({ email: EMAIL, apiToken: JIRA_TOKEN, projectKey: 'OPS', searchLagMs: 8000 });
  servicenow = await ServicenowFake.start({ user: SN_USER, password: SN_PASSWORD });
});

afterAll(async () => {
  for (const core of cores) await core.kill();
  await jira?.close();
  await servicenow?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** What each backend holds of an incident, read from the fake's own records. */
interface Backend {
  name: string;
  yaml: () => string;
  /** The tickets whose subject carries the title. */
  tickets: (title: string) => Array<{ comments: string[] }>;
}

const backends: Backend[] = [
  {
    name: 'Jira',
    yaml: () =>
      `  - { id: tickets, kind: jira, url: "${jira.url}", projectKey: OPS, issueWriteGapMs: 0, timeoutMs: 2000, auth: { type: basic, username: ${EMAIL}, password: { store: env, variable: FAULTS_JIRA_TOKEN } } }`,
    tickets: (title) => jira.issues.filter((issue) => issue.summary.includes(title)).map((issue) => ({ comments: issue.comments.map((comment) => JSON.stringify(comment.body)) })),
  },
  {
    name: 'ServiceNow',
    yaml: () =>
      `  - { id: tickets, kind: servicenow, url: "${servicenow.url}", timeoutMs: 2000, auth: { type: basic, username: ${SN_USER}, password: { store: env, variable: FAULTS_SERVICENOW_PASSWORD } } }`,
    tickets: (title) =>
      servicenow.incidents
        .filter((row) => (row.short_description ?? '').includes(title))
        .map((row) => ({ comments: servicenow.journalOf(row.sys_id ?? '').map((entry) => entry.value) })),
  },
];

function setUp(backend: Backend): { dataDir: string; fleet: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-incident-saas-'));
  dirs.push(dataDir);
  const fleet = join(dataDir, 'fleet.yaml');
  writeFileSync(
    fleet,
    [
      'version: 1',
      'name: Incident tickets drill',
      'backends:',
      '  - { id: sim, kind: sandbox, seed: 7, tickMs: 1000, faultRate: 0 }',
      backend.yaml(),
      APAC_REGION_YAML,
      'tenants:',
      '  - id: drill',
      '    name: Drill Co',
      '    region: apac',
      '    environments:',
      '      - { id: drill-prod, kind: production, site: apac-syd, watchedBy: sim }',
      '',
    ].join('\n'),
  );
  return { dataDir, fleet };
}

async function core(setup: { dataDir: string; fleet: string }, failpoint?: string): Promise<ServeProcess> {
  const started = await startCore({ dataDir: setup.dataDir, fleetFile: setup.fleet, secrets: SECRETS, ...(failpoint ? { failpoint } : {}) });
  cores.push(started);
  return started;
}

function declareInput(title: string): Record<string, unknown> {
  return { idempotencyKey: `declare-${title}`, title, severity: 'sev2', impact: { customers: ['drill'], environments: ['drill-prod'], regions: ['apac'], features: 'Sign-in' }, commander: 'ana' };
}


/** The incident's outbox, once the core answers for it. */
async function outboxOf(process: ServeProcess, id: string): Promise<unknown[]> {
  const answer = await process.call('incidents.get', { id });
  if (!answer.ok) throw new Error(`incidents.get: ${answer.error?.kind}: ${answer.error?.message}`);
  return (answer.value as { outbox: unknown[] }).outbox;
}

/** The id of an incident, from the core's list, by its title. */
async function incidentId(process: ServeProcess, title: string): Promise<string> {
  const answer = await process.call('incidents.list', {});
  if (!answer.ok) throw new Error(`incidents.list: ${answer.error?.kind}: ${answer.error?.message}`);
  const found = (answer.value as { items: Array<{ id: string; title: string }> }).items.find((item) => item.title === title);
  if (!found) throw new Error(`no incident "${title}" yet`);
  return found.id;
}

/** Each note's position among the ticket's comments (-1 when missing), and how many comments carry it. */
function noteTally(comments: string[]): { order: number[]; counts: number[] } {
  return {
    order: NOTES.map((note) => comments.findIndex((comment) => comment.includes(note))),
    counts: NOTES.map((note) => comments.filter((comment) => comment.includes(note)).length),
  };
}

describe.each(backends)('incident tickets on $name across a kill -9', (backend) => {
  it.each(['incident.after-create', 'incident.before-delivered'])('makes one ticket when the core is killed at %s while declaring', async (failpoint) => {
    const title = `${backend.name} declare ${failpoint}`;
    const setup = setUp(backend);
    const first = await core(setup, failpoint);
    expect(await callOrNothing(first, 'incidents.declare', declareInput(title))).toBeNull();
    await first.kill();
    expect(backend.tickets(title)).toHaveLength(1);

    const second = await core(setup);
    const id = await incidentId(second, title);
    await until(async () => expect(await outboxOf(second, id)).toEqual([]), 40_000);
    expect(backend.tickets(title)).toHaveLength(1);
  }, 120_000);

  it.each(['incident.after-comment#2', 'incident.before-delivered#3'])('posts each of three notes once, in order, when the core is killed at %s', async (failpoint) => {
    const title = `${backend.name} notes ${failpoint}`;
    const setup = setUp(backend);
    const first = await core(setup, failpoint);
    const declared = await callOrNothing(first, 'incidents.declare', declareInput(title));
    expect(declared?.ok).toBe(true);
    const id = (declared?.value as { id: string }).id;
    expect((await callOrNothing(first, 'incidents.addNote', { idempotencyKey: `${title}-note-0`, id, text: NOTES[0] }))?.ok).toBe(true);
    expect(await callOrNothing(first, 'incidents.addNote', { idempotencyKey: `${title}-note-1`, id, text: NOTES[1] })).toBeNull();
    await first.kill();
    const [ticket] = backend.tickets(title);
    expect(noteTally(ticket?.comments ?? []).counts).toEqual([1, 1, 0]);

    const second = await core(setup);
    const third = await callOrNothing(second, 'incidents.addNote', { idempotencyKey: `${title}-note-2`, id, text: NOTES[2] });
    expect(third?.ok).toBe(true);
    await until(async () => expect(await outboxOf(second, id)).toEqual([]), 40_000);
    const tickets = backend.tickets(title);
    expect(tickets).toHaveLength(1);
    const tally = noteTally(tickets[0]?.comments ?? []);
    expect(tally.counts).toEqual([1, 1, 1]);
    expect([...tally.order].sort((a, b) => a - b)).toEqual(tally.order);
  }, 120_000);
});
