import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName, MethodOutput } from '../../shared/contract/methods.js';
import { methods } from '../../shared/contract/methods.js';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import { FaultProxy } from '../faults/support/fault-proxy.js';
import { redmineDrillFleet, startRedmine, type RedmineServer } from '../support/redmine.js';
import { until } from '../support/until.js';

/**
 * Incidents with a real Redmine (Debian's package) as the system of record, in-process cores
 * reading it every half second: two consoles on one Redmine converge within a poll, and a note
 * that waited while the ticket was moved in Redmine is held as a conflict, never posted over it.
 */

const KEY_VARIABLE = 'TEST_INCIDENTS_REDMINE_KEY';
const POLL_MS = 500;

let redmine: RedmineServer;
let proxy: FaultProxy;
const dirs: string[] = [];
const cores: OpsCore[] = [];

beforeAll(async () => {
  redmine = await startRedmine();
  proxy = await FaultProxy.start(redmine.url);
  process.env[KEY_VARIABLE] = redmine.apiKey;
}, 120_000);

afterEach(() => {
  proxy.heal();
  for (const core of cores.splice(0)) core.close();
});

afterAll(async () => {
  await proxy?.close();
  await redmine?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Console {
  call<M extends MethodName>(method: M, input: Record<string, unknown>): Promise<MethodOutput<M>>;
}

function startConsole(operator: string, url: string): Console {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-incidents-redmine-'));
  dirs.push(dataDir);
  const fleetFile = redmineDrillFleet(dataDir, redmine, { url, keyVariable: KEY_VARIABLE, timeoutMs: 3000 });
  const core = createOpsCore({
    dataDir,
    version: 'test',
    fleetFile,
    operator,
    log: () => {},
    // Redmine comes back within a second: the circuit breaker tries it again as soon.
    http: { breakerHalfOpenAfterMs: 1000 },
    incidents: { pollMs: POLL_MS, sendWaitMs: 5000, callTimeoutMs: 5000 },
  });
  cores.push(core);
  return {
    call: async (method, input) => {
      const result = await core.dispatch(method, methods[method].kind === 'query' ? input : { idempotencyKey: `${operator}-${Math.random()}`, ...input });
      if (!result.ok) throw new Error(`${method}: ${result.error.kind}: ${result.error.message}`);
      return result.value as MethodOutput<typeof method>;
    },
  };
}


async function redmineApi(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${redmine.url}${path}`, { ...init, headers: { 'content-type': 'application/json', 'x-redmine-api-key': redmine.apiKey } });
}

async function journalNotes(issueId: string): Promise<string[]> {
  const body = (await (await redmineApi(`/issues/${issueId}.json?include=journals`)).json()) as { issue: { journals: Array<{ notes: string | null }> } };
  return body.issue.journals.map((journal) => journal.notes ?? '').filter((notes) => notes !== '');
}

const declareInput = (title: string) => ({
  title,
  severity: 'sev2',
  impact: { customers: ['drill'], environments: ['drill-prod'], regions: ['apac'], features: 'Sign-in' },
  commander: 'ana',
});

describe('incidents on a real Redmine', () => {
  it('shows what one console did on another within one poll', async () => {
    const ana = startConsole('ana', redmine.url);
    const ben = startConsole('ben', redmine.url);
    const { id } = await ana.call('incidents.declare', declareInput('Sign-in failing for Harbour'));
    await until(async () => expect((await ben.call('incidents.get', { id })).incident.title).toBe('Sign-in failing for Harbour'));

    await ana.call('incidents.setStatus', { id, status: 'investigating' });
    await ana.call('incidents.handOver', { id, commander: 'carla' });
    const seen = await until(async () => {
      const page = await ben.call('incidents.get', { id });
      expect([page.incident.status, page.incident.commander, page.ticket?.status]).toEqual(['investigating', 'carla', 'In Progress']);
      return page;
    });
    expect(seen.timeline.some((entry) => entry.kind === 'commander' && entry.text.includes('carla'))).toBe(true);

    await ben.call('incidents.addNote', { id, text: 'Ben here: certificate expired on the IdP' });
    await until(async () => expect((await ana.call('incidents.get', { id })).timeline.some((entry) => entry.kind === 'note' && entry.text === 'Ben here: certificate expired on the IdP')).toBe(true));
  }, 60_000);

  it('holds a note as a conflict when the ticket was moved in Redmine while the note waited, and does not post it', async () => {
    const ana = startConsole('ana', proxy.url);
    const declared = await ana.call('incidents.declare', declareInput('Exports stuck'));
    const issueId = declared.ticket?.id ?? '';
    expect(issueId).not.toBe('');

    for (const method of ['GET', 'POST', 'PUT']) proxy.arm(method, /.*/, { kind: 'status', status: 503 });
    const pending = await ana.call('incidents.addNote', { id: declared.id, text: 'Restarted the export workers' });
    expect(pending.pending).toBe(1);

    const statuses = (await (await redmineApi('/issue_statuses.json')).json()) as { issue_statuses: Array<{ id: number; name: string }> };
    const feedback = statuses.issue_statuses.find((status) => status.name === 'Feedback');
    const moved = await redmineApi(`/issues/${issueId}.json`, { method: 'PUT', body: JSON.stringify({ issue: { status_id: feedback?.id } }) });
    expect(moved.status).toBe(204);
    proxy.heal();

    const [entry] = await until(async () => {
      const outbox = (await ana.call('incidents.get', { id: declared.id })).outbox;
      expect(outbox[0]?.state).toBe('conflict');
      return outbox;
    });
    expect(entry?.conflict).toContain('"Feedback"');
    expect((await journalNotes(issueId)).some((notes) => notes.includes('Restarted the export workers'))).toBe(false);

    await ana.call('incidents.resolveConflict', { entryId: entry?.id, action: 'discard' });
    expect((await ana.call('incidents.get', { id: declared.id })).outbox).toEqual([]);
    expect((await journalNotes(issueId)).some((notes) => notes.includes('Restarted the export workers'))).toBe(false);
  }, 60_000);
});
