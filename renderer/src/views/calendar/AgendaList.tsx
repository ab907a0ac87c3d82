import { useLayoutEffect, useMemo, useRef } from 'react';
import type { OccurrenceView } from '../../../../shared/contract/calendar.js';
import { TABLE_HEADER_HEIGHT, useTableVirtualizer, VirtualTableRows } from '../../components/VirtualTable.js';
import type { VisibleRange } from './calendar-model.js';
import { AGENDA_ROW_HEIGHT, AgendaRow } from './AgendaRow.js';

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
  const virtualizer = useTableVirtualizer(scrollRef, rows, AGENDA_ROW_HEIGHT);
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
    <div className="vtable-frame agenda-frame">
      <div ref={scrollRef} className="vtable-scroller" role="table" aria-label="Agenda" aria-rowcount={rows.length + 1}>
        <VirtualTableRows
          titles={titles}
          classes={{ head: 'vtable-head', headerRow: 'agenda-row agenda-header-row', cell: 'agenda-cell', body: 'vtable-body agenda-body' }}
          virtualizer={virtualizer}
          rows={rows}
          renderRow={(occurrence, item, top) => (
            <AgendaRow occurrence={occurrence} viewerZone={range.zone} index={item.index} top={top} selected={occurrence.key === selectedKey} onSelect={onSelect} />
          )}
        />
      </div>
      {rows.length === 0 && (
        <p className="agenda-empty" style={{ top: TABLE_HEADER_HEIGHT + 16 }}>
          No window falls in this month.
        </p>
      )}
    </div>
  );
}
