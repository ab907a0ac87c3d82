import type { CheckName } from '../../../../shared/contract/fleet.js';
import { ruleOf, valueAt } from '../../fleet/health-rules.js';
import { between, hashOf, seededRandom } from './random.js';

/** A time a check of a server was past a limit, in epoch ms (`until` is the first moment without it). */
export interface FaultPeriod {
  server: string;
  check: CheckName;
  severity: 'warning' | 'critical';
  value: number;
  from: number;
  until: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Noise changes smoothly between knots this far apart, so a curve looks measured rather than random. */
const KNOT = 5 * MINUTE;
const UINT32 = 2 ** 32;

/**
 * Faults the simulated fleet had before it started running: each server, check and hour
 * has the same small chance, so a 7-day chart shows a plausible past with its incidents.
 * Only those over by `before` are given, so they never overlap what the simulation ran.
 */
export function pastFaults(seed: number, server: string, check: CheckName, chancePerHour: number, from: number, to: number, before: number): FaultPeriod[] {
  const periods: FaultPeriod[] = [];
  const end = Math.min(to, before);
  // A fault can run on past the end of its hour, so the hour before `from` counts too.
  for (let slot = Math.floor(from / HOUR) - 1; slot * HOUR < end; slot++) {
    const hash = hashOf(seed, `past:${server}:${check}:${slot}`);
    if (hash / UINT32 >= chancePerHour) continue;
    const random = seededRandom(hash);
    const start = slot * HOUR + Math.floor(random() * 55 * MINUTE);
    const until = start + Math.round(between(random, 0.5, 8) * MINUTE);
    if (until > before || until <= from || start >= to) continue;
    const severity = random() < 0.3 ? 'critical' : 'warning';
    periods.push({ server, check, severity, value: valueAt(ruleOf(check), severity), from: start, until });
  }
  return periods;
}

type Shape = (base: number, daily: number, noise: number, t: number) => number;

/** How each check moves around a server's resting value; none crosses its warning limit without a fault. */
const SHAPES: Readonly<Record<CheckName, Shape>> = {
  cpu: (base, daily, noise) => clamp(base * (1 + 0.35 * daily) + 6 * noise, 1, 100),
  memory: (base, daily, noise) => clamp(base + 4 * daily + 3 * noise, 1, 100),
  disk: (base, _daily, noise) => clamp(base + 0.5 * noise, 1, 100),
  network: (base, _daily, noise) => Math.max(0, base * (1 + 0.5 * noise)),
  availability: (_base, _daily, noise) => 100 - 0.1 * Math.max(0, noise),
  io: (base, daily, noise) => clamp(base * (1 + 0.3 * daily) + 5 * noise, 0, 100),
  services: () => 0,
  'app-response': (base, daily, noise) => base * (1 + 0.3 * daily + 0.15 * noise),
  database: (base, daily, noise) => base * (1 + 0.3 * daily + 0.2 * noise),
  // Hours since the last backup: climbs all day and drops when the nightly backup ends.
  backup: (base, _daily, _noise, t) => (t / HOUR + base) % 24,
  'self-diagnosis': () => 0,
};

/**
 * One check of one server from `start` to `end`, a point every `stepMs` on a fixed grid (so
 * the same instant has the same value in any range). A point shows a fault that touched its
 * step, as `max_over_time` would, so short faults stay visible in long ranges.
 */
export function historyPoints(
  seed: number,
  server: string,
  check: CheckName,
  base: number,
  window: { start: number; end: number; stepMs: number },
  faults: readonly FaultPeriod[],
): Array<[number, number]> {
  const { start, end, stepMs } = window;
  const shape = SHAPES[check];
  const phase = hashOf(seed, `phase:${server}`) / UINT32;
  const knot = (k: number) => (hashOf(seed, `${server}:${check}:${k}`) / UINT32) * 2 - 1;
  const points: Array<[number, number]> = [];
  for (let t = Math.ceil(start / stepMs) * stepMs; t <= end; t += stepMs) {
    const fault = faults.find((period) => period.from <= t && period.until > t - stepMs);
    let value: number;
    if (fault) {
      value = fault.value;
    } else {
      const k = Math.floor(t / KNOT);
      const f = (t - k * KNOT) / KNOT;
      const smooth = f * f * (3 - 2 * f);
      const noise = knot(k) + (knot(k + 1) - knot(k)) * smooth;
      const daily = Math.sin(2 * Math.PI * (t / DAY + phase));
      value = shape(base, daily, noise, t);
    }
    points.push([t, Math.round(value * 100) / 100]);
  }
  return points;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
