import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  call(method: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { kind: string; message: string } }>;
  stop(): Promise<void>;
}

const serveScript = fileURLToPath(new URL('../../out/main/serve.js', import.meta.url));

/** Starts the built browser host as a user would (`serve`), and reads the URL it prints. */
export async function startBrowserHost(args: string[] = [], dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-e2e-'))): Promise<RunningHost> {
  const token = `e2e-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  const child: ChildProcess = spawn(process.execPath, [serveScript, '--port', '0', '--data-dir', dataDir, '--token', token, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^Watchfloor serving at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`browser host exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`browser host did not start within 30 s: ${stderr}`)), 30_000);
  });
  const origin = new URL(url).origin;
  return {
    url,
    origin,
    token,
    dataDir,
    call: async (method, input) => {
      const response = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      return (await response.json()) as { ok: boolean; value?: unknown; error?: { kind: string; message: string } };
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
