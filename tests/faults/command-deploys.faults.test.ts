import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/prom-stack.js';
import { RELEASES, writeDrillFleet } from './support/drill-fleet.js';
import { deployInput, describeDeployments, isFinished, releaseCounter, resolveLostTracks, settleDeployments } from './support/deploy-drills.js';
import { explain, runDrill, type Drill, type KillPoint } from './support/drill.js';

/**
 * The command deployer with real processes: its deploy and swap scripts append one line per
 * effect to a file, then take a second to finish. The core is killed at its failpoints and
 * while a script runs (the script outlives the core, as a real one would). Counted: the lines
 * in the effects file. One click, one run of the deploy command (and one swap in the
 * staging-slot flow).
 */

const FILE = 'command deploys';
const nextRelease = releaseCounter(RELEASES);

function effectsFile(workDir: string): string {
  return join(workDir, 'effects.log');
}

function script(workDir: string, name: string, effect: string): string {
  const path = join(workDir, `${name}.sh`);
  writeFileSync(path, `#!/bin/sh\necho "${effect} $WATCHFLOOR_DEPLOYMENT_KEY $WATCHFLOOR_RELEASE" >> "${effectsFile(workDir)}"\nsleep 1\n`);
  chmodSync(path, 0o755);
  return path;
}

function effectLines(workDir: string, effect: string): number {
  try {
    return readFileSync(effectsFile(workDir), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith(`${effect} `)).length;
  } catch {
    return 0;
  }
}

/** Killed once the script has written its line and is still running. */
function whileRunning(effect: 'deploy' | 'swap'): KillPoint {
  return {
    label: `while the ${effect} command runs`,
    seen: async (workDir) => {
      await eventually(`the ${effect} command's line`, () => (effectLines(workDir, effect) > 0 ? true : undefined), 15_000);
    },
  };
}

function drill(name: string, environmentId: 'drill-cmd' | 'drill-cmd-swap', kill: KillPoint): Drill {
  const swaps = environmentId === 'drill-cmd-swap';
  return {
    file: FILE,
    name,
    fleet: (dir) => writeDrillFleet(dir, { command: { deploy: script(dir, 'deploy', 'deploy'), swap: script(dir, 'swap', 'swap') } }),
    method: 'deploys.start',
    input: deployInput(environmentId, nextRelease()),
    startCounting: (workDir) => async () => effectLines(workDir, 'deploy') + effectLines(workDir, 'swap'),
    expected: swaps ? 2 : 1,
    kill,
    settle: (core, deadline) => settleDeployments(core, deadline, isFinished),
    describe: describeDeployments,
    operator: resolveLostTracks,
    proxies: () => [],
  };
}

const drills: Drill[] = [
  drill('killed at deploy.before-start', 'drill-cmd', { failpoint: 'deploy.before-start' }),
  drill('killed at deploy.after-start-answer', 'drill-cmd', { failpoint: 'deploy.after-start-answer' }),
  drill('killed at deploy.mid-poll', 'drill-cmd', { failpoint: 'deploy.mid-poll' }),
  drill('killed at command.before-run', 'drill-cmd', { failpoint: 'command.before-run' }),
  drill('killed while the deploy command runs', 'drill-cmd', whileRunning('deploy')),
  drill('staging-slot flow killed while the deploy command runs', 'drill-cmd-swap', whileRunning('deploy')),
  drill('staging-slot flow killed while the swap command runs', 'drill-cmd-swap', whileRunning('swap')),
  drill('staging-slot flow killed at deploy.before-swap', 'drill-cmd-swap', { failpoint: 'deploy.before-swap' }),
  drill('staging-slot flow killed at deploy.after-swap', 'drill-cmd-swap', { failpoint: 'deploy.after-swap' }),
];

describe('The command deployer under faults: one click, one run of the command', () => {
  for (const entry of drills) {
    it(entry.name, async () => {
      const outcome = await runDrill(entry);
      expect(outcome.counted, explain(entry, outcome)).toBe(outcome.expected);
    });
  }
});
