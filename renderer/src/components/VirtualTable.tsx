import { useVirtualizer, type VirtualItem, type Virtualizer } from '@tanstack/react-virtual';
import { Fragment, useCallback, type ReactNode, type RefObject } from 'react';

/** The sticky header row's height: the body's rows are laid out below it, inside the same scroller. */
export const TABLE_HEADER_HEIGHT = 34;

export type TableVirtualizer = Virtualizer<HTMLDivElement, Element>;

/** Rows of one fixed height, keyed by their own key, so a row keeps its DOM (and focus) when others come and go. */
export function useTableVirtualizer(scrollRef: RefObject<HTMLDivElement | null>, rows: readonly { key: string }[], rowHeight: number): TableVirtualizer {
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  return useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 8,
    scrollMargin: TABLE_HEADER_HEIGHT,
    scrollPaddingStart: TABLE_HEADER_HEIGHT,
    getItemKey,
  });
}

interface VirtualTableRowsProps<Row> {
  titles: readonly string[];
  classes: { head: string; headerRow: string; cell: string; body: string };
  virtualizer: TableVirtualizer;
  rows: readonly Row[];
  /** `top` is where the row stands inside the body. */
  renderRow: (row: Row, item: VirtualItem, top: number) => ReactNode;
}

/** The header and body row groups of an ARIA table whose body renders only the rows in sight. */
export function VirtualTableRows<Row>({ titles, classes, virtualizer, rows, renderRow }: VirtualTableRowsProps<Row>) {
  return (
    <>
      <div role="rowgroup" className={classes.head}>
        <div role="row" className={classes.headerRow} aria-rowindex={1} style={{ height: TABLE_HEADER_HEIGHT }}>
          {titles.map((title) => (
            <div key={title} role="columnheader" className={classes.cell}>
              {title}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className={classes.body} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          return <Fragment key={item.key}>{renderRow(row, item, item.start - TABLE_HEADER_HEIGHT)}</Fragment>;
        })}
      </div>
    </>
  );
}
