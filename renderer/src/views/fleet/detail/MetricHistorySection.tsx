import { useId, useRef, useState } from 'react';
import { CheckName, healthRank, type EnvironmentDetail } from '../../../../../shared/contract/index.js';
import type { MetricRange } from '../../../../../shared/contract/observations.js';
import { describeFailure } from '../../../api/call.js';
import { useEnvironmentDetail, useMetricHistory } from '../../../api/queries.js';
import { CHECK_LABELS } from '../../../components/labels.js';
import { formatAbsolute } from '../../../time/format.js';
import { formatMetric, peakOf, pointsForWidth, RANGES } from './chart-data.js';
import { CHART_HEIGHT, formatTick, HistoryChart, plotWidth } from './HistoryChart.js';
import { useElementWidth } from './use-element-width.js';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The checks this environment's servers have, in the usual order. */
function checksOf(detail: EnvironmentDetail | undefined): CheckName[] {
  const present = new Set(detail?.servers.flatMap((server) => server.checks.map((check) => check.check)) ?? []);
  return present.size === 0 ? CheckName.options : CheckName.options.filter((check) => present.has(check));
}

/** The check in the worst state: what a person opening a troubled environment wants to see first. */
function worstCheck(detail: EnvironmentDetail): CheckName | null {
  let worst: { check: CheckName; rank: number } | null = null;
  for (const server of detail.servers) {
    for (const check of server.checks) {
      const rank = healthRank(check.status);
      if (worst === null || rank < worst.rank) worst = { check: check.check, rank };
    }
  }
  return worst?.check ?? null;
}

interface ChartBoxProps {
  environmentId: string;
  check: CheckName;
  range: MetricRange;
  width: number;
  /** Null while the chart follows the worst check; else how to go back to following it. */
  onFollow: (() => void) | null;
}

function ChartBox({ environmentId, check, range, width, onFollow }: ChartBoxProps) {
  const history = useMetricHistory({ environmentId, check, range, maxPoints: pointsForWidth(plotWidth(width)) });
  const rangeLabel = RANGES.find((option) => option.range === range)?.label ?? range;
  const what = `${CHECK_LABELS[check]} over the last ${rangeLabel}`;
  if (history.isPending) {
    return (
      <p className="chart-state">
        Loading {what}…
      </p>
    );
  }
  if (history.isError) {
    return (
      <p className="chart-state chart-state-error">
        The history could not be loaded: {describeFailure(history.error)}
      </p>
    );
  }
  const { data } = history;
  if (data.series.every((series) => series.points.length === 0)) {
    return <p className="chart-state">No {CHECK_LABELS[check]} data in the last {rangeLabel}.</p>;
  }
  const peak = peakOf(data.series);
  return (
    <figure className="history-figure" aria-label={`${what}, one line per server`}>
      <HistoryChart history={data} width={width} />
      <figcaption className="muted">
        {peak !== null && (
          <>
            Highest {formatMetric(peak.value, data.unit)} on {peak.server},{' '}
            <time dateTime={new Date(peak.at).toISOString()} title={formatAbsolute(peak.at)}>
              {formatTick(range, peak.at)}
            </time>
            {' · '}
          </>
        )}
        warning at {formatMetric(data.warning, data.unit)}, critical at {formatMetric(data.critical, data.unit)} · times in {viewerZone} ·{' '}
        {onFollow === null ? (
          'follows the check in the worst state'
        ) : (
          <button type="button" className="link-button" onClick={onFollow}>
            Follow the worst check
          </button>
        )}
      </figcaption>
    </figure>
  );
}

/**
 * A check's history on every server of the environment, over a chosen range. It follows the check
 * in the worst state (a disk fault arriving moves it to Disk) until the reader picks a metric. Its
 * states are plain text, not live regions: the panel's own status and alert regions belong to the
 * fault form.
 */
export function MetricHistorySection({ environmentId }: { environmentId: string }) {
  const ids = { heading: useId(), check: useId() };
  const detail = useEnvironmentDetail(environmentId);
  const [chosen, setChosen] = useState<CheckName | null>(null);
  const [range, setRange] = useState<MetricRange>('1h');
  const boxRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(boxRef);

  const shown = chosen ?? (detail.data === undefined ? null : worstCheck(detail.data)) ?? 'cpu';
  return (
    <section className="detail-section history-section" aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>Metric history</h3>
      <div className="history-controls">
        <div className="field field-inline">
          <label htmlFor={ids.check}>Metric</label>
          <select
            id={ids.check}
            value={shown}
            onChange={(event) => {
              const parsed = CheckName.safeParse(event.target.value);
              if (parsed.success) setChosen(parsed.data);
            }}
          >
            {checksOf(detail.data).map((name) => (
              <option key={name} value={name}>
                {CHECK_LABELS[name]}
              </option>
            ))}
          </select>
        </div>
        <div role="group" aria-label="Range" className="range-buttons">
          {RANGES.map((option) => (
            <button key={option.range} type="button" aria-pressed={option.range === range} onClick={() => setRange(option.range)}>
              {option.label}
            </button>
          ))}
        </div>
      </div>
      <div ref={boxRef} className="chart-box" style={{ minHeight: CHART_HEIGHT + 24 }}>
        {width > 0 && (
          <ChartBox environmentId={environmentId} check={shown} range={range} width={width} onFollow={chosen === null ? null : () => setChosen(null)} />
        )}
      </div>
    </section>
  );
}
