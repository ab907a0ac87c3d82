import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AuditRepo } from '../../main/core/store/audit-repo.js';
import { openDatabase, STORE_FILE } from '../../main/core/store/database.js';
import { EnvStateRepo, type StoredEnvState } from '../../main/core/store/env-state-repo.js';
import { inspectStoreFile } from '../../main/core/store/store-file.js';
import { machine, percentile, progress, report, round, TempDirs } from './measure.js';

/**
 * What durability costs: the store commits with synchronous=FULL (an fsync of the WAL per commit)
 * where it used NORMAL (no fsync until a checkpoint). Timed side by side on the same disk: one
 * audit row per commit (a command), a batch of 100 environment states per commit (a fleet flush),
 * and the quick_check every start runs, by store size. Run alone: `npx tsx tests/bench/store-durability.ts`.
 */

const COMMITS = 300;
const BATCH = 100;
const CHECK_SIZES = [10_000, 100_000];

function auditRow(index: number) {
  return { at: index, who: 'bench', action: 'silences.create', target: `env-${index % 500}`, why: null, result: 'succeeded' as const, detail: `detail ${index} `.repeat(12), deploymentId: null };
}

function timeEach(count: number, run: (index: number) => void): number[] {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    run(index);
    times.push(performance.now() - started);
  }
  return times;
}

export interface CommitCost {
  mode: 'NORMAL' | 'FULL';
  auditMedianMs: number;
  auditP99Ms: number;
  batchMedianMs: number;
  batchP99Ms: number;
}

function states(round: number): StoredEnvState[] {
  return Array.from({ length: BATCH }, (_, index) => ({ id: `env-${index}`, source: 'sim', health: round % 2 ? 'ok' : 'warning', reason: `round ${round}`, observedAt: round, changedAt: round }));
}

/** Both kinds of commit with the whole connection in one mode (the repo of states relaxes itself, so it is bypassed here). */
function commitCost(temps: TempDirs, mode: CommitCost['mode']): CommitCost {
  const db = openDatabase(temps.make());
  db.pragma(`synchronous = ${mode}`);
  const audit = new AuditRepo(db);
  const upsert = db.prepare(
    `INSERT INTO env_state (id, source, health, reason, observed_at, changed_at) VALUES (@id, @source, @health, @reason, @observedAt, @changedAt)
     ON CONFLICT(id) DO UPDATE SET health = excluded.health, reason = excluded.reason, observed_at = excluded.observed_at, changed_at = excluded.changed_at`,
  );
  const saveMany = db.transaction((rows: StoredEnvState[]) => {
    for (const row of rows) upsert.run(row);
  });
  const appends = timeEach(COMMITS, (index) => audit.append(auditRow(index)));
  const batches = timeEach(COMMITS, (round) => saveMany(states(round)));
  db.close();
  return {
    mode,
    auditMedianMs: round(percentile(appends, 50)),
    auditP99Ms: round(percentile(appends, 99)),
    batchMedianMs: round(percentile(batches, 50)),
    batchP99Ms: round(percentile(batches, 99)),
  };
}

/** The states as the store now writes them: through their repo, relaxed, on a FULL connection. */
function shippedBatchCost(temps: TempDirs): { medianMs: number; p99Ms: number } {
  const db = openDatabase(temps.make());
  const repo = new EnvStateRepo(db);
  const batches = timeEach(COMMITS, (round) => repo.saveMany(states(round)));
  db.close();
  return { medianMs: round(percentile(batches, 50)), p99Ms: round(percentile(batches, 99)) };
}

export interface CheckCost {
  rows: number;
  megabytes: number;
  quickCheckMs: number;
}

function checkCost(temps: TempDirs, rows: number): CheckCost {
  const dir = temps.make();
  const db = openDatabase(dir);
  const audit = new AuditRepo(db);
  db.transaction(() => {
    for (let index = 0; index < rows; index++) audit.append(auditRow(index));
  })();
  db.close();
  const file = join(dir, STORE_FILE);
  const started = performance.now();
  const condition = inspectStoreFile(file);
  const quickCheckMs = performance.now() - started;
  if (condition.state !== 'sound') throw new Error(`the bench store is ${condition.state}`);
  return { rows, megabytes: round(statSync(file).size / 2 ** 20, 1), quickCheckMs: round(quickCheckMs, 1) };
}

export function benchStoreDurability(temps: TempDirs): { commits: CommitCost[]; shipped: { medianMs: number; p99Ms: number }; checks: CheckCost[] } {
  progress('store: commit cost, NORMAL then FULL');
  const commits = [commitCost(temps, 'NORMAL'), commitCost(temps, 'FULL')];
  for (const cost of commits) {
    report({ name: `store.audit-append.${cost.mode}.median`, value: cost.auditMedianMs, unit: 'ms', fleetSize: 0, servers: 0 }, { p99: cost.auditP99Ms });
    report({ name: `store.state-batch.${cost.mode}.median`, value: cost.batchMedianMs, unit: 'ms', fleetSize: 0, servers: 0 }, { p99: cost.batchP99Ms, rows: BATCH });
  }
  const shipped = shippedBatchCost(temps);
  report({ name: 'store.state-batch.shipped.median', value: shipped.medianMs, unit: 'ms', fleetSize: 0, servers: 0 }, { p99: shipped.p99Ms, rows: BATCH });
  progress('store: quick_check at start');
  const checks = CHECK_SIZES.map((rows) => checkCost(temps, rows));
  for (const check of checks) report({ name: 'store.quick-check', value: check.quickCheckMs, unit: 'ms', fleetSize: 0, servers: 0 }, { auditRows: check.rows, megabytes: check.megabytes });
  return { commits, shipped, checks };
}

function main(): void {
  const temps = new TempDirs();
  try {
    const { commits, shipped, checks } = benchStoreDurability(temps);
    console.error(`Store durability (${machine()})`);
    for (const cost of commits) {
      console.error(
        `  ${cost.mode.padEnd(6)} audit row per commit: median ${cost.auditMedianMs} ms, p99 ${cost.auditP99Ms} ms; ${BATCH} states per commit: median ${cost.batchMedianMs} ms, p99 ${cost.batchP99Ms} ms`,
      );
    }
    console.error(`  as shipped, ${BATCH} states per commit (relaxed on a FULL connection): median ${shipped.medianMs} ms, p99 ${shipped.p99Ms} ms`);
    for (const check of checks) console.error(`  quick_check of a store with ${check.rows} audit rows (${check.megabytes} MiB): ${check.quickCheckMs} ms`);
  } finally {
    temps.removeAll();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
