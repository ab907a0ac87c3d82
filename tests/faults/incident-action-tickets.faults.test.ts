import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServeProcess } from '../support/serve-process.js';
import { startJiraFake, type JiraFake } from '../support/fakes/jira-fake.js';
import { FaultProxy, type Fault, type TapStage } from './support/fault-proxy.js';
import { declareWithTicket, drillCores, INCIDENT_DRILL, ok, retried, writeIncidentFleet } from './support/incident-drill.js';
import { until } from '../support/until.js';

/**
 * The tickets of a review's action items, made in Jira (its local fake behind a fault proxy) by
 * `incidents.createActionTickets`: the core is killed with SIGKILL after Jira made the first
 * item's issue and before the core recorded it, then started again on its store; or Jira's answer
 * is lost. Counted on the fake's own issues: one issue per action item, and each item links the
 * issue made for it.
 */

const CREATE = /^\/rest\/api\/3\/issue$/;
const ITEMS = ['Alert on signing-key expiry', 'Rotate keys with the deploy pipeline'];

let jira: JiraFake;
let proxy: FaultProxy;
const dirs: string[] = [];
const cores = drillCores();

beforeAll(async () => {
  jira = await startJiraFake({ email: INCIDENT_DRILL.email, apiToken: INCIDENT_DRILL.jiraToken, projectKey: INCIDENT_DRILL.projectKey });
  proxy = await FaultProxy.start(jira.url);
});

afterAll(async () => {
  await cores.killAll();
  await proxy?.close();
  await jira?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const core = (dataDir: string): Promise<ServeProcess> => cores.start(dataDir);

/** A fresh data directory and an incident with its Jira issue and a review draft naming the action items, delivered to the issue. */
async function incidentWithReview(title: string, items: readonly string[]): Promise<{ dataDir: string; first: ServeProcess; id: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-incident-actions-'));
  dirs.push(dataDir);
  writeIncidentFleet(dataDir, { jira: proxy.url });
  const first = await core(dataDir);
  const id = await declareWithTicket(first, title);
  await saveReview(first, id, `${title}-review`, items);
  return { dataDir, first, id };
}

async function saveReview(running: ServeProcess, id: string, key: string, items: readonly string[]): Promise<void> {
  const actionItems = items.map((item) => ({ title: `${item} (${id})`, owner: 'ana', due: '2027-01-15' }));
  await ok(running, 'incidents.saveReview', { idempotencyKey: key, id, review: { summary: 'Sign-in failed for 40 minutes.', actionItems } });
  await until(async () => expect(((await ok(running, 'incidents.get', { id })) as { outbox: unknown[] }).outbox).toEqual([]), 40_000);
}

/** How many issues Jira holds for each action item (by its title), from the fake's own records. */
function issuesPerItem(id: string, items: readonly string[]): number[] {
  return items.map((item) => jira.issues.filter((issue) => issue.summary === `${item} (${id})`).length);
}

/** Whether each action item, as the console shows it, links the Jira issue whose summary is its title. */
async function linkedToOwnIssue(running: ServeProcess, id: string): Promise<boolean[]> {
  const page = (await ok(running, 'incidents.get', { id })) as { incident: { review: { actionItems: Array<{ title: string; ticket: string }> } | null } };
  return (page.incident.review?.actionItems ?? []).map((item) => jira.issue(item.ticket)?.summary === item.title);
}

it.each(['after-forward', 'after-answer'] as TapStage[])('makes one issue per action item when the core is killed after Jira made the first (%s)', async (stage) => {
  const { dataDir, first, id } = await incidentWithReview(`Sign-in failing (actions, killed ${stage})`, ITEMS);
  const tap = proxy.arm('POST', CREATE, { kind: 'tap', stage }, 1);
  const input = { idempotencyKey: `actions-${id}`, id };
  void first.call('incidents.createActionTickets', input).catch(() => undefined);
  await tap.reached;
  await first.kill();
  proxy.heal();
  expect(issuesPerItem(id, ITEMS)).toEqual([1, 0]);

  const second = await core(dataDir);
  const answer = await retried(second, 'incidents.createActionTickets', input);
  expect(answer?.ok, JSON.stringify(answer?.error)).toBe(true);
  expect(issuesPerItem(id, ITEMS)).toEqual([1, 1]);
  expect(await linkedToOwnIssue(second, id)).toEqual([true, true]);
}, 120_000);

it.each([{ kind: 'drop-answer' }, { kind: 'forward-then-status', status: 502 }] as Fault[])('makes one issue per action item when Jira makes one and its answer is lost (%o)', async (fault) => {
  const { first, id } = await incidentWithReview(`Sign-in failing (actions, ${fault.kind})`, ITEMS);
  const armed = proxy.arm('POST', CREATE, fault, 1);
  const answer = await retried(first, 'incidents.createActionTickets', { idempotencyKey: `actions-${id}`, id });
  expect(armed.matched).toBe(1);
  expect(answer?.ok, JSON.stringify(answer?.error)).toBe(true);
  expect(issuesPerItem(id, ITEMS)).toEqual([1, 1]);
  expect(await linkedToOwnIssue(first, id)).toEqual([true, true]);
}, 120_000);

it('makes one issue per action item when the review gained an item above them after a kill -9', async () => {
  const { dataDir, first, id } = await incidentWithReview('Sign-in failing (actions, review edited after a kill)', ITEMS);
  const tap = proxy.arm('POST', CREATE, { kind: 'tap', stage: 'after-forward' }, 1);
  void first.call('incidents.createActionTickets', { idempotencyKey: `actions-${id}`, id }).catch(() => undefined);
  await tap.reached;
  await first.kill();
  proxy.heal();

  // After the restart the items still show no ticket; the engineer adds the most urgent one at the top and tries again.
  const second = await core(dataDir);
  const edited = ['Page the identity team on login 5xx', ...ITEMS];
  await saveReview(second, id, `${id}-review-edited`, edited);
  const answer = await retried(second, 'incidents.createActionTickets', { idempotencyKey: `actions-again-${id}`, id });
  expect(answer?.ok, JSON.stringify(answer?.error)).toBe(true);
  expect(issuesPerItem(id, edited)).toEqual([1, 1, 1]);
  expect(await linkedToOwnIssue(second, id)).toEqual([true, true, true]);
}, 120_000);
