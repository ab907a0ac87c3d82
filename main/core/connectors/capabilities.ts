import type { CheckName } from '../../../shared/contract/fleet.js';
import type { EnvironmentView } from '../../../shared/contract/fleet.js';

/**
 * What a connector can do, by capability rather than by vendor. Services depend on these
 * interfaces; a new backend is a new folder that implements one or more of them.
 */

export type ServerRole = 'web' | 'app' | 'db';

export interface ServerInfo {
  name: string;
  role: ServerRole;
}

/** One measurement of one check on one server of an environment. */
export interface Sample {
  env: string;
  server: number;
  check: CheckName;
  value: number;
}

export interface HealthReport {
  at: number;
  latencyMs: number;
  samples: readonly Sample[];
}

export interface HealthSink {
  report(report: HealthReport): void;
  failed(at: number, message: string): void;
}

/** Watches environments and reports what it measures. */
export interface HealthSource {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  servers(env: EnvironmentView): ServerInfo[];
  start(environments: readonly EnvironmentView[], sink: HealthSink): void;
  stop(): void;
}

export interface InjectedFault {
  server: string;
  until: number;
}

/** Only simulated backends can be told to break; drills and demos use it. */
export interface FaultInjector {
  injectFault(env: string, check: CheckName, severity: 'warning' | 'critical', durationMs: number): InjectedFault;
}

export type Connector = HealthSource & Partial<FaultInjector>;
