import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishOutcome } from '../../shared/contract/calendar.js';
import { StatuspageFake } from '../support/fakes/statuspage-fake.js';
import type { ContractAnswer } from './support/core-process.js';
import { DRILL_SECRETS, STATUSPAGE_PAGE, writeDrillFleet } from './support/drill-fleet.js';
import { explain, runDrill, type Drill, type KillPoint } from './support/drill.js';
import { FaultProxy, type Fault, type TapStage } from './support/fault-proxy.js';

/**
 * Publishing a maintenance window to Statuspage (the local fake of its REST API): the core is
 * killed before the create reaches Statuspage, after Statuspage made the scheduled maintenance
 * but before the core has its id, after the answer, during the look-up by marker, and at the
 * failpoints around the create; then Statuspage misbehaves. A person who sees "failed" on a
 * backend clicks publish again. Counted: the scheduled maintenances of the run's window on the page.
 */

const FILE = 'statuspage publishing';
const INCIDENTS = new RegExp(`^/v1/pages/${STATUSPAGE_PAGE}/incidents$`);
const LISTS = new RegExp(`^/v1/pages/${STATUSPAGE_PAGE}/incidents/(upcoming|scheduled|active_maintenance)$`);

let fake: StatuspageFake;
let proxy: FaultProxy;

beforeAll(async () => {
  fake = await StatuspageFake.start({ apiKey: DRILL_SECRETS.FAULTS_STATUSPAGE_KEY, pageId: STATUSPAGE_PAGE });
  proxy = await FaultProxy.start(fake.url);
});

afterAll(async () => {
  await proxy?.close();
  await fake?.close();
});

/** "Failed" on a backend is shown with a retry; a person uses it. */
function publishFailed(answer: ContractAnswer | null): boolean {
  if (!answer?.ok) return false;
  const outcomes = PublishOutcome.array().parse((answer.value as { outcomes: unknown }).outcomes);
  return outcomes.some((outcome) => outcome.state === 'failed');
}

function drill(name: string, options: { kill?: KillPoint; fault?: { method: string; path: RegExp; fault: Fault } }): Drill {
  const id = `drill-${randomUUID().slice(0, 8)}`;
  const title = `Drill ${id}`;
  return {
    file: FILE,
    name,
    fleet: (dir) => writeDrillFleet(dir, { statuspage: proxy.url, window: { id, title } }),
    method: 'calendar.publish',
    input: { windowId: id, next: 1 },
    startCounting: () => async () => fake.list().filter((incident) => incident.name.includes(title)).length,
    expected: 1,
    ...(options.kill ? { kill: options.kill } : {}),
    ...(options.fault ? { misbehave: () => proxy.arm(options.fault?.method ?? 'POST', options.fault?.path ?? INCIDENTS, options.fault?.fault as Fault, 1) } : {}),
    clicksAgain: publishFailed,
    settle: async () => undefined,
    proxies: () => [proxy],
  };
}

const tap = (label: string, method: string, path: RegExp, stage: TapStage): KillPoint => ({ proxy: () => proxy, method, path, stage, label });
const create = (fault: Fault) => ({ method: 'POST', path: INCIDENTS, fault });

const drills: Drill[] = [
  drill('killed before the create reaches Statuspage', { kill: tap('create held before Statuspage', 'POST', INCIDENTS, 'before-forward') }),
  drill('killed after Statuspage made it, before the answer', { kill: tap('create answered, answer held', 'POST', INCIDENTS, 'after-forward') }),
  drill('killed right after the answer', { kill: tap('create answered', 'POST', INCIDENTS, 'after-answer') }),
  drill('killed during the look-up by marker', { kill: tap('look-up held before Statuspage', 'GET', LISTS, 'before-forward') }),
  drill('killed after the look-up answered, before the core has it', { kill: tap('look-up answered, answer held', 'GET', LISTS, 'after-forward') }),
  drill('killed right after the look-up answered', { kill: tap('look-up answered', 'GET', LISTS, 'after-answer') }),
  drill('killed at publish.before-create', { kill: { failpoint: 'publish.before-create' } }),
  drill('killed at publish.after-create', { kill: { failpoint: 'publish.after-create' } }),
  drill('killed at command.before-run', { kill: { failpoint: 'command.before-run' } }),
  drill('Statuspage hangs without acting', { fault: create({ kind: 'hang' }) }),
  drill('Statuspage makes it and never answers', { fault: create({ kind: 'forward-then-hang' }) }),
  drill('Statuspage answers 503 without acting', { fault: create({ kind: 'status', status: 503 }) }),
  drill('Statuspage makes it and answers 500', { fault: create({ kind: 'forward-then-status', status: 500 }) }),
  drill('Statuspage makes it and answers malformed JSON', { fault: create({ kind: 'malformed' }) }),
  drill('Statuspage makes it and the connection drops', { fault: create({ kind: 'drop-answer' }) }),
];

describe('Publishing to Statuspage under faults: one click, one scheduled maintenance', () => {
  for (const entry of drills) {
    it(entry.name, async () => {
      const outcome = await runDrill(entry);
      expect(outcome.counted, explain(entry, outcome)).toBe(outcome.expected);
    });
  }
});
