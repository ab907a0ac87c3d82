import { test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redmineDrillFleet, type RedmineServer } from '../support/redmine.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

export interface RunningHost extends ServeProcess {
  dataDir: string;
}

const serveScript = fileURLToPath(new URL('../../out/main/serve.js', import.meta.url));
const stillServeScript = fileURLToPath(new URL('../support/still-serve.ts', import.meta.url));

/** Who the specs act as: set before the page opens, so the browser host's "Who is at this console?" does not cover the views. */
export const E2E_OPERATOR = { name: 'E2E Operator', email: 'e2e@example.com' };

export interface BrowserHostOptions {
  /** Its environment (default this one's): a fleet file's secrets reach it there, as on a headless host. */
  env?: NodeJS.ProcessEnv;
  /** Leave the operator unset, so the page asks who is at the console. */
  askOperator?: boolean;
  /** Hold the core's clock at this ISO instant and the simulated fleet at its first reading (tests/support/still-serve.ts). */
  frozenAt?: string;
}

/** A still host's environment: UTC, and no session bus, so Settings says the same about the keychain on every machine. */
function stillEnv(env: NodeJS.ProcessEnv, frozenAt: string): NodeJS.ProcessEnv {
  const still: NodeJS.ProcessEnv = { ...env, TZ: 'UTC', WATCHFLOOR_FROZEN_AT: frozenAt };
  delete still.DBUS_SESSION_BUS_ADDRESS;
  delete still.DISPLAY;
  return still;
}

/** Starts the built browser host as a user would (`serve`), reads the URL it prints, and sets the operator unless asked not to. */
export async function startBrowserHost(
  args: string[] = [],
  dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-e2e-')),
  options: BrowserHostOptions = {},
): Promise<RunningHost> {
  const env = options.env ?? process.env;
  const spawned = options.frozenAt === undefined
    ? await startServe(serveScript, args, dataDir, 30_000, { env })
    : await startServe(stillServeScript, args, dataDir, 60_000, { env: stillEnv(env, options.frozenAt), nodeOptions: ['--import', 'tsx'] });
  const host = { ...spawned, dataDir };
  if (options.askOperator !== true && !args.includes('--read-only')) {
    const saved = await host.call('settings.saveOperator', { ...E2E_OPERATOR, idempotencyKey: 'e2e-operator-profile' });
    if (!saved.ok) throw new Error(`settings.saveOperator failed: ${JSON.stringify(saved.error)}`);
  }
  return host;
}

/** The variable a Redmine fleet file names for its API key. */
export const REDMINE_KEY_VARIABLE = 'E2E_REDMINE_KEY';

/** A browser host on its own data dir whose fleet file points at Redmine (through `url`), reading tickets every `pollMs`. */
export async function startRedmineHost(redmine: RedmineServer, pollMs: number, url = redmine.url): Promise<RunningHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-e2e-'));
  const fleet = redmineDrillFleet(dataDir, redmine, { url, keyVariable: REDMINE_KEY_VARIABLE });
  return startBrowserHost(['--fleet', fleet, '--incident-poll-ms', String(pollMs)], dataDir, { env: { ...process.env, [REDMINE_KEY_VARIABLE]: redmine.apiKey } });
}

/** The notes of a Redmine issue's journals, as Redmine itself keeps them (empty journals, field changes only, left out). */
export async function redmineJournalNotes(redmine: RedmineServer, issueId: string): Promise<string[]> {
  const response = await fetch(`${redmine.url}/issues/${issueId}.json?include=journals`, { headers: { 'x-redmine-api-key': redmine.apiKey } });
  if (!response.ok) throw new Error(`Redmine answered ${response.status} for issue ${issueId}`);
  const body = (await response.json()) as { issue: { journals: Array<{ notes: string | null }> } };
  return body.issue.journals.map((journal) => journal.notes ?? '').filter((notes) => notes !== '');
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** One browser host for a spec file: started before its first test, stopped with its data removed after its last. */
export function hostForFile(args: string[], started: (host: RunningHost) => void, options: BrowserHostOptions = {}): void {
  let running: RunningHost | undefined;
  test.beforeAll(async () => {
    running = await startBrowserHost(args, undefined, options);
    started(running);
  });
  test.afterAll(async () => {
    if (!running) return;
    await running.stop();
    removeDir(running.dataDir);
  });
}
