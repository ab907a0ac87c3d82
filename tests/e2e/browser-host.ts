import { test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServe, type ServeProcess } from '../support/serve-process.js';

export interface RunningHost extends ServeProcess {
  dataDir: string;
}

const serveScript = fileURLToPath(new URL('../../out/main/serve.js', import.meta.url));

/** Who the specs act as: set before the page opens, so the browser host's "Who is at this console?" does not cover the views. */
export const E2E_OPERATOR = { name: 'E2E Operator', email: 'e2e@example.com' };

/** Starts the built browser host as a user would (`serve`), reads the URL it prints, and sets the operator unless `askOperator`. */
export async function startBrowserHost(
  args: string[] = [],
  dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-e2e-')),
  askOperator = false,
): Promise<RunningHost> {
  const host = { ...(await startServe(serveScript, args, dataDir, 30_000)), dataDir };
  if (!askOperator && !args.includes('--read-only')) {
    const saved = await host.call('settings.saveOperator', { ...E2E_OPERATOR, idempotencyKey: 'e2e-operator-profile' });
    if (!saved.ok) throw new Error(`settings.saveOperator failed: ${JSON.stringify(saved.error)}`);
  }
  return host;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** One browser host for a spec file: started before its first test, stopped with its data removed after its last. */
export function hostForFile(args: string[], started: (host: RunningHost) => void): void {
  let running: RunningHost | undefined;
  test.beforeAll(async () => {
    running = await startBrowserHost(args);
    started(running);
  });
  test.afterAll(async () => {
    if (!running) return;
    await running.stop();
    removeDir(running.dataDir);
  });
}
