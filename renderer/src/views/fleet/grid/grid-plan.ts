import { HEALTH_ORDER, type StateColumns } from '../../../../../shared/contract/index.js';
import type { FleetModel } from '../fleet-model.js';
import { orderByKey } from '../fleet-query.js';
import { countGroups, worstFirst } from '../group-counts.js';

/** A run of cells in the display order that share a region and a site. */
export interface GridGroup {
  /** Position in the snapshot's site table (which also gives the region). */
  readonly site: number;
  /** Index of the group's first cell in `order`. */
  readonly start: number;
  readonly count: number;
}

/** What the grid shows and in which order: by site, the worst site first, then worst first within a site, then tenant name. */
export interface GridPlan {
  /** Environment positions in display order. */
  readonly order: Int32Array;
  readonly groups: readonly GridGroup[];
  /** Display index of each environment position, -1 when not shown. */
  readonly indexOf: Int32Array;
}

const CODES = HEALTH_ORDER.length;

/** Sites ranked worst first, then one counting sort by site rank and status, then the group boundaries: linear in the rows shown. */
export function planGrid(model: FleetModel, rows: Int32Array, states: StateColumns): GridPlan {
  const site = model.environments.site;
  const sites = model.index.sites.length;
  const siteRank = new Int32Array(sites);
  worstFirst(countGroups(model, rows, states).site, Array.from({ length: sites }, (_, position) => position)).forEach((position, rank) => {
    siteRank[position] = rank;
  });
  const order = orderByKey(rows, (row) => (siteRank[site[row] ?? 0] ?? 0) * CODES + (states.status[row] ?? 0), sites * CODES, false);
  const groups: GridGroup[] = [];
  let start = 0;
  for (let index = 1; index <= order.length; index++) {
    const current = site[order[start] ?? 0] ?? 0;
    if (index < order.length && site[order[index] ?? 0] === current) continue;
    groups.push({ site: current, start, count: index - start });
    start = index;
  }
  const indexOf = new Int32Array(model.rows).fill(-1);
  order.forEach((row, index) => {
    indexOf[row] = index;
  });
  return { order, groups, indexOf };
}

/** Cell and header sizes in CSS pixels; fixed, so nothing moves when statuses change. */
export const CELL = 13;
export const PITCH = 16;
export const HEADER_HEIGHT = 34;
export const PADDING = 8;
/** Rows of cells drawn by one canvas: small enough that few canvases are off screen, large enough to be few. */
export const BLOCK_ROWS = 8;

export type GridItem =
  | { readonly kind: 'header'; readonly key: string; readonly group: number; readonly top: number; readonly height: number }
  | { readonly kind: 'block'; readonly key: string; readonly group: number; readonly first: number; readonly count: number; readonly top: number; readonly height: number };

/** Where everything goes for a given number of columns. */
export interface GridGeometry {
  readonly columns: number;
  readonly items: readonly GridItem[];
  /** Top of each group's first row of cells. */
  readonly cellsTop: readonly number[];
  readonly height: number;
}

export function layoutGrid(plan: GridPlan, columns: number): GridGeometry {
  const items: GridItem[] = [];
  const cellsTop: number[] = [];
  let top = 0;
  plan.groups.forEach((group, position) => {
    items.push({ kind: 'header', key: `h${group.site}`, group: position, top, height: HEADER_HEIGHT });
    top += HEADER_HEIGHT;
    cellsTop.push(top);
    const rows = Math.ceil(group.count / columns);
    for (let row = 0; row < rows; row += BLOCK_ROWS) {
      const first = group.start + row * columns;
      const count = Math.min(BLOCK_ROWS * columns, group.start + group.count - first);
      const height = Math.ceil(count / columns) * PITCH;
      items.push({ kind: 'block', key: `b${group.site}:${row}`, group: position, first, count, top, height });
      top += height;
    }
    top += PADDING;
  });
  return { columns, items, cellsTop, height: top };
}

/** The group holding a display index: a binary search over the group starts. */
export function groupOfIndex(plan: GridPlan, index: number): number {
  let low = 0;
  let high = plan.groups.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((plan.groups[middle]?.start ?? 0) <= index) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Top-left corner of a cell, in the grid's content coordinates, and its row among all rows of cells. */
export function cellBox(plan: GridPlan, geometry: GridGeometry, index: number): { x: number; y: number; row: number; column: number } {
  const group = groupOfIndex(plan, index);
  const local = index - (plan.groups[group]?.start ?? 0);
  const row = Math.floor(local / geometry.columns);
  const column = local % geometry.columns;
  let rowsBefore = 0;
  for (let earlier = 0; earlier < group; earlier++) rowsBefore += Math.ceil((plan.groups[earlier]?.count ?? 0) / geometry.columns);
  return { x: PADDING + column * PITCH, y: (geometry.cellsTop[group] ?? 0) + row * PITCH, row: rowsBefore + row, column };
}

/** The display index under a point of the content, or -1 between cells, in headers or past the end. */
export function indexAtPoint(plan: GridPlan, geometry: GridGeometry, x: number, y: number): number {
  const column = Math.floor((x - PADDING) / PITCH);
  if (column < 0 || column >= geometry.columns || (x - PADDING) % PITCH >= CELL) return -1;
  let low = 0;
  let high = geometry.cellsTop.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((geometry.cellsTop[middle] ?? 0) <= y) low = middle;
    else high = middle - 1;
  }
  const group = plan.groups[low];
  const top = geometry.cellsTop[low] ?? 0;
  if (group === undefined || y < top || (y - top) % PITCH >= CELL) return -1;
  const local = Math.floor((y - top) / PITCH) * geometry.columns + column;
  return local < group.count ? group.start + local : -1;
}

/**
 * Where a key moves the cursor: left and right through the order, up and down by a row within a
 * group and into the same column of the next or previous group, Home and End to the ends.
 */
export function moveIndex(plan: GridPlan, geometry: GridGeometry, index: number, key: string, page: number): number | null {
  const last = plan.order.length - 1;
  if (last < 0) return null;
  const { columns } = geometry;
  const clamp = (target: number) => Math.max(0, Math.min(last, target));
  const vertical = (rows: number): number => {
    let target = index;
    for (let step = 0; step < Math.abs(rows); step++) target = rowStep(plan, columns, target, rows > 0 ? 1 : -1);
    return target;
  };
  switch (key) {
    case 'ArrowRight':
      return clamp(index + 1);
    case 'ArrowLeft':
      return clamp(index - 1);
    case 'ArrowDown':
      return vertical(1);
    case 'ArrowUp':
      return vertical(-1);
    case 'PageDown':
      return vertical(page);
    case 'PageUp':
      return vertical(-page);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

function rowStep(plan: GridPlan, columns: number, index: number, direction: 1 | -1): number {
  const position = groupOfIndex(plan, index);
  const group = plan.groups[position];
  if (group === undefined) return index;
  const local = index - group.start;
  const column = local % columns;
  const target = local + direction * columns;
  if (target >= 0 && target < group.count) return group.start + target;
  // A shorter last row below: its last cell is the nearest one down.
  if (direction === 1 && Math.floor(local / columns) < Math.floor((group.count - 1) / columns)) return group.start + group.count - 1;
  const next = plan.groups[position + direction];
  if (next === undefined) return direction === 1 ? group.start + group.count - 1 : group.start;
  if (direction === 1) return next.start + Math.min(column, next.count - 1);
  const lastRowStart = Math.floor((next.count - 1) / columns) * columns;
  return next.start + Math.min(lastRowStart + column, next.count - 1);
}
