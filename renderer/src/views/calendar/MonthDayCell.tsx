import { memo } from 'react';
import type { Temporal } from 'temporal-polyfill';
import type { OccurrenceView } from '../../../../shared/contract/calendar.js';
import { KIND_LABELS } from './calendar-labels.js';
import { formatDayLong } from '../../../../shared/time/zoned-time.js';
import { formatClock, formatLocalSpan } from './calendar-format.js';
import type { DayEntry } from './calendar-model.js';
import { KindIcon } from './KindIcon.js';
import { hasFlags, OccurrenceFlags } from './OccurrenceFlags.js';

interface MonthDayCellProps {
  date: Temporal.PlainDate;
  dayStart: number;
  zone: string;
  entries: readonly DayEntry<OccurrenceView>[];
  inMonth: boolean;
  isToday: boolean;
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onShowWeek: (date: Temporal.PlainDate) => void;
}

/** Cells keep one height: this many entries, then a "more" button, so a busy day never pushes the month about. */
const SHOWN_ENTRIES = 4;

function EntryButton({ entry, zone, selected, onSelect }: { entry: DayEntry<OccurrenceView>; zone: string; selected: boolean; onSelect: (key: string) => void }) {
  const occurrence = entry.item;
  const ownZone = occurrence.localStart.timeZone;
  return (
    <button
      type="button"
      className={`month-entry kind-${occurrence.kind}${selected ? ' is-selected' : ''}${occurrence.conflicts.length > 0 ? ' has-conflict' : ''}`}
      data-occurrence-key={occurrence.key}
      aria-pressed={selected}
      title={`${occurrence.title} (${KIND_LABELS[occurrence.kind]}): ${formatLocalSpan(occurrence.localStart, occurrence.localEnd)} ${ownZone}`}
      onClick={() => onSelect(occurrence.key)}
    >
      <KindIcon kind={occurrence.kind} />
      <span className="entry-time">{entry.continued ? 'cont.' : formatClock(occurrence.start, zone)}</span>{' '}
      <span className="entry-title">{occurrence.title}</span>
      <span className="sr-only">
        {entry.continued ? ', continues from an earlier day' : `, ${formatLocalSpan(occurrence.localStart, occurrence.localEnd)} in ${ownZone}`}
      </span>
      {hasFlags(occurrence) && (
        <span className="occ-flags">
          <OccurrenceFlags occurrence={occurrence} compact />
        </span>
      )}
    </button>
  );
}

export const MonthDayCell = memo(function MonthDayCell({ date, dayStart, zone, entries, inMonth, isToday, selectedKey, onSelect, onShowWeek }: MonthDayCellProps) {
  const hidden = entries.length - SHOWN_ENTRIES;
  const shown = hidden > 0 ? entries.slice(0, SHOWN_ENTRIES - 1) : entries;
  const inFreeze = entries.some((entry) => entry.item.kind === 'deploy-freeze');
  return (
    <td className={`month-day${inMonth ? '' : ' is-other-month'}${isToday ? ' is-today' : ''}${inFreeze ? ' in-freeze' : ''}`} aria-current={isToday ? 'date' : undefined}>
      <div className="month-day-head">
        <span className="month-day-number">
          <span aria-hidden="true">{date.day}</span>
          <span className="sr-only">{formatDayLong(dayStart, zone)}</span>
        </span>
        {isToday && <span className="today-tag">Today</span>}
      </div>
      <ul className="month-entries">
        {shown.map((entry) => (
          <li key={entry.item.key}>
            <EntryButton entry={entry} zone={zone} selected={entry.item.key === selectedKey} onSelect={onSelect} />
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <button type="button" className="month-more" onClick={() => onShowWeek(date)}>
          {hidden + 1} more…<span className="sr-only"> on {formatDayLong(dayStart, zone)}, in the week view</span>
        </button>
      )}
    </td>
  );
});
