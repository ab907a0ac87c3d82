/**
 * Crash points for the fault-injection suite (tests/faults): with WATCHFLOOR_FAILPOINT set to
 * `name` or `name#N`, the N-th time (default the first) the core passes `failpoint(name)` it
 * kills itself with SIGKILL, as a power cut or `kill -9` would, at exactly that point. Unset,
 * a failpoint is one string comparison.
 */

interface Armed {
  name: string;
  hit: number;
}

function armed(spec: string | undefined): Armed | null {
  if (!spec) return null;
  const match = /^([a-z0-9.-]+)(?:#(\d+))?$/.exec(spec.trim());
  if (!match?.[1]) throw new Error(`WATCHFLOOR_FAILPOINT "${spec}" is not a failpoint: write name or name#N (e.g. deploy.after-start-sent#2)`);
  return { name: match[1], hit: match[2] === undefined ? 1 : Number(match[2]) };
}

const target = armed(process.env.WATCHFLOOR_FAILPOINT);
let passed = 0;

export function failpoint(name: string): void {
  if (target === null || target.name !== name) return;
  passed += 1;
  if (passed === target.hit) process.kill(process.pid, 'SIGKILL');
}
