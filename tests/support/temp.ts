import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh directory per test, removed afterwards. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchfloor-test-'));
    dirs.push(dir);
    return dir;
  };
}

export class ManualClock {
  constructor(public time = Date.parse('2026-11-23T00:00:00Z')) {}
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}
