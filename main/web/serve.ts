import { fileURLToPath } from 'node:url';
import { DefinitionError } from '../core/definition/definition-source.js';
import { createOpsCore } from '../core/ops-core.js';
import { PRODUCT_VERSION } from '../core/version.js';
import { parseServeOptions, SERVE_USAGE, UsageError } from './serve-options.js';
import { startWebHost } from './web-host.js';

/** `npm run serve`: the console in a browser, on 127.0.0.1 only. */
async function main(): Promise<void> {
  const options = parseServeOptions(process.argv.slice(2));
  const log = (line: string) => console.error(`watchfloor: ${line}`);
  const core = createOpsCore({
    dataDir: options.dataDir,
    version: PRODUCT_VERSION,
    readOnly: options.readOnly,
    host: 'browser',
    sandboxSeed: options.sandboxSeed,
    sandboxSize: options.sandboxSize,
    log,
    ...(options.fleetFile ? { fleetFile: options.fleetFile } : {}),
    ...(options.incidentPollMs === undefined ? {} : { incidents: { pollMs: options.incidentPollMs } }),
  });
  const host = await startWebHost({
    core,
    token: options.token,
    port: options.port,
    staticDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    log,
  });
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

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`watchfloor: ${error.message}\n\n${SERVE_USAGE}`);
  else if (error instanceof DefinitionError) console.error(`watchfloor: ${error.message}`);
  else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') console.error('watchfloor: that port is in use; pick another with --port');
  else console.error(`watchfloor: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
