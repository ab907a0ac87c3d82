import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { doubled, lost, readRuns, summaryTable } from './tally.js';

/**
 * Global setup of the fault-injection suite. It compiles the browser host with its core once
 * (main/web/serve.ts bundled with esbuild, packages left to node_modules), so that each of the
 * suite's hundred-odd core starts costs a start and not a TypeScript transform; gives the
 * workers one file to append their runs to; and at the end prints the figures and fails the
 * run on any lost or doubled effect, or when fewer kill points ran than
 * WATCHFLOOR_FAULTS_MIN_KILLS asks (npm run test:faults: 50).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    faultsTally: string;
    faultsCoreScript: string;
  }
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-faults-tally-'));
  const tallyFile = join(dir, 'runs.jsonl');
  // Beside node_modules, so the bundle's packages resolve as the built app's do.
  const outDir = join(ROOT, 'out', `faults-${process.pid}`);
  mkdirSync(outDir, { recursive: true });
  const coreScript = join(outDir, 'serve.mjs');
  await build({
    entryPoints: [join(ROOT, 'main', 'web', 'serve.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: coreScript,
    logLevel: 'warning',
  });
  project.provide('faultsTally', tallyFile);
  project.provide('faultsCoreScript', coreScript);
  return () => {
    const rows = readRuns(tallyFile);
    rmSync(dir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
    console.log(`\nFault injection: what the backends hold after each run\n${summaryTable(rows)}\n`);
    const bad = rows.reduce((sum, row) => sum + lost(row) + doubled(row), 0);
    const incomplete = rows.filter((row) => row.incomplete !== undefined).length;
    const kills = rows.reduce((sum, row) => sum + row.kills, 0);
    const minimum = Number(process.env.WATCHFLOOR_FAULTS_MIN_KILLS ?? 0);
    const problems = [
      ...(bad > 0 ? [`${bad} effect(s) lost or doubled`] : []),
      ...(incomplete > 0 ? [`${incomplete} run(s) could not be completed`] : []),
      ...(kills < minimum ? [`only ${kills} kill points ran; at least ${minimum} are required`] : []),
    ];
    if (problems.length > 0) throw new Error(`fault injection: ${problems.join('; ')}`);
  };
}
