import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPromStack, type PromStack } from '../support/prom-stack.js';
import { writeDrillFleet } from './support/drill-fleet.js';
import { explain, runDrill, type Drill, type KillPoint } from './support/drill.js';
import { FaultProxy, type Fault, type TapStage } from './support/fault-proxy.js';

/**
 * Silences on the real Alertmanager (Debian's prometheus-alertmanager on loopback): the core is
 * killed before the create reaches Alertmanager, after Alertmanager made the silence but before
 * the core has its id, after the answer, and at the core's failpoints; then Alertmanager hangs,
 * is slow, fails or answers garbage. The renderer sends the request again with the same key
 * while it has no final answer (none, or in doubt); after a refusal the person clicks again
 * (a new key). Counted with GET /api/v2/silences: the silences carrying the run's comment.
 */

const FILE = 'alertmanager silences';
const CREATE = /^\/api\/v2\/silences$/;

let stack: PromStack;
let proxy: FaultProxy;

beforeAll(async () => {
  stack = await startPromStack();
  proxy = await FaultProxy.start(stack.alertmanagerUrl);
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await stack?.stop();
});

async function silencesWith(comment: string): Promise<number> {
  const response = await fetch(`${stack.alertmanagerUrl}/api/v2/silences`);
  if (!response.ok) throw new Error(`Alertmanager answered ${response.status} to GET /api/v2/silences`);
  const silences = (await response.json()) as Array<{ comment: string }>;
  return silences.filter((silence) => silence.comment.includes(comment)).length;
}

function drill(name: string, options: { kill?: KillPoint; fault?: Fault }): Drill {
  const mark = `fault drill ${randomUUID()}`;
  return {
    file: FILE,
    name,
    fleet: (dir) => writeDrillFleet(dir, { alertmanager: proxy.url }),
    method: 'silences.create',
    input: {
      connectionId: 'am',
      matchers: [{ name: 'environment', value: 'drill-sim', isRegex: false, isEqual: true }],
      durationMinutes: 30,
      comment: `${mark}: ${name}`,
    },
    startCounting: () => () => silencesWith(mark),
    expected: 1,
    ...(options.kill ? { kill: options.kill } : {}),
    ...(options.fault ? { misbehave: () => proxy.arm('POST', CREATE, options.fault as Fault, 1) } : {}),
    // A refusal is final for its key: the person clicks again, which is a new key.
    clicksAgain: (answer) => answer !== null && !answer.ok,
    // The answer is the settlement: once the retry has one, nothing more is sent.
    settle: async () => undefined,
    proxies: () => [proxy],
  };
}

const tap = (label: string, stage: TapStage): KillPoint => ({ proxy: () => proxy, method: 'POST', path: CREATE, stage, label });

const drills: Drill[] = [
  drill('killed before the create reaches Alertmanager', { kill: tap('create held before Alertmanager', 'before-forward') }),
  drill('killed after Alertmanager made it, before the answer', { kill: tap('create answered, answer held', 'after-forward') }),
  drill('killed right after the answer', { kill: tap('create answered', 'after-answer') }),
  drill('killed at command.before-run', { kill: { failpoint: 'command.before-run' } }),
  drill('killed at silence.before-create', { kill: { failpoint: 'silence.before-create' } }),
  drill('killed at silence.after-create', { kill: { failpoint: 'silence.after-create' } }),
  drill('Alertmanager hangs without acting', { fault: { kind: 'hang' } }),
  drill('Alertmanager makes it and never answers', { fault: { kind: 'forward-then-hang' } }),
  drill('Alertmanager answers after the timeout', { fault: { kind: 'delay', ms: 4000 } }),
  drill('Alertmanager answers 503 without acting', { fault: { kind: 'status', status: 503 } }),
  drill('Alertmanager makes it and answers 500', { fault: { kind: 'forward-then-status', status: 500 } }),
  drill('Alertmanager makes it and answers malformed JSON', { fault: { kind: 'malformed' } }),
  drill('Alertmanager makes it and the connection drops', { fault: { kind: 'drop-answer' } }),
];

describe('Silences on the real Alertmanager under faults: one click, one silence', () => {
  for (const entry of drills) {
    it(entry.name, async () => {
      const outcome = await runDrill(entry);
      expect(outcome.counted, explain(entry, outcome)).toBe(outcome.expected);
    });
  }
});
