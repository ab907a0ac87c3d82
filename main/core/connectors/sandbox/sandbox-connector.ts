import type { CheckName } from '../../../../shared/contract/fleet.js';
import type { FleetDefinition } from '../../../../shared/fleet-definition/schema.js';
import { systemClock, type Clock } from '../../clock.js';
import type { Connector, FaultInjector, HealthSink, HealthSource, InjectedFault, ServerInfo, WatchedEnvironment } from '../capabilities.js';
import { SandboxSimulation, serverLayout } from './simulation.js';

type SandboxDefinition = Extract<FleetDefinition['backends'][number], { kind: 'sandbox' }>;

/** The simulated backend: a connector like the others, ticking on its own timer. */
export class SandboxConnector implements Connector, HealthSource, FaultInjector {
  readonly kind = 'sandbox';
  readonly name: string;
  private simulation: SandboxSimulation | undefined;
  private sink: HealthSink | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly definition: SandboxDefinition,
    private readonly clock: Clock = systemClock,
  ) {
    this.name = definition.name ?? 'Simulated fleet';
  }

  get id(): string {
    return this.definition.id;
  }

  get health(): HealthSource {
    return this;
  }

  get faults(): FaultInjector {
    return this;
  }

  servers(env: WatchedEnvironment): ServerInfo[] {
    return serverLayout(env.view);
  }

  start(environments: readonly WatchedEnvironment[], sink: HealthSink): void {
    this.stop();
    this.sink = sink;
    const simulation = new SandboxSimulation(
      this.definition,
      environments.map((env) => env.view),
    );
    this.simulation = simulation;
    const started = performance.now();
    const first = simulation.fullScrape();
    sink.report({ at: this.clock.now(), latencyMs: performance.now() - started, samples: first });
    this.timer = setInterval(() => this.tick(), this.definition.tickMs);
    this.timer.unref();
  }

  close(): void {
    this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.simulation = undefined;
    this.sink = undefined;
  }

  /** One step of the simulation, reported to the sink; exposed so tests need no timers. */
  tick(): void {
    if (!this.simulation || !this.sink) return;
    const started = performance.now();
    const samples = this.simulation.step();
    this.sink.report({ at: this.clock.now(), latencyMs: performance.now() - started, samples });
  }

  injectFault(env: string, check: CheckName, severity: 'warning' | 'critical', durationMs: number): InjectedFault {
    if (!this.simulation || !this.sink) throw new Error('the simulated fleet is not running');
    const ticks = Math.ceil(durationMs / this.definition.tickMs);
    const { server, sample } = this.simulation.injectFault(env, check, severity, ticks);
    const at = this.clock.now();
    this.sink.report({ at, latencyMs: 0, samples: [sample] });
    return { server, until: at + durationMs };
  }
}
