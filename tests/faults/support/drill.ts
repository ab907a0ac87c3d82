import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { ServeProcess } from '../../support/serve-process.js';
import { callOrNothing, startCore, type ContractAnswer } from './core-process.js';
import { DRILL_SECRETS } from './drill-fleet.js';
import type { ArmedFault, FaultProxy, TapStage } from './fault-proxy.js';
import { appendRun } from './tally.js';

/**
 * One run of the suite: start the real core on a fresh data directory, do one action through
 * its API as the renderer would, SIGKILL the core at a chosen point (an in-core failpoint, or a
 * proxy tap on the backend's request), start it again on the same directory, retry the action
 * with the same idempotency key while the renderer would (no answer, or a transient error),
 * let it settle, and count on the backend what the action did.
 */

export type KillPoint =
  | { failpoint: string }
  | { proxy(): FaultProxy; method: string; path: RegExp; stage: TapStage; label: string }
  /** Killed when something outside the core is seen, e.g. a deploy command's first line in its effects file. */
  | { seen(workDir: string): Promise<void>; label: string };

export interface Drill {
  /** The group in the summary table (the backend and the action). */
  file: string;
  name: string;
  /** Writes the run's fleet file into its data directory's sibling folder and returns its path. */
  fleet(workDir: string): string;
  method: string;
  input: Record<string, unknown>;
  /** Returns a function that counts the action's effects on the backend since now. */
  startCounting(workDir: string): Promise<() => Promise<number>> | (() => Promise<number>);
  expected: number;
  /**
   * Where the backend may rightly hold nothing (it refused or never heard of it, and the console
   * says so), the effects expected are what the console says it did; capped at `expected`.
   */
  expectedFromConsole?(core: ServeProcess): Promise<number>;
  /** How long the kill point may take to be reached (default 15 s): a simulated deployment takes its time. */
  killWithinMs?: number;
  /** Where the core is killed; none for a backend that misbehaves without a crash. */
  kill?: KillPoint;
  /** Faults armed before the action (a hung, slow, failing or lying backend); each fires once, and must have fired by the end. */
  misbehave?(): ArmedFault;
  /**
   * Whether a person who read this answer clicks again (a new click: a new key), e.g. "retry"
   * on a publish that failed on a backend. Asked once, after the same-key retries.
   */
  clicksAgain?(answer: ContractAnswer | null): boolean;
  /**
   * What the operator does once it settled, given a way to click again (a new key); returns
   * whether it clicked, so the run settles again. E.g. a deployment the console lost track of
   * is adopted from what the backend lists, or abandoned and deployed again.
   */
  operator?(core: ServeProcess, clickAgain: () => Promise<ContractAnswer | null>): Promise<boolean>;
  /** Runs every 150 ms through the whole run: what a backend does on its own (an Octopus task moving on). */
  tick?(): void;
  /** Waits until the core is done with the action, as far as counting needs. */
  settle(core: ServeProcess, deadline: number): Promise<void>;
  /** What the console says of the action once settled, in words for a failure message. */
  describe?(core: ServeProcess): Promise<string>;
  /** What the console must (not) say once settled, e.g. never "succeeded" for a deployment that is not there. */
  verify?(core: ServeProcess): Promise<void>;
  /** The proxies of the run's backends, healed after it. */
  proxies(): readonly FaultProxy[];
}

/** The longest a kill point may take to be reached once the action is sent. */
const KILL_WAIT_MS = 15_000;
const SETTLE_MS = 20_000;
/** Answers after which the same request goes again under its key: not final (in doubt), or from a renderer that retries unavailable and timeout. */
const SEND_AGAIN = new Set(['in-doubt', 'unavailable', 'timeout']);
const RETRIES = 3;

function killLabel(kill: KillPoint): string {
  return 'failpoint' in kill ? `failpoint ${kill.failpoint}` : kill.label;
}

function killTrigger(kill: KillPoint, workDir: string, tap: ArmedFault | undefined): Promise<void> | null {
  if ('seen' in kill) return kill.seen(workDir);
  return tap ? tap.reached : null;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(what)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function shouldRetry(answer: ContractAnswer | null): boolean {
  return answer === null || (!answer.ok && SEND_AGAIN.has(answer.error?.kind ?? ''));
}

export interface DrillOutcome {
  kills: number;
  expected: number;
  counted: number;
  answers: Array<ContractAnswer | null>;
  /** What the console said of it once settled. */
  said: string;
  /** When each phase ended, from the start of the run. */
  phases: string[];
  log: string;
}

/** Runs one drill and records its figures; the caller asserts them (so a failure names the run). */
export async function runDrill(drill: Drill): Promise<DrillOutcome> {
  const workDir = mkdtempSync(join(tmpdir(), 'watchfloor-faults-'));
  const dataDir = join(workDir, 'data');
  const fleetFile = drill.fleet(workDir);
  const count = await drill.startCounting(workDir);
  const idempotencyKey = `faults-${randomUUID()}`;
  const input = { ...drill.input, idempotencyKey };
  const answers: Array<ContractAnswer | null> = [];
  let kills = 0;
  let core: ServeProcess | undefined;
  let log = '';
  const begun = Date.now();
  const phases: string[] = [];
  const ticking = drill.tick ? setInterval(() => drill.tick?.(), 150) : undefined;
  try {
    const failpoint = drill.kill && 'failpoint' in drill.kill ? drill.kill.failpoint : undefined;
    core = await startCore({ dataDir, fleetFile, secrets: { ...DRILL_SECRETS }, ...(failpoint ? { failpoint } : {}) });
    const fault = drill.misbehave?.();
    const tap = drill.kill && 'proxy' in drill.kill ? drill.kill.proxy().arm(drill.kill.method, drill.kill.path, { kind: 'tap', stage: drill.kill.stage }, 1) : undefined;
    const first = callOrNothing(core, drill.method, input);
    if (drill.kill) {
      const running = core;
      const trigger = killTrigger(drill.kill, workDir, tap);
      const killed = trigger ? trigger.then(() => running.kill()).then(() => running.exited) : running.exited;
      const patience = drill.killWithinMs ?? KILL_WAIT_MS;
      const signal = await within(killed, patience, `${killLabel(drill.kill)} was not reached within ${patience / 1000} s of ${drill.method}`);
      if (signal !== 'SIGKILL') throw new Error(`the core ended with ${signal ?? 'an exit'} instead of being killed at ${killLabel(drill.kill)}:\n${running.stderr()}`);
      kills += 1;
      phases.push(`killed ${Date.now() - begun} ms`);
      log += running.stderr();
      for (const proxy of drill.proxies()) proxy.heal();
      answers.push(await first);
      core = await startCore({ dataDir, fleetFile, secrets: { ...DRILL_SECRETS } });
    } else {
      answers.push(await first);
    }
    for (let attempt = 0; attempt < RETRIES && shouldRetry(answers.at(-1) ?? null); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      answers.push(await callOrNothing(core, drill.method, input));
    }
    const running = core;
    const clickAgain = async () => {
      const answer = await callOrNothing(running, drill.method, { ...drill.input, idempotencyKey: `faults-${randomUUID()}` });
      answers.push(answer);
      return answer;
    };
    if (drill.clicksAgain?.(answers.at(-1) ?? null)) await clickAgain();
    phases.push(`retried ${Date.now() - begun} ms`);
    await drill.settle(core, Date.now() + SETTLE_MS);
    if (await drill.operator?.(core, clickAgain)) {
      phases.push(`operator clicked again ${Date.now() - begun} ms`);
      await drill.settle(core, Date.now() + SETTLE_MS);
    }
    phases.push(`settled ${Date.now() - begun} ms`);
    const said = (await drill.describe?.(core)) ?? '';
    await drill.verify?.(core);
    if (fault && fault.matched === 0) throw new Error(`the fault armed for "${drill.name}" never fired: no request matched it`);
    const expected = drill.expectedFromConsole ? Math.min(drill.expected, await drill.expectedFromConsole(core)) : drill.expected;
    const counted = await count();
    appendRun(inject('faultsTally'), { file: drill.file, run: drill.name, kills, expected, counted });
    return { kills, expected, counted, answers, said, phases, log: log + core.stderr() };
  } catch (error) {
    appendRun(inject('faultsTally'), { file: drill.file, run: drill.name, kills, expected: drill.expected, counted: 0, incomplete: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error) });
    throw error;
  } finally {
    clearInterval(ticking);
    for (const proxy of drill.proxies()) proxy.heal();
    await core?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The assertion message of a run: what it counted against what it expected, with what the core answered and logged. */
export function explain(drill: Drill, outcome: DrillOutcome): string {
  const answers = outcome.answers.map((answer) => (answer === null ? 'no answer' : answer.ok ? 'ok' : `${answer.error?.kind}: ${answer.error?.message}`)).join(' | ');
  return [
    `${drill.file} › ${drill.name}: expected ${outcome.expected} effect(s) on the backend, counted ${outcome.counted}`,
    `answers: ${answers}`,
    `the console says: ${outcome.said}`,
    `phases: ${outcome.phases.join(', ')}`,
    `core log (tail):\n${outcome.log.slice(-1500)}`,
  ].join('\n');
}
