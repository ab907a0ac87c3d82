import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServeProcess } from '../support/serve-process.js';
import { startJiraFake, type JiraFake } from '../support/fakes/jira-fake.js';
import { StatuspageFake } from '../support/fakes/statuspage-fake.js';
import { FaultProxy, type Fault } from './support/fault-proxy.js';
import { declareWithTicket, drillCores, INCIDENT_DRILL, ok, retried, writeIncidentFleet } from './support/incident-drill.js';

/**
 * Posts to the status page made from an incident (Statuspage's realtime incidents, the local fake
 * of its REST API behind a fault proxy), with Jira (its fake) as the ticketing backend: the core
 * is killed with SIGKILL after Statuspage took a post and before the core heard back, and then
 * started again on its store, where the renderer sends the command again under its key; or
 * Statuspage's answer is lost. Counted on the fake's own records: one incident per incident, one
 * incident update per post.
 */

const INCIDENTS = new RegExp(`^/v1/pages/${INCIDENT_DRILL.pageId}/incidents$`);
const ONE_INCIDENT = new RegExp(`^/v1/pages/${INCIDENT_DRILL.pageId}/incidents/[^/]+$`);
const INVESTIGATING = 'We are investigating failed sign-ins for customers in APAC.';
const IDENTIFIED = 'The cause is identified: an expired signing key on the login service.';

let jira: JiraFake;
let statuspage: StatuspageFake;
let proxy: FaultProxy;
const dirs: string[] = [];
const cores = drillCores();

beforeAll(async () => {
  jira = await startJiraFake({ email: INCIDENT_DRILL.email, apiToken: INCIDENT_DRILL.jiraToken, projectKey: INCIDENT_DRILL.projectKey });
  statuspage = await StatuspageFake.start({ apiKey: INCIDENT_DRILL.statuspageKey, pageId: INCIDENT_DRILL.pageId });
  proxy = await FaultProxy.start(statuspage.url);
});

afterAll(async () => {
  await cores.killAll();
  await proxy?.close();
  await statuspage?.close();
  await jira?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const core = (dataDir: string): Promise<ServeProcess> => cores.start(dataDir);

function newDrill(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-incident-posts-'));
  dirs.push(dataDir);
  writeIncidentFleet(dataDir, { jira: jira.url, statuspage: proxy.url });
  return dataDir;
}

function post(id: string, key: string, status: 'investigating' | 'identified', body: string): Record<string, unknown> {
  return { idempotencyKey: key, id, status, body, componentImpact: 'partial_outage', notifySubscribers: true, confirmed: true };
}

/** The page's incidents named after the incident's title, each with its updates' bodies (oldest first), from the fake's own records. */
function onThePage(title: string): string[][] {
  return statuspage
    .list()
    .filter((incident) => incident.name === title)
    .map((incident) => [...incident.incident_updates].reverse().map((update) => update.body ?? ''));
}

it.each([
  ['opening post', 'after-forward'],
  ['opening post', 'after-answer'],
  ['later post', 'after-forward'],
  ['later post', 'after-answer'],
] as const)('posts once when the core is killed during the %s (%s) and the command is sent again on restart', async (which, stage) => {
  const title = `Sign-in failing (${which}, killed ${stage})`;
  const dataDir = newDrill();
  const first = await core(dataDir);
  const id = await declareWithTicket(first, title);
  if (which === 'later post') await ok(first, 'incidents.publish', post(id, `${title}-investigating`, 'investigating', INVESTIGATING));
  const [status, body, path] = which === 'opening post' ? (['investigating', INVESTIGATING, INCIDENTS] as const) : (['identified', IDENTIFIED, ONE_INCIDENT] as const);
  const method = which === 'opening post' ? 'POST' : 'PATCH';

  const tap = proxy.arm(method, path, { kind: 'tap', stage }, 1);
  const input = post(id, `${title}-${status}`, status, body);
  void first.call('incidents.publish', input).catch(() => undefined);
  await tap.reached;
  await first.kill();
  proxy.heal();

  const second = await core(dataDir);
  const answer = await retried(second, 'incidents.publish', input);
  expect(answer?.ok, JSON.stringify(answer?.error)).toBe(true);
  const expected = which === 'opening post' ? [[INVESTIGATING]] : [[INVESTIGATING, IDENTIFIED]];
  expect(onThePage(title)).toEqual(expected);
  const page = (await ok(second, 'incidents.get', { id })) as { statusPage: { status: string } | null };
  expect(page.statusPage?.status).toBe(status);
}, 120_000);

it.each([
  ['opening post', { kind: 'drop-answer' }],
  ['opening post', { kind: 'forward-then-status', status: 502 }],
  ['later post', { kind: 'drop-answer' }],
  ['later post', { kind: 'forward-then-status', status: 502 }],
] as Array<[string, Fault]>)('posts once when Statuspage takes the %s and its answer is lost (%o)', async (which, fault) => {
  const title = `Sign-in failing (${which}, ${fault.kind})`;
  const dataDir = newDrill();
  const running = await core(dataDir);
  const id = await declareWithTicket(running, title);
  if (which === 'later post') await ok(running, 'incidents.publish', post(id, `${title}-investigating`, 'investigating', INVESTIGATING));
  const armed = which === 'opening post' ? proxy.arm('POST', INCIDENTS, fault, 1) : proxy.arm('PATCH', ONE_INCIDENT, fault, 1);
  const input = which === 'opening post' ? post(id, `${title}-investigating`, 'investigating', INVESTIGATING) : post(id, `${title}-identified`, 'identified', IDENTIFIED);

  const answer = await retried(running, 'incidents.publish', input);
  expect(armed.matched).toBe(1);
  expect(answer?.ok, JSON.stringify(answer?.error)).toBe(true);
  expect(onThePage(title)).toEqual(which === 'opening post' ? [[INVESTIGATING]] : [[INVESTIGATING, IDENTIFIED]]);
}, 120_000);

it('puts a new post on the incident an earlier run opened when the core was killed before it recorded it', async () => {
  const title = 'Sign-in failing (killed opening, then a new post)';
  const dataDir = newDrill();
  const first = await core(dataDir);
  const id = await declareWithTicket(first, title);
  const tap = proxy.arm('POST', INCIDENTS, { kind: 'tap', stage: 'after-forward' }, 1);
  void first.call('incidents.publish', post(id, `${title}-investigating`, 'investigating', INVESTIGATING)).catch(() => undefined);
  await tap.reached;
  await first.kill();
  proxy.heal();

  // The window that sent it is gone with the core: the engineer sees no post on the incident and writes the next one.
  const second = await core(dataDir);
  await ok(second, 'incidents.publish', post(id, `${title}-identified`, 'identified', IDENTIFIED));
  expect(onThePage(title)).toEqual([[INVESTIGATING, IDENTIFIED]]);
  const page = (await ok(second, 'incidents.get', { id })) as { statusPage: { status: string } | null };
  expect(page.statusPage?.status).toBe('identified');
}, 120_000);
