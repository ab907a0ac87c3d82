import type { HealthStatus } from '../../../../shared/contract/index.js';
import type { HoldReason, IncidentStatus, OutboxEntryView, Severity, TimelineKind } from '../../../../shared/contract/incidents.js';
import { SEVERITY_DEFAULTS } from '../../../../shared/fleet-definition/incidents.js';

export const SEVERITY_NAMES: Readonly<Record<Severity, string>> = { sev1: 'Sev1', sev2: 'Sev2', sev3: 'Sev3', sev4: 'Sev4' };

/** What each severity means when the fleet file says nothing else: the README's defaults. */
export const SEVERITY_MEANINGS: Readonly<Record<Severity, string>> = {
  sev1: SEVERITY_DEFAULTS.sev1.meaning,
  sev2: SEVERITY_DEFAULTS.sev2.meaning,
  sev3: SEVERITY_DEFAULTS.sev3.meaning,
  sev4: SEVERITY_DEFAULTS.sev4.meaning,
};

/** The health shape a severity is drawn with; the name is always written beside it. */
export const SEVERITY_STATUS: Readonly<Record<Severity, HealthStatus>> = { sev1: 'critical', sev2: 'warning', sev3: 'maintenance', sev4: 'unknown' };

export const STATUS_NAMES: Readonly<Record<IncidentStatus, string>> = {
  triage: 'Triage',
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export const HOLD_NAMES: Readonly<Record<HoldReason, string>> = {
  'waiting-for-customer': 'waiting for the customer',
  'waiting-for-vendor': 'waiting for a vendor',
  'waiting-for-change': 'waiting for a change',
};

export const TIMELINE_KIND_NAMES: Readonly<Record<TimelineKind, string>> = {
  declared: 'Declared',
  status: 'Status',
  severity: 'Severity',
  commander: 'Command',
  note: 'Note',
  acknowledged: 'Acknowledged',
  'alert-firing': 'Alert firing',
  'alert-resolved': 'Alert resolved',
  'alert-linked': 'Alert linked',
  silence: 'Silence',
  'deploy-started': 'Deploy started',
  'deploy-finished': 'Deploy finished',
  'rollback-started': 'Rollback started',
  'rollback-finished': 'Rollback finished',
  'slot-swap': 'Slot swap',
  maintenance: 'Maintenance',
  'status-page': 'Status page',
  'ticket-transition': 'Ticket',
  'ticket-comment': 'Ticket comment',
  comms: 'Communication',
  review: 'Review',
};

export const OUTBOX_KIND_NAMES: Readonly<Record<OutboxEntryView['kind'], string>> = {
  declare: 'New incident and ticket',
  note: 'Note',
  acknowledge: 'Acknowledgement',
  'review-draft': 'Review draft',
  'status-draft': 'Status update draft',
  comms: 'Communication record',
};

export const OUTBOX_STATE_NAMES: Readonly<Record<OutboxEntryView['state'], string>> = {
  pending: 'Waiting to be sent',
  sending: 'Sending',
  'in-doubt': 'Sent, answer lost: will be checked before sending again',
  conflict: 'Conflict: the ticket changed meanwhile',
  failed: 'Refused by the backend',
};

export const OUTBOX_STATE_STATUS: Readonly<Record<OutboxEntryView['state'], HealthStatus>> = {
  pending: 'stale',
  sending: 'unknown',
  'in-doubt': 'warning',
  conflict: 'critical',
  failed: 'critical',
};

export const POST_STATUS_NAMES = { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' } as const;

export const COMPONENT_IMPACT_NAMES = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
} as const;
