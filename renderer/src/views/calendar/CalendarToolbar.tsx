import { useId } from 'react';
import { Temporal } from 'temporal-polyfill';
import type { CalendarView } from '../../../../shared/contract/calendar.js';
import { formatDateRange, formatMonth } from './calendar-format.js';
import { stepCursor, todayIn, type VisibleRange } from './calendar-model.js';
import { cursorDate, useCalendarStore } from './calendar-store.js';
import { ExportIcsControl } from './ExportIcsControl.js';
import { ModeSwitch } from './ModeSwitch.js';

interface CalendarToolbarProps {
  range: VisibleRange;
  regions: CalendarView['regions'];
  /** Why windows cannot be added or imported now, or null. */
  editBlocked: string | null;
  onNew: () => void;
  onImport: () => void;
}

function rangeTitle(range: VisibleRange): string {
  if (range.mode === 'week') return formatDateRange(range.firstDay, range.firstDay.add({ days: range.days - 1 }));
  return formatMonth(range.month);
}

function parseDate(value: string): Temporal.PlainDate | null {
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' });
  } catch {
    return null;
  }
}

export function CalendarToolbar({ range, regions, editBlocked, onNew, onImport }: CalendarToolbarProps) {
  const dateId = useId();
  const cursor = useCalendarStore((state) => state.cursor);
  const setCursor = useCalendarStore((state) => state.setCursor);
  const unit = range.mode === 'week' ? 'week' : 'month';
  const step = (direction: 1 | -1) => setCursor(stepCursor(range.mode, cursorDate(cursor), direction));

  return (
    <div className="calendar-toolbar">
      <ModeSwitch />
      <div className="calendar-nav" role="group" aria-label="Move through the calendar">
        <button type="button" onClick={() => step(-1)}>
          ◀ Previous {unit}
        </button>
        <button type="button" onClick={() => setCursor(todayIn(range.zone, Date.now()))}>
          Today
        </button>
        <button type="button" onClick={() => step(1)}>
          Next {unit} ▶
        </button>
        <span className="goto-date">
          <label htmlFor={dateId}>Go to date</label>
          <input
            id={dateId}
            type="date"
            value={cursor}
            onChange={(event) => {
              const date = parseDate(event.target.value);
              if (date !== null) setCursor(date);
            }}
          />
        </span>
      </div>
      <h2 className="range-title" aria-live="polite">
        {rangeTitle(range)} <span className="muted">in {range.zone}</span>
      </h2>
      <div className="calendar-actions">
        <button type="button" disabled={editBlocked !== null} title={editBlocked ?? undefined} onClick={onNew}>
          New window…
        </button>
        <button type="button" disabled={editBlocked !== null} title={editBlocked ?? undefined} onClick={onImport}>
          Import .ics…
        </button>
        <ExportIcsControl regions={regions} />
      </div>
    </div>
  );
}
