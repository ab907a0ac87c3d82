import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { HEALTH_ORDER, type HealthStatus, type StateColumns } from '../../../../../shared/contract/index.js';
import { statusOfCode } from '../../../../../shared/contract/fleet-snapshot.js';
import { STATUS_LABELS } from '../../../components/labels.js';
import { StatusIcon } from '../../../components/StatusIcon.js';
import { useThemeStore } from '../../../state/theme-store.js';
import { formatCount } from '../../../time/format.js';
import type { FleetModel } from '../fleet-model.js';
import { liveMatches } from '../fleet-query.js';
import { groupSize, worstCode, type GroupCounts } from '../group-counts.js';
import { changedSince, SortAgain, statusCopy } from '../SortAgain.js';
import { useHeldOrder } from '../../../components/held-list/use-held-order.js';
import { makeSprites, readPalette } from './cell-glyphs.js';
import { GridBlock } from './GridBlock.js';
import { GridLegend } from './GridLegend.js';
import { CELL, cellBox, indexAtPoint, layoutGrid, moveIndex, PADDING, PITCH, planGrid, type GridPlan } from './grid-plan.js';

interface HeatGridProps {
  model: FleetModel;
  states: StateColumns;
  /** Rows passing the filters that do not depend on live state; null for every row. */
  matches: Int32Array | null;
  status: HealthStatus | null;
  /** Live counts of what is shown, for the group headers. */
  counts: GroupCounts;
  selectedId: string | null;
  onOpen: (id: string) => void;
}

interface Criteria {
  model: FleetModel;
  matches: Int32Array | null;
  status: HealthStatus | null;
  /** Bumped by "Sort again". */
  round: number;
}

const TIP_WIDTH = 380;
const TIP_ROOM = 110;

/** Below the cell when it fits in the viewport, else above it; nothing for a cell scrolled out of sight. */
function placeTip(cellTop: number, viewportHeight: number): { top: number; above: boolean } | null {
  if (cellTop < 0 || cellTop > viewportHeight) return null;
  return cellTop + PITCH + TIP_ROOM <= viewportHeight ? { top: cellTop + PITCH + 4, above: false } : { top: cellTop - 4, above: true };
}

/** With a status filter, membership changes with the data; it settles like the table's order. */
const FILTERED_RESORT_MS = 2_000;

function plan(criteria: Criteria, states: StateColumns): { grid: GridPlan; sortedStatus: Uint8Array } {
  const rows = liveMatches(criteria.model, criteria.matches, criteria.status, states) ?? Int32Array.from({ length: criteria.model.rows }, (_, row) => row);
  return { grid: planGrid(criteria.model, rows, states), sortedStatus: statusCopy(states) };
}

function columnsFor(width: number): number {
  return Math.max(1, Math.floor((width - 2 * PADDING + (PITCH - CELL)) / PITCH));
}

/**
 * One cell per environment, grouped by region and site, worst first. Cells are drawn on a few
 * canvases (only the blocks on screen exist); one real element, the cursor, carries focus, the
 * keyboard and what a screen reader announces. The order holds still while statuses change: a
 * cell changes colour and shape in place, and "Sort again" brings the new worst to the front.
 */
export function HeatGrid({ model, states, matches, status, counts, selectedId, onOpen }: HeatGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const { width } = size;
  const [round, setRound] = useState(0);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [hover, setHover] = useState(-1);
  const [cursorFocused, setCursorFocused] = useState(false);
  const theme = useThemeStore((state) => state.theme);
  const pixelRatio = window.devicePixelRatio || 1;

  const criteria = useMemo<Criteria>(() => ({ model, matches, status, round }), [model, matches, status, round]);
  const held = useHeldOrder(criteria, states, plan, status === null ? Number.POSITIVE_INFINITY : FILTERED_RESORT_MS);
  const settled = held.value;
  const gridPlan = settled.grid;
  const columns = columnsFor(width);
  const geometry = useMemo(() => layoutGrid(gridPlan, columns), [gridPlan, columns]);
  // The theme is applied to the document before this renders; its colours are read from there.
  const palette = useMemo(() => readPalette(document.documentElement), [theme]);
  const sprites = useMemo(() => makeSprites(palette, CELL, pixelRatio), [palette, pixelRatio]);

  const changed = useMemo(() => changedSince(gridPlan.order, settled.sortedStatus, states.status), [gridPlan, settled, states]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element === null) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const virtualizer = useVirtualizer({
    count: geometry.items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => geometry.items[index]?.height ?? PITCH,
    getItemKey: (index) => geometry.items[index]?.key ?? index,
    overscan: 2,
  });
  useLayoutEffect(() => virtualizer.measure(), [geometry, virtualizer]);

  // New filters start at the top; a new sort of the same filters keeps the place.
  const lastFilters = useRef({ matches, status });
  useEffect(() => {
    if (lastFilters.current.matches === matches && lastFilters.current.status === status) return;
    lastFilters.current = { matches, status };
    scrollRef.current?.scrollTo({ top: 0 });
  }, [matches, status]);

  const activePosition = activeId === null ? undefined : model.index.positionById.get(activeId);
  const activeIndex = activePosition === undefined || (gridPlan.indexOf[activePosition] ?? -1) < 0 ? 0 : (gridPlan.indexOf[activePosition] ?? 0);
  const activeRow = gridPlan.order[activeIndex];
  const activeBox = activeRow === undefined ? null : cellBox(gridPlan, geometry, activeIndex);
  const selectedPosition = selectedId === null ? undefined : model.index.positionById.get(selectedId);
  const selectedIndex = selectedPosition === undefined ? -1 : (gridPlan.indexOf[selectedPosition] ?? -1);
  const selectedBox = selectedIndex < 0 ? null : cellBox(gridPlan, geometry, selectedIndex);
  const tipIndex = hover >= 0 ? hover : cursorFocused ? activeIndex : -1;
  const tipRow = gridPlan.order[tipIndex];
  const tipBox = tipRow === undefined ? null : cellBox(gridPlan, geometry, tipIndex);
  const tipTop = tipBox === null ? null : placeTip(tipBox.y - (virtualizer.scrollOffset ?? 0), size.height);

  const describe = useCallback(
    (row: number) => {
      const env = model.row(row);
      const code = states.status[row] ?? 0;
      return { env, status: statusOfCode(code), reason: states.reasons[states.reason[row] ?? -1] ?? '' };
    },
    [model, states],
  );

  function pointIndex(event: MouseEvent<HTMLDivElement>): number {
    const box = event.currentTarget.getBoundingClientRect();
    return indexAtPoint(gridPlan, geometry, event.clientX - box.left, event.clientY - box.top);
  }

  function moveTo(index: number): void {
    const row = gridPlan.order[index];
    const scroller = scrollRef.current;
    if (row === undefined || scroller === null) return;
    setActiveId(model.idAt(row));
    const { y } = cellBox(gridPlan, geometry, index);
    if (y < scroller.scrollTop || y + PITCH > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = Math.max(0, y - scroller.clientHeight / 2);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (activeRow === undefined) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(model.idAt(activeRow));
      return;
    }
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? PITCH) / PITCH) - 1);
    const target = moveIndex(gridPlan, geometry, activeIndex, event.key, page);
    if (target === null) return;
    event.preventDefault();
    moveTo(target);
  }

  const active = activeRow === undefined ? null : describe(activeRow);
  const tip = tipRow === undefined ? null : describe(tipRow);
  const totalRows = gridPlan.groups.reduce((sum, group) => sum + Math.ceil(group.count / columns), 0);

  return (
    <div className="heat-frame" {...held.hold}>
      <div className="heat-toolbar">
        <GridLegend palette={palette} pixelRatio={pixelRatio} />
        <SortAgain changed={changed} onSort={() => setRound((value) => value + 1)} />
      </div>
      <div className="heat-viewport">
        <div
          ref={scrollRef}
          className="heat-scroller"
          role="grid"
          aria-label="Environment heat grid"
          aria-rowcount={totalRows}
          aria-colcount={columns}
          aria-readonly="true"
          data-heat-grid=""
        >
          <div
            className="heat-content"
            style={{ height: geometry.height }}
            onMouseMove={(event) => {
              const index = pointIndex(event);
              if (index !== hover) setHover(index);
            }}
            onMouseLeave={() => setHover(-1)}
            onClick={(event) => {
              const row = gridPlan.order[pointIndex(event)];
              if (row === undefined) return;
              setActiveId(model.idAt(row));
              onOpen(model.idAt(row));
            }}
          >
            {virtualizer.getVirtualItems().map((virtual) => {
              const item = geometry.items[virtual.index];
              if (item === undefined) return null;
              if (item.kind === 'block') {
                return (
                  <GridBlock
                    key={item.key}
                    order={gridPlan.order}
                    first={item.first}
                    count={item.count}
                    columns={columns}
                    top={item.top}
                    states={states}
                    sprites={sprites}
                    pixelRatio={pixelRatio}
                  />
                );
              }
              const group = gridPlan.groups[item.group];
              const site = group === undefined ? undefined : model.index.sites[group.site];
              if (group === undefined || site === undefined) return null;
              return (
                <GroupHeader
                  key={item.key}
                  top={item.top}
                  title={`${model.regions[site.region]?.name ?? ''} › ${site.name}`}
                  shown={group.count}
                  counts={counts.site}
                  group={group.site}
                />
              );
            })}
            {selectedBox !== null && <div className="heat-selected" aria-hidden="true" style={{ transform: `translate(${selectedBox.x}px, ${selectedBox.y}px)` }} />}
            {active !== null && activeBox !== null && (
              <div role="row" aria-rowindex={activeBox.row + 1} className="heat-cursor-row" style={{ transform: `translate(${activeBox.x}px, ${activeBox.y}px)` }}>
                <div
                  role="gridcell"
                  aria-colindex={activeBox.column + 1}
                  aria-selected={active.env.env.id === selectedId}
                  aria-label={`${active.env.env.name}, ${STATUS_LABELS[active.status]}: ${active.reason}. ${active.env.regionName}, ${active.env.siteName}`}
                  className="heat-cursor"
                  tabIndex={0}
                  data-env-id={active.env.env.id}
                  data-status={active.status}
                  onKeyDown={onKeyDown}
                  onFocus={() => setCursorFocused(true)}
                  onBlur={() => setCursorFocused(false)}
                />
              </div>
            )}
          </div>
        </div>
        {tip !== null && tipTop !== null && tipBox !== null && (
          // Outside the scroller, so it is never clipped; it opens upwards where there is no room below.
          <div
            className={`heat-tooltip${tipTop.above ? ' is-above' : ''}`}
            role="tooltip"
            style={{ left: Math.min(tipBox.x + PITCH + 6, Math.max(0, width - TIP_WIDTH)), top: tipTop.top }}
          >
            <p className="heat-tooltip-title">
              <StatusIcon status={tip.status} /> <strong>{tip.env.env.name}</strong> <span className="env-id">{tip.env.env.id}</span>
            </p>
            <p>
              {STATUS_LABELS[tip.status]}: {tip.reason}
            </p>
            <p className="muted">
              {tip.env.tenantName} · {tip.env.regionName} › {tip.env.siteName}
            </p>
          </div>
        )}
        {gridPlan.order.length === 0 && <p className="grid-empty" style={{ top: 16 }}>No environment matches these filters.</p>}
      </div>
    </div>
  );
}

interface GroupHeaderProps {
  top: number;
  title: string;
  shown: number;
  counts: Int32Array;
  group: number;
}

/** A group's name, size and live counts; the cursor's label names the group for screen readers. */
function GroupHeader({ top, title, shown, counts, group }: GroupHeaderProps) {
  const worst = statusOfCode(worstCode(counts, group));
  return (
    <div className="heat-group" aria-hidden="true" style={{ transform: `translateY(${top}px)` }}>
      <StatusIcon status={groupSize(counts, group) === 0 ? 'unknown' : worst} />
      <span className="heat-group-title">{title}</span>
      <span className="muted">{formatCount(shown)} environments</span>
      <span className="heat-group-counts">
        {HEALTH_ORDER.map((status, code) => {
          const count = counts[group * HEALTH_ORDER.length + code] ?? 0;
          return count === 0 || status === 'ok' ? null : (
            <span key={status} className="heat-group-count" title={STATUS_LABELS[status]}>
              <StatusIcon status={status} />
              {formatCount(count)}
            </span>
          );
        })}
      </span>
    </div>
  );
}
