import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { lastObserved, type SourceStatus, type StateColumns } from '../../../../shared/contract/index.js';
import { healthOfCode, observedAtOf, statusOfCode } from '../../../../shared/contract/fleet-snapshot.js';
import { useFleetFilterStore } from '../../state/fleet-filter-store.js';
import { useNow } from '../../time/clock.js';
import { COLUMNS, HEADER_HEIGHT, ROW_HEIGHT } from './columns.js';
import { EnvironmentRow } from './EnvironmentRow.js';
import type { FleetModel } from './fleet-model.js';
import { lifecycleAt } from './fleet-query.js';

interface EnvironmentTableProps {
  model: FleetModel;
  states: StateColumns;
  sources: ReadonlyMap<string, SourceStatus>;
  /** Row positions in display order. */
  order: Int32Array;
  selectedId: string | null;
  onOpen: (id: string) => void;
  /** A new value (new filters or sort) sends the list back to its top; timed re-sorts keep the scroll. */
  scrollResetKey: string;
  /** Shown in the Reason column's header, the table's widest: what waits while the order holds still. */
  headerNote: ReactNode;
}

const rowHeight = () => ROW_HEIGHT;

/** Rows are found by their environment id, escaped because it goes into a CSS selector. */
export function findRowElement(container: ParentNode, id: string): HTMLElement | null {
  return container.querySelector<HTMLElement>(`[data-env-id="${CSS.escape(id)}"]`);
}

export function EnvironmentTable({ model, states, sources, order, selectedId, onOpen, scrollResetKey, headerNote }: EnvironmentTableProps) {
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const tipId = useId();
  const pendingFocus = useRef<string | null>(null);
  const sortKey = useFleetFilterStore((state) => state.sortKey);
  const sortDirection = useFleetFilterStore((state) => state.sortDirection);
  const sortBy = useFleetFilterStore((state) => state.sortBy);

  const idAt = useCallback((index: number): string | undefined => {
    const position = order[index];
    return position === undefined ? undefined : model.idAt(position);
  }, [model, order]);
  const getItemKey = useCallback((index: number) => idAt(index) ?? index, [idAt]);

  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: rowHeight,
    overscan: 12,
    // The sticky header sits above the rows inside the same scroller.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey,
  });

  const lastResetKey = useRef(scrollResetKey);
  useEffect(() => {
    if (lastResetKey.current === scrollResetKey) return;
    lastResetKey.current = scrollResetKey;
    virtualizer.scrollToOffset(0);
  }, [scrollResetKey, virtualizer]);

  // Moving by keyboard may scroll the target row into existence a render later; focus it once it is there.
  useLayoutEffect(() => {
    const id = pendingFocus.current;
    const container = scrollRef.current;
    if (id === null || container === null) return;
    const element = findRowElement(container, id);
    if (element === null) return;
    element.focus({ preventScroll: true });
    pendingFocus.current = null;
  });

  const items = virtualizer.getVirtualItems();
  const activeRendered = activeId !== null && items.some((item) => item.key === activeId);
  const firstItem = items[0];
  const tabbableId = activeRendered ? activeId : firstItem === undefined ? null : idAt(firstItem.index);

  function moveTo(index: number): void {
    if (order.length === 0) return;
    const target = Math.max(0, Math.min(order.length - 1, index));
    const id = idAt(target);
    if (id === undefined) return;
    setActiveId(id);
    pendingFocus.current = id;
    virtualizer.scrollToIndex(target, { align: 'auto' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (!(event.target instanceof HTMLElement)) return;
    const rowElement = event.target.closest<HTMLElement>('[data-env-id]');
    const id = rowElement?.dataset.envId;
    if (id === undefined) return;
    const position = model.index.positionById.get(id);
    const index = position === undefined ? -1 : order.indexOf(position);
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? ROW_HEIGHT) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: order.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(id);
    }
  }

  return (
    <div className="grid-frame">
    <div
      ref={scrollRef}
      className="grid-scroller"
      style={{ scrollPaddingTop: HEADER_HEIGHT }}
      role="grid"
      aria-label="Environments"
      aria-rowcount={order.length + 1}
      aria-colcount={COLUMNS.length}
      aria-readonly="true"
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" className="grid-row grid-header-row" aria-rowindex={1} style={{ height: HEADER_HEIGHT }}>
          {COLUMNS.map((column) => {
            const sorted = column.sortKey !== undefined && column.sortKey === sortKey;
            const { sortKey: columnSortKey } = column;
            return (
              <div key={column.id} role="columnheader" className="cell" aria-sort={sorted ? sortDirection : undefined}>
                {columnSortKey === undefined ? (
                  <>
                    {column.title}
                    {column.id === 'reason' && headerNote}
                  </>
                ) : (
                  <button type="button" className="sort-button" onClick={() => sortBy(columnSortKey)}>
                    {column.title}
                    <span className="sort-mark" aria-hidden="true">
                      {sorted ? (sortDirection === 'ascending' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div
        role="rowgroup"
        className="grid-body"
        style={{ height: virtualizer.getTotalSize() }}
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          const id = event.target instanceof HTMLElement ? event.target.dataset.envId : undefined;
          if (id !== undefined) setActiveId(id);
          setFocusedId(id ?? null);
        }}
        onBlur={() => setFocusedId(null)}
        onClick={(event) => {
          if (!(event.target instanceof HTMLElement)) return;
          const id = event.target.closest<HTMLElement>('[data-env-id]')?.dataset.envId;
          if (id !== undefined) onOpen(id);
        }}
      >
        {items.map((item) => {
          const position = order[item.index];
          if (position === undefined) return null;
          const row = model.row(position);
          const status = statusOfCode(states.status[position] ?? -1);
          return (
            <EnvironmentRow
              key={item.key}
              row={row}
              status={status}
              health={healthOfCode(states.health[position] ?? -1)}
              reason={states.reasons[states.reason[position] ?? -1] ?? ''}
              lifecycle={lifecycleAt(model, states, position, now)}
              observedAt={lastObserved({ status, observedAt: observedAtOf(states, position) }, sources.get(row.env.watchedBy))}
              now={now}
              index={item.index}
              top={item.start - HEADER_HEIGHT}
              selected={row.env.id === selectedId}
              tabbable={row.env.id === tabbableId}
              describedBy={row.env.id === focusedId ? tipId : undefined}
            />
          );
        })}
      </div>
    </div>
      {focusedId !== null && <FocusTip id={tipId} envId={focusedId} items={items} scrollTop={virtualizer.scrollOffset ?? 0} frameHeight={scrollRef.current?.clientHeight ?? 0} model={model} states={states} />}
      {order.length === 0 && <p className="grid-empty" style={{ top: HEADER_HEIGHT + 16 }}>No environment matches these filters.</p>}
    </div>
  );
}

interface FocusTipProps {
  id: string;
  envId: string;
  items: readonly VirtualItem[];
  scrollTop: number;
  frameHeight: number;
  model: FleetModel;
  states: StateColumns;
}

/** Room the tip needs below a row; nearer the bottom it opens above the row. */
const TIP_ROOM = 90;

/**
 * The focused row's names and reason in full, under the row (above it near the bottom): cells cut
 * long text with an ellipsis, and a keyboard has no hover to read their titles.
 */
function FocusTip({ id, envId, items, scrollTop, frameHeight, model, states }: FocusTipProps) {
  const item = items.find((candidate) => candidate.key === envId);
  const position = model.index.positionById.get(envId);
  if (item === undefined || position === undefined) return null;
  const row = model.row(position);
  const top = item.start - scrollTop;
  const above = top + ROW_HEIGHT + TIP_ROOM > frameHeight;
  return (
    <div id={id} role="tooltip" className={`row-tip${above ? ' is-above' : ''}`} style={{ top: above ? top : top + ROW_HEIGHT }}>
      <p>
        <strong>{row.env.name}</strong> <span className="env-id">{row.env.id}</span> · {row.tenantName}
      </p>
      <p>{states.reasons[states.reason[position] ?? -1] ?? ''}</p>
    </div>
  );
}
