import { useMemo } from 'react';
import type { Temporal } from 'temporal-polyfill';
import type { OccurrenceView } from '../../../../shared/contract/calendar.js';
import { useNow } from '../../time/clock.js';
import { formatMonth, formatWeekday } from './calendar-format.js';
import { dayStarts, entriesByDay, todayIn, type VisibleRange } from './calendar-model.js';
import { MonthDayCell } from './MonthDayCell.js';

interface MonthGridProps {
  range: VisibleRange;
  occurrences: readonly OccurrenceView[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
  /** "+N more" opens the week of that day. */
  onShowWeek: (date: Temporal.PlainDate) => void;
}

const DAYS_A_WEEK = 7;

/** Six weeks from the Monday on or before the 1st, in the viewer's zone; each day lists what runs on it. */
export function MonthGrid({ range, occurrences, selectedKey, onSelect, onShowWeek }: MonthGridProps) {
  const now = useNow();
  const starts = useMemo(() => dayStarts(range), [range]);
  const entries = useMemo(() => entriesByDay(occurrences, starts), [occurrences, starts]);
  const today = todayIn(range.zone, now).toString();
  const weeks = useMemo(() => {
    const result: number[][] = [];
    for (let day = 0; day < range.days; day += DAYS_A_WEEK) result.push(Array.from({ length: DAYS_A_WEEK }, (_, offset) => day + offset));
    return result;
  }, [range.days]);

  return (
    <table className="month-grid">
      <caption className="sr-only">
        {formatMonth(range.month)}, in {range.zone}
      </caption>
      <thead>
        <tr>
          {starts.slice(0, DAYS_A_WEEK).map((at) => (
            <th key={at} scope="col">
              {formatWeekday(at, range.zone)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((dayIndex) => {
              const date = range.firstDay.add({ days: dayIndex });
              return (
                <MonthDayCell
                  key={dayIndex}
                  date={date}
                  dayStart={starts[dayIndex] ?? range.from}
                  zone={range.zone}
                  entries={entries[dayIndex] ?? []}
                  inMonth={date.month === range.month.month}
                  isToday={date.toString() === today}
                  selectedKey={selectedKey}
                  onSelect={onSelect}
                  onShowWeek={onShowWeek}
                />
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
