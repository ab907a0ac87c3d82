import type { CalendarEntryKind, ConflictKind, NoticeState, PublishState } from '../../../../shared/contract/calendar.js';
import type { HealthStatus } from '../../../../shared/contract/index.js';

export const KIND_LABELS: Readonly<Record<CalendarEntryKind, string>> = {
  'planned-maintenance': 'Planned maintenance',
  'emergency-maintenance': 'Emergency maintenance',
  'upgrade-slot': 'Upgrade slot',
  'deploy-freeze': 'Deploy freeze',
  'environment-end': 'Environment end',
};

export const NOTICE_LABELS: Readonly<Record<NoticeState, string>> = {
  'not-required': 'No notice needed',
  ahead: 'Announce later',
  due: 'Announce now',
  overdue: 'Announcement overdue',
  announced: 'Announced',
  'short-notice': 'Short notice',
  past: 'Started',
};

/** The status shape each notice state is drawn with: a clock while it can wait, a triangle when due, an octagon when late. */
export const NOTICE_STATUS: Readonly<Record<NoticeState, HealthStatus>> = {
  'not-required': 'unknown',
  ahead: 'stale',
  due: 'warning',
  overdue: 'critical',
  announced: 'ok',
  'short-notice': 'warning',
  past: 'stale',
};

export const PUBLISH_LABELS: Readonly<Record<PublishState, string>> = {
  'not-published': 'Not published',
  published: 'Published',
  outdated: 'Outdated',
  failed: 'Failed',
  cancelled: 'Cancelled',
  'cancel-failed': 'Cancel failed',
};

/** Cancelled is drawn as done: the backend holds what the calendar says. */
export const PUBLISH_STATUS: Readonly<Record<PublishState, HealthStatus>> = {
  'not-published': 'unknown',
  published: 'ok',
  outdated: 'warning',
  failed: 'critical',
  cancelled: 'ok',
  'cancel-failed': 'critical',
};

export const CONFLICT_LABELS: Readonly<Record<ConflictKind, string>> = {
  'inside-freeze': 'Inside a freeze',
  'double-maintenance': 'Two maintenance windows',
  'open-incident': 'Open incident',
  'deploy-in-freeze': 'Deploy in a freeze',
};

/** Notice states a person has to act on. */
export const NOTICE_ACTION_STATES: ReadonlySet<NoticeState> = new Set(['due', 'overdue', 'short-notice']);
