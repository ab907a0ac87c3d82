import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SANDBOX_SEED, DEFAULT_SANDBOX_SIZE } from '../core/connectors/sandbox/generate-fleet.js';

export interface ServeOptions {
  port: number;
  token: string;
  dataDir: string;
  fleetFile: string | undefined;
  readOnly: boolean;
  sandboxSeed: number;
  sandboxSize: number;
  /** How often the ticketing backend is read for incidents' tickets (the core's default when not given). */
  incidentPollMs: number | undefined;
}

export const SERVE_USAGE = `Usage: npm run serve -- [options]
  --port N          port on 127.0.0.1 (default 7420; 0 picks a free one)
  --fleet FILE      fleet definition (YAML); without it the simulated fleet runs
  --data-dir DIR    where the local store lives (default ~/.local/share/watchfloor)
  --token TOKEN     access token (default: random for each run)
  --read-only       refuse every command (for wall screens)
  --seed N          seed of the simulated fleet (default ${DEFAULT_SANDBOX_SEED})
  --size N          environments in the simulated fleet (default ${DEFAULT_SANDBOX_SIZE})
  --incident-poll-ms N
                    how often incidents' tickets are read from the ticketing backend,
                    in milliseconds (default 10000; 500 to 3600000)`;

export class UsageError extends Error {}

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'watchfloor');
}

export function parseServeOptions(argv: readonly string[]): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '7420' },
        token: { type: 'string' },
        'data-dir': { type: 'string' },
        fleet: { type: 'string' },
        'read-only': { type: 'boolean', default: false },
        seed: { type: 'string', default: String(DEFAULT_SANDBOX_SEED) },
        size: { type: 'string', default: String(DEFAULT_SANDBOX_SIZE) },
        'incident-poll-ms': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const token = values.token ?? randomBytes(24).toString('base64url');
  if (!/^[A-Za-z0-9_-]{16,256}$/.test(token)) throw new UsageError('--token must be 16 to 256 characters of letters, digits, "_" or "-"');
  return {
    port: integer('--port', values.port, 0, 65_535),
    token,
    dataDir: values['data-dir'] ?? defaultDataDir(),
    fleetFile: values.fleet,
    readOnly: values['read-only'],
    sandboxSeed: integer('--seed', values.seed, 0, 2 ** 31),
    sandboxSize: integer('--size', values.size, 1, 200_000),
    incidentPollMs: values['incident-poll-ms'] === undefined ? undefined : integer('--incident-poll-ms', values['incident-poll-ms'], 500, 3_600_000),
  };
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}
