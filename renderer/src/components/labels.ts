import type { CheckName, HealthStatus, LifecycleState, SourceStatus } from '../../../shared/contract/index.js';
import type { LifecycleKind } from '../../../shared/fleet-definition/lifecycle.js';
import type { EnvironmentKind, Ring, SiteRole } from '../../../shared/fleet-definition/schema.js';

export const STATUS_LABELS: Readonly<Record<HealthStatus, string>> = {
  critical: 'Critical',
  warning: 'Warning',
  unknown: 'Unknown',
  stale: 'Stale',
  maintenance: 'Maintenance',
  ok: 'OK',
};

export const LIFECYCLE_STATE_LABELS: Readonly<Record<LifecycleState, string>> = {
  active: 'Active',
  'ending-soon': 'Ending soon',
  due: 'Due',
  'should-be-gone': 'Should be gone',
  decommissioned: 'Decommissioned',
};

export const LIFECYCLE_KIND_LABELS: Readonly<Record<LifecycleKind, string>> = {
  permanent: 'Permanent',
  temporary: 'Temporary',
  'permanent-paid': 'Kept (paid)',
  'release-temporary': 'For one release',
};

export const KIND_LABELS: Readonly<Record<EnvironmentKind, string>> = {
  production: 'Production',
  uat: 'UAT',
  training: 'Training',
  internal: 'Internal',
};

export const RING_LABELS: Readonly<Record<Ring, string>> = {
  internal: 'internal ring',
  'early-access': 'early access',
  beta: 'beta',
  production: 'production ring',
};

export const SITE_ROLE_LABELS: Readonly<Record<SiteRole, string>> = {
  primary: 'Primary',
  'disaster-recovery': 'Disaster recovery',
  backup: 'Backup',
};

type SourceState = SourceStatus['state'];

export const SOURCE_STATE_LABELS: Readonly<Record<SourceState, string>> = {
  up: 'Up',
  down: 'Down',
  connecting: 'Connecting',
};

/** A source's state drawn with the health icon that means the same to a person watching. */
export const SOURCE_STATE_STATUS: Readonly<Record<SourceState, HealthStatus>> = {
  up: 'ok',
  down: 'critical',
  connecting: 'unknown',
};

export function kindWithRing(kind: EnvironmentKind, ring: Ring | undefined): string {
  return ring === undefined ? KIND_LABELS[kind] : `${KIND_LABELS[kind]} · ${RING_LABELS[ring]}`;
}

export const CHECK_LABELS: Readonly<Record<CheckName, string>> = {
  cpu: 'CPU',
  memory: 'Memory',
  disk: 'Disk',
  network: 'Network',
  availability: 'Availability',
  io: 'Disk I/O',
  services: 'Services',
  'app-response': 'Response time',
  database: 'Database',
  backup: 'Backup',
  'self-diagnosis': 'Self-diagnosis',
};
