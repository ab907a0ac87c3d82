import type { AuditResult } from '../../../../shared/contract/audit.js';
import type { HealthStatus } from '../../../../shared/contract/index.js';

export const AUDIT_RESULT_LABELS: Readonly<Record<AuditResult, string>> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  refused: 'Refused',
  started: 'Started',
  cancelled: 'Cancelled',
  'in-doubt': 'In doubt',
};

/** Each result drawn with the health icon that means the same to a person reading the trail. */
export const AUDIT_RESULT_STATUS: Readonly<Record<AuditResult, HealthStatus>> = {
  succeeded: 'ok',
  failed: 'critical',
  refused: 'warning',
  started: 'maintenance',
  cancelled: 'unknown',
  'in-doubt': 'warning',
};
