import type { CheckName } from '../../../../shared/contract/fleet.js';
import type { LogLine } from '../../../../shared/contract/observations.js';
import type { FleetDefinition } from '../../../../shared/fleet-definition/schema.js';
import { systemClock, type Clock } from '../../clock.js';
import { CHECK_INDEX, CHECK_RULES, appliesTo } from '../../fleet/health-rules.js';
import type {
  AlertSource,
  BackendAlert,
  Connector,
  DeployFaultInjector,
  Deployer,
  FaultInjector,
  HealthSink,
  HealthSource,
  HistoryRequest,
  InjectedFault,
  LogRequest,
  LogSearch,
  MaintenancePublisher,
  MetricHistorySource,
  ServerInfo,
  SilenceStore,
  SlotSwapper,
  StatusPageIncidents,
  Ticketing,
  WatchedEnvironment,
} from '../capabilities.js';
import { faultAlert } from './sandbox-alerts.js';
import { historyPoints, pastFaults, type FaultPeriod } from './sandbox-history.js';
import { faultLines, noiseLines } from './sandbox-logs.js';
import { SandboxBackendFile } from './sandbox-backend-file.js';
import { SandboxDeploys } from './sandbox-deploys.js';
import { SandboxMaintenance } from './sandbox-maintenance.js';
import { SandboxSilences } from './sandbox-silences.js';
import { SandboxStatusPage } from './sandbox-status-page.js';
import { SandboxTicketing } from './sandbox-ticketing.js';
import { SandboxSimulation, baseValues, serverLayout } from './simulation.js';
import { guarded } from '../../guarded.js';

type SandboxDefinition = Extract<FleetDefinition['backends'][number], { kind: 'sandbox' }>;

/**
 * The simulated backend: a connector like the others, ticking on its own timer. Its faults
 * fire alerts that its own silences can mute, and its metric history and error logs are
 * made from the seed and the clock, with the faults it ran (and a plausible past) in them.
 * Maintenance windows can be published to it, releases deployed by it, incidents ticketed
 * and posted to its status page, so the embedded fleet needs no account.
 */
export class SandboxConnector implements Connector, HealthSource, FaultInjector, AlertSource, MetricHistorySource, LogSearch {
  readonly kind = 'sandbox';
  readonly name: string;
  private readonly silenceStore: SandboxSilences;
  private readonly windows: SandboxMaintenance;
  private readonly file: SandboxBackendFile;
  private readonly deploys: SandboxDeploys;
  private readonly tickets: SandboxTicketing;
  private readonly statusPage: SandboxStatusPage;
  private simulation: SandboxSimulation | undefined;
  private sink: HealthSink | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When the simulation started: the made-up past ends here. */
  private startedAt = 0;

  constructor(
    private readonly definition: SandboxDefinition,
    private readonly clock: Clock = systemClock,
    /** The console's data dir, where the simulated backend keeps its deploys, tickets and status page; in memory without one. */
    dataDir?: string,
  ) {
    this.name = definition.name ?? 'Simulated fleet';
    this.silenceStore = new SandboxSilences(definition.seed, this.name, clock);
    this.windows = new SandboxMaintenance(definition.seed, this.name);
    this.file = new SandboxBackendFile(dataDir, definition.id);
    this.deploys = new SandboxDeploys(definition.seed, this.name, clock, this.file);
    this.tickets = new SandboxTicketing(this.file, this.name, clock);
    this.statusPage = new SandboxStatusPage(this.file, this.name, clock);
  }

  get id(): string {
    return this.definition.id;
  }

  get reportEveryMs(): number {
    return this.definition.tickMs;
  }

  get health(): HealthSource {
    return this;
  }

  get faults(): FaultInjector {
    return this;
  }

  get alerts(): AlertSource {
    return this;
  }

  get silences(): SilenceStore {
    return this.silenceStore;
  }

  get metrics(): MetricHistorySource {
    return this;
  }

  get maintenance(): MaintenancePublisher {
    return this.windows;
  }

  get logs(): LogSearch {
    return this;
  }

  get deployer(): Deployer {
    return this.deploys;
  }

  get slots(): SlotSwapper {
    return this.deploys;
  }

  get deployFaults(): DeployFaultInjector {
    return this.deploys;
  }

  get ticketing(): Ticketing {
    return this.tickets;
  }

  get statusIncidents(): StatusPageIncidents {
    return this.statusPage;
  }

  /** The simulated ticketing backend itself: drills delete a ticket behind the console's back. */
  get ticketBackend(): SandboxTicketing {
    return this.tickets;
  }

  /** The simulated status page itself: what its components show. */
  get statusPageBackend(): SandboxStatusPage {
    return this.statusPage;
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
    this.startedAt = this.clock.now();
    const started = performance.now();
    const first = simulation.fullScrape();
    sink.report({ at: this.startedAt, latencyMs: performance.now() - started, samples: first });
    // A tick that throws is reported as the source failing, and the next tick runs as usual.
    this.timer = setInterval(
      guarded('the simulation', (line) => sink.failed(this.clock.now(), line), () => this.tick()),
      this.definition.tickMs,
    );
    this.timer.unref();
  }

  /** The connector is closing (a rebuild or the console quitting): the backend file stays for the next one. */
  close(): void {
    this.stop();
    this.file.close();
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
    const now = this.clock.now();
    const samples = this.simulation.step(now);
    this.sink.report({ at: now, latencyMs: performance.now() - started, samples });
  }

  injectFault(env: string, check: CheckName, severity: 'warning' | 'critical', durationMs: number): InjectedFault {
    if (!this.simulation || !this.sink) throw new Error('the simulated fleet is not running');
    const ticks = Math.ceil(durationMs / this.definition.tickMs);
    const at = this.clock.now();
    const { server, sample } = this.simulation.injectFault(env, check, severity, ticks, at);
    this.sink.report({ at, latencyMs: 0, samples: [sample] });
    return { server, until: at + durationMs };
  }

  /** Every critical or warning fault going on now is a firing alert. */
  async listAlerts(): Promise<BackendAlert[]> {
    const simulation = this.simulation;
    if (!simulation) return [];
    return simulation
      .activeFaults()
      .map((fault) => faultAlert(this.definition.seed, fault, fault.startedAt, (labels) => this.silenceStore.silencing(labels)));
  }

  async history(request: HistoryRequest): Promise<Array<{ server: string; points: Array<[number, number]> }>> {
    const { env, servers, check, start, end, stepMs } = request;
    const seed = this.definition.seed;
    const chance = this.pastFaultChance(env);
    const before = this.runningSince();
    const ran = this.faultPeriods(env.view.id);
    return servers.map((server) => {
      const faults = [
        ...pastFaults(seed, server.name, check, chance, start - stepMs, end, before),
        ...ran.filter((period) => period.server === server.name && period.check === check),
      ];
      const base = baseValues(seed, server.name)[CHECK_INDEX[check]] ?? 0;
      return { server: server.name, points: historyPoints(seed, server.name, check, base, { start, end, stepMs }, faults) };
    });
  }

  /** Error lines of the environment's faults, a line a minute while each lasts, plus routine noise; newest first. */
  async recentErrors(request: LogRequest): Promise<LogLine[]> {
    const { env, since, limit } = request;
    const now = this.clock.now();
    const seed = this.definition.seed;
    const chance = this.pastFaultChance(env);
    const before = this.runningSince();
    const servers = serverLayout(env.view);
    const faults: FaultPeriod[] = this.faultPeriods(env.view.id);
    for (const server of servers) {
      for (const rule of CHECK_RULES) {
        if (appliesTo(rule.check, server.role)) faults.push(...pastFaults(seed, server.name, rule.check, chance, since, now, before));
      }
    }
    const lines = [
      ...faults.flatMap((fault) => faultLines(fault, since, now)),
      ...noiseLines(seed, env.view.id, servers.map((server) => server.name), since, now),
    ];
    return lines.sort((a, b) => b.at - a.at).slice(0, limit);
  }


  /** Before this, history is the made-up past; from it on, what the simulation really ran. */
  private runningSince(): number {
    return this.simulation ? this.startedAt : this.clock.now();
  }

  private faultPeriods(env: string): FaultPeriod[] {
    return (this.simulation?.faultsOf(env) ?? []).map((fault) => ({
      server: fault.server,
      check: fault.check,
      severity: fault.severity,
      value: fault.value,
      from: fault.startedAt,
      until: fault.endsAt,
    }));
  }

  /** The fault rate per environment and minute, spread over its servers' checks, per hour. */
  private pastFaultChance(env: WatchedEnvironment): number {
    const checks = serverLayout(env.view).reduce((sum, server) => sum + CHECK_RULES.filter((rule) => appliesTo(rule.check, server.role)).length, 0);
    return checks === 0 ? 0 : (this.definition.faultRate * 60) / checks;
  }
}
