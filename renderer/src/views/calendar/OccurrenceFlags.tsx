import type { OccurrenceView } from '../../../../shared/contract/calendar.js';
import { StatusIcon } from '../../components/StatusIcon.js';
import { NOTICE_ACTION_STATES, NOTICE_LABELS, NOTICE_STATUS } from './calendar-labels.js';

export function hasFlags(occurrence: OccurrenceView): boolean {
  return occurrence.kind === 'emergency-maintenance' || occurrence.conflicts.length > 0 || NOTICE_ACTION_STATES.has(occurrence.notice.state);
}

/**
 * The marks an occurrence carries wherever it is drawn: emergency, conflicts, an announcement to
 * make. Compact (a month cell) shows the shapes and leaves the words to assistive technology.
 */
export function OccurrenceFlags({ occurrence, compact = false }: { occurrence: OccurrenceView; compact?: boolean }) {
  const { notice, conflicts, kind } = occurrence;
  const words = (text: string) => (compact ? <span className="sr-only">{text}</span> : text);
  return (
    <>
      {kind === 'emergency-maintenance' && (
        <span className="occ-flag flag-emergency">
          <StatusIcon status="critical" />
          {words('Emergency')}
        </span>
      )}
      {conflicts.length > 0 && (
        <span className="occ-flag flag-conflict">
          <StatusIcon status="warning" />
          {words(conflicts.length === 1 ? 'Conflict' : `${conflicts.length} conflicts`)}
        </span>
      )}
      {NOTICE_ACTION_STATES.has(notice.state) && (
        <span className="occ-flag flag-notice">
          <StatusIcon status={NOTICE_STATUS[notice.state]} />
          {words(NOTICE_LABELS[notice.state])}
        </span>
      )}
    </>
  );
}
