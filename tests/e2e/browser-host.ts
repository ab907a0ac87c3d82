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

/** Starts the built browser host as a user would (`serve`), and reads the URL it prints. */
export async function startBrowserHost(args: string[] = [], dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-e2e-'))): Promise<RunningHost> {
  return { ...(await startServe(serveScript, args, dataDir, 30_000)), dataDir };
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
