import type { Connector, HealthSink, HealthSource, Sample, ServerInfo, WatchedEnvironment } from '../../main/core/connectors/capabilities.js';
import { CHECK_RULES, appliesTo } from '../../main/core/fleet/health-rules.js';

/** Monitoring the test drives by hand: it decides what is measured, when, and when the source fails. */
export class ScriptedSource implements Connector, HealthSource {
  readonly kind = 'scripted';
  readonly name = 'Scripted monitoring';
  readonly health = this;
  readonly reportEveryMs = 1000;
  sink: HealthSink | undefined;
  environments: readonly WatchedEnvironment[] = [];

  constructor(readonly id: string) {}

  servers({ view }: WatchedEnvironment): ServerInfo[] {
    return Array.from({ length: view.servers }, (_, i) => ({ name: `${view.id}-s${i}`, role: i === 0 ? 'db' : 'app' }));
  }

  start(environments: readonly WatchedEnvironment[], sink: HealthSink): void {
    this.environments = environments;
    this.sink = sink;
  }

  stop(): void {
    this.sink = undefined;
  }

  close(): void {
    this.stop();
  }

  /** A healthy reading of every check of every server it watches. */
  allOk(): Sample[] {
    return this.environments.flatMap((env) =>
      this.servers(env).flatMap((server, index) =>
        CHECK_RULES.filter((rule) => appliesTo(rule.check, server.role)).map((rule) => ({
          env: env.view.id,
          server: index,
          check: rule.check,
          value: rule.worse === 'below' ? 100 : 0,
        })),
      ),
    );
  }

  reportAllOk(at: number): void {
    this.sink?.report({ at, latencyMs: 1, samples: this.allOk() });
  }
}
