import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/prom-stack.js';
import { writeDrillFleet } from './support/drill-fleet.js';
import { describeDeployments, isFinished, resolveLostTracks, settleDeployments } from './support/deploy-drills.js';
import { explain, runDrill, type Drill, type KillPoint } from './support/drill.js';

/**
 * A decommission through the command deployer with real processes: the decommission script
 * appends one line per run to a file, then takes a second to finish. The core is killed at its
 * failpoints and while the script runs (the script outlives the core, as a real one would).
 * Counted: the script's lines. One click, one run of the decommission command; afterwards the
 * fleet file marks the environment decommissioned, whichever console saw it end.
 */

const FILE = 'command decommission';
const ENVIRONMENT = 'drill-cmd';
/** Its name, which the fleet file does not give: its customer's and its kind's. */
const TYPED_NAME = 'Drill Co training';

function effectsFile(workDir: string): string {
  return join(workDir, 'effects.log');
}

function script(workDir: string, name: string): string {
  const path = join(workDir, `${name}.sh`);
  writeFileSync(path, `#!/bin/sh\necho "$WATCHFLOOR_ACTION $WATCHFLOOR_DEPLOYMENT_KEY $WATCHFLOOR_TARGET" >> "${effectsFile(workDir)}"\nsleep 1\n`);
  chmodSync(path, 0o755);
  return path;
}

/** The decommission command's runs, as the script itself wrote them. */
function decommissions(workDir: string): number {
  try {
    return readFileSync(effectsFile(workDir), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('decommission ')).length;
  } catch {
    return 0;
  }
}

const whileRunning: KillPoint = {
  label: 'while the decommission command runs',
  seen: async (workDir) => {
    await eventually("the decommission command's line", () => (decommissions(workDir) > 0 ? true : undefined), 15_000);
  },
};

function drill(name: string, kill: KillPoint): Drill {
  let fleetFile = '';
  return {
    file: FILE,
    name,
    fleet: (dir) => {
      fleetFile = writeDrillFleet(dir, { command: { deploy: script(dir, 'deploy'), swap: script(dir, 'swap'), decommission: script(dir, 'decommission') } });
      return fleetFile;
    },
    method: 'deploys.start',
    input: { request: { action: 'decommission', target: { by: 'environments', ids: [ENVIRONMENT] }, reason: 'fault drill: training ended', confirmation: TYPED_NAME } },
    startCounting: (workDir) => async () => decommissions(workDir),
    expected: 1,
    kill,
    settle: (core, deadline) => settleDeployments(core, deadline, isFinished),
    describe: describeDeployments,
    operator: resolveLostTracks,
    proxies: () => [],
    verify: async () => {
      const line = readFileSync(fleetFile, 'utf8')
        .split('\n')
        .find((text) => text.includes(`id: ${ENVIRONMENT},`));
      expect(line, 'the fleet file marks the environment decommissioned').toMatch(/, decommissioned: \d{4}-\d{2}-\d{2} \}$/);
    },
  };
}

const drills: Drill[] = [
  drill('killed at deploy.before-start', { failpoint: 'deploy.before-start' }),
  drill('killed at deploy.after-start-answer', { failpoint: 'deploy.after-start-answer' }),
  drill('killed at command.before-run', { failpoint: 'command.before-run' }),
  drill('killed while the decommission command runs', whileRunning),
];

describe('A decommission through the command deployer under faults: one click, one run of the decommission command', () => {
  for (const entry of drills) {
    it(entry.name, async () => {
      const outcome = await runDrill(entry);
      expect(outcome.counted, explain(entry, outcome)).toBe(outcome.expected);
    });
  }
});
