import { useLayoutEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { OccurrenceView } from '../../../../shared/contract/calendar.js';
import { formatClock, formatSpan, formatWeekday, rulerLabels, type RulerLabel } from './calendar-format.js';
import { dayStarts, HOUR_MS, hourRows, layoutBlocks, type PlacedBlock, type VisibleRange } from './calendar-model.js';
import { describeReaders, type ZoneColumn } from './calendar-zones.js';
import { FreezeBand } from './FreezeBand.js';
import { NowLine } from './NowLine.js';
import { OccurrenceBlock } from './OccurrenceBlock.js';
import { useRowWindow } from './use-row-window.js';
import { ZoneRuler, type RulerMark } from './ZoneRuler.js';
import { HEAD_HEIGHT, MIN_BLOCK_HEIGHT, offsetOf, PX_PER_MS, ROW_HEIGHT } from './week-geometry.js';

interface WeekGridProps {
  range: VisibleRange;
  /** The first instant of the day asked for ("Go to date"); the week opens there. */
  focusDay: number;
  occurrences: readonly OccurrenceView[];
  columns: readonly ZoneColumn[];
  /** The occurrences are still those of another range, while this one loads. */
  placeholder: boolean;
  selectedKey: string | null;
  onSelect: (key: string) => void;
}

/** With nothing else to go by, a day opens on its working hours rather than at midnight. */
const DEFAULT_OPENING_HOURS = 7;
/** Where something is scrolled to, this much of what comes before stays in sight. */
const LEAD_ROWS = 2;
/** Rows rendered beyond those in sight, so a scroll shows them already drawn. */
const OVERSCAN_ROWS = 4;

const MOVES: Readonly<Record<string, (index: number, count: number) => number>> = {
  ArrowDown: (index) => index + 1,
  ArrowUp: (index) => index - 1,
  Home: () => 0,
  End: (_, count) => count - 1,
};

/**
 * A block's React key: its window and where it sits on the axis. A recurring window's block in
 * the next week sits where it did, so its element is reused rather than rebuilt. A window has one
 * occurrence starting at an instant; those cut at the week's start all sit at the top, so keep their own keys.
 */
function blockKey(block: PlacedBlock<OccurrenceView>): string {
  return block.clippedStart ? block.item.key : `${block.item.windowId} ${block.top}`;
}

/** Weeks recently shown, moved back and forth between: their rulers are read once per zone. */
const RULER_CACHE_SIZE = 48;
const rulerCache = new Map<string, RulerLabel[]>();

function cachedRulerLabels(range: VisibleRange, rows: readonly number[], zone: string): RulerLabel[] {
  const key = `${range.from} ${range.to} ${zone}`;
  let labels = rulerCache.get(key);
  if (labels === undefined) {
    labels = rulerLabels(rows, zone);
    if (rulerCache.size >= RULER_CACHE_SIZE) rulerCache.delete(rulerCache.keys().next().value ?? key);
    rulerCache.set(key, labels);
  }
  return labels;
}

/** Where a week opens: the open occurrence, now if it is on the day asked for, else that day's first window, else its morning. */
function openingOffset(range: VisibleRange, focusDay: number, blocks: readonly PlacedBlock<OccurrenceView>[], selectedKey: string | null): number {
  const now = Date.now();
  const dayEnd = focusDay + 24 * HOUR_MS;
  const selected = selectedKey === null ? undefined : blocks.find((block) => block.item.key === selectedKey);
  const target =
    selected !== undefined
      ? selected.item.start
      : now >= focusDay && now < dayEnd
        ? now
        : (blocks.find((block) => block.item.start >= focusDay && block.item.start < dayEnd)?.item.start ?? focusDay + DEFAULT_OPENING_HOURS * HOUR_MS);
  return Math.max(0, offsetOf(Math.max(range.from, target), range.from) - LEAD_ROWS * ROW_HEIGHT);
}

/**
 * The week as one time axis, hour by hour from Monday 00:00 in the viewer's zone: a ruler per
 * chosen zone reads each hour in that zone (so a DST change anywhere shows where it happens),
 * and the occurrences sit at their instants beside them, side by side where they overlap. Only
 * the hours in sight (and a margin) are drawn; the arrow keys walk every occurrence in time order.
 */
export function WeekGrid({ range, focusDay, occurrences, columns, placeholder, selectedKey, onSelect }: WeekGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => hourRows(range), [range]);
  const labels = useMemo(() => columns.map((column) => cachedRulerLabels(range, rows, column.timeZone)), [columns, range, rows]);
  const height = offsetOf(range.to, range.from);
  const { rowWindow: scrolledWindow, scrollTo, windowFor } = useRowWindow(scrollRef, { rowHeight: ROW_HEIGHT, offset: HEAD_HEIGHT, rows: rows.length, overscan: OVERSCAN_ROWS });

  const { freezes, blocks } = useMemo(() => {
    const inRange = occurrences.filter((occurrence) => occurrence.end > range.from && occurrence.start < range.to);
    return {
      freezes: inRange.filter((occurrence) => occurrence.kind === 'deploy-freeze').toSorted((a, b) => a.start - b.start),
      blocks: layoutBlocks(
        inRange.filter((occurrence) => occurrence.kind !== 'deploy-freeze'),
        range,
        PX_PER_MS,
        MIN_BLOCK_HEIGHT,
      ),
    };
  }, [occurrences, range]);
  const dayLines = useMemo(() => dayStarts(range).slice(1, -1), [range]);

  // A week (or a day asked for) opens once on what matters: the open occurrence, now, or the day's first window.
  // The place is found while rendering, so the rows there are drawn in the same frame as the scroll that shows them.
  const openedFor = useRef<string | null>(null);
  const opening = `${range.from} ${focusDay}`;
  const openingTop = placeholder || openedFor.current === opening ? null : openingOffset(range, focusDay, blocks, selectedKey);
  const { first: firstRow, last: lastRow } = openingTop === null ? scrolledWindow : windowFor(openingTop);
  // One object per span of rows: the render that follows the opening scroll leaves the rulers alone.
  const rowWindow = useMemo(() => ({ first: firstRow, last: lastRow }), [firstRow, lastRow]);
  useLayoutEffect(() => {
    if (openingTop === null) return;
    openedFor.current = opening;
    scrollTo(openingTop);
  }, [opening, openingTop, scrollTo]);

  const windowTop = rowWindow.first * ROW_HEIGHT;
  const windowBottom = (rowWindow.last + 1) * ROW_HEIGHT;
  const shownBlocks = blocks.filter((block) => block.top < windowBottom && block.top + block.height > windowTop);

  const selectedBlock = selectedKey === null ? undefined : blocks.find((block) => block.item.key === selectedKey);
  const selected = selectedBlock?.item ?? (selectedKey === null ? undefined : freezes.find((occurrence) => occurrence.key === selectedKey));
  const marks = useMemo(
    () =>
      columns.map((column): RulerMark | null => {
        if (selected === undefined) return null;
        const top = offsetOf(Math.max(selected.start, range.from), range.from);
        return {
          top,
          height: Math.max(MIN_BLOCK_HEIGHT, offsetOf(Math.min(selected.end, range.to), range.from) - top),
          start: `${formatWeekday(selected.start, column.timeZone)} ${formatClock(selected.start, column.timeZone)}`,
          end: `${formatWeekday(selected.end, column.timeZone)} ${formatClock(selected.end, column.timeZone)}`,
          full: formatSpan(selected.start, selected.end, column.timeZone),
        };
      }),
    [columns, selected, range],
  );

  // An occurrence opened from elsewhere (the notice list, a conflict) is brought into sight.
  const revealedFor = useRef<string | null>(selectedKey);
  useLayoutEffect(() => {
    if (selectedBlock === undefined || revealedFor.current === selectedBlock.item.key) return;
    revealedFor.current = selectedBlock.item.key;
    const scroller = scrollRef.current;
    if (scroller === null) return;
    const visibleTop = scroller.scrollTop;
    const visibleBottom = visibleTop + scroller.clientHeight - HEAD_HEIGHT;
    if (selectedBlock.top < visibleTop || selectedBlock.top + selectedBlock.height > visibleBottom) scrollTo(Math.max(0, selectedBlock.top - LEAD_ROWS * ROW_HEIGHT));
  }, [selectedBlock, scrollTo]);

  // A block reached by the arrow keys may be drawn only after the scroll that brings it in sight; it is focused then.
  const pendingFocus = useRef<string | null>(null);
  useLayoutEffect(() => {
    const key = pendingFocus.current;
    if (key === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-occurrence-key="${CSS.escape(key)}"]`);
    if (element === null || element === undefined) return;
    element.focus({ preventScroll: true });
    pendingFocus.current = null;
  });

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const move = MOVES[event.key];
    if (move === undefined || !(event.target instanceof HTMLElement)) return;
    const key = event.target.closest<HTMLElement>('.occ-block')?.dataset.occurrenceKey;
    const index = blocks.findIndex((block) => block.item.key === key);
    if (index < 0) return;
    event.preventDefault();
    const target = blocks[Math.max(0, Math.min(blocks.length - 1, move(index, blocks.length)))];
    if (target === undefined) return;
    pendingFocus.current = target.item.key;
    const scroller = scrollRef.current;
    const inSight = scroller !== null && target.top >= scroller.scrollTop && target.top + target.height <= scroller.scrollTop + scroller.clientHeight - HEAD_HEIGHT;
    if (inSight) scrollRef.current?.querySelector<HTMLElement>(`[data-occurrence-key="${CSS.escape(target.item.key)}"]`)?.focus();
    else scrollTo(Math.max(0, target.top - LEAD_ROWS * ROW_HEIGHT));
  }

  const template = { gridTemplateColumns: `repeat(${columns.length}, var(--ruler-width)) minmax(0, 1fr)` };
  return (
    <div className="week-frame">
      <div ref={scrollRef} className="week-scroller">
        <div className="week-head" style={{ ...template, height: HEAD_HEIGHT }}>
          {columns.map((column) => (
            <div key={column.timeZone} className="week-zone-head">
              <span className="zone-name">{column.timeZone}</span>
              <span className="muted">{describeReaders(column)}</span>
            </div>
          ))}
          <div className="week-zone-head week-lanes-head">
            <span className="zone-name">Windows</span>
            <span className="muted">{placeholder ? 'Loading…' : `${blocks.length + freezes.length} this week, at their instants; arrow keys move between them`}</span>
          </div>
        </div>
        <div className="week-body" style={{ ...template, height }}>
          {columns.map((column, position) => (
            <ZoneRuler key={column.timeZone} column={column} labels={labels[position] ?? []} rowWindow={rowWindow} mark={marks[position] ?? null} />
          ))}
          <div
            className="week-lanes"
            role="group"
            aria-label="Windows this week"
            data-week-from={range.from}
            data-occurrences={placeholder ? undefined : blocks.length}
            style={{ backgroundSize: `100% ${ROW_HEIGHT}px` }}
            onKeyDown={onKeyDown}
          >
            {dayLines.map((at) => (
              <div key={at} className="day-line" style={{ top: offsetOf(at, range.from) }} />
            ))}
            {freezes.map((occurrence, index) => {
              const top = offsetOf(Math.max(occurrence.start, range.from), range.from);
              return (
                <FreezeBand
                  key={occurrence.key}
                  occurrence={occurrence}
                  top={top}
                  height={offsetOf(Math.min(occurrence.end, range.to), range.from) - top}
                  index={index}
                  selected={occurrence.key === selectedKey}
                  onSelect={onSelect}
                />
              );
            })}
            {shownBlocks.map((block) => (
              <OccurrenceBlock key={blockKey(block)} block={block} selected={block.item.key === selectedKey} onSelect={onSelect} />
            ))}
            <NowLine from={range.from} to={range.to} zone={range.zone} />
          </div>
        </div>
      </div>
    </div>
  );
}
