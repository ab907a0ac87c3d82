import type { OccurrenceView } from '../../../../shared/contract/calendar.js';
import { formatStamp } from './calendar-format.js';
import { NoticeBadge } from './NoticeBadge.js';

/** Where the announcement stands, when it is due by, and, for emergency maintenance, why there is no notice. */
export function NoticeFacts({ occurrence }: { occurrence: OccurrenceView }) {
  const { notice } = occurrence;
  const zone = occurrence.localStart.timeZone;
  return (
    <dl className="facts">
      <dt>Notice</dt>
      <dd>
        <NoticeBadge state={notice.state} />
        {notice.requiredDays > 0 && <span className="muted">{notice.requiredDays} days ahead required</span>}
      </dd>
      {notice.announceBy !== null && (
        <>
          <dt>Announce by</dt>
          <dd>{formatStamp(notice.announceBy, zone)}</dd>
        </>
      )}
      {notice.reason !== null && (
        <>
          <dt>Emergency because</dt>
          <dd>{notice.reason}</dd>
        </>
      )}
    </dl>
  );
}
