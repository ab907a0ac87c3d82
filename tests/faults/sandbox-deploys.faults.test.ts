import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELEASES, writeDrillFleet } from './support/drill-fleet.js';
import { deployInput, describeDeployments, isFinished, isSettledStart, releaseCounter, resolveLostTracks, settleDeployments } from './support/deploy-drills.js';
import { explain, runDrill, type Drill } from './support/drill.js';

/**
 * The sandbox deployer as the backend it stands for: its state lives in
 * `<data dir>/sandbox-backend.sqlite` and outlives the console process, one row per deployment
 * it accepted (sandbox_deployment) and per swap it completed (sandbox_swap). The core is killed
 * at its failpoints: before the start, when the sandbox has committed the start, after the
 * answer, mid-poll, and around the swap. Counted: the rows of the environment in that file.
 */

const FILE = 'sandbox deploys';
const nextRelease = releaseCounter(RELEASES);
/** A simulated deployment runs its steps in about 24 s before it can be swapped in. */
const SWAP_PATIENCE_MS = 45_000;

function rows(workDir: string, table: 'sandbox_deployment' | 'sandbox_swap', environmentId: string): number {
  const file = join(workDir, 'data', 'sandbox-backend.sqlite');
  if (!existsSync(file)) throw new Error(`${file} does not exist: the sandbox deployer keeps no state outside the console process`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare(`SELECT count(*) AS n FROM ${table} WHERE environment_id = ?`).get(environmentId) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

function drill(name: string, environmentId: 'drill-sim' | 'drill-sim-swap', failpoint: string): Drill {
  const swaps = environmentId === 'drill-sim-swap';
  return {
    file: FILE,
    name,
    fleet: (dir) => writeDrillFleet(dir, {}),
    method: 'deploys.start',
    input: deployInput(environmentId, nextRelease()),
    startCounting: (workDir) => async () => rows(workDir, 'sandbox_deployment', environmentId) + (swaps ? rows(workDir, 'sandbox_swap', environmentId) : 0),
    expected: swaps ? 2 : 1,
    kill: { failpoint },
    ...(swaps ? { killWithinMs: SWAP_PATIENCE_MS } : {}),
    settle: (core, deadline) => settleDeployments(core, deadline, swaps ? isFinished : isSettledStart),
    describe: describeDeployments,
    operator: resolveLostTracks,
    proxies: () => [],
  };
}

const drills: Drill[] = [
  drill('killed at deploy.before-start', 'drill-sim', 'deploy.before-start'),
  drill('killed at sandbox.start-committed', 'drill-sim', 'sandbox.start-committed'),
  drill('killed at deploy.after-start-answer', 'drill-sim', 'deploy.after-start-answer'),
  drill('killed at deploy.mid-poll', 'drill-sim', 'deploy.mid-poll'),
  drill('killed at the third deploy.mid-poll', 'drill-sim', 'deploy.mid-poll#3'),
  drill('killed at command.before-run', 'drill-sim', 'command.before-run'),
  drill('staging-slot flow killed at deploy.before-swap', 'drill-sim-swap', 'deploy.before-swap'),
  drill('staging-slot flow killed at sandbox.swap-committed', 'drill-sim-swap', 'sandbox.swap-committed'),
  drill('staging-slot flow killed at deploy.after-swap', 'drill-sim-swap', 'deploy.after-swap'),
];

describe('The sandbox deployer under faults: one click, one deployment in its store', () => {
  for (const entry of drills) {
    it(entry.name, { timeout: 90_000 }, async () => {
      const outcome = await runDrill(entry);
      expect(outcome.counted, explain(entry, outcome)).toBe(outcome.expected);
    });
  }
});
