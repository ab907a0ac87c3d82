import { DefinitionError } from '../core/definition/definition-source.js';
import { createOpsCore, type OpsCoreOptions } from '../core/ops-core.js';
import { PRODUCT_VERSION } from '../core/version.js';
import { SERVE_USAGE, UsageError, type ServeOptions } from './serve-options.js';
import { startWebHost } from './web-host.js';

/** What a test harness may put in place of the real thing: the time, and the backends' connectors. */
export type ServeSeams = Pick<OpsCoreOptions, 'clock' | 'createConnectors'>;

/** Starts the core and the browser host on it, prints the address, and stops both on SIGINT or SIGTERM. */
export async function serveConsole(options: ServeOptions, staticDir: string, seams: ServeSeams = {}): Promise<void> {
  const log = (line: string) => console.error(`watchfloor: ${line}`);
  const core = createOpsCore({
    dataDir: options.dataDir,
    version: PRODUCT_VERSION,
    readOnly: options.readOnly,
    host: 'browser',
    sandboxSeed: options.sandboxSeed,
    sandboxSize: options.sandboxSize,
    log,
    ...seams,
    ...(options.fleetFile ? { fleetFile: options.fleetFile } : {}),
    ...(options.incidentPollMs === undefined ? {} : { incidents: { pollMs: options.incidentPollMs } }),
  });
  const host = await startWebHost({ core, token: options.token, port: options.port, staticDir, log });
  console.log(`Watchfloor serving at ${host.url}#token=${options.token}`);
  if (options.readOnly) console.log('Read-only: every command is refused.');

  const stop = () => {
    host
      .close()
      .then(() => core.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Says in one line why the console could not start (with the usage after a bad option), and exits with 1. */
export function failedToServe(error: unknown): never {
  if (error instanceof UsageError) console.error(`watchfloor: ${error.message}\n\n${SERVE_USAGE}`);
  else if (error instanceof DefinitionError) console.error(`watchfloor: ${error.message}`);
  else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') console.error('watchfloor: that port is in use; pick another with --port');
  else console.error(`watchfloor: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
