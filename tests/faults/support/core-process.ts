import { fileURLToPath } from 'node:url';
import { startServe, type ServeProcess } from '../../support/serve-process.js';

/**
 * The real core behind the browser host, run from source (`node --import tsx main/web/serve.ts`)
 * in a child process the suite can SIGKILL and start again on the same data directory. Secrets
 * reach it only as environment variables, as on a headless host; no keyring is involved.
 */

const SERVE_ENTRY = fileURLToPath(new URL('../../../main/web/serve.ts', import.meta.url));
const STARTUP_MS = 30_000;

export type ContractAnswer = Awaited<ReturnType<ServeProcess['call']>>;

export interface CoreOptions {
  dataDir: string;
  fleetFile: string;
  /** Environment variables the fleet file's secrets are read from. */
  secrets: Record<string, string>;
  /** WATCHFLOOR_FAILPOINT: `name` or `name#N`; the core kills itself there. */
  failpoint?: string;
}

export async function startCore(options: CoreOptions): Promise<ServeProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.secrets };
  delete env.WATCHFLOOR_FAILPOINT;
  if (options.failpoint) env.WATCHFLOOR_FAILPOINT = options.failpoint;
  return startServe(SERVE_ENTRY, ['--fleet', options.fleetFile], options.dataDir, STARTUP_MS, { nodeArgs: ['--import', 'tsx'], env });
}

/** A call whose answer may never come (the core is killed under it): null then. */
export async function callOrNothing(core: ServeProcess, method: string, input: unknown): Promise<ContractAnswer | null> {
  try {
    return await core.call(method, input);
  } catch {
    return null;
  }
}
