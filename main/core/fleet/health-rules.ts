import type { CheckName } from '../../../shared/contract/fleet.js';
import type { HealthStatus } from '../../../shared/contract/health.js';
import type { ServerRole } from '../connectors/capabilities.js';

/** What each check measures and where it turns warning and critical. */
export interface CheckRule {
  check: CheckName;
  label: string;
  unit: string;
  warning: number;
  critical: number;
}

export const CHECK_RULES: readonly CheckRule[] = [
  { check: 'cpu', label: 'CPU', unit: '%', warning: 85, critical: 95 },
  { check: 'memory', label: 'memory', unit: '%', warning: 85, critical: 95 },
  { check: 'disk', label: 'disk', unit: '%', warning: 80, critical: 90 },
  { check: 'services', label: 'stopped services', unit: 'services', warning: 1, critical: 2 },
  { check: 'database', label: 'database response', unit: 'ms', warning: 200, critical: 1000 },
  { check: 'backup', label: 'time since last backup', unit: 'h', warning: 26, critical: 50 },
];

export const CHECK_INDEX: Readonly<Record<CheckName, number>> = {
  cpu: 0,
  memory: 1,
  disk: 2,
  services: 3,
  database: 4,
  backup: 5,
};

export const CHECK_COUNT = CHECK_RULES.length;

/** Database and backup checks only mean something on database servers. */
export function appliesTo(check: CheckName, role: ServerRole): boolean {
  return role === 'db' || (check !== 'database' && check !== 'backup');
}

export function checkStatus(rule: CheckRule, value: number): HealthStatus {
  if (Number.isNaN(value)) return 'unknown';
  if (value >= rule.critical) return 'critical';
  if (value >= rule.warning) return 'warning';
  return 'ok';
}

export function describeCheck(rule: CheckRule, value: number, server: string): string {
  if (Number.isNaN(value)) return `no data for ${rule.label} on ${server}`;
  const shown = rule.unit === '%' ? `${Math.round(value)}%` : `${Math.round(value)} ${rule.unit}`;
  const status = checkStatus(rule, value);
  const limit = status === 'critical' ? rule.critical : rule.warning;
  const suffix = status === 'ok' ? '' : ` (limit ${limit}${rule.unit === '%' ? '%' : ` ${rule.unit}`})`;
  return `${rule.label} ${shown} on ${server}${suffix}`;
}
