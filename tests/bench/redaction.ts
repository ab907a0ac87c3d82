import { randomBytes } from 'node:crypto';
import type { FleetSnapshot } from '../../shared/contract/fleet.js';
import { createOpsCore } from '../../main/core/ops-core.js';
import { Redactor } from '../../main/core/vault/redactor.js';
import { percentile, progress, report, round, type TempDirs } from './measure.js';

/**
 * The last guard's cost on the largest answer: every string of fleet.snapshot of a large
 * simulated fleet passed through the redactor, as the dispatcher does before an answer leaves
 * the core, with no secret held (the guard returns at once), a few and many. The answer is
 * clean, as nearly all are: the cost is the search, not the copying.
 */

const FLEET = 50_000;
const RUNS = 15;
const SECRET_COUNTS = [0, 1, 10, 50];

/** A connection's secrets as the core remembers them: the value, and the auth header built from it. */
function redactorWith(count: number): Redactor {
  const redactor = new Redactor();
  for (let i = 0; i < count; i += 1) {
    const secret = randomBytes(24).toString('base64');
    redactor.remember(secret);
    const basic = Buffer.from(`watch:${secret}`).toString('base64');
    redactor.remember(`Basic ${basic}`);
    redactor.remember(basic);
  }
  return redactor;
}

function stringsIn(value: unknown): number {
  if (typeof value === 'string') return 1;
  if (typeof value !== 'object' || value === null) return 0;
  if (Array.isArray(value)) return value.reduce((sum: number, item: unknown) => sum + stringsIn(item), 0);
  return Object.entries(value).reduce((sum, [, item]) => sum + 1 + stringsIn(item), 0);
}

export async function benchRedaction(temps: TempDirs): Promise<void> {
  progress(`redaction: starting a core with ${FLEET} simulated environments`);
  const core = createOpsCore({ dataDir: temps.make(), version: 'bench', sandboxSize: FLEET, log: () => undefined });
  let snapshot: FleetSnapshot;
  try {
    await new Promise<void>((resolve) => {
      const off = core.subscribe('fleet.delta', () => {
        off();
        resolve();
      });
    });
    const result = await core.dispatch('fleet.snapshot', {});
    if (!result.ok) throw new Error(`fleet.snapshot failed: ${result.error.message}`);
    snapshot = result.value as FleetSnapshot;
  } finally {
    core.close();
  }
  const strings = stringsIn(snapshot);
  const bytes = Buffer.byteLength(JSON.stringify(snapshot));
  const servers = snapshot.environments.profile.reduce((sum, position) => sum + (snapshot.environments.profiles[position]?.servers ?? 0), 0);
  for (const count of SECRET_COUNTS) {
    const redactor = redactorWith(count);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const clean = redactor.redactDeep(snapshot);
      times.push(performance.now() - started);
      if (clean !== snapshot) throw new Error('the clean snapshot was copied: something in it was taken for a secret');
    }
    progress(`redaction: ${count} secrets, median ${round(percentile(times, 50))} ms`);
    report(
      { name: `redaction.snapshot.${count}-secrets`, value: round(percentile(times, 50)), unit: 'ms', fleetSize: FLEET, servers },
      { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)), runs: RUNS, secrets: count, strings, bytes },
    );
  }
}
