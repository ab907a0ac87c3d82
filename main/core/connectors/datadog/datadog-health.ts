import { CheckName } from '../../../../shared/contract/fleet.js';
import type { Clock } from '../../clock.js';
import { appliesTo } from '../../fleet/health-rules.js';
import type { HealthSink, HealthSource, Sample, ServerInfo, ServerRole, Unanswered, WatchedEnvironment } from '../capabilities.js';
import { batched, hostOf, lastValue, scoped } from './check-queries.js';
import type { DatadogApi } from './datadog-api.js';
import { guarded } from '../../guarded.js';

/** How far back a poll looks for each series' latest point; Datadog points arrive a minute or two late. */
const WINDOW_MS = 5 * 60_000;
/** Requests in flight at once per Datadog connection: Datadog rate-limits per organisation. */
const CONCURRENCY = 4;

export interface DatadogHealthOptions {
  api: DatadogApi;
  clock: Clock;
  log: (line: string) => void;
  pollMs: number;
  /** Metric query per check; availability without one comes from the host list's up flag. */
  queries: Partial<Record<CheckName, string>>;
}

interface Located {
  env: string;
  server: number;
  role: ServerRole;
}

interface Measured {
  samples: Sample[];
  latencyMs: number;
}

/** The servers of an environment as the fleet file lists them; `instance` is the Datadog host name. */
export function serversOf(env: WatchedEnvironment): ServerInfo[] {
  return (env.binding.hosts ?? []).map((host) => ({ name: host.name, role: host.role, instance: host.instance ?? host.name }));
}

async function settle<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<Array<PromiseSettledResult<T>>> {
  const results = new Array<PromiseSettledResult<T>>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (!task) continue;
      try {
        results[index] = { status: 'fulfilled', value: await task() };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * Polls Datadog for every check of every environment: one metric query per check, grouped by
 * host and filtered by the environment's tags, many environments to a request. A server with
 * no point in the window reports no value, so it shows as unknown rather than as its last value.
 */
export class DatadogHealth implements HealthSource {
  private environments: readonly WatchedEnvironment[] = [];
  /** Environment id -> its servers, worked out once per start. */
  private readonly layout = new Map<string, ServerInfo[]>();
  /** Datadog host name -> the servers it is; a shared host serves several environments. */
  private readonly located = new Map<string, Located[]>();
  private sink: HealthSink | undefined;
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly options: DatadogHealthOptions) {}

  get reportEveryMs(): number {
    return this.options.pollMs;
  }

  servers(env: WatchedEnvironment): ServerInfo[] {
    return serversOf(env);
  }

  start(environments: readonly WatchedEnvironment[], sink: HealthSink): void {
    this.stop();
    this.environments = environments;
    this.layout.clear();
    this.located.clear();
    for (const env of environments) {
      const servers = serversOf(env);
      servers.forEach((server, index) => {
        const host = server.instance ?? server.name;
        this.located.set(host, [...(this.located.get(host) ?? []), { env: env.view.id, server: index, role: server.role }]);
      });
      this.layout.set(env.view.id, servers);
    }
    this.sink = sink;
    this.controller = new AbortController();
    void this.poll();
    this.timer = setInterval(guarded('a Datadog health poll', this.options.log, () => this.poll()), this.options.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    this.controller = undefined;
    this.sink = undefined;
  }

  /** One round of queries, reported as one report; a round still running is not started twice. */
  async poll(): Promise<void> {
    const { sink, controller } = this;
    if (this.polling || !sink || !controller) return;
    this.polling = true;
    try {
      const to = this.options.clock.now();
      const tasks: Array<() => Promise<Measured>> = [];
      // What each task asks for, so a task that fails leaves exactly its environments' check unanswered.
      const asked: Array<Omit<Unanswered, 'reason'>> = [];
      for (const check of CheckName.options) {
        const template = this.options.queries[check];
        if (template === undefined) continue;
        for (const batch of batched(this.environments, (env) => scoped(template, env.binding.tags))) {
          tasks.push(() => this.measure(check, batch.items, batch.query, to, controller.signal));
          asked.push({ check, envs: batch.items.map((env) => env.view.id) });
        }
      }
      if (this.options.queries.availability === undefined && this.located.size > 0) {
        tasks.push(() => this.availability(controller.signal));
        asked.push({ check: 'availability' });
      }
      const results = await settle(tasks, CONCURRENCY);
      if (controller.signal.aborted) return;
      const at = this.options.clock.now();
      const done = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const errors = results.flatMap((result) => (result.status === 'rejected' ? [describe(result.reason)] : []));
      if (done.length === 0 && errors.length > 0) {
        sink.failed(at, errors[0] ?? `${this.options.api.label} did not answer`);
        return;
      }
      const unanswered = results.flatMap((result, i): Unanswered[] => {
        const what = asked[i];
        return result.status === 'rejected' && what ? [{ ...what, reason: describe(result.reason) }] : [];
      });
      sink.report({
        at,
        latencyMs: Math.max(0, ...done.map((measured) => measured.latencyMs)),
        samples: done.flatMap((measured) => measured.samples),
        ...(unanswered.length > 0 ? { unanswered } : {}),
      });
      // A partial round is a failure too: the source says so, and its environments left out turn stale.
      if (unanswered.length > 0) {
        const byReason = new Map<string, CheckName[]>();
        for (const gap of unanswered) byReason.set(gap.reason, [...new Set([...(byReason.get(gap.reason) ?? []), gap.check])]);
        sink.failed(at, [...byReason].map(([reason, checks]) => `${checks.join(', ')}: ${reason}`).join('; '));
      }
    } finally {
      this.polling = false;
    }
  }

  private async measure(check: CheckName, envs: readonly WatchedEnvironment[], query: string, to: number, signal: AbortSignal): Promise<Measured> {
    const answer = await this.options.api.query(query, to - WINDOW_MS, to, signal);
    const samples: Sample[] = [];
    const seen = new Set<string>();
    for (const series of answer.series) {
      const env = envs[series.query_index ?? 0];
      const host = hostOf(series);
      const value = lastValue(series);
      if (!env || host === undefined || value === undefined) continue;
      const server = this.located.get(host)?.find((located) => located.env === env.view.id)?.server;
      if (server === undefined) continue;
      samples.push({ env: env.view.id, server, check, value });
      seen.add(`${env.view.id}/${server}`);
    }
    for (const env of envs) {
      (this.layout.get(env.view.id) ?? []).forEach((server, index) => {
        if (appliesTo(check, server.role) && !seen.has(`${env.view.id}/${index}`)) samples.push({ env: env.view.id, server: index, check, value: Number.NaN });
      });
    }
    return { samples, latencyMs: answer.latencyMs };
  }

  /** Up is 100 %, a host Datadog lists as not up is 0 %, a host it does not list at all is unknown. */
  private async availability(signal: AbortSignal): Promise<Measured> {
    const answer = await this.options.api.hosts(signal);
    const samples: Sample[] = [];
    const seen = new Set<Located>();
    for (const host of answer.hosts) {
      if (host.up === undefined) continue;
      const names = new Set([host.name, host.host_name, ...(host.aliases ?? [])]);
      for (const name of names) {
        for (const located of (name === undefined ? undefined : this.located.get(name)) ?? []) {
          if (seen.has(located)) continue;
          seen.add(located);
          samples.push({ env: located.env, server: located.server, check: 'availability', value: host.up ? 100 : 0 });
        }
      }
    }
    for (const located of [...this.located.values()].flat()) {
      if (!seen.has(located) && appliesTo('availability', located.role)) {
        samples.push({ env: located.env, server: located.server, check: 'availability', value: Number.NaN });
      }
    }
    return { samples, latencyMs: answer.latencyMs };
  }
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
