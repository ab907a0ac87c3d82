import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  fleetSize: number;
  servers: number;
}

export type Extras = Record<string, string | number>;

/** Percentile with linear interpolation between closest ranks, so p50 is the usual median. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const position = ((sorted.length - 1) * p) / 100;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[upper] ?? Number.NaN;
  return low + (high - low) * (position - lower);
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export async function timeAsync(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function machine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown cpu';
  const gib = round(totalmem() / 2 ** 30, 1);
  return `${model} x${cores.length}, ${gib} GiB, node ${process.versions.node}`;
}

const MACHINE = machine();

/** The only thing written to stdout: one JSON object per benchmark. */
export function report(line: BenchLine, extras: Extras = {}): void {
  process.stdout.write(`${JSON.stringify({ ...line, machine: MACHINE, ...extras })}\n`);
}

export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** Temp dirs that are removed however the run ends. */
export class TempDirs {
  private readonly dirs: string[] = [];

  make(): string {
    const dir = mkdtempSync(join(tmpdir(), 'watchfloor-bench-'));
    this.dirs.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
