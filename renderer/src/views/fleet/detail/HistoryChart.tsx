import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricHistory, MetricRange } from '../../../../../shared/contract/observations.js';
import { useThemeStore } from '../../../state/theme-store.js';
import { chartRows, formatMetric, valueAt, type ChartRow } from './chart-data.js';

export const CHART_HEIGHT = 230;
const Y_AXIS_WIDTH = 52;
/** Lines differ by dash as well as colour, so servers can be told apart without colour. */
const DASHES = ['', '6 3', '2 3', '10 3 2 3'];
const SERIES_VARIABLES = ['--series-1', '--series-2', '--series-3', '--series-4'];

interface ChartColors {
  series: string[];
  warning: string;
  critical: string;
  text: string;
  muted: string;
  grid: string;
  surface: string;
}

/** SVG attributes do not resolve CSS variables, so the theme's colours are read once per theme. */
function readColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return {
    series: SERIES_VARIABLES.map(read),
    warning: read('--warning'),
    critical: read('--critical'),
    text: read('--text'),
    muted: read('--muted'),
    grid: read('--border'),
    surface: read('--surface-2'),
  };
}

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayClockFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function formatTick(range: MetricRange, at: number): string {
  return range === '7d' ? dayClockFormat.format(at) : clockFormat.format(at);
}

export function plotWidth(width: number): number {
  return Math.max(0, width - Y_AXIS_WIDTH - 16);
}

interface HistoryChartProps {
  history: MetricHistory;
  width: number;
}

export function HistoryChart({ history, width }: HistoryChartProps) {
  const theme = useThemeStore((state) => state.theme);
  // The theme is what changes the variables read.
  const colors = useMemo(() => readColors(), [theme]);
  const rows = useMemo(() => chartRows(history.series), [history.series]);
  const { unit, warning, critical, range } = history;

  return (
    <LineChart width={width} height={CHART_HEIGHT} data={rows} margin={{ top: 10, right: 12, bottom: 0, left: 4 }}>
      <CartesianGrid stroke={colors.grid} strokeDasharray="2 4" vertical={false} />
      <XAxis
        dataKey="at"
        type="number"
        scale="time"
        domain={['dataMin', 'dataMax']}
        tickFormatter={(at: number) => formatTick(range, at)}
        stroke={colors.muted}
        tick={{ fill: colors.muted, fontSize: 12 }}
        minTickGap={36}
      />
      <YAxis
        width={Y_AXIS_WIDTH}
        domain={['auto', 'auto']}
        tickFormatter={(value: number) => formatMetric(value, unit)}
        stroke={colors.muted}
        tick={{ fill: colors.muted, fontSize: 12 }}
      />
      <ReferenceLine
        y={warning}
        stroke={colors.warning}
        strokeDasharray="8 4"
        strokeWidth={1.5}
        ifOverflow="extendDomain"
        label={{ value: `Warning ${formatMetric(warning, unit)}`, position: 'insideBottomLeft', fill: colors.text, fontSize: 12 }}
      />
      <ReferenceLine
        y={critical}
        stroke={colors.critical}
        strokeDasharray="2 3"
        strokeWidth={2}
        ifOverflow="extendDomain"
        label={{ value: `Critical ${formatMetric(critical, unit)}`, position: 'insideTopRight', fill: colors.text, fontSize: 12 }}
      />
      <Tooltip
        isAnimationActive={false}
        content={({ active, label }) =>
          active === true && typeof label === 'number' ? (
            <div className="chart-tooltip" style={{ background: colors.surface }}>
              <p className="chart-tooltip-time">{formatTick('7d', label)}</p>
              <ul>
                {history.series.map((series) => {
                  const value = valueAt(series, label);
                  return (
                    <li key={series.server}>
                      {series.server}: {value === null ? '—' : formatMetric(value, unit)}
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : null
        }
      />
      <Legend wrapperStyle={{ fontSize: 12, color: colors.text }} />
      {history.series.map((series, position) => (
        <Line
          key={series.server}
          name={series.server}
          dataKey={(row: ChartRow) => row.values[series.server] ?? null}
          stroke={colors.series[position % colors.series.length]}
          strokeDasharray={DASHES[Math.floor(position / colors.series.length) % DASHES.length]}
          strokeWidth={1.6}
          dot={false}
          activeDot={false}
          connectNulls
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
}
