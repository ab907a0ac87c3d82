import { fileURLToPath } from 'node:url';
import { createConnectors } from '../../main/core/connectors/registry.js';
import { failedToServe, serveConsole } from '../../main/web/serve-console.js';
import { parseServeOptions } from '../../main/web/serve-options.js';

/**
 * The browser host with time standing still, for screenshots: the core's clock reads
 * WATCHFLOOR_FROZEN_AT (an ISO instant) for ever, and the simulated fleet takes its first reading
 * and no other (its tick is the longest a Node timer allows, about 24 days). What the page shows
 * is then a function of the seed, that instant and what the test itself did.
 */
const frozenAt = Date.parse(process.env.WATCHFLOOR_FROZEN_AT ?? '');
const LONGEST_TIMER_MS = 2 ** 31 - 1;

Promise.resolve()
  .then(() => {
    if (Number.isNaN(frozenAt)) throw new Error(`WATCHFLOOR_FROZEN_AT must be an ISO instant, got "${process.env.WATCHFLOOR_FROZEN_AT ?? ''}"`);
    return serveConsole(parseServeOptions(process.argv.slice(2)), fileURLToPath(new URL('../../out/renderer', import.meta.url)), {
      clock: { now: () => frozenAt },
      createConnectors: (backends, deps) => createConnectors(backends.map((backend) => (backend.kind === 'sandbox' ? { ...backend, tickMs: LONGEST_TIMER_MS } : backend)), deps),
    });
  })
  .catch(failedToServe);
