import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Electronegativity (Doyensec's Electron security scanner) over the Electron layer (`main/`,
 * `preload/`) and the renderer (its sources and index.html, which carries the CSP). A high or
 * medium finding fails unless tests/security/electronegativity.json accepts it, with the reason in
 * one line; an accepted finding that no longer occurs fails too, so the list stays true.
 *
 * Usage: tsx tests/security/electronegativity.ts [directory]   (default: this repository)
 */

const root = resolve(import.meta.dirname, '../..');
const SCANNED = ['main', 'preload', 'renderer'] as const;
const FAILING_SEVERITIES = new Set(['HIGH', 'MEDIUM']);

const configSchema = z.strictObject({
  /** By the check's class name, as electronegativity's `-x` takes them. */
  excludedChecks: z.record(z.string().regex(/^[A-Za-z]+Check$/), z.string().min(1)),
  accepted: z.record(z.string().regex(/^[A-Z_]+ \S+$/, 'a key is "CHECK_ID path/of/file"'), z.string().min(1)),
});

const findingSchema = z.object({
  id: z.string(),
  file: z.string(),
  location: z.object({ line: z.number(), column: z.number() }),
  description: z.string(),
  severity: z.object({ name: z.string() }),
  confidence: z.object({ name: z.string() }),
});
const resultSchema = z.object({
  issues: z.array(findingSchema),
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
});
const scannerSchema = z.custom<(options: object) => Promise<unknown>>((value) => typeof value === 'function', 'the electronegativity package exports no scanner function');

const requestTargetSchema = z.object({ hostname: z.string().nullish(), host: z.string().nullish() });

function hostOf(target: unknown): string {
  if (typeof target === 'string' || target instanceof URL) return new URL(target).hostname;
  const parsed = requestTargetSchema.safeParse(target);
  return parsed.success ? (parsed.data.hostname ?? parsed.data.host ?? '') : '';
}

/** The scanner asks the internet for translations; these machines reach loopback only, so it is told no at once. */
function refuseRemoteRequests(): void {
  for (const module of [http, https]) {
    const original = module.request;
    module.request = ((...args: Parameters<typeof http.request>) => {
      const host = hostOf(args[0]);
      if (host === '127.0.0.1' || host === 'localhost') return original(...args);
      throw new Error(`electronegativity: no request to ${host} (loopback only)`);
    }) as typeof http.request;
  }
}

function electronVersion(): string {
  const manifest = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')));
  return manifest.version;
}

async function scan(directory: string, excluded: string[]): Promise<z.infer<typeof resultSchema>> {
  refuseRemoteRequests();
  const require = createRequire(import.meta.url);
  const run = scannerSchema.parse(require('@doyensec/electronegativity'));
  return resultSchema.parse(await run({ input: directory, isRelative: true, electronVersionOverride: electronVersion(), excludeFromScan: excluded.map((name) => name.toLowerCase()) }));
}

async function main(): Promise<number> {
  const source = resolve(process.argv[2] ?? root);
  const config = configSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, 'electronegativity.json'), 'utf8')));
  const staged = mkdtempSync(join(tmpdir(), 'watchfloor-electronegativity-'));
  try {
    for (const part of SCANNED) cpSync(join(source, part), join(staged, part), { recursive: true });
    const result = await scan(staged, Object.keys(config.excludedChecks));
    const problems: string[] = [];
    for (const error of result.errors.filter((error) => !error.tolerable)) problems.push(`could not scan ${error.file}: ${error.message}`);
    const seen = new Set<string>();
    for (const finding of result.issues.filter((issue) => FAILING_SEVERITIES.has(issue.severity.name))) {
      const key = `${finding.id} ${finding.file}`;
      seen.add(key);
      if (config.accepted[key] === undefined) {
        problems.push(`${finding.severity.name} ${finding.id} at ${finding.file}:${finding.location.line}:${finding.location.column}: ${finding.description}`);
      }
    }
    for (const key of Object.keys(config.accepted).filter((key) => !seen.has(key))) problems.push(`accepted in electronegativity.json but no longer found: ${key} (remove it)`);
    const accepted = [...seen].filter((key) => config.accepted[key] !== undefined).length;
    if (problems.length > 0) {
      console.error(`Electronegativity: ${problems.length} problem(s) in ${SCANNED.join(', ')}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
      return 1;
    }
    console.log(`Electronegativity: no high or medium finding left in ${SCANNED.join(', ')} (${accepted} accepted with a reason in tests/security/electronegativity.json)`);
    return 0;
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
}

process.exitCode = await main();
