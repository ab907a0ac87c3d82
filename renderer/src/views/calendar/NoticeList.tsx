import { memo, useId } from 'react';
import type { NoticeDueItem } from '../../../../shared/contract/calendar.js';
import { formatStamp, formatZonedTime } from './calendar-format.js';
import { NoticeBadge } from './NoticeBadge.js';

interface NoticeListProps {
  /** Maintenance ahead, whatever range is shown, that must be announced now or is late to be. */
  items: readonly NoticeDueItem[] | undefined;
  onOpen: (item: NoticeDueItem) => void;
}

/** Planned maintenance needs days of notice, emergency maintenance as much as can be given: what to announce, most urgent first. */
export const NoticeList = memo(function NoticeList({ items, onOpen }: NoticeListProps) {
  const headingId = useId();
  return (
    <section className="calendar-panel notice-list" aria-labelledby={headingId}>
      <h2 id={headingId}>Announcements due</h2>
      {items === undefined ? (
        <p className="muted">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted">No maintenance needs announcing now.</p>
      ) : (
        <ul className="notice-items">
          {items.map((item) => (
            <li key={item.key}>
              <NoticeBadge state={item.notice.state} />
              <button type="button" className="link-button" onClick={() => onOpen(item)}>
                {item.title}
              </button>
              <span>starts {formatZonedTime(item.localStart)}</span>
              {item.notice.announceBy !== null && <span className="muted">announce by {formatStamp(item.notice.announceBy, item.localStart.timeZone)}</span>}
              {item.notice.reason !== null && <span className="muted">emergency: {item.notice.reason}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
