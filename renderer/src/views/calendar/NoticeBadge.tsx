import type { NoticeState } from '../../../../shared/contract/calendar.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { NOTICE_LABELS, NOTICE_STATUS } from './calendar-labels.js';

/** Where an occurrence stands with its announcement; nothing is drawn where no notice is needed. */
export function NoticeBadge({ state }: { state: NoticeState }) {
  if (state === 'not-required') return <span className="muted">{NOTICE_LABELS[state]}</span>;
  return <StatusBadge status={NOTICE_STATUS[state]} label={NOTICE_LABELS[state]} />;
}
