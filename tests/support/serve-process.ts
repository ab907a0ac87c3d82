import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ServeProcess {
  url: string;
  origin: string;
  token: string;
  /** POSTs one contract call; the body is the contract's result envelope. */
  call(method: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { kind: string; message: string } }>;
  stop(): Promise<void>;
  /** SIGKILL, as `kill -9` or a power cut would; resolves once it is gone. */
  kill(): Promise<void>;
  /** Resolves when the process ends, on its own or killed, with the signal that ended it. */
  exited: Promise<NodeJS.Signals | null>;
  /** What it wrote to stderr so far (its log). */
  stderr(): string;
}

export interface ServeSpawnOptions {
  /** The environment of the process (default this one's): secrets by variable, failpoints. */
  env?: NodeJS.ProcessEnv;
  /** Node's own options before the script (`--import tsx` for a harness run from source). */
  nodeOptions?: readonly string[];
}

/** The built browser host (`node out/main/serve.js`) as a user starts it, with the URL read from what it prints. */
export async function startServe(script: string, args: readonly string[], dataDir: string, startupMs: number, options: ServeSpawnOptions = {}): Promise<ServeProcess> {
  const token = `test-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), script, '--port', '0', '--data-dir', dataDir, '--token', token, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<NodeJS.Signals | null>((resolveExit) => child.once('exit', (_code, signal) => resolveExit(signal)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the browser host did not start within ${startupMs / 1000} s: ${stderr}`)), startupMs);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^Watchfloor serving at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/.exec(line);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolveUrl(match[1]);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the browser host exited with ${code}: ${stderr}`));
    });
  });
  const origin = new URL(url).origin;
  return {
    url,
    origin,
    token,
    call: async (method, input) => {
      const response = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      return (await response.json()) as { ok: boolean; value?: unknown; error?: { kind: string; message: string } };
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    exited,
    stderr: () => stderr,
  };
}
