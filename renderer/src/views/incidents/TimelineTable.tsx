import { memo, useMemo, useRef } from 'react';
import type { TimelineEntry } from '../../../../shared/contract/incidents.js';
import { TABLE_HEADER_HEIGHT, useTableVirtualizer, VirtualTableRows } from '../../components/VirtualTable.js';
import { formatAbsolute, formatUtc } from '../../time/format.js';
import { TIMELINE_KIND_NAMES } from './incident-labels.js';

const ROW_HEIGHT = 52;
/** Up to this many rows in sight; a longer timeline scrolls inside its frame. */
const ROWS_IN_SIGHT = 8;
const COLUMN_TITLES = ['When', 'Who', 'What', 'Said'] as const;

const TimelineRow = memo(function TimelineRow({ entry, index, top }: { entry: TimelineEntry; index: number; top: number }) {
  return (
    <div role="row" className={`timeline-row timeline-${entry.kind}`} aria-rowindex={index + 2} style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <div role="cell" className="timeline-cell timeline-cell-stack">
        <time dateTime={new Date(entry.at).toISOString()}>{formatAbsolute(entry.at)}</time>
        <span className="muted">{formatUtc(entry.at)}</span>
      </div>
      <div role="cell" className="timeline-cell" title={entry.who ?? undefined}>
        {entry.who ?? <span className="muted">{entry.source}</span>}
      </div>
      <div role="cell" className="timeline-cell">
        {TIMELINE_KIND_NAMES[entry.kind]}
      </div>
      <div role="cell" className="timeline-cell timeline-text" title={entry.text}>
        {entry.text}
      </div>
    </div>
  );
});

/** The incident's timeline, oldest first, each entry in the viewer's zone and UTC; virtualised, so a long one scrolls like a short one. */
export function TimelineTable({ timeline }: { timeline: readonly TimelineEntry[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => timeline.map((entry) => ({ key: entry.id, entry })), [timeline]);
  const virtualizer = useTableVirtualizer(scrollRef, rows, ROW_HEIGHT);
  return (
    <div className="vtable-frame timeline-frame" style={{ height: TABLE_HEADER_HEIGHT + Math.min(ROWS_IN_SIGHT, Math.max(rows.length, 2)) * ROW_HEIGHT + 2 }}>
      <div ref={scrollRef} className="vtable-scroller" role="table" aria-label="Timeline" aria-rowcount={rows.length + 1}>
        <VirtualTableRows
          titles={COLUMN_TITLES}
          classes={{ head: 'vtable-head timeline-head', headerRow: 'timeline-row timeline-header-row', cell: 'timeline-cell', body: 'vtable-body timeline-body' }}
          virtualizer={virtualizer}
          rows={rows}
          renderRow={(row, item, top) => <TimelineRow entry={row.entry} index={item.index} top={top} />}
        />
      </div>
      {rows.length === 0 && (
        <p className="incident-table-empty" style={{ top: TABLE_HEADER_HEIGHT + 16 }}>
          Nothing on the timeline yet.
        </p>
      )}
    </div>
  );
}
