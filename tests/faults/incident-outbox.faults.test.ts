import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServeProcess } from '../support/serve-process.js';
import { redmineDrillFleet, startRedmine, type RedmineServer } from '../support/redmine.js';
import { startCore } from './support/core-process.js';
import { FaultProxy } from './support/fault-proxy.js';
import { until } from '../support/until.js';

/**
 * The offline outbox of incidents against a real Redmine behind a fault proxy: with Redmine out
 * of reach, three notes and an acknowledgement wait in the outbox; the core is killed with
 * SIGKILL and started again on its store; Redmine comes back; and Redmine's own journals hold
 * each note once, in order, and one acknowledgement. The core reads its ticketing backend every
 * 10 seconds, so it is waited for that long.
 */

const KEY_VARIABLE = 'FAULTS_REDMINE_KEY';
const NOTES = ['First look: 502s from the login pods', 'Rolled the login pods', 'Still failing after the roll'];
const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

let redmine: RedmineServer;
let proxy: FaultProxy;
const dirs: string[] = [];
const cores: ServeProcess[] = [];

beforeAll(async () => {
  redmine = await startRedmine();
  proxy = await FaultProxy.start(redmine.url);
}, 120_000);

afterAll(async () => {
  for (const core of cores) await core.kill();
  await proxy?.close();
  await redmine?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function core(dataDir: string, fleet: string): Promise<ServeProcess> {
  const started = await startCore({ dataDir, fleetFile: fleet, secrets: { [KEY_VARIABLE]: redmine.apiKey } });
  cores.push(started);
  return started;
}

/** A command with a key of its own, or (`incidents.get`) a query. */
async function call(process: ServeProcess, method: string, input: Record<string, unknown>): Promise<unknown> {
  const answer = await process.call(method, method === 'incidents.get' ? input : { idempotencyKey: `${method}-${Math.random()}`, ...input });
  if (!answer.ok) throw new Error(`${method}: ${answer.error?.kind}: ${answer.error?.message}`);
  return answer.value;
}

/** The notes of the issue's journals, as Redmine keeps them (the console's key is on each note's last line). */
async function journalNotes(issueId: string): Promise<string[]> {
  const response = await fetch(`${redmine.url}/issues/${issueId}.json?include=journals`, { headers: { 'x-redmine-api-key': redmine.apiKey } });
  if (!response.ok) throw new Error(`Redmine answered ${response.status} for issue ${issueId}`);
  const body = (await response.json()) as { issue: { journals: Array<{ notes: string | null }> } };
  return body.issue.journals.map((journal) => journal.notes ?? '').filter((notes) => notes !== '');
}


/** The incident's Redmine issue: on a loaded machine the declare may answer before its ticket is made, so wait for it. */
function ticketOf(process: ServeProcess, incidentId: string): Promise<string> {
  return until(async () => {
    const page = (await call(process, 'incidents.get', { id: incidentId })) as { ticket: { id: string } | null };
    if (page.ticket === null) throw new Error(`incident ${incidentId} has no ticket yet`);
    return page.ticket.id;
  }, 30_000);
}

it('delivers three notes and an acknowledgement written offline exactly once, in order, across a kill -9', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-incident-outbox-'));
  dirs.push(dataDir);
  const fleet = redmineDrillFleet(dataDir, redmine, { url: proxy.url, keyVariable: KEY_VARIABLE });
  const first = await core(dataDir, fleet);
  const declared = (await call(first, 'incidents.declare', {
    title: 'Sign-in failing',
    severity: 'sev2',
    impact: { customers: ['drill'], environments: ['drill-prod'], regions: ['apac'], features: 'Sign-in' },
    commander: 'ana',
  })) as { id: string };
  const issueId = await ticketOf(first, declared.id);

  for (const method of ALL_METHODS) proxy.arm(method, /.*/, { kind: 'status', status: 503 });
  for (const text of NOTES) await call(first, 'incidents.addNote', { id: declared.id, text });
  await call(first, 'incidents.acknowledge', { id: declared.id });
  const page = (await call(first, 'incidents.get', { id: declared.id })) as { outbox: Array<{ kind: string }> };
  expect(page.outbox.map((entry) => entry.kind)).toEqual(['note', 'note', 'note', 'acknowledge']);

  await first.kill();
  const second = await core(dataDir, fleet);
  proxy.heal();

  const notes = await until(async () => {
    const found = await journalNotes(issueId);
    expect(found.filter((notes) => notes.includes('Acknowledged by'))).toHaveLength(1);
    return found;
  }, 40_000);
  const delivered = notes.map((text) => NOTES.findIndex((note) => text.includes(note))).filter((index) => index >= 0);
  expect(delivered).toEqual([0, 1, 2]);
  expect(notes.findIndex((text) => text.includes('Acknowledged by'))).toBeGreaterThan(notes.findIndex((text) => text.includes(NOTES[2] ?? '')));
  await until(async () => expect(((await call(second, 'incidents.get', { id: declared.id })) as { outbox: unknown[] }).outbox).toEqual([]), 15_000);
}, 120_000);

it('posts a note once when the core is killed after Redmine took it and before the core heard back', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-incident-outbox-'));
  dirs.push(dataDir);
  const fleet = redmineDrillFleet(dataDir, redmine, { url: proxy.url, keyVariable: KEY_VARIABLE });
  const first = await core(dataDir, fleet);
  const declared = (await call(first, 'incidents.declare', {
    title: 'Payments slow',
    severity: 'sev3',
    impact: { customers: ['drill'], environments: ['drill-prod'], regions: ['apac'], features: 'Payments' },
    commander: 'ana',
  })) as { id: string };
  const issueId = await ticketOf(first, declared.id);
  const note = 'Queue depth back to normal';

  const tap = proxy.arm('PUT', new RegExp(`^/issues/${issueId}\\.json$`), { kind: 'tap', stage: 'after-forward' }, 1);
  void first.call('incidents.addNote', { idempotencyKey: 'note-once', id: declared.id, text: note }).catch(() => undefined);
  await tap.reached;
  await first.kill();
  proxy.heal();
  expect((await journalNotes(issueId)).filter((text) => text.includes(note))).toHaveLength(1);

  const second = await core(dataDir, fleet);
  await until(async () => expect(((await call(second, 'incidents.get', { id: declared.id })) as { outbox: unknown[] }).outbox).toEqual([]), 40_000);
  expect((await journalNotes(issueId)).filter((text) => text.includes(note))).toHaveLength(1);
}, 120_000);
