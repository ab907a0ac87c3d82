import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { FleetSnapshot } from '../../shared/contract/fleet.js';
import type { IncidentDetail, IncidentList } from '../../shared/contract/incidents.js';
import { SANDBOX_BACKEND_FILE } from '../../main/core/connectors/sandbox/sandbox-backend-file.js';
import { SANDBOX_BACKEND_ID } from '../../main/core/connectors/sandbox/generate-fleet.js';
import { createOpsCore, type OpsCore } from '../../main/core/ops-core.js';
import { percentile, progress, report, round, sleep, type TempDirs, timeAsync } from './measure.js';

/**
 * incidents.list and incidents.get on 2,000 open incidents whose tickets carry 100 comments each
 * (200,000 timeline entries), on a 5,000-environment sandbox fleet. The incidents are declared
 * through the core's command (so their tickets and records are what the console writes); the
 * comments are then added to the simulated ticketing backend's file, as people commenting on the
 * tickets would, and the core's own poll reads them into its cache before anything is timed.
 */

const FLEET = 5000;
const INCIDENTS = 2000;
const COMMENTS_PER_TICKET = 100;
const WARM_UP = 5;
const CALLS = 60;
const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
const POLL_TIMEOUT_MS = 600_000;

const log = (line: string) => progress(`core: ${line}`);

async function call<T>(core: OpsCore, method: string, input: unknown): Promise<T> {
  const result = await core.dispatch(method, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.kind}: ${result.error.message}`);
  return result.value as T;
}

/** Adds the comments in one transaction and touches each ticket, so the next poll re-reads them. */
function commentOnTickets(dataDir: string, now: number): number {
  const db = new Database(join(dataDir, SANDBOX_BACKEND_FILE));
  try {
    db.pragma('busy_timeout = 5000');
    const tickets = db.prepare('SELECT number FROM sandbox_ticket WHERE backend_id = ? AND marker IS NOT NULL').all(SANDBOX_BACKEND_ID) as Array<{ number: number }>;
    const insert = db.prepare(
      "INSERT INTO sandbox_ticket_comment (backend_id, ticket_number, author, text, comment_key, visibility, at) VALUES (?, ?, ?, ?, NULL, 'internal', ?)",
    );
    const touch = db.prepare('UPDATE sandbox_ticket SET updated_at = ? WHERE backend_id = ? AND number = ?');
    db.transaction(() => {
      for (const { number } of tickets) {
        for (let i = 0; i < COMMENTS_PER_TICKET; i++) {
          const at = now - (COMMENTS_PER_TICKET - i) * 30_000;
          insert.run(SANDBOX_BACKEND_ID, number, `responder${i % 7}@example.com`, `Checked node ${i} of the pool: error rate ${(i % 13) / 10}% after the restart; watching the queue depth.`, at);
        }
        touch.run(now, SANDBOX_BACKEND_ID, number);
      }
    })();
    return tickets.length;
  } finally {
    db.close();
  }
}

function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + POLL_TIMEOUT_MS;
  return (async () => {
    while (!(await check())) {
      if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(500);
    }
  })();
}

function stats(times: readonly number[]): { p50: number; p95: number; max: number } {
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(Math.max(...times)) };
}

/** Seeds a core as above and returns it with its data dir; the caller closes it. */
export async function seededIncidentCore(temps: TempDirs): Promise<SeededCore> {
  const dataDir = temps.make();
  const core = createOpsCore({ dataDir, version: 'bench', sandboxSize: FLEET, log });
  try {
    return { ...(await seed(core, dataDir)), dataDir };
  } catch (error) {
    core.close();
    throw error;
  }
}

interface SeededCore {
  core: OpsCore;
  dataDir: string;
  ids: string[];
  environments: string[];
  servers: number;
}

async function seed(core: OpsCore, dataDir: string): Promise<Omit<SeededCore, 'dataDir'>> {
  const snapshot = await call<FleetSnapshot>(core, 'fleet.snapshot', {});
  const environments = snapshot.environments.id;
  const servers = snapshot.environments.profile.reduce((sum, position) => sum + (snapshot.environments.profiles[position]?.servers ?? 0), 0);
  await waitFor(async () => (await call<IncidentList>(core, 'incidents.list', {})).ticketing.reachable, 'the ticketing backend');

  progress(`incidents: declaring ${INCIDENTS} incidents on a ${FLEET}-environment fleet`);
  const declareStarted = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < INCIDENTS; i++) {
    const envs = [0, 1, 2].map((k) => environments[(i * 37 + k * 101) % environments.length] ?? '');
    const summary = await call<{ id: string }>(core, 'incidents.declare', {
      title: `Elevated error rate on ${envs[0]} (${i + 1})`,
      severity: SEVERITIES[i % SEVERITIES.length],
      impact: { environments: envs, features: 'Sign-in and exports' },
      commander: 'ana@example.com',
      responders: ['ben@example.com'],
      idempotencyKey: `bench-declare-${i}`,
    });
    ids.push(summary.id);
    if ((i + 1) % 500 === 0) progress(`incidents: ${i + 1} declared`);
  }
  const declareMs = performance.now() - declareStarted;
  await waitFor(async () => (await call<IncidentList>(core, 'incidents.list', {})).outbox === 0, 'the outbox to drain');

  progress(`incidents: adding ${COMMENTS_PER_TICKET} comments to each ticket in the backend file`);
  const commented = commentOnTickets(dataDir, Date.now());
  if (commented < INCIDENTS) throw new Error(`only ${commented} tickets in the backend`);
  const syncStarted = performance.now();
  const last = ids.at(-1) ?? '';
  await waitFor(async () => (await call<IncidentDetail>(core, 'incidents.get', { id: last })).timeline.length >= COMMENTS_PER_TICKET, 'the poll to read the comments');
  const first = ids[0] ?? '';
  await waitFor(async () => (await call<IncidentDetail>(core, 'incidents.get', { id: first })).timeline.length >= COMMENTS_PER_TICKET, 'the poll to read the comments');
  progress(`incidents: declared in ${round(declareMs / 1000, 1)} s, comments synced in ${round((performance.now() - syncStarted) / 1000, 1)} s`);
  return { core, ids, environments, servers };
}

/** Measures the core, closes it and answers its seeded data dir, for the browser half to reopen. */
export async function benchIncidents(temps: TempDirs): Promise<Omit<SeededCore, 'core'> & { fleetSize: number }> {
  const { core, dataDir, ids, environments, servers } = await seededIncidentCore(temps);
  try {
    const list = await call<IncidentList>(core, 'incidents.list', {});
    if (list.counts.open !== INCIDENTS) throw new Error(`${list.counts.open} open incidents, expected ${INCIDENTS}`);
    let entries = 0;

    for (let i = 0; i < WARM_UP; i++) await call(core, 'incidents.list', {});
    const listTimes: number[] = [];
    for (let i = 0; i < CALLS; i++) listTimes.push(await timeAsync(async () => void (await call(core, 'incidents.list', {}))));
    const pageTimes: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const id = ids[Math.floor(Math.random() * ids.length)] ?? '';
      pageTimes.push(await timeAsync(async () => void (entries += (await call<IncidentDetail>(core, 'incidents.get', { id })).timeline.length)));
    }
    const heapMiB = round(process.memoryUsage().heapUsed / 2 ** 20, 1);
    const size = { fleetSize: FLEET, servers };
    const listStats = stats(listTimes);
    const pageStats = stats(pageTimes);
    report({ name: 'incidents.list', value: listStats.p95, unit: 'ms', ...size }, { ...listStats, runs: CALLS, incidents: INCIDENTS, ticketComments: INCIDENTS * COMMENTS_PER_TICKET });
    report({ name: 'incidents.get', value: pageStats.p95, unit: 'ms', ...size }, { ...pageStats, runs: CALLS, incidents: INCIDENTS, meanTimelineEntries: round(entries / CALLS, 1) });
    report({ name: 'incidents.heapUsed', value: heapMiB, unit: 'MiB', ...size }, { incidents: INCIDENTS, ticketComments: INCIDENTS * COMMENTS_PER_TICKET });
    return { dataDir, ids, environments, servers, fleetSize: FLEET };
  } finally {
    core.close();
  }
}
