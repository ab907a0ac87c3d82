import type { MetricRange, MetricSeries } from '../../../../../shared/contract/observations.js';

export const RANGES: readonly { range: MetricRange; label: string }[] = [
  { range: '1h', label: '1 h' },
  { range: '6h', label: '6 h' },
  { range: '24h', label: '24 h' },
  { range: '7d', label: '7 d' },
];

const MIN_POINTS = 10;
const MAX_POINTS = 2_000;
/** Widths are rounded to this step, so resizing a window by a few pixels does not fetch the history again. */
const WIDTH_STEP = 50;

/** About one point per pixel of plot: more would be drawn on top of each other, and recharts slows past a few thousand. */
export function pointsForWidth(width: number): number {
  const stepped = Math.round(width / WIDTH_STEP) * WIDTH_STEP;
  return Math.max(MIN_POINTS, Math.min(MAX_POINTS, stepped));
}

export interface ChartRow {
  at: number;
  /** By server name; a server missing here has no point at this instant. */
  values: Record<string, number>;
}

/**
 * One row per instant for recharts, a value per server. Downsampling picks different instants per
 * server, so a row has values only for some; the lines join across the gaps.
 */
export function chartRows(series: readonly MetricSeries[]): ChartRow[] {
  const byInstant = new Map<number, ChartRow>();
  for (const { server, points } of series) {
    for (const [at, value] of points) {
      let row = byInstant.get(at);
      if (row === undefined) {
        row = { at, values: {} };
        byInstant.set(at, row);
      }
      row.values[server] = value;
    }
  }
  return [...byInstant.values()].sort((a, b) => a.at - b.at);
}

export interface Peak {
  server: string;
  at: number;
  value: number;
}

/** The highest point of all series: whether the range ever came near its thresholds. */
export function peakOf(series: readonly MetricSeries[]): Peak | null {
  let peak: Peak | null = null;
  for (const { server, points } of series) {
    for (const [at, value] of points) if (peak === null || value > peak.value) peak = { server, at, value };
  }
  return peak;
}

const valueFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatMetric(value: number, unit: string): string {
  const number = valueFormat.format(value);
  if (unit === '') return number;
  return unit === '%' ? `${number}%` : `${number} ${unit}`;
}

/** The value of a series nearest before or at an instant, for the tooltip: series are sorted by time. */
export function valueAt(series: MetricSeries, at: number): number | null {
  const { points } = series;
  let low = 0;
  let high = points.length - 1;
  let found: number | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const point = points[middle];
    if (point === undefined) break;
    if (point[0] <= at) {
      found = point[1];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
