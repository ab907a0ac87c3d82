import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { doubled, lost, readRuns, summaryTable } from './tally.js';

/**
 * Global setup of the fault-injection suite: gives the workers one file to append their runs
 * to, and at the end prints the figures and fails the run on any lost or doubled effect, or
 * when fewer kill points ran than WATCHFLOOR_FAULTS_MIN_KILLS asks (npm run test:faults: 50).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    faultsTally: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-faults-tally-'));
  const tallyFile = join(dir, 'runs.jsonl');
  project.provide('faultsTally', tallyFile);
  return () => {
    const rows = readRuns(tallyFile);
    rmSync(dir, { recursive: true, force: true });
    console.log(`\nFault injection: what the backends hold after each run\n${summaryTable(rows)}\n`);
    const bad = rows.reduce((sum, row) => sum + lost(row) + doubled(row), 0);
    const kills = rows.reduce((sum, row) => sum + row.kills, 0);
    const minimum = Number(process.env.WATCHFLOOR_FAULTS_MIN_KILLS ?? 0);
    const problems = [
      ...(bad > 0 ? [`${bad} effect(s) lost or doubled`] : []),
      ...(kills < minimum ? [`only ${kills} kill points ran; at least ${minimum} are required`] : []),
    ];
    if (problems.length > 0) throw new Error(`fault injection: ${problems.join('; ')}`);
  };
}
