import type { CheckName, EnvironmentView } from '../../../../shared/contract/fleet.js';
import { CHECK_INDEX, CHECK_RULES, appliesTo, ruleOf, valueAt } from '../../fleet/health-rules.js';
import type { Sample, ServerInfo, ServerRole } from '../capabilities.js';
import { between, hashOf, seededRandom } from './random.js';

interface SimServer {
  env: string;
  index: number;
  name: string;
  role: ServerRole;
  base: Float64Array;
}

interface Fault {
  server: SimServer;
  check: CheckName;
  severity: 'warning' | 'critical';
  value: number;
  startTick: number;
  untilTick: number;
  /** Wall-clock start, fixed when the fault begins so an alert's start never moves. */
  startedAt: number;
}

/** A fault as the other sandbox capabilities see it: alerts while it lasts, then history and logs. */
export interface FaultRecord {
  env: string;
  server: string;
  check: CheckName;
  severity: 'warning' | 'critical';
  value: number;
  startTick: number;
  /** The first tick without it. */
  untilTick: number;
  startedAt: number;
  endsAt: number;
}

/** How many past faults are remembered for history and logs; a large fleet forgets sooner. */
const RECENT_FAULTS = 4096;

export interface SimulationOptions {
  seed: number;
  tickMs: number;
  /** Chance per environment per minute that a fault starts. */
  faultRate: number;
}

/** A server's resting values, one per check, from the seed and its name alone. */
export function baseValues(seed: number, serverName: string): Float64Array {
  const random = seededRandom(hashOf(seed, serverName));
  const base = new Float64Array(CHECK_RULES.length);
  base[CHECK_INDEX.cpu] = between(random, 10, 55);
  base[CHECK_INDEX.memory] = between(random, 30, 70);
  base[CHECK_INDEX.disk] = between(random, 20, 70);
  base[CHECK_INDEX.network] = between(random, 0, 0.3);
  base[CHECK_INDEX.availability] = 100;
  base[CHECK_INDEX.io] = between(random, 5, 50);
  base[CHECK_INDEX.services] = 0;
  base[CHECK_INDEX['app-response']] = between(random, 120, 450);
  base[CHECK_INDEX.database] = between(random, 5, 60);
  base[CHECK_INDEX.backup] = between(random, 1, 20);
  base[CHECK_INDEX['self-diagnosis']] = 0;
  return base;
}

export function serverLayout(env: Pick<EnvironmentView, 'id' | 'servers'>): ServerInfo[] {
  return Array.from({ length: env.servers }, (_, index) => {
    const role: ServerRole = index === 0 ? 'db' : index % 2 === 1 ? 'app' : 'web';
    const sameRole = index === 0 ? 1 : Math.ceil(index / 2);
    return { name: `${env.id}-${role}${sameRole}`, role };
  });
}

/**
 * The simulated fleet's telemetry. Every tick is a pure function of the seed and the tick
 * number (plus faults injected from outside), so a seed replays the same history anywhere.
 */
export class SandboxSimulation {
  private readonly servers: SimServer[] = [];
  private readonly byEnv = new Map<string, SimServer[]>();
  private readonly faults = new Map<string, Fault>();
  private readonly recent: Fault[] = [];
  private recentNext = 0;
  private tick = 0;

  constructor(
    private readonly options: SimulationOptions,
    environments: readonly EnvironmentView[],
  ) {
    for (const env of environments) {
      const list = serverLayout(env).map((info, index) => ({
        env: env.id,
        index,
        name: info.name,
        role: info.role,
        base: baseValues(options.seed, info.name),
      }));
      this.byEnv.set(env.id, list);
      this.servers.push(...list);
    }
  }

  get serverCount(): number {
    return this.servers.length;
  }

  get currentTick(): number {
    return this.tick;
  }

  /** Every value of every server: what a first full scrape returns. */
  fullScrape(): Sample[] {
    const samples: Sample[] = [];
    for (const server of this.servers) this.pushServer(samples, server);
    return samples;
  }

  /** Advances one tick: faults end, new faults start, a slice of servers report new readings. */
  /** `now` stamps the faults that start; without it, simulated time from tick 0 is used. */
  step(now = (this.tick + 1) * this.options.tickMs): Sample[] {
    this.tick += 1;
    const random = seededRandom(hashOf(this.options.seed, `tick:${this.tick}`));
    const samples: Sample[] = [];

    for (const [key, fault] of this.faults) {
      if (fault.untilTick > this.tick) continue;
      this.faults.delete(key);
      samples.push(this.sample(fault.server, fault.check));
    }

    const perTick = (this.byEnv.size * this.options.faultRate * this.options.tickMs) / 60_000;
    const starting = Math.floor(perTick) + (random() < perTick % 1 ? 1 : 0);
    for (let i = 0; i < starting && this.servers.length > 0; i++) {
      const server = this.servers[Math.floor(random() * this.servers.length)];
      if (!server) continue;
      const applicable = CHECK_RULES.filter((rule) => appliesTo(rule.check, server.role));
      const rule = applicable[Math.floor(random() * applicable.length)];
      if (!rule) continue;
      const severity = random() < 0.3 ? 'critical' : 'warning';
      const minutes = between(random, 0.5, 8);
      this.addFault(server, rule.check, severity, Math.ceil((minutes * 60_000) / this.options.tickMs), now);
      samples.push(this.sample(server, rule.check));
    }

    // Routine readings drift a little; about 1% of servers report per tick.
    const reporting = Math.ceil(this.servers.length / 100);
    for (let i = 0; i < reporting && this.servers.length > 0; i++) {
      const server = this.servers[Math.floor(random() * this.servers.length)];
      if (!server) continue;
      for (const check of ['cpu', 'memory'] as const) {
        const index = CHECK_INDEX[check];
        server.base[index] = clamp((server.base[index] ?? 0) + between(random, -3, 3), 5, 75);
        samples.push(this.sample(server, check));
      }
    }
    return samples;
  }

  injectFault(
    env: string,
    check: CheckName,
    severity: 'warning' | 'critical',
    ticks: number,
    now = this.tick * this.options.tickMs,
  ): { server: string; sample: Sample } {
    const servers = this.byEnv.get(env);
    const server = servers?.find((candidate) => appliesTo(check, candidate.role));
    if (!server) throw new RangeError(`environment "${env}" has no server with a ${check} check`);
    this.addFault(server, check, severity, ticks, now);
    return { server: server.name, sample: this.sample(server, check) };
  }

  /** Faults going on now, across the fleet. */
  activeFaults(): FaultRecord[] {
    return [...this.faults.values()].map((fault) => toRecord(fault, this.options.tickMs));
  }

  /** The faults of one environment still remembered, going on or over, oldest first. */
  faultsOf(env: string): FaultRecord[] {
    const found = new Set<Fault>();
    for (const fault of this.recent) if (fault.server.env === env) found.add(fault);
    for (const server of this.byEnv.get(env) ?? []) {
      for (const rule of CHECK_RULES) {
        const fault = this.faults.get(`${server.name}:${rule.check}`);
        if (fault) found.add(fault);
      }
    }
    return [...found].sort((a, b) => a.startTick - b.startTick).map((fault) => toRecord(fault, this.options.tickMs));
  }

  private addFault(server: SimServer, check: CheckName, severity: 'warning' | 'critical', ticks: number, now: number): void {
    const key = `${server.name}:${check}`;
    const previous = this.faults.get(key);
    // A fault started over the top of another ends that one now, so history does not show both.
    if (previous) previous.untilTick = this.tick;
    const fault: Fault = { server, check, severity, value: valueAt(ruleOf(check), severity), startTick: this.tick, untilTick: this.tick + Math.max(1, ticks), startedAt: now };
    this.faults.set(key, fault);
    this.recent[this.recentNext] = fault;
    this.recentNext = (this.recentNext + 1) % RECENT_FAULTS;
  }

  private pushServer(samples: Sample[], server: SimServer): void {
    for (const rule of CHECK_RULES) {
      if (appliesTo(rule.check, server.role)) samples.push(this.sample(server, rule.check));
    }
  }

  private sample(server: SimServer, check: CheckName): Sample {
    const fault = this.faults.get(`${server.name}:${check}`);
    const value = fault ? fault.value : (server.base[CHECK_INDEX[check]] ?? Number.NaN);
    return { env: server.env, server: server.index, check, value };
  }
}

function toRecord(fault: Fault, tickMs: number): FaultRecord {
  return {
    env: fault.server.env,
    server: fault.server.name,
    check: fault.check,
    severity: fault.severity,
    value: fault.value,
    startTick: fault.startTick,
    untilTick: fault.untilTick,
    startedAt: fault.startedAt,
    endsAt: fault.startedAt + (fault.untilTick - fault.startTick) * tickMs,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
