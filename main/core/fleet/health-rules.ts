import type { CheckName } from '../../../shared/contract/fleet.js';
import type { Health } from '../../../shared/contract/health.js';
import type { ServerRole } from '../connectors/capabilities.js';

/** What each check measures and where it turns warning and critical. */
export interface CheckRule {
  check: CheckName;
  label: string;
  unit: string;
  /** `above`: higher is worse (CPU); `below`: lower is worse (availability). */
  worse: 'above' | 'below';
  warning: number;
  critical: number;
  /** Which server roles have this check. */
  roles: readonly ServerRole[];
}

const ALL: readonly ServerRole[] = ['web', 'app', 'db'];

export const CHECK_RULES: readonly CheckRule[] = [
  { check: 'cpu', label: 'CPU', unit: '%', worse: 'above', warning: 85, critical: 95, roles: ALL },
  { check: 'memory', label: 'memory', unit: '%', worse: 'above', warning: 85, critical: 95, roles: ALL },
  { check: 'disk', label: 'disk', unit: '%', worse: 'above', warning: 80, critical: 90, roles: ALL },
  { check: 'network', label: 'packet loss', unit: '%', worse: 'above', warning: 1, critical: 5, roles: ALL },
  { check: 'availability', label: 'availability', unit: '%', worse: 'below', warning: 99.5, critical: 95, roles: ALL },
  { check: 'io', label: 'disk I/O busy', unit: '%', worse: 'above', warning: 80, critical: 95, roles: ALL },
  { check: 'services', label: 'stopped services', unit: 'services', worse: 'above', warning: 1, critical: 2, roles: ALL },
  { check: 'app-response', label: 'response time p95', unit: 'ms', worse: 'above', warning: 800, critical: 3000, roles: ['web'] },
  { check: 'database', label: 'database response', unit: 'ms', worse: 'above', warning: 200, critical: 1000, roles: ['db'] },
  { check: 'backup', label: 'time since last backup', unit: 'h', worse: 'above', warning: 26, critical: 50, roles: ['db'] },
  { check: 'self-diagnosis', label: 'failing background services', unit: 'services', worse: 'above', warning: 1, critical: 2, roles: ['app'] },
];

export const CHECK_INDEX = Object.fromEntries(CHECK_RULES.map((rule, index) => [rule.check, index])) as Readonly<Record<CheckName, number>>;

export const CHECK_COUNT = CHECK_RULES.length;

export function ruleOf(check: CheckName): CheckRule {
  const rule = CHECK_RULES[CHECK_INDEX[check]];
  if (!rule) throw new RangeError(`no rule for check "${check}"`);
  return rule;
}

export function appliesTo(check: CheckName, role: ServerRole): boolean {
  return ruleOf(check).roles.includes(role);
}

function breaches(rule: CheckRule, value: number, limit: number): boolean {
  return rule.worse === 'above' ? value >= limit : value <= limit;
}

export function checkStatus(rule: CheckRule, value: number): Health {
  if (Number.isNaN(value)) return 'unknown';
  if (breaches(rule, value, rule.critical)) return 'critical';
  if (breaches(rule, value, rule.warning)) return 'warning';
  return 'ok';
}

/** A value at the given severity: what a simulated fault reports. */
export function valueAt(rule: CheckRule, severity: 'warning' | 'critical'): number {
  const limit = severity === 'critical' ? rule.critical : rule.warning;
  if (rule.unit !== '%') return rule.worse === 'above' ? Math.max(limit * 1.2, limit + 1) : limit * 0.8;
  return rule.worse === 'above' ? Math.min(100, limit + 2) : Math.max(0, limit - 2);
}

function formatValue(rule: CheckRule, value: number): string {
  const rounded = Math.abs(value) < 10 && !Number.isInteger(value) ? Math.round(value * 10) / 10 : Math.round(value);
  return rule.unit === '%' ? `${rounded}%` : `${rounded} ${rule.unit}`;
}

export function describeCheck(rule: CheckRule, value: number, server: string): string {
  if (Number.isNaN(value)) return `no data for ${rule.label} on ${server}`;
  const status = checkStatus(rule, value);
  const limit = status === 'critical' ? rule.critical : rule.warning;
  const suffix = status === 'ok' ? '' : ` (limit ${formatValue(rule, limit)})`;
  return `${rule.label} ${formatValue(rule, value)} on ${server}${suffix}`;
}
