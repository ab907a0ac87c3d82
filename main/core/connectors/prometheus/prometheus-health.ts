import type { CheckName } from '../../../../shared/contract/fleet.js';
import type { Clock } from '../../clock.js';
import { ConnectorError } from '../../http/backend-client.js';
import { CHECK_RULES, appliesTo } from '../../fleet/health-rules.js';
import type { HealthSink, HealthSource, Sample, ServerInfo, ServerRole, Unanswered, WatchedEnvironment } from '../capabilities.js';
import type { PrometheusApi, VectorSeries } from './prometheus-api.js';
import { checkQuery, hostMatcher, type PrometheusDefinition } from './queries.js';
import { guarded } from '../../guarded.js';

/** The servers of an environment as the fleet file lists them; `instance` defaults to the name. */
export function hostsOf(env: WatchedEnvironment): ServerInfo[] {
  return (env.binding.hosts ?? []).map((host) => ({ name: host.name, role: host.role, instance: host.instance ?? host.name }));
}

interface WatchedHost {
  env: string;
  server: number;
  role: ServerRole;
}

interface Plan {
  checks: Array<{ check: CheckName; query: string }>;
  /** By instance label value; one instance may serve several environments. */
  hosts: Map<string, WatchedHost[]>;
}

interface Run {
  plan: Plan;
  sink: HealthSink;
  controller: AbortController;
  timer: NodeJS.Timeout | undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Fleet health from Prometheus: every pollMs, one instant query per check for all watched
 * hosts at once, run concurrently, mapped back to (environment, server) by the instance
 * label. A round never overlaps the next; stop() aborts the one in flight.
 */
export class PrometheusHealth implements HealthSource {
  private run: Run | undefined;

  constructor(
    private readonly definition: PrometheusDefinition,
    private readonly api: PrometheusApi,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {}

  get reportEveryMs(): number {
    return this.definition.pollMs;
  }

  servers(env: WatchedEnvironment): ServerInfo[] {
    return hostsOf(env);
  }

  start(environments: readonly WatchedEnvironment[], sink: HealthSink): void {
    this.stop();
    const plan = this.plan(environments);
    if (plan.checks.length === 0) return;
    const run: Run = { plan, sink, controller: new AbortController(), timer: undefined };
    this.run = run;
    void this.tick(run);
  }

  stop(): void {
    if (!this.run) return;
    this.run.controller.abort();
    clearTimeout(this.run.timer);
    this.run = undefined;
  }

  private plan(environments: readonly WatchedEnvironment[]): Plan {
    const hosts = new Map<string, WatchedHost[]>();
    const roles = new Set<ServerRole>();
    for (const env of environments) {
      hostsOf(env).forEach((host, server) => {
        const instance = host.instance ?? host.name;
        const list = hosts.get(instance) ?? [];
        list.push({ env: env.view.id, server, role: host.role });
        hosts.set(instance, list);
        roles.add(host.role);
      });
    }
    const matcher = hostMatcher(this.definition.instanceLabel, [...hosts.keys()]);
    const checks = CHECK_RULES.filter((rule) => rule.roles.some((role) => roles.has(role))).map((rule) => ({
      check: rule.check,
      query: checkQuery(this.definition, rule.check, matcher),
    }));
    return { checks, hosts };
  }

  /** Never throws: a failed round is reported to the sink, and the next one is scheduled. */
  private async tick(run: Run): Promise<void> {
    const started = performance.now();
    try {
      await this.poll(run, started);
    } catch (error) {
      this.log(`${this.api.label}: health round failed: ${messageOf(error)}`);
    }
    if (this.run !== run) return;
    run.timer = setTimeout(
      guarded(`${this.api.label}: a health round`, this.log, () => this.tick(run)),
      Math.max(0, this.definition.pollMs - (performance.now() - started)),
    );
    run.timer.unref();
  }

  private async poll(run: Run, started: number): Promise<void> {
    const { plan, sink, controller } = run;
    const results = await Promise.allSettled(plan.checks.map(({ query }) => this.api.instant(query, controller.signal)));
    if (controller.signal.aborted) return;

    const samples: Sample[] = [];
    const failures = new Map<string, CheckName[]>();
    const unanswered: Unanswered[] = [];
    let failed = 0;
    const fail = (check: CheckName, error: unknown) => {
      failed += 1;
      const message = messageOf(error);
      failures.set(message, [...(failures.get(message) ?? []), check]);
      unanswered.push({ check, reason: message });
    };
    results.forEach((result, i) => {
      const check = plan.checks[i]?.check;
      if (!check) return;
      if (result.status === 'rejected') return fail(check, result.reason);
      try {
        this.collect(plan, check, result.value, samples);
      } catch (error) {
        fail(check, error);
      }
    });

    const at = this.clock.now();
    if (failed < plan.checks.length) sink.report({ at, latencyMs: performance.now() - started, samples, ...(unanswered.length > 0 ? { unanswered } : {}) });
    if (failed > 0) {
      const text = [...failures].map(([message, checks]) => (failed === plan.checks.length && failures.size === 1 ? message : `${checks.join(', ')}: ${message}`));
      sink.failed(at, text.join('; '));
    }
  }

  /** One sample per watched host that has the check; NaN (no data) for a host the query did not return. */
  private collect(plan: Plan, check: CheckName, series: readonly VectorSeries[], samples: Sample[]): void {
    const label = this.definition.instanceLabel;
    const values = new Map<string, number>();
    for (const { metric, value } of series) {
      const instance = metric[label];
      if (instance !== undefined) values.set(instance, value[1]);
    }
    if (series.length > 0 && values.size === 0) {
      throw new ConnectorError('malformed', `${this.api.label}: the ${check} query returned series without the "${label}" label; group it by (${label})`);
    }
    for (const [instance, hosts] of plan.hosts) {
      const value = values.get(instance) ?? Number.NaN;
      for (const host of hosts) {
        if (appliesTo(check, host.role)) samples.push({ env: host.env, server: host.server, check, value });
      }
    }
  }
}
