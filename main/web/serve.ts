import { fileURLToPath } from 'node:url';
import { failedToServe, serveConsole } from './serve-console.js';
import { parseServeOptions } from './serve-options.js';

/** `npm run serve`: the console in a browser, on 127.0.0.1 only. */
const staticDir = fileURLToPath(new URL('../renderer', import.meta.url));

Promise.resolve()
  .then(() => serveConsole(parseServeOptions(process.argv.slice(2)), staticDir))
  .catch(failedToServe);
