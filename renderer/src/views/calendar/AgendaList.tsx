import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import type { OccurrenceView } from '../../../../shared/contract/calendar.js';
import type { VisibleRange } from './calendar-model.js';
import { AGENDA_ROW_HEIGHT, AgendaRow } from './AgendaRow.js';

const HEADER_HEIGHT = 34;
const rowHeight = () => AGENDA_ROW_HEIGHT;

interface AgendaListProps {
  range: VisibleRange;
  /** The first instant of the day asked for ("Go to date"): the list opens on it. */
  focusDay: number;
  /** The occurrences are still those of another range, while this one loads. */
  placeholder: boolean;
  occurrences: readonly OccurrenceView[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
}

/** Every occurrence of the month in start order, as a table of fixed-height rows, virtualized. */
export function AgendaList({ range, focusDay, placeholder, occurrences, selectedKey, onSelect }: AgendaListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(
    () => occurrences.filter((occurrence) => occurrence.end > range.from && occurrence.start < range.to).toSorted((a, b) => a.start - b.start || a.end - b.end),
    [occurrences, range],
  );
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: rowHeight,
    overscan: 8,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey,
  });
  // The list opens once on the day asked for: its first occurrence, or the next one after it.
  const openedFor = useRef<string | null>(null);
  useLayoutEffect(() => {
    const opening = `${range.from} ${focusDay}`;
    if (placeholder || openedFor.current === opening) return;
    openedFor.current = opening;
    const index = rows.findIndex((occurrence) => occurrence.end > focusDay);
    virtualizer.scrollToIndex(index < 0 ? 0 : index, { align: 'start' });
  }, [placeholder, range.from, focusDay, rows, virtualizer]);

  const titles = [`Starts (${range.zone})`, "In the window's zone", 'UTC', 'Window', 'Customers', 'Notice', 'Published'];

  return (
    <div className="agenda-frame">
      <div ref={scrollRef} className="agenda-scroller" role="table" aria-label="Agenda" aria-rowcount={rows.length + 1}>
        <div role="rowgroup" className="agenda-head">
          <div role="row" className="agenda-row agenda-header-row" aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
            {titles.map((title) => (
              <div key={title} role="columnheader" className="agenda-cell">
                {title}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="agenda-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const occurrence = rows[item.index];
            if (occurrence === undefined) return null;
            return (
              <AgendaRow
                key={item.key}
                occurrence={occurrence}
                viewerZone={range.zone}
                index={item.index}
                top={item.start - HEADER_HEIGHT}
                selected={occurrence.key === selectedKey}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
      {rows.length === 0 && (
        <p className="agenda-empty" style={{ top: HEADER_HEIGHT + 16 }}>
          No window falls in this month.
        </p>
      )}
    </div>
  );
}
