import { inject } from 'vitest';
import { startServe, type ServeProcess } from '../../support/serve-process.js';

/**
 * The real core behind the browser host (main/web/serve.ts, compiled once by the global setup)
 * in a child process the suite can SIGKILL and start again on the same data directory. Secrets
 * reach it only as environment variables, as on a headless host; no keyring is involved.
 */

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
  return startServe(inject('faultsCoreScript'), ['--fleet', options.fleetFile], options.dataDir, STARTUP_MS, { env });
}

/** The longest the suite waits for one answer of the core; a run must end even when the core hangs. */
const CALL_TIMEOUT_MS = 15_000;

/** A call whose answer may never come (the core is killed under it, or hangs): null then. */
export async function callOrNothing(core: ServeProcess, method: string, input: unknown): Promise<ContractAnswer | null> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), CALL_TIMEOUT_MS)));
  try {
    return await Promise.race([core.call(method, input), timedOut]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
